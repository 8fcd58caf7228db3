// Native dialogs for project files (*.prospect) and input tables.
import { dialog, type BrowserWindow } from 'electron';

const PROJECT_FILTER = [{ name: 'Prospect project', extensions: ['prospect'] }];

export function nativeDialogs(win: () => BrowserWindow | null) {
  return {
    async openProject(): Promise<string | null> {
      const w = win();
      const opts = { title: 'Open project', filters: PROJECT_FILTER, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveProject(defaultName: string): Promise<string | null> {
      const w = win();
      const opts = { title: 'Project file', defaultPath: defaultName, filters: PROJECT_FILTER };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      if (r.canceled || !r.filePath) return null;
      return r.filePath.endsWith('.prospect') ? r.filePath : `${r.filePath}.prospect`;
    },
    async chooseFile(kind: 'samples' | 'deposits' | 'folder'): Promise<string | null> {
      const w = win();
      const filters =
        kind === 'samples'
          ? [{ name: 'Sample tables', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xls'] }]
          : [{ name: 'Deposits', extensions: ['csv', 'txt', 'geojson', 'json', 'shp'] }];
      const opts = kind === 'folder' ? { properties: ['openDirectory' as const, 'createDirectory' as const] } : { filters, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}
