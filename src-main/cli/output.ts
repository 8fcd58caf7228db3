import type { Progress } from '../core/types';
import { ProspectError } from '../core/types';

/**
 * Human-readable progress goes to stderr; with --json the last line of stdout is one JSON object, so scripts can
 * read results without parsing prose.
 */
export class Output {
  private lastLine = 0;
  constructor(readonly json: boolean, readonly quiet = false) {}

  progress = (p: Progress): void => {
    if (this.quiet) return;
    const now = Date.now();
    const final = p.done >= p.total;
    // Throttle: a line every half second per step, plus the last.
    if (!final && now - this.lastLine < 500) return;
    this.lastLine = now;
    const pct = p.total > 0 ? ` ${Math.round((100 * p.done) / p.total)}%` : '';
    const m = p.metrics ? ' ' + Object.entries(p.metrics).map(([k, v]) => `${k}=${fmt(v)}`).join(' ') : '';
    process.stderr.write(`[${p.step}]${pct} ${p.done}/${p.total}${p.message ? ' ' + p.message : ''}${m}\n`);
  };

  info(line: string): void {
    if (!this.quiet) process.stderr.write(line + '\n');
  }

  /** The command's text result: printed on stdout unless --json asked for the JSON line instead. */
  text(line: string): void {
    if (!this.json) process.stdout.write(line + '\n');
  }

  result(value: unknown): void {
    if (this.json) process.stdout.write(JSON.stringify(value) + '\n');
  }

  error(e: unknown): number {
    const err = e instanceof ProspectError
      ? { code: e.code, message: e.message, details: e.details }
      : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
    process.stderr.write(`error: ${err.message}\n`);
    if (!(e instanceof ProspectError) && e instanceof Error && process.env.PROSPECT_DEBUG) process.stderr.write(`${e.stack}\n`);
    if (this.json) process.stdout.write(JSON.stringify({ ok: false, error: err }) + '\n');
    return err.code === 'BAD_ARGS' ? 2 : 1;
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3);
}

/** A table for the terminal: columns padded to their widest cell. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const w = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ')).join('\n');
}
