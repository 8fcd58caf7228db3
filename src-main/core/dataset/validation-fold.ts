import { ProspectError } from '../types';

/**
 * The fold held out while training: the one asked for, or the fold most like the whole set that has both classes.
 * Used by the train step and by each CV fold's inner validation, so both hold out the same way.
 */
export function chooseValidationFold(windows: { fold: number; label: number }[], wanted: number | 'auto'): number {
  const folds = [...new Set(windows.map((w) => w.fold))].sort((a, b) => a - b);
  if (wanted !== 'auto') {
    if (!folds.includes(wanted)) throw new ProspectError(`Fold ${wanted} holds no windows; folds in use: ${folds.join(', ')}.`, 'BAD_OPTION', { column: 'validationFold' });
    return wanted;
  }
  const share = windows.filter((w) => w.label === 1).length / Math.max(1, windows.length);
  let best = folds[0];
  let bestD = Infinity;
  for (const f of folds) {
    const ws = windows.filter((w) => w.fold === f);
    const pos = ws.filter((w) => w.label === 1).length;
    if (pos === 0 || pos === ws.length) continue;
    const d = Math.abs(pos / ws.length - share);
    if (d < bestD) (bestD = d), (best = f);
  }
  return best;
}
