/**
 * Writes a new `info.version` into a spec's YAML text by replacing just that scalar (same quote
 * style), so comments, folding and key order stay exactly as the author wrote them.
 */
import { isScalar, parseDocument } from 'yaml';

export function setInfoVersion(text: string, version: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const node = doc.getIn(['info', 'version'], true);
  if (!isScalar(node) || !node.range) {
    throw new Error('the spec has no info.version to update');
  }
  const [start, end] = node.range;
  const rendered = node.type === 'QUOTE_DOUBLE' ? JSON.stringify(version) : node.type === 'QUOTE_SINGLE' ? `'${version}'` : quoteIfNeeded(version);
  const updated = text.slice(0, start) + rendered + text.slice(end);
  const check = parseDocument(updated).getIn(['info', 'version']);
  if (check !== version) {
    throw new Error(`could not write info.version ${version} (the result reads back as ${String(check)})`);
  }
  return updated;
}

/** A plain scalar that YAML would read as something other than the string (e.g. `1.0`). */
function quoteIfNeeded(version: string): string {
  return typeof parseDocument(version).toJS() === 'string' ? version : `'${version}'`;
}
