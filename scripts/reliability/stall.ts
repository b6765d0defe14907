/**
 * Machine stalls on demand for the soak (`--stall <seconds>`): every `everySeconds` one process
 * in turn (each service, then the load generator itself) is frozen with SIGSTOP for `seconds`
 * and resumed with SIGCONT, as a CPU-starved machine or a long GC pause freezes it. A frozen
 * service keeps receiving requests in its kernel buffers; when it resumes, its event loop finds
 * both those requests and its expired timers (keep-alive, header timeouts) due at once, which is
 * how the 10-minute soak of 2026-12-02 lost 29 requests with ECONNRESET (bench/RELIABILITY.md).
 * The load generator freezes through a detached helper shell, since it cannot resume itself.
 */
import { spawn } from 'node:child_process';

export interface StallTarget {
  name: string;
  pid: number | undefined;
}

export interface Stall {
  target: string;
  atSeconds: number;
  seconds: number;
}

export function startStalls(args: { targets: StallTarget[]; seconds: number; everySeconds: number; startedAt: number; onStall?(stall: Stall): void }): { stop(): Stall[] } {
  const { targets, seconds, everySeconds, startedAt } = args;
  const done: Stall[] = [];
  let next = 0;
  const timer = setInterval(() => {
    const target = targets[next++ % targets.length]!;
    if (target.pid === undefined) return;
    const stall = { target: target.name, atSeconds: Math.round((Date.now() - startedAt) / 1000), seconds };
    done.push(stall);
    args.onStall?.(stall);
    // sh sends both signals, so a frozen load generator is resumed too.
    spawn('sh', ['-c', `kill -STOP ${target.pid} && sleep ${seconds}; kill -CONT ${target.pid}`], { stdio: 'ignore', detached: true }).unref();
  }, everySeconds * 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return done;
    },
  };
}
