// Seeded randomness for the whole core: every sampler, split, initialiser and training stream takes one of these so
// a run is reproducible from its seed. Math.random is never used.
//
// One generator type over two 32-bit word sources, because stored results depend on both streams: splitmix32
// (createRng) draws the dataset's windows and folds, mulberry32 (Mulberry32) the training order and augmentation,
// its state saved in every checkpoint. Everything drawn from the words (floats, integers, normals, shuffles) is shared.

/** Everything needed to resume a generator exactly where it was (JSON-serialisable). */
export interface RngState {
  s: number;
  /** The second Box-Muller value, kept so that normal() resumes exactly too. */
  spare: number | null;
}

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Fisher-Yates shuffle of a copy; the input is left as it was. */
  shuffle<T>(xs: readonly T[]): T[];
  /** A new independent generator of the same kind, derived from this one (for a sub-task). */
  fork(): Rng;
  getState(): RngState;
  setState(state: RngState): void;
}

/** The draws every generator shares, over `word()`: one uint32 from a generator whose whole state is `state`. */
abstract class WordRng implements Rng {
  /** The whole 32-bit state (a uint32): small enough to store in a checkpoint as one number. */
  state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new TypeError(`Seeded generator: seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  protected abstract word(): number;

  next(): number {
    return this.word() / 4294967296;
  }

  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Rng.int: n must be >= 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(xs: readonly T[]): T[] {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  fork(): Rng {
    const Kind = this.constructor as new (seed: number) => WordRng;
    return new Kind((this.word() ^ 0x5bd1e995) >>> 0);
  }

  getState(): RngState {
    return { s: this.state, spare: this.spare };
  }

  setState(state: RngState): void {
    this.state = state.s >>> 0;
    this.spare = state.spare;
  }
}

/** splitmix32: passes the usual statistical batteries. */
class SplitMix32 extends WordRng {
  protected word(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
}

/** mulberry32: the training stream (shuffling and augmentation); checkpoints store its `state`. */
export class Mulberry32 extends WordRng {
  protected word(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** The general-purpose generator (splitmix32): samplers, splits, test data. */
export function createRng(seed: number): Rng {
  return new SplitMix32(seed);
}

export function mulberry32(seed: number): Mulberry32 {
  return new Mulberry32(seed);
}
