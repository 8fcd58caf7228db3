// Recent projects, kept as a small JSON file in userData. Plain Node so it is tested without Electron.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeWhole } from '../core/util/write-whole';

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
}

const MAX_RECENT = 10;

export function readRecent(file: string): RecentProject[] {
  if (!existsSync(file)) return [];
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(data)) return [];
    // A hand-edited or half-written file must not break the start page: keep only well-formed entries.
    return data.filter(
      (r): r is RecentProject =>
        typeof r === 'object' && r !== null && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string',
    );
  } catch {
    return [];
  }
}

/** Written aside under a fresh random name (never through a link placed at a known name) and renamed into place. */
function writeList(file: string, list: RecentProject[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeWhole(file, JSON.stringify(list, null, 2), { mode: 0o600 });
}

/** Puts a project first, drops duplicates and old entries, and writes atomically (write then rename). */
export function addRecent(file: string, entry: { path: string; name: string }, now = new Date()): RecentProject[] {
  const list = [
    { path: entry.path, name: entry.name, openedAt: now.toISOString() },
    ...readRecent(file).filter((r) => r.path !== entry.path),
  ].slice(0, MAX_RECENT);
  writeList(file, list);
  return list;
}

export function removeRecent(file: string, path: string): RecentProject[] {
  const list = readRecent(file).filter((r) => r.path !== path);
  writeList(file, list);
  return list;
}
