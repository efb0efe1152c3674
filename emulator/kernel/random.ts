/** Seeded PRNG (xorshift128+ on bigint halves kept as numbers): scenarios must be byte-for-byte reproducible. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 to spread the seed over the state
    const next = () => {
      seed = (seed + 0x9e3779b9) | 0;
      let z = seed;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** xoshiro128** : uniform 32-bit unsigned. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * The next `count` u32() values at once: the same stream, in a loop over local state (one
   * call per value costs more than the generator itself when builders draw 100000s of them).
   */
  u32s(count: number): Uint32Array {
    const out = new Uint32Array(count);
    // The state words only ever meet bitwise operators, so int32 and uint32 forms are equal.
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < count; i++) {
      out[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return out;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return uniformInt(this.u32(), n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }

  /** Fisher-Yates, in place; plain arrays and typed arrays alike. */
  shuffle<A extends { length: number; [index: number]: unknown }>(a: A): A {
    // The draws of int(i + 1) for i = length-1 .. 1, taken at once; a plain swap (a
    // destructuring swap allocates an array per step until the loop is optimized).
    const draws = this.u32s(Math.max(0, a.length - 1));
    for (let i = a.length - 1, k = 0; i > 0; i--, k++) {
      const j = uniformInt(draws[k], i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

/** Rng.int's mapping of a u32() value onto [0, n): for callers that drew with u32s(). */
export function uniformInt(u32: number, n: number): number {
  return Math.floor((u32 / 0x100000000) * n);
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
