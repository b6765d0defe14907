/** The precompiled route table answers only where Express's router and the validator would give the same operation. */
import { compileRouteTable } from '../src/fast/route-table';

const table = compileRouteTable([
  ['get', '/api-keys/{keyId}', 'getKey'],
  ['delete', '/api-keys/{keyId}', 'revokeKey'],
  ['post', '/api-keys/introspect', 'introspect'],
  ['get', '/films', 'listFilms'],
] as const);

test('Given a templated path, When the URL fills it, Then the operation matches with the decoded parameter', () => {
  expect(table.match('DELETE', '/api-keys/k%201')).toEqual({ target: 'revokeKey', params: { keyId: 'k 1' } });
  expect(table.match('GET', '/films')).toEqual({ target: 'listFilms', params: {} });
});

test('Given a concrete path declared for another method, When a template of this method would take its URL, Then the table leaves it to Express (a 405 there, not the template)', () => {
  expect(table.match('DELETE', '/api-keys/introspect')).toBeUndefined();
  expect(table.match('GET', '/api-keys/introspect')).toBeUndefined();
  expect(table.match('POST', '/api-keys/introspect')).toEqual({ target: 'introspect', params: {} });
});
