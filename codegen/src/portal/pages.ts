/**
 * The portal's HTML pages: landing (services, versions, authentication, search), one Scalar
 * reference page per service version, changelogs, the dependency graph and the side-by-side
 * comparison with our own emitter. Everything is relative-linked static HTML; spec text reaches
 * it only through `escapeHtml`.
 */
import { escapeHtml } from '../emit/docs';
import { isObject, type JsonObject } from '@marquee/openapi';
import type { ServiceVersions } from './versions';

/** Where the vendored Scalar bundle lives, relative to the portal root. */
export const SCALAR_ASSET = 'assets/scalar/standalone.js';

/** Scoped to the portal's own elements (`.portal`, the bar): Scalar's page has its own main, tables and code. */
const STYLE = `body{margin:0}
header.bar{font:15px/1.5 system-ui,sans-serif;background:#1f2a44;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header.bar a{color:#dbe4ff;text-decoration:none}header.bar strong a{color:#fff}
.portal{font:15px/1.5 system-ui,sans-serif;color:#1d2330}
main.portal{max-width:70rem;margin:0 auto;padding:1rem 1.2rem}
.portal .muted{color:#667}.portal code{background:#f2f4f8;padding:0 .25em;border-radius:3px}
.portal table{border-collapse:collapse}.portal td,.portal th{border:1px solid #dde;padding:.3rem .6rem;text-align:left;vertical-align:top}
.portal input[type=search]{font-size:1.1rem;padding:.5rem;width:100%;max-width:40rem;box-sizing:border-box}
.portal ul.results li{margin:.25rem 0}.portal .method{font:600 12px monospace;display:inline-block;min-width:4em}
.portal h3.breaking{color:#a12}.portal ul.migration li{margin-bottom:.6rem}
.portal .compare{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;height:calc(100vh - 7rem)}.portal .compare iframe{width:100%;height:100%;border:1px solid #ccd}`;

export function page(args: { title: string; depth: number; body: string; head?: string }): string {
  const up = '../'.repeat(args.depth);
  const bar = `<header class="bar"><strong><a href="${up}index.html">Marquee API portal</a></strong><a href="${up}graph/index.html">Dependency graph</a><a href="${up}index.html#authentication">Authentication</a><a href="${up}compare/index.html">Renderer comparison</a></header>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(args.title)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${args.head ?? ''}
</head>
<body>
${bar}
${args.body}
</body>
</html>
`;
}

/** Scalar renders `openapi.json` beside the page; the operation to show comes in the hash. */
export function referencePage(entry: ServiceVersions, versionId: string): string {
  const version = entry.versions.find((v) => v.id === versionId)!;
  const label = versionId === 'current' ? `current (${version.infoVersion})` : versionId;
  const others = entry.versions
    .map((v) => (v.id === versionId ? `<strong>${escapeHtml(v.id)}</strong>` : `<a href="../${escapeHtml(v.id)}/index.html">${escapeHtml(v.id)}</a>`))
    .join(' · ');
  const config = {
    url: './openapi.json',
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: true,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    mcp: { disabled: true },
    documentDownloadType: 'json',
    metaData: { title: `${entry.title} ${label}` },
  };
  const body = `<div class="portal versions" style="padding:.4rem 1.2rem;background:#eef1f7">${escapeHtml(entry.title)} — versions: ${others} · <a href="../../changelog/${escapeHtml(entry.service.name)}.html">Changelog and migration notes</a></div>
<div id="app"></div>
<script src="../../${SCALAR_ASSET}"></script>
<script>Scalar.createApiReference('#app', ${JSON.stringify(config)});</script>`;
  return page({ title: `${entry.title} ${label}`, depth: 2, body });
}

export function changelogPage(entry: ServiceVersions, sections: string[]): string {
  const body = `<main class="portal"><h1>${escapeHtml(entry.title)}: changelog and migration notes</h1>
<p class="muted">Written from the diff engine (the diff/ package) between consecutive versions: each release against the one before it, and the working copy against the latest release. Newest first.</p>
${[...sections].reverse().join('\n')}
</main>`;
  return page({ title: `${entry.title} changelog`, depth: 1, body });
}

export function graphPage(svg: string): string {
  const body = `<main class="portal"><h1>Service dependency graph</h1>
<p class="muted">From services/registry.yaml: solid arrows are synchronous calls through generated clients; dashed arrows go from a producer to a Kafka topic and from a topic to its consumers. Click a service for its API reference.</p>
<div class="graph">${svg}</div></main>`;
  return page({ title: 'Service dependency graph', depth: 1, body });
}

export function comparePage(services: readonly string[]): string {
  const rows = services
    .map(
      (s) => `<h2>${escapeHtml(s)}</h2><div class="compare"><iframe title="${escapeHtml(s)} rendered by Scalar" src="../${escapeHtml(s)}/current/index.html"></iframe><iframe title="${escapeHtml(s)} rendered by our emitter" src="../own/${escapeHtml(s)}/index.html"></iframe></div>`,
    )
    .join('\n');
  const body = `<main class="portal" style="max-width:none"><h1>Scalar (left) and our own emitter (right), same spec</h1>
<p class="muted">The portal uses Scalar: see README "Docs portal" for why.</p>${rows}</main>`;
  return page({ title: 'Renderer comparison', depth: 1, body });
}

