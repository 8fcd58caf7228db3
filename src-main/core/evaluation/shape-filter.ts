// A hand-made shape filter: what a geologist who knows the deposit model would draw on the z-score grids, with
// nothing fitted. A zoned deposit is core elements high at the centre AND a ring of pathfinders around it; taking the
// smaller of the two terms asks for both, so a unit raised in only one of them, or a single spike, scores low.
import { bandsOf } from '../dataset/cells';
import { ProspectError, type GridStack } from '../types';
import { annulusMean, discMean } from './neighbourhood-features';

export interface ShapeFilterSpec {
  /** Elements high at a deposit's centre (e.g. Au, Cu). */
  core: string[];
  /** Pathfinders of the ring (e.g. As, Sb, Hg, Bi). */
  ring: string[];
  /** Radius of the centre disc, cells. */
  centreRadius: number;
  /** The ring's annulus, cells: inner < d <= outer. */
  ringInner: number;
  ringOuter: number;
  /**
   * 'ring-and-core': min(core at the centre, ring pathfinders over the annulus).
   * 'ring-minus-centre-and-core': min(core at the centre, ring pathfinders over the annulus minus at the centre),
   * which also asks that the pathfinders be LOW at the centre.
   */
  variant: 'ring-and-core' | 'ring-minus-centre-and-core';
}

function meanOf(cols: Float32Array[], i: number): number {
  let s = 0;
  for (const c of cols) s += c[i];
  return s / cols.length;
}

/** The filter's score on every cell of mask (NaN elsewhere and where an input is NaN). Inputs: z-score grids. */
export function shapeFilterMap(stack: GridStack, spec: ShapeFilterSpec, mask: Uint8Array): Float32Array {
  if (spec.core.length === 0 || spec.ring.length === 0) throw new ProspectError('A shape filter needs core and ring elements.', 'EMPTY_SELECTION');
  if (!(spec.ringOuter > spec.ringInner && spec.ringInner >= 0 && spec.centreRadius >= 0)) {
    throw new ProspectError(`Shape filter radii must satisfy 0 <= inner < outer and centre >= 0; got ${spec.centreRadius}, ${spec.ringInner}, ${spec.ringOuter}.`, 'BAD_OPTION', { column: 'radius' });
  }
  const { width: W, height: H } = stack.spec;
  if (mask.length !== W * H) throw new ProspectError(`A mask of ${mask.length} cells for a ${W} x ${H} grid.`, 'GRID_SHAPE');
  const core = bandsOf(stack, spec.core).map((b) => discMean(b, W, H, spec.centreRadius));
  const ringBands = bandsOf(stack, spec.ring);
  const ring = ringBands.map((b) => annulusMean(b, W, H, spec.ringInner, spec.ringOuter));
  const centre = spec.variant === 'ring-minus-centre-and-core' ? ringBands.map((b) => discMean(b, W, H, spec.centreRadius)) : [];
  const out = new Float32Array(W * H).fill(NaN);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    const c = meanOf(core, i);
    const r = meanOf(ring, i) - (centre.length ? meanOf(centre, i) : 0);
    out[i] = Math.min(c, r);
  }
  return out;
}
