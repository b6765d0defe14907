/**
 * Rule: services reach siblings only through generated clients.
 * In services/<name>/src/**: no import of another service's folder or package, no raw HTTP
 * (fetch, node:http(s), axios, got, undici, node-fetch, superagent, XMLHttpRequest).
 * Generated clients (@marquee/generated/<service>/client.gen) are the one way out.
 */
'use strict';

const path = require('node:path');

const RAW_HTTP_MODULES = new Set(['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2', 'axios', 'got', 'undici', 'node-fetch', 'superagent', 'cross-fetch', 'ky']);
const SERVICE_FILE = /(?:^|\/)services\/([^/]+)\/src\//;

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Services call each other only through generated clients' },
    schema: [],
    messages: {
      siblingImport: "'{{source}}' reaches into service '{{other}}'. Call it through its generated client (@marquee/generated/{{other}}/client.gen) instead.",
      rawHttpModule: "'{{source}}' is raw HTTP. Services call siblings only through generated clients (@marquee/generated/<service>/client.gen).",
      rawFetch: '{{callee}}() is raw HTTP. Services call siblings only through generated clients (@marquee/generated/<service>/client.gen).',
    },
  },
  create(context) {
    const filename = context.filename.split(path.sep).join('/');
    const match = SERVICE_FILE.exec(filename);
    if (!match) {
      return {};
    }
    const self = match[1];
    const servicesRoot = filename.slice(0, match.index + (match[0].startsWith('/') ? 1 : 0)) + 'services/';

    function check(node, source) {
      if (typeof source !== 'string') {
        return;
      }
      if (RAW_HTTP_MODULES.has(source)) {
        context.report({ node, messageId: 'rawHttpModule', data: { source } });
        return;
      }
      const pkg = /^@marquee\/([^/]+)/.exec(source);
      if (pkg && !['runtime', 'generated', 'codegen', self].includes(pkg[1])) {
        context.report({ node, messageId: 'siblingImport', data: { source, other: pkg[1] } });
        return;
      }
      if (source.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(filename), source));
        if (target.startsWith(servicesRoot)) {
          const other = target.slice(servicesRoot.length).split('/')[0];
          if (other && other !== self) {
            context.report({ node, messageId: 'siblingImport', data: { source, other } });
          }
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
        const name =
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.object.type === 'Identifier' && ['globalThis', 'window', 'global'].includes(callee.object.name)
              ? callee.property.name
              : undefined;
        if (name === 'fetch') {
          context.report({ node, messageId: 'rawFetch', data: { callee: context.sourceCode.getText(callee) } });
        }
      },
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'XMLHttpRequest') {
          context.report({ node, messageId: 'rawFetch', data: { callee: 'new XMLHttpRequest' } });
        }
      },
    };
  },
};
