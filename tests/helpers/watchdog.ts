// A long set-up that stops making progress fails with where it stopped (the last progress reports, how long ago
// they came, what the process still waits on) instead of a bare hook timeout, and its work is cancelled.
import type { Progress } from '../../src-main/core/types';

export interface Watch {
  onProgress: (p: Progress) => void;
  signal: AbortSignal;
}

function report(p: Progress): string {
  return `${p.step} ${p.done}/${p.total}${p.message ? ` "${p.message}"` : ''}`;
}

/**
 * Runs `work`, failing it when no progress is heard for `stallMs` (a healthy step reports far more often than that,
 * however loaded the machine is).
 */
export function watched<T>(label: string, work: (w: Watch) => Promise<T>, stallMs = 150_000): Promise<T> {
  const controller = new AbortController();
  const started = Date.now();
  let lastAt = started;
  const recent: string[] = [];
  const onProgress = (p: Progress) => {
    lastAt = Date.now();
    const line = report(p);
    // Consecutive reports of one stage collapse into the newest, so the trail shows stages, not batches.
    const stage = (s: string) => s.replace(/ \d+\/\d+.*$/, '');
    if (recent.length && stage(recent[recent.length - 1]) === stage(line)) recent[recent.length - 1] = line;
    else recent.push(line);
    if (recent.length > 12) recent.shift();
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setInterval(() => {
      if (Date.now() - lastAt < stallMs) return;
      clearInterval(timer);
      controller.abort();
      const s = (ms: number) => `${Math.round(ms / 1000)} s`;
      const waits = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout').join(', ');
      reject(new Error(`${label}: no progress for ${s(Date.now() - lastAt)} (${s(Date.now() - started)} in all). ` +
        `Last reports, oldest first: ${recent.join(' | ') || 'none'}. Still waiting on: ${waits || 'nothing'}.`));
    }, 1000);
    work({ onProgress, signal: controller.signal }).then(
      (v) => (clearInterval(timer), resolve(v)),
      (e) => (clearInterval(timer), reject(e)),
    );
  });
}
