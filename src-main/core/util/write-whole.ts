import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `file` aside and renames it into place, so that a reader (a worker or a process starting
 * meanwhile) sees no file or the whole file, never a part of it. The aside file has a random name and is opened
 * with 'wx' (O_CREAT | O_EXCL): it is a new file, never a link someone placed under the name beforehand; the
 * rename replaces a link at `file` itself rather than writing through it.
 */
export function writeWhole(file: string, text: string, opts: { mode?: number } = {}): void {
  const part = `${file}.${randomBytes(8).toString('hex')}.part`;
  writeFileSync(part, text, { flag: 'wx', mode: opts.mode ?? 0o666 });
  try {
    renameSync(part, file);
  } catch (e) {
    rmSync(part, { force: true });
    throw e;
  }
}
