// The flags each command takes are declared once (src-main/cli/index.ts); the parser refuses any other, naming the
// closest known one, so a typo never silently gives another answer than the one asked for.

/** Flags that take no value: `--holm` never swallows the word after it. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  'decimal-comma', 'no-compress', 'json', 'resume', 'help', 'small', 'no-dense', 'two-sided', 'quiet', 'holm', 'holdout', 'stored',
]);

/** Every command takes these (main() reads them). */
export const GLOBAL_FLAGS = ['json', 'quiet', 'help'] as const;

/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of two
 * neighbouring letters each count one, so `threshhold` is 1 from `threshold` and `lenght` 1 from `length`.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known flag a mistyped one most likely meant: the nearest within one edit for short names and two for longer
 * ones (ties: the first in declaration order), else the only known flag it starts (`--thresh`); none when far.
 */
export function closestName(flag: string, known: readonly string[]): string | undefined {
  const limit = flag.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of known) {
    const dist = editDistance(flag, k);
    if (dist < bestD) {
      best = k;
      bestD = dist;
    }
  }
  if (best) return best;
  const starts = flag.length >= 3 ? known.filter((k) => k.startsWith(flag)) : [];
  return starts.length === 1 ? starts[0] : undefined;
}

/**
 * The message for a flag `command` does not take: the flag it most likely meant, or the commands that take it, or
 * where the list is.
 */
export function unknownFlagMessage(command: string, flag: string, known: readonly string[], takenBy: readonly string[] = []): string {
  const near = closestName(flag, known);
  if (near) return `unknown flag --${flag}; did you mean --${near}?`;
  const list = `'prospect ${command} --help' lists the flags it takes`;
  if (takenBy.length) return `unknown flag --${flag} for '${command}' (${takenBy.join(', ')} take${takenBy.length === 1 ? 's' : ''} it); ${list}.`;
  return `unknown flag --${flag}; ${list}.`;
}
