/**
 * A seeded pseudo-random source for the fuzzer (sfc32, seeded through splitmix32): the same seed
 * gives the same frames, so a failure found with `--seed N` can be replayed.
 */

/** A fresh seed when none was given: printed, so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32)
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(readonly seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) >>> 0
    return t / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[this.int(0, items.length - 1)] as T
  }

  /** A size between `min` and `max`, small ones far more likely (log-uniform). */
  size(min: number, max: number): number {
    const lo = Math.log(Math.max(1, min))
    return Math.min(max, Math.max(min, Math.floor(Math.exp(lo + this.next() * (Math.log(max + 1) - lo)))))
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i += 4) {
      const word = Math.floor(this.next() * 4294967296)
      out[i] = word & 0xff
      if (i + 1 < n) out[i + 1] = (word >>> 8) & 0xff
      if (i + 2 < n) out[i + 2] = (word >>> 16) & 0xff
      if (i + 3 < n) out[i + 3] = word >>> 24
    }
    return out
  }
}
