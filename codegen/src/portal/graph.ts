/**
 * The service dependency graph from services/registry.yaml as an SVG: services in a row (in
 * registry order, which puts a callee before its callers), Kafka topics below; solid arrows for
 * calls, dashed ones from a producer to a topic and from a topic to its consumers.
 */
import type { ServiceEntry } from '../deploy/registry';
import { escapeHtml } from '../emit/docs';

const BOX_W = 150;
const BOX_H = 44;
const GAP = 70;
const MARGIN = 30;

interface Node {
  id: string;
  label: string;
  kind: 'service' | 'topic';
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'calls' | 'produces' | 'consumes';
}

export function graphEdges(services: readonly ServiceEntry[]): GraphEdge[] {
  return services.flatMap((s) => [
    ...s.calls.map((to): GraphEdge => ({ from: `service:${s.name}`, to: `service:${to}`, kind: 'calls' })),
    ...s.produces.map((t): GraphEdge => ({ from: `service:${s.name}`, to: `topic:${t}`, kind: 'produces' })),
    ...s.consumes.map((t): GraphEdge => ({ from: `topic:${t}`, to: `service:${s.name}`, kind: 'consumes' })),
  ]);
}

export function renderGraphSvg(services: readonly ServiceEntry[]): string {
  const topics = [...new Set(services.flatMap((s) => [...s.produces, ...s.consumes]))].sort();
  const nodes = new Map<string, Node>();
  services.forEach((s, i) => nodes.set(`service:${s.name}`, { id: `service:${s.name}`, label: s.name, kind: 'service', x: MARGIN + i * (BOX_W + GAP), y: MARGIN }));
  topics.forEach((t, i) => nodes.set(`topic:${t}`, { id: `topic:${t}`, label: t, kind: 'topic', x: MARGIN + i * (BOX_W + GAP), y: MARGIN + BOX_H + 120 }));
  const width = MARGIN * 2 + Math.max(services.length, topics.length, 1) * (BOX_W + GAP) - GAP;
  const height = MARGIN * 2 + BOX_H + (topics.length > 0 ? 120 + BOX_H : 60);
  const edges = graphEdges(services).flatMap((e) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    return a && b ? [edgePath(a, b, e.kind)] : [];
  });
  const boxes = [...nodes.values()].map((n) => {
    const label = escapeHtml(n.label);
    const box = `<rect x="${n.x}" y="${n.y}" width="${BOX_W}" height="${BOX_H}" rx="${n.kind === 'service' ? 8 : 20}" class="${n.kind}"/><text x="${n.x + BOX_W / 2}" y="${n.y + BOX_H / 2 + 5}" text-anchor="middle">${label}</text>`;
    return n.kind === 'service' ? `<a href="../${label}/current/index.html" aria-label="${label} API reference">${box}</a>` : box;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Service dependency graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker></defs>',
    '<style>rect.service{fill:#eef3ff;stroke:#3557b7}rect.topic{fill:#fff7e6;stroke:#b7791f}text{font:14px system-ui,sans-serif;fill:#223}path{fill:none;stroke:#445;stroke-width:1.5}path.async{stroke-dasharray:6 4}text.edge{font-size:11px;fill:#556}</style>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}

function edgePath(a: Node, b: Node, kind: GraphEdge['kind']): string {
  const sameRow = a.y === b.y;
  const [x1, y1] = sameRow ? [a.x + (b.x > a.x ? BOX_W : 0), a.y + BOX_H / 2] : [a.x + BOX_W / 2, a.y + (b.y > a.y ? BOX_H : 0)];
  const [x2, y2] = sameRow ? [b.x + (b.x > a.x ? 0 : BOX_W), b.y + BOX_H / 2] : [b.x + BOX_W / 2, b.y + (b.y > a.y ? 0 : BOX_H)];
  const bend = sameRow ? `Q ${(x1 + x2) / 2} ${y1 - 40} ${x2} ${y2}` : `L ${x2} ${y2}`;
  const cls = kind === 'calls' ? '' : ' class="async"';
  return `<path d="M ${x1} ${y1} ${bend}"${cls} marker-end="url(#arrow)"><title>${escapeHtml(`${a.label} ${kind} ${b.label}`)}</title></path><text class="edge" x="${(x1 + x2) / 2}" y="${sameRow ? y1 - 24 : (y1 + y2) / 2}" text-anchor="middle">${kind}</text>`;
}
