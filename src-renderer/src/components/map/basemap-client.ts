// The map's basemap through the core: the file the project last showed, and a file read onto the project grid as
// an ImageBitmap with the extent it covers. No network: the core reads a local file.
import type { Basemap } from '../../../../src-preload/contract';
import { invoke } from '../../api';
import { state } from '../../store';

export interface ShownBasemap { file: string; image: ImageBitmap; extent: Basemap['extent'] }

/** Pixels a side: finer than the map panel is wide, and 4 MB of RGBA at most across IPC. */
const MAX_SIZE = 1024;

export async function savedBasemapFile(): Promise<string | null> {
  if (!state.project) return null;
  return invoke('data.basemapFile', { project: state.project.path }).catch(() => null);
}

export async function loadBasemap(file: string): Promise<ShownBasemap> {
  if (!state.project) throw new Error('No project is open.');
  const m = await invoke('data.basemap', { project: state.project.path, file, maxSize: MAX_SIZE });
  const pixels = new Uint8ClampedArray(m.rgba.buffer as ArrayBuffer, m.rgba.byteOffset, m.rgba.byteLength);
  const image = await createImageBitmap(new ImageData(pixels, m.width, m.height));
  return { file: m.file, image, extent: m.extent };
}
