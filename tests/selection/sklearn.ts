// Runs scripts/sklearn_reference.py (real scikit-learn through Debian's /usr/bin/python3) for reference values.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function sklearn<T>(request: object): T {
  const out = execFileSync('/usr/bin/python3', [path.join(repoRoot, 'scripts/sklearn_reference.py')], {
    input: JSON.stringify(request),
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.toString()) as T;
}
