/** Reads a V8 .cpuprofile and says where the time went: top self-time functions and packages. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './machine';

interface CallFrame {
  functionName: string;
  /** "0" for V8 builtins and native code. */
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  /** Requests completed while the profiler ran (0 if unknown). */
  requests: number;
  /** Cores other jobs on the machine used while the profiler ran (set by http-bench). */
  otherCores?: number;
  /** Sampled time, idle excluded. */
  busyMs: number;
  idleMs: number;
  topFunctions: (Row & { where: string; category: string })[];
  /** Self time per package / area. */
  selfByCategory: Row[];
  /** Share of busy samples with the category anywhere on the stack (packages and app code only). */
  onStackByCategory: Row[];
  /** Every category's self time, in microseconds per request (when requests is known). */
  selfUsPerRequest: Record<string, number>;
}

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'V8: garbage collector',
  '(program)': 'V8: (program) native/unattributed',
  '(idle)': '(idle)',
  '(root)': '(root)',
};

/** For a bundle (dist/build, `.bundle.js`): the lines where each module starts and the module's path (esbuild heads each with `// <path>`). */
const bundleModules = new Map<string, { lines: number[]; paths: string[] }>();

/** The source path of the module at 0-based `line` of `bundle`, from esbuild's `// <path>` headings. */
function moduleInBundle(bundle: string, line: number): string | undefined {
  let index = bundleModules.get(bundle);
  if (!index) {
    index = { lines: [], paths: [] };
    if (existsSync(bundle)) {
      readFileSync(bundle, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const heading = /^\/\/ ((?:node_modules|runtime|generated|services|codegen|scripts)\/\S+)$/.exec(text);
          if (heading) {
            index!.lines.push(i);
            index!.paths.push(heading[1]!);
          }
        });
    }
    bundleModules.set(bundle, index);
  }
  let lo = 0;
  let hi = index.lines.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.lines[mid]! <= line) {
      found = index.paths[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The package or area a frame belongs to. */
export function categoryOf(frame: CallFrame): string {
  const special = SPECIAL[frame.functionName];
  if (special && frame.url === '') {
    return special;
  }
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '' && frame.scriptId !== '0') {
    // Code compiled at run time with new Function: ajv's schema validators (validate0, validate1, ...).
    return /^validate\d*$/.test(frame.functionName) ? 'ajv-compiled validators (new Function)' : 'eval / new Function code';
  }
  if (url === '') {
    // V8 builtins and native bindings (JSON, RegExp, writev, crypto, ...): one row per function.
    return `native: ${frame.functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) {
    const mod = url.slice(5).replace(/^internal\//, '').split('/')[0] ?? url;
    return `node core: ${mod.replace(/^_/, '').replace(/_.*$/, '')}`;
  }
  // A bundle's frame belongs to the module it lies in: npm packages in the services' vendor bundle, our code in each entry point's.
  const inBundle = url.endsWith('.bundle.js') ? moduleInBundle(url, frame.lineNumber) : undefined;
  if (inBundle !== undefined) {
    // One row per service for its own code, as one per package.
    return inBundle.startsWith('services/') ? inBundle.split('/').slice(0, 2).join('/') : categoryOfPath(join(REPO_ROOT, inBundle));
  }
  return categoryOfPath(url);
}

function categoryOfPath(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split('/');
    return (parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0]) ?? url;
  }
  const rel = relative(REPO_ROOT, url);
  if (rel.startsWith('runtime/')) return '@marquee/runtime';
  if (rel.startsWith('generated/')) return '@marquee/generated';
  if (rel.startsWith('bench/')) return 'bench (in-memory handlers)';
  return rel.startsWith('..') ? url : rel;
}

function where(frame: CallFrame): string {
  if (frame.url === '') {
    return frame.scriptId === '0' ? '(native)' : '(new Function)';
  }
  const url = frame.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('/node_modules/');
  const short = nm >= 0 ? url.slice(nm + 14) : url.startsWith('node:') ? url : relative(REPO_ROOT, url);
  return `${short}:${frame.lineNumber + 1}`;
}

function toRows(map: Map<string, number>, total: number, limit: number): Row[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

/** Node's HTTP server receiving a connection or a request. */
const HTTP_SERVER_IN = new Set(['connectionListener', 'connectionListenerInternal', 'onParserExecute', 'parserOnIncoming', 'parserOnHeadersComplete']);

/** Index of the first sample in which the process handles an HTTP connection or request (none: the sample count). */
function firstRequestSample(profile: CpuProfile, byId: Map<number, ProfileNode>, parent: Map<number, number>): number {
  const handles = new Map<number, boolean>();
  const inRequest = (id: number): boolean => {
    const known = handles.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id)?.callFrame;
    const up = parent.get(id);
    const yes = (frame !== undefined && /^node:_http_(server|common)$/.test(frame.url) && HTTP_SERVER_IN.has(frame.functionName)) || (up !== undefined && inRequest(up));
    handles.set(id, yes);
    return yes;
  };
  const at = profile.samples.findIndex((id) => inRequest(id));
  return at < 0 ? profile.samples.length : at;
}

/**
 * `untilFirstRequest`: count only the samples before the process first handles an HTTP request
 * (a start-up profile: the first request is the poll that gets the first 200; the profiler goes
 * on recording until the process exits, shutdown included).
 */
export function summarizeProfile(file: string, requests = 0, limit = 15, untilFirstRequest = false): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const selfUs = new Map<number, number>();
  const end = untilFirstRequest ? firstRequestSample(profile, byId, parent) : profile.samples.length;
  // timeDeltas[i + 1] is the time until the next sample: charge it to sample i.
  for (let i = 0; i < end; i++) {
    const id = profile.samples[i] as number;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  let idleUs = 0;
  let busyUs = 0;
  const byFunction = new Map<string, number>();
  const functionMeta = new Map<string, { where: string; category: string }>();
  const selfByCategory = new Map<string, number>();
  const onStack = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const category = categoryOf(node.callFrame);
    if (category === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame)}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    functionMeta.set(key, { where: where(node.callFrame), category });
    selfByCategory.set(category, (selfByCategory.get(category) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame) seen.add(categoryOf(frame));
    }
    for (const c of seen) {
      onStack.set(c, (onStack.get(c) ?? 0) + us);
    }
  }
  const total = busyUs || 1;
  return {
    file: relative(REPO_ROOT, file),
    requests,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    topFunctions: toRows(byFunction, total, limit).map((r) => ({
      ...r,
      name: r.name.replace(/ \S+$/, ''),
      ...(functionMeta.get(r.name) ?? { where: '?', category: '?' }),
    })),
    selfByCategory: toRows(selfByCategory, total, 12),
    onStackByCategory: toRows(onStack, total, 40).filter((r) => !/^(V8|node core|native|\()/.test(r.name) && r.share >= 0.01),
    selfUsPerRequest: requests > 0 ? Object.fromEntries([...selfByCategory].map(([c, us]) => [c, us / requests])) : {},
  };
}
