/**
 * One CSV line (RFC 4180 quoting: fields in double quotes, "" for a quote inside) into fields.
 * Rows are one line each: a quoted field may not span lines (an open quote at the end of the
 * line is an error), which keeps line numbers exact and parsing streaming.
 */
export type CsvFields = { ok: true; fields: string[] } | { ok: false; reason: string };

export function splitCsvLine(line: string): CsvFields {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return { ok: false, reason: `unterminated quoted field ${fields.length + 1}` };
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return { ok: true, fields };
      if (line[i] !== ',') return { ok: false, reason: `unexpected character after quoted field ${fields.length}` };
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma === -1) {
        fields.push(line.slice(i));
        return { ok: true, fields };
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
