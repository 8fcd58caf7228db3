// Native dialogs for project files (*.prospect), input tables and basemaps. What the user picks here is what the
// handler table may touch (node/path-grants.ts): each pick is granted before it is handed to the renderer.
import { dialog, type BrowserWindow } from 'electron';
import type { ChooseFileKind } from '../../src-preload/contract';
import type { PickedGrants } from '../node/path-grants';

const PROJECT_FILTER = [{ name: 'Prospect project', extensions: ['prospect'] }];
// The same types the browser build's file browser offers (node/file-list.ts).
const FILE_FILTERS: Record<Exclude<ChooseFileKind, 'folder'>, { name: string; extensions: string[] }> = {
  samples: { name: 'Sample tables', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'gpkg', 'shp'] },
  deposits: { name: 'Deposits', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'gpkg', 'shp', 'geojson', 'json'] },
  basemap: { name: 'Basemaps', extensions: ['tif', 'tiff', 'mbtiles', 'pmtiles'] },
};

export function nativeDialogs(win: () => BrowserWindow | null, grants: PickedGrants) {
  const file = (p: string | null): string | null => {
    if (p) grants.grantFile(p);
    return p;
  };
  return {
    async openProject(): Promise<string | null> {
      const w = win();
      const opts = { title: 'Open project', filters: PROJECT_FILTER, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return file(r.canceled ? null : (r.filePaths[0] ?? null));
    },
    async saveProject(defaultName: string): Promise<string | null> {
      const w = win();
      const opts = { title: 'Project file', defaultPath: defaultName, filters: PROJECT_FILTER };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      if (r.canceled || !r.filePath) return null;
      return file(r.filePath.endsWith('.prospect') ? r.filePath : `${r.filePath}.prospect`);
    },
    async chooseFile(kind: ChooseFileKind): Promise<string | null> {
      const w = win();
      const opts =
        kind === 'folder'
          ? { properties: ['openDirectory' as const, 'createDirectory' as const] }
          : { filters: [FILE_FILTERS[kind]], properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      const picked = r.canceled ? null : (r.filePaths[0] ?? null);
      if (picked && kind === 'folder') grants.grantFolder(picked);
      else file(picked);
      return picked;
    },
  };
}
