// Where everything goes in the file: the header, (for a COG) GDAL's structural metadata, every IFD with its tag
// data, then the blocks; and the bytes before the first block.
import { IFD_ENTRY_BYTES, TIFF_HEADER_BYTES, TIFF_MAGIC } from './tiff-tags';
import type { Entry } from './tiff-ifd';

export interface ImageParts { entries: Entry[]; blocks: Buffer[] }

export interface FileLayout {
  /** The structural metadata GDAL's COG driver writes after the header (empty when not a COG). */
  ghost: string;
  ifdOffsets: number[];
  /** Per image, where each entry's data goes when it does not fit in the entry (-1: inline). */
  dataOffsets: number[][];
  /** Bytes before the first block: header, structural metadata, IFDs and tag data. */
  headBytes: number;
  /** Per image, the offset of each block. */
  blockOffsets: number[][];
  /** Everything after the head in file order (a shared block once; with a COG, each block framed by its leader and trailer). */
  stored: Buffer[];
  size: number;
}

/**
 * The COG layout of GDAL's COG driver (https://gdal.org/drivers/raster/cog.html#file-format-details), which GDAL's
 * validator checks: each block's size, written just before it, lets a reader fetch a tile without the byte counts
 * array, the trailer lets it check that the file was not edited in place. Row-major block order is not promised when identical
 * blocks are shared, since a shared block's offset points back at its first copy.
 */
function structuralMetadata(shareBlocks: boolean): string {
  const body = 'LAYOUT=IFDS_BEFORE_DATA\n' + (shareBlocks ? '' : 'BLOCK_ORDER=ROW_MAJOR\n') +
    'BLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';
  return `GDAL_STRUCTURAL_METADATA_SIZE=${String(body.length).padStart(6, '0')} bytes\n${body}`;
}

/**
 * Header, every IFD with its out-of-line tag data (word aligned), then the blocks: the full resolution's first,
 * or, for a COG, the smallest overview's first and the full resolution's last, each framed.
 */
export function layOut(images: ImageParts[], o: { cog: boolean; shareBlocks: boolean }): FileLayout {
  const ghost = o.cog ? structuralMetadata(o.shareBlocks) : '';
  let pos = TIFF_HEADER_BYTES + ghost.length;
  const ifdOffsets: number[] = [];
  const dataOffsets = images.map(({ entries }) => {
    pos += pos & 1;
    ifdOffsets.push(pos);
    pos += 2 + entries.length * IFD_ENTRY_BYTES + 4;
    return entries.map((e) => {
      if (e.data.length <= 4) return -1;
      pos += pos & 1;
      const at = pos;
      pos += e.data.length;
      return at;
    });
  });
  pos += pos & 1;
  const headBytes = pos;
  const blockOffsets: number[][] = images.map(() => []);
  const stored: Buffer[] = [];
  const frames = o.cog ? Buffer.alloc(8 * images.reduce((n, im) => n + im.blocks.length, 0)) : null;
  let frame = 0;
  // With shareBlocks, a block equal to an earlier one with the same first bytes points at that copy instead.
  const seen = o.shareBlocks ? new Map<string, { block: Buffer; at: number }>() : null;
  const order = images.map((_, i) => i);
  if (o.cog) order.reverse();
  for (const i of order) {
    for (const b of images[i].blocks) {
      if (seen) {
        const key = `${b.length}:${b.toString('latin1', 0, Math.min(8, b.length))}`;
        const first = seen.get(key);
        if (first && (first.block === b || first.block.equals(b))) { blockOffsets[i].push(first.at); continue; }
        if (!first) seen.set(key, { block: b, at: pos + (frames ? 4 : 0) });
      }
      if (frames) {
        const leader = frames.subarray(frame, frame + 4), trailer = frames.subarray(frame + 4, frame + 8);
        frame += 8;
        leader.writeUInt32LE(b.length);
        b.copy(trailer, 4 - Math.min(4, b.length), Math.max(0, b.length - 4));
        blockOffsets[i].push(pos + 4);
        stored.push(leader, b, trailer);
        pos += b.length + 8;
      } else {
        blockOffsets[i].push(pos);
        stored.push(b);
        pos += b.length;
      }
    }
  }
  return { ghost, ifdOffsets, dataOffsets, headBytes, blockOffsets, stored, size: pos };
}

/** Header, structural metadata, every IFD (each pointing at the next) and its tag data: everything before the first block. */
export function writeHead(images: ImageParts[], layout: FileLayout): Buffer {
  const head = Buffer.alloc(layout.headBytes);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(TIFF_MAGIC, 2);
  head.writeUInt32LE(layout.ifdOffsets[0], 4);
  head.write(layout.ghost, TIFF_HEADER_BYTES, 'latin1');
  images.forEach(({ entries }, k) => {
    const ifd = layout.ifdOffsets[k];
    head.writeUInt16LE(entries.length, ifd);
    entries.forEach((e, i) => {
      const p = ifd + 2 + i * IFD_ENTRY_BYTES;
      const at = layout.dataOffsets[k][i];
      head.writeUInt16LE(e.tag, p);
      head.writeUInt16LE(e.type, p + 2);
      head.writeUInt32LE(e.count, p + 4);
      if (at < 0) e.data.copy(head, p + 8);
      else { head.writeUInt32LE(at, p + 8); e.data.copy(head, at); }
    });
    // The next IFD's offset; 0 after the last.
    head.writeUInt32LE(layout.ifdOffsets[k + 1] ?? 0, ifd + 2 + entries.length * IFD_ENTRY_BYTES);
  });
  return head;
}
