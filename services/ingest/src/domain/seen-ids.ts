/**
 * The event ids of one import, to report a row that repeats an earlier one ("duplicate of line
 * N"), in 16 bytes per id instead of a Map of 64-character strings (about 150 bytes each, which
 * grew a 1M-row upload by hundreds of MB). An open-addressing table in one Uint32Array: per slot
 * the first 96 bits of the id (a sha256 in hex, so already uniform) and the line number.
 *
 * Guarantee: every repeated id is reported. A different id is taken for a repeat only if its
 * first 96 bits equal an earlier id's: for n ids the chance is about n^2 / 2^97, below 2e-16 for
 * the 5M ids tracked at most. The table doubles at 3/4 full, so 1M ids take 32 MiB and 5M 128 MiB.
 */
const STRIDE = 4; // three words of the id, then the line (0 = empty: lines start at 1)

/** The 32-bit word of 8 lowercase hex digits at `from`. */
function hexWord(id: string, from: number): number {
  let word = 0;
  for (let i = from; i < from + 8; i++) {
    const ch = id.charCodeAt(i);
    const digit = ch >= 48 && ch <= 57 ? ch - 48 : ch >= 97 && ch <= 102 ? ch - 87 : -1;
    if (digit < 0) throw new TypeError(`not a hex event id: ${id.slice(0, 24)}`);
    word = (word << 4) | digit;
  }
  return word >>> 0;
}

export class SeenIds {
  private slots: Uint32Array;
  private mask: number;
  size = 0;

  /** `limit`: ids remembered at most (later new ids are not, so their repeats go unnoticed). */
  constructor(
    private readonly limit = 5_000_000,
    initialCapacity = 1 << 12,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.slots = new Uint32Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  /** The line `id` was first seen on, or undefined (and then `id` is remembered on `line`, within the limit). */
  firstLine(id: string, line: number): number | undefined {
    if (!Number.isInteger(line) || line < 1 || line > 0xffffffff) throw new RangeError(`line ${line} out of range`);
    const a = hexWord(id, 0);
    const b = hexWord(id, 8);
    const c = hexWord(id, 16);
    const slots = this.slots;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * STRIDE;
      const seen = slots[at + 3]!;
      if (seen === 0) {
        if (this.size >= this.limit) return undefined;
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = c;
        slots[at + 3] = line;
        if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
        return undefined;
      }
      if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c) return seen;
    }
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Uint32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 3] === 0) continue;
      let i = old[at]! & this.mask;
      while (this.slots[i * STRIDE + 3] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(at, at + STRIDE), i * STRIDE);
    }
  }
}
