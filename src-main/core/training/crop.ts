/**
 * Copies window `idx` of an N x S x S x C array into `out` at slot `slot` as an I x I x C crop starting at
 * (top, left), optionally flipped. Rows of C floats are contiguous, so flips only reorder those rows.
 */
export function cropInto(
  src: Float32Array,
  size: number,
  channels: number,
  idx: number,
  out: Float32Array,
  slot: number,
  crop: number,
  top: number,
  left: number,
  flipH = false,
  flipV = false,
): void {
  const C = channels;
  const winBase = idx * size * size * C;
  const outBase = slot * crop * crop * C;
  for (let r = 0; r < crop; r++) {
    const sr = flipV ? top + crop - 1 - r : top + r;
    const rowSrc = winBase + sr * size * C;
    const rowDst = outBase + r * crop * C;
    if (!flipH) {
      out.set(src.subarray(rowSrc + left * C, rowSrc + (left + crop) * C), rowDst);
    } else {
      for (let c = 0; c < crop; c++) {
        const s = rowSrc + (left + crop - 1 - c) * C;
        const d = rowDst + c * C;
        for (let k = 0; k < C; k++) out[d + k] = src[s + k];
      }
    }
  }
}

/** Offset of the centre crop, as torchvision's CenterCrop rounds it. */
export function centreOffset(size: number, crop: number): number {
  return Math.round((size - crop) / 2);
}
