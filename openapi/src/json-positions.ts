/**
 * Positions in a JSON text without building a syntax tree: a pointer is followed by scanning
 * only the containers on its way, and each container's children are indexed the first time it
 * is scanned, so locating many findings costs about one pass over the text. Large published
 * specs are JSON; parsing them a second time as YAML just for line numbers took most of a diff.
 */
type Children = Map<string, { key: number; value: number }>;

export function jsonLocator(text: string): (pointer: readonly (string | number)[]) => { line: number; column: number } {
  const containers = new Map<number, Children>();
  let lineStarts: number[] | undefined;

  const skipSpace = (i: number): number => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    return i;
  };
  const skipString = (i: number): number => {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return i;
  };
  const skipValue = (i: number): number => {
    if (text[i] === '"') return skipString(i);
    if (text[i] !== '{' && text[i] !== '[') {
      while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++;
      return i;
    }
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') i = skipString(i) - 1;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
    }
    return i;
  };
  const childrenOf = (at: number): Children => {
    const known = containers.get(at);
    if (known) return known;
    const children: Children = new Map();
    const isObject = text[at] === '{';
    let i = skipSpace(at + 1);
    for (let index = 0; i < text.length && text[i] !== '}' && text[i] !== ']'; index++) {
      let key = String(index);
      const start = i;
      if (isObject) {
        const end = skipString(i);
        key = JSON.parse(text.slice(i, end)) as string;
        i = skipSpace(skipSpace(end) + 1); // past the colon
      }
      children.set(key, { key: start, value: i });
      i = skipSpace(skipValue(i));
      if (text[i] === ',') i = skipSpace(i + 1);
    }
    containers.set(at, children);
    return children;
  };
  const position = (offset: number): { line: number; column: number } => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  return (pointer) => {
    let value = skipSpace(0);
    let best = value;
    for (const segment of pointer) {
      if (text[value] !== '{' && text[value] !== '[') break;
      const child = childrenOf(value).get(String(segment));
      if (!child) break;
      best = child.key;
      value = child.value;
    }
    return position(best);
  };
}
