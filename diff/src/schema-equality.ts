/**
 * A fast "nothing changed here" test for schema pairs, so the walk can skip unchanged shared
 * components that a thousand operations reach. Structural, `$ref`s followed on either side, with
 * documentation keywords ignored; recursion is handled coinductively (a pair of references
 * already being compared is assumed equal). Only top-level answers are cached: answers found
 * under an assumption are not final.
 */
import { isObject, type JsonValue } from '@marquee/openapi';
import { stableStringify } from './canonical';
import { refToPointer } from './pointer';
import type { Located } from './located';
import type { SpecDoc } from './spec-doc';

const IGNORED = new Set(['description', 'title', 'example', 'examples', '$comment', 'externalDocs', 'xml']);
const DATA = new Set(['enum', 'const', 'default', 'x-extensible-enum']);
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const MAX_DEPTH = 64;

export class SchemaEquality {
  private readonly cache = new Map<string, boolean>();

  constructor(
    private readonly base: SpecDoc,
    private readonly revision: SpecDoc,
  ) {}

  /** True when the two schemas (identified by `key`) accept and describe the same values. */
  same(b: Located, r: Located, key: string): boolean {
    let answer = this.cache.get(key);
    if (answer === undefined) {
      answer = this.sameLocated(b, r);
      this.cache.set(key, answer);
    }
    return answer;
  }

  private sameLocated(b: Located, r: Located): boolean {
    const bParts = [b, ...(b.extra ?? [])];
    const rParts = [r, ...(r.extra ?? [])];
    return bParts.length === rParts.length && bParts.every((part, i) => this.equal(part.node, rParts[i]!.node, new Set(), 0));
  }

  private equal(b: JsonValue | undefined, r: JsonValue | undefined, assumed: Set<string>, depth: number, nameMap = false): boolean {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (hasRefWithSiblings(b) || hasRefWithSiblings(r)) {
      // A reference that also constrains is left to the full walk.
      return false;
    }
    const bRef = refTarget(b);
    const rRef = refTarget(r);
    if (bRef !== undefined || rRef !== undefined) {
      const pair = `${bRef ?? ''}|${rRef ?? ''}`;
      if (bRef !== undefined && rRef !== undefined && assumed.has(pair)) {
        return true;
      }
      const next = bRef !== undefined && rRef !== undefined ? new Set(assumed).add(pair) : assumed;
      const bNode = bRef !== undefined ? this.base.at(bRef).node : b;
      const rNode = rRef !== undefined ? this.revision.at(rRef).node : r;
      return this.equal(bNode, rNode, next, depth + 1);
    }
    if (Array.isArray(b) || Array.isArray(r)) {
      return Array.isArray(b) && Array.isArray(r) && b.length === r.length && b.every((item, i) => this.equal(item, r[i], assumed, depth + 1));
    }
    if (!isObject(b) || !isObject(r)) {
      return b === r;
    }
    const bKeys = nameMap ? Object.keys(b) : significantKeys(b);
    const rKeys = nameMap ? Object.keys(r) : significantKeys(r);
    if (bKeys.length !== rKeys.length) {
      return false;
    }
    return bKeys.every((k) => {
      if (!Object.hasOwn(r, k)) {
        return false;
      }
      if (!nameMap && DATA.has(k)) {
        return stableStringify(b[k]) === stableStringify(r[k]);
      }
      return this.equal(b[k], r[k], assumed, depth + 1, !nameMap && NAME_MAPS.has(k));
    });
  }
}

/** Keys that count for equality (documentation and extensions do not, but x-extensible-enum, a value list, does). */
function significantKeys(node: Record<string, JsonValue>): string[] {
  return Object.keys(node).filter((k) => !IGNORED.has(k) && (!k.startsWith('x-') || k === 'x-extensible-enum'));
}

function hasRefWithSiblings(node: JsonValue | undefined): boolean {
  return isObject(node) && typeof node.$ref === 'string' && significantKeys(node).length > 1;
}

/** The target of a `{ $ref }` whose other keys are only documentation. */
function refTarget(node: JsonValue | undefined): string | undefined {
  return isObject(node) && typeof node.$ref === 'string' ? refToPointer(node.$ref) : undefined;
}