function securityRows(document: JsonObject): string[] {
  const schemes = isObject(document.components) && isObject(document.components.securitySchemes) ? document.components.securitySchemes : {};
  return Object.entries(schemes).map(([name, raw]) => {
    const s = isObject(raw) ? raw : {};
    const flows = isObject(s.flows) ? s.flows : {};
    const details = Object.entries(flows).map(([flow, f]) => {
      const o = isObject(f) ? f : {};
      const scopes = isObject(o.scopes) ? Object.keys(o.scopes).join(', ') : '';
      return `${escapeHtml(flow)}: token URL <code>${escapeHtml(String(o.tokenUrl ?? ''))}</code>${scopes ? `, scopes <code>${escapeHtml(scopes)}</code>` : ''}`;
    });
    if (s.type === 'apiKey') details.push(`header <code>${escapeHtml(String(s.name ?? ''))}</code> (in ${escapeHtml(String(s.in ?? ''))})`);
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(String(s.type ?? ''))}</td><td>${details.join('<br>') || escapeHtml(String(s.description ?? ''))}</td></tr>`;
  });
}

export function landingPage(entries: readonly ServiceVersions[], meta: { commit: string }): string {
  const services = entries
    .map((e) => {
      const versions = [...e.versions].reverse().map((v) => `<a href="${escapeHtml(e.service.name)}/${escapeHtml(v.id)}/index.html">${escapeHtml(v.id === 'current' ? `current (${v.infoVersion})` : v.id)}</a>`);
      return `<tr><td><a href="${escapeHtml(e.service.name)}/current/index.html"><strong>${escapeHtml(e.title)}</strong></a><br><span class="muted">${escapeHtml(e.service.description)}</span></td><td>${versions.join(' · ')}</td><td><a href="changelog/${escapeHtml(e.service.name)}.html">changelog</a></td></tr>`;
    })
    .join('\n');
  const auth = entries.flatMap((e) => securityRows(e.versions.at(-1)!.document).map((row) => row.replace('<tr>', `<tr><td>${escapeHtml(e.service.name)}</td>`)));
  const authSection = auth.length
    ? `<table><tr><th>Service</th><th>Scheme</th><th>Type</th><th>Details</th></tr>${auth.join('')}</table>`
    : '<p>No security schemes are declared in the current specs yet.</p>';
  const body = `<main class="portal">
<h1>Marquee API portal</h1>
<label for="search"><strong>Search operations across all services and versions</strong></label><br>
<input id="search" type="search" placeholder="e.g. count audience, list films, POST /segments" autocomplete="off">
<p id="search-status" class="muted">Type to search.</p>
<ul id="results" class="results"></ul>
<h2>Services</h2>
<table><tr><th>Service</th><th>Versions (newest first)</th><th></th></tr>
${services}
</table>
<p><a href="graph/index.html">Service dependency graph</a> · <a href="compare/index.html">Scalar and our own emitter side by side</a></p>
<h2 id="authentication">Authentication</h2>
<p>Operations that need credentials accept an OAuth2 bearer token (client credentials from the identity service) or an API key in <code>X-API-Key</code>; each operation's reference lists the scopes it needs. How to get a token or a key: README.md, section "Authentication".</p>
${authSection}
<p class="muted">Built from commit ${escapeHtml(meta.commit)}.</p>
</main>
<script src="assets/search.js"></script>`;
  return page({ title: 'Marquee API portal', depth: 0, body });
}

/** The landing page's client-side search over search-index.json (every word must match). */
export const SEARCH_SCRIPT = `(function () {
  var input = document.getElementById('search');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  var index = null;
  fetch('search-index.json').then(function (r) { return r.json(); }).then(function (data) { index = data; run(); });
  function run() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    list.textContent = '';
    if (!index || words.length === 0) { status.textContent = index ? 'Type to search.' : 'Loading the index...'; return; }
    var hits = index.filter(function (e) { return words.every(function (w) { return e.text.indexOf(w) !== -1; }); });
    // Hits whose method, path, summary or operationId carry every word first; current versions first.
    function rank(e) {
      var title = (e.method + ' ' + e.path + ' ' + e.summary + ' ' + e.operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).toLowerCase();
      return (words.every(function (w) { return title.indexOf(w) !== -1; }) ? 0 : 2) + (e.version === 'current' ? 0 : 1);
    }
    hits.sort(function (a, b) { return rank(a) - rank(b); });
    status.textContent = hits.length + ' operation' + (hits.length === 1 ? '' : 's');
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.href;
      a.className = 'result';
      var m = document.createElement('span'); m.className = 'method'; m.textContent = e.method;
      a.appendChild(m);
      a.appendChild(document.createTextNode(' ' + e.path + ' — ' + e.summary));
      li.appendChild(a);
      li.appendChild(document.createTextNode(' (' + e.service + ' ' + e.version + (e.deprecated ? ', deprecated' : '') + ')'));
      list.appendChild(li);
    });
  }
  input.addEventListener('input', run);
})();
`;
