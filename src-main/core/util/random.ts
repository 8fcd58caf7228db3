// Seeded randomness for the whole core: every sampler, split and initialiser takes one of these so a run
// is reproducible from its seed. Math.random is never used.

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
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(a: T[]): T[];
  /** A new independent generator derived from this one (for a sub-task). */
  fork(): Rng;
  getState(): RngState;
  setState(state: RngState): void;
}

/** splitmix32: one 32-bit word of state, passes the usual statistical batteries, trivial to save. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new TypeError(`createRng: seed must be a finite number, got ${seed}`);
  const st: { s: number; spare: number | null } = { s: Math.trunc(seed) | 0, spare: null };
  const next = (): number => splitmix32(st) / 4294967296;
  const rng: Rng = {
    next,
    int(n: number): number {
      if (!(n >= 1)) throw new RangeError(`Rng.int: n must be >= 1, got ${n}`);
      return Math.floor(next() * n);
    },
    uniform(lo: number, hi: number): number {
      return lo + (hi - lo) * next();
    },
    normal(): number {
      if (st.spare !== null) {
        const v = st.spare;
        st.spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      st.spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(a: T[]): T[] {
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    },
    fork(): Rng {
      return createRng(splitmix32(st) ^ 0x5bd1e995);
    },
    getState(): RngState {
      return { s: st.s, spare: st.spare };
    },
    setState(state: RngState): void {
      st.s = state.s | 0;
      st.spare = state.spare;
    },
  };
  return rng;
}
