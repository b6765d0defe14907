/** What the benchmarks ran on, and how busy the rest of the machine was meanwhile. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  kernel: string;
  commit: string;
  versions: Record<string, string>;
  loadavgAtStart: [number, number, number];
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }), 'utf8')) as { version?: string };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

export function machineInfo(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? '?';
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
  const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
  return {
    nproc: Number(sh('nproc', [])) || cpus().length,
    cpuModel: model,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    commit: `${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty ? ' (working tree has uncommitted changes)' : ''}`,
    versions: Object.fromEntries(['express', 'express-openapi-validator', 'ajv', 'pino', 'autocannon', 'tsx', 'openapi-typescript', 'fastify'].map((n) => [n, packageVersion(n)])),
    loadavgAtStart: [l1, l5, l15],
  };
}

/** Busy CPU time of the whole machine so far, in seconds (from /proc/stat; USER_HZ is 100 on Linux). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}
