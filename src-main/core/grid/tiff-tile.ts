// One small uncompressed Float32 TIFF (a single strip), synchronously: the tile encoding of the GeoPackage 2D
// gridded coverage extension, which allows only baseline TIFF with 32-bit float samples (no predictor).
import { Compression, FieldType, IFD_ENTRY_BYTES, Photometric, SampleFormat, Tag, TIFF_HEADER_BYTES, TIFF_MAGIC } from './tiff-tags';

export function encodeFloatTile(values: Float32Array, width: number, height: number): Buffer {
  const entries: [number, number, number][] = [
    [Tag.ImageWidth, FieldType.LONG, width],
    [Tag.ImageLength, FieldType.LONG, height],
    [Tag.BitsPerSample, FieldType.SHORT, 32],
    [Tag.Compression, FieldType.SHORT, Compression.None],
    [Tag.PhotometricInterpretation, FieldType.SHORT, Photometric.MinIsBlack],
    [Tag.StripOffsets, FieldType.LONG, 0],
    [Tag.SamplesPerPixel, FieldType.SHORT, 1],
    [Tag.RowsPerStrip, FieldType.LONG, height],
    [Tag.StripByteCounts, FieldType.LONG, width * height * 4],
    [Tag.SampleFormat, FieldType.SHORT, SampleFormat.IeeeFloat],
  ];
  const head = TIFF_HEADER_BYTES + 2 + entries.length * IFD_ENTRY_BYTES + 4;
  const buf = Buffer.alloc(head + width * height * 4);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(TIFF_MAGIC, 2);
  buf.writeUInt32LE(TIFF_HEADER_BYTES, 4);
  buf.writeUInt16LE(entries.length, TIFF_HEADER_BYTES);
  entries.forEach(([tag, type, v], i) => {
    const at = TIFF_HEADER_BYTES + 2 + i * IFD_ENTRY_BYTES;
    buf.writeUInt16LE(tag, at);
    buf.writeUInt16LE(type, at + 2);
    buf.writeUInt32LE(1, at + 4);
    const value = tag === Tag.StripOffsets ? head : v;
    if (type === FieldType.SHORT) buf.writeUInt16LE(value, at + 8); else buf.writeUInt32LE(value, at + 8);
  });
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(buf, head);
  return buf;
}
