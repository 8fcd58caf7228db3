// A scale bar for a map in metres: the longest 1-2-5 x 10^n length that fits the pixels offered.

export function scaleBar(metresPerPixel: number, maxPx = 120): { px: number; metres: number; label: string } {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel)) return { px: 0, metres: 0, label: '' };
  const max = metresPerPixel * maxPx;
  const p = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((m) => m * p).find((m) => m <= max) ?? p;
  const label = metres >= 1000 ? `${+(metres / 1000).toPrecision(3)} km` : `${+metres.toPrecision(3)} m`;
  return { px: metres / metresPerPixel, metres, label };
}
