// The map's basemap through the core: the file the project last showed, and a file read for the project grid as
// pictures with the corners they are drawn between. A GeoTIFF comes back as RGBA pixels over the grid's extent; an
// MBTiles file as its tiles' own PNG/JPEG/WEBP bytes, which the browser decodes, each cut into the pieces the core
// measured it needs to land within a tenth of a pixel. No network: the core reads a local file.
import type { Basemap } from '../../../../src-preload/contract';
import { invoke } from '../../api';
import { session } from '../../store';

type Corner = [number, number];
/** South-west, north-west, north-east, south-east, in the project's CRS (deck.gl's quad order). */
export type Quad = [Corner, Corner, Corner, Corner];
export interface BasemapPiece { image: ImageBitmap; quad: Quad }
export interface ShownBasemap { file: string; pieces: BasemapPiece[] }

/** Pixels a side: finer than the map panel is wide, and 4 MB of RGBA at most across IPC. */
const MAX_SIZE = 1024;
const MIME = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;

export async function savedBasemapFile(): Promise<string | null> {
  if (!session.project) return null;
  return invoke('data.basemapFile', { project: session.project.path }).catch(() => null);
}

async function tilePieces(m: Extract<Basemap, { kind: 'tiles' }>): Promise<BasemapPiece[]> {
  const out: BasemapPiece[] = [];
  for (const t of m.tiles) {
    const whole = await createImageBitmap(new Blob([t.data as Uint8Array<ArrayBuffer>], { type: MIME[t.format] }));
    const d = t.divisions;
    if (d === 1) {
      out.push({ image: whole, quad: t.corners });
      continue;
    }
    const at = (i: number, j: number) => t.points[j * (d + 1) + i]!;
    const pw = whole.width / d, ph = whole.height / d;
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) {
        // Image rows run from the north; piece rows j from the south.
        const image = await createImageBitmap(whole, Math.round(i * pw), Math.round((d - 1 - j) * ph), Math.round(pw), Math.round(ph));
        out.push({ image, quad: [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)] });
      }
    }
    whole.close();
  }
  return out;
}

/** The core's last answer: every map screen shows the remembered basemap, which need not be read and sent again. */
let last: { key: string; answer: Promise<Basemap> } | null = null;

/** `reuse`: take the last answer for the same project and file (a screen opening); the Show button reads anew. */
export async function loadBasemap(file: string, { reuse = false } = {}): Promise<ShownBasemap> {
  if (!session.project) throw new Error('No project is open.');
  const key = `${session.project.path}\n${file}`;
  if (!reuse || last?.key !== key) {
    const answer = invoke('data.basemap', { project: session.project.path, file, maxSize: MAX_SIZE });
    last = { key, answer };
    answer.catch(() => { if (last?.answer === answer) last = null; });
  }
  const m = await last!.answer;
  if (m.kind === 'tiles') return { file: m.file, pieces: await tilePieces(m) };
  const pixels = new Uint8ClampedArray(m.rgba.buffer as ArrayBuffer, m.rgba.byteOffset, m.rgba.byteLength);
  const image = await createImageBitmap(new ImageData(pixels, m.width, m.height));
  const e = m.extent;
  return { file: m.file, pieces: [{ image, quad: [[e.xmin, e.ymin], [e.xmin, e.ymax], [e.xmax, e.ymax], [e.xmax, e.ymin]] }] };
}

export function closeBasemap(b: ShownBasemap | null | undefined): void {
  for (const p of b?.pieces ?? []) p.image.close();
}
