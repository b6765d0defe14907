/**
 * Impact of a breaking change: which other services call the affected operation through a
 * generated client (the scan is in impact-scan.ts).
 */
import type * as Scan from './impact-scan';

/** Every call into a generated client from consumer code, found once per run. */
export class ImpactFinder {
  private calls: Scan.ConsumerCall[] | undefined;

  constructor(private readonly root: string) {}

  /** Calls to `service`'s `method`, excluding the service's own code. */
  consumersOf(service: string, method: string): Scan.ConsumerCall[] {
    const own = `services/${service}/`;
    return this.allCalls().filter((c) => c.service === service && c.method === method && !c.file.startsWith(own));
  }

  allCalls(): Scan.ConsumerCall[] {
    // The scan needs the TypeScript compiler (about half a second to load): required on first
    // use, so `marquee diff` and the generator, which import this package, never load it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- require() stays lazy in the compiled bundle too
    this.calls ??= (require('./impact-scan') as typeof Scan).scanCalls(this.root);
    return this.calls;
  }
}
