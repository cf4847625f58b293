// Seeded, counter-based randomness. A draw is a pure function of (seed, stream key, counter), so the events a
// decision produces never depend on how many draws happened before it elsewhere: replay and snapshots need no
// RNG state, only the seed recorded in ClusterCreated.

/** 32-bit avalanche (murmur3's finaliser). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a seed and a list of numbers/strings to a uint32. */
export function hash32(seed: number, ...parts: (number | string)[]): number {
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  for (const part of parts) {
    if (typeof part === 'number') {
      h = mix32((h ^ mix32(part >>> 0) ^ Math.floor(part / 4294967296)) >>> 0);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      h = mix32(h);
    }
  }
  return h;
}

export class Rng {
  private counter = 0;

  constructor(
    private readonly seed: number,
    private readonly stream: string,
  ) {}

  /** Uniform uint32. */
  nextUint32(): number {
    return hash32(this.seed, this.stream, this.counter++);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return this.nextUint32() % n;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }
}

/** The apiserver's name-suffix alphabet: no vowels, no 0/1/3 (apimachinery util/rand `alphanums`). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(rng: Rng, length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
  return out;
}

export function randomUid(rng: Rng): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(rng.nextUint32());
  const b = hex(rng.nextUint32());
  const c = hex(rng.nextUint32());
  const d = hex(rng.nextUint32());
  // Shaped like a version-4 UUID, as the API server's uids are.
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((parseInt(c[0] ?? '0', 16) & 0x3) | 0x8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
