import type { TrainResult } from '../../core/results';
import type { Output } from '../output';

type BackendSummary = Partial<Pick<TrainResult, 'backend' | 'backendProvider' | 'backendThreads' | 'backendReasons' | 'backendAdapter'>>;

/** The backend lines of a train summary: what ran, on which adapter, and why each faster backend was skipped. */
export function backendLines(s: BackendSummary): string[] {
  if (!s.backend) return [];
  const a = s.backendAdapter;
  const threads = s.backendThreads && s.backendThreads > 1 ? `, ${s.backendThreads} threads` : '';
  const lines = [`  backend: ${s.backend}${threads} (${s.backendProvider ?? 'unknown provider'})`];
  if (a) lines.push(`  adapter: ${a.description} (vendor ${a.vendor}, architecture ${a.architecture}${a.software ? ', software: a smoke test, not GPU speed' : ''})`);
  for (const r of s.backendReasons ?? []) lines.push(`  skipped: ${r}`);
  return lines;
}

/** Printed with the text result; with --json on stderr, so the terminal still shows which backend trained. */
export function printBackend(out: Output, s: BackendSummary): void {
  for (const line of backendLines(s)) (out.json ? out.info(line) : out.text(line));
}
