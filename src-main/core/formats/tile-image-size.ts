// The pixel size an image tile declares in its header (PNG IHDR, JPEG SOF, WEBP VP8/VP8L/VP8X), read without decoding:
// the renderer decodes MBTiles tiles itself, and a tile declaring 60,000 x 60,000 pixels in a few bytes would be a
// decompression bomb there. Null when the header cannot be read.
export function tileImageSize(d: Uint8Array): { width: number; height: number } | null {
  const u32 = (o: number) => ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
  const u16le = (o: number) => d[o]! | (d[o + 1]! << 8);
  if (d[0] === 0x89 && d[1] === 0x50 && d.length >= 24) return { width: u32(16), height: u32(20) };
  if (d[0] === 0xff && d[1] === 0xd8) {
    // Walk the markers to the first start-of-frame (SOF0..SOF15 but DHT C4, JPG C8, DAC CC).
    for (let o = 2; o + 9 < d.length;) {
      if (d[o] !== 0xff) return null;
      const m = d[o + 1]!;
      if (m === 0xff) { o++; continue; }
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { height: (d[o + 5]! << 8) | d[o + 6]!, width: (d[o + 7]! << 8) | d[o + 8]! };
      if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) { o += 2; continue; }
      o += 2 + ((d[o + 2]! << 8) | d[o + 3]!);
    }
    return null;
  }
  if (d.length >= 30 && d[8] === 0x57 && d[9] === 0x45) {
    const chunk = String.fromCharCode(d[12]!, d[13]!, d[14]!, d[15]!);
    if (chunk === 'VP8X') return { width: 1 + (d[24]! | (d[25]! << 8) | (d[26]! << 16)), height: 1 + (d[27]! | (d[28]! << 8) | (d[29]! << 16)) };
    if (chunk === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const b = d[21]! | (d[22]! << 8) | (d[23]! << 16) | (d[24]! << 24);
      return { width: 1 + (b & 0x3fff), height: 1 + ((b >>> 14) & 0x3fff) };
    }
  }
  return null;
}
