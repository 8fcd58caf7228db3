import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `file` aside and renames it into place, so that a reader (a worker or a process starting
 * meanwhile) sees no file or the whole file, never a part of it.
 */
export function writeWhole(file: string, text: string): void {
  const part = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(part, text);
  renameSync(part, file);
}
