/**
 * A minimal 24-bit BMP encoder. It exists because sharp (libvips) cannot write BMP, and BMP is
 * one of the non-JPEG encodings the read side may meet. Uncompressed BI_RGB, bottom-up rows,
 * BGR byte order, each row padded to a multiple of 4 bytes.
 */
export function encodeBmp24(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`encodeBmp24: ${rgb.length} bytes cannot be ${width}x${height} RGB`);
  }
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const pixelOffset = 14 + 40;
  const out = new Uint8Array(pixelOffset + rowSize * height);
  const view = new DataView(out.buffer);
  out[0] = 0x42; // 'B'
  out[1] = 0x4d; // 'M'
  view.setUint32(2, out.length, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // positive height: rows stored bottom-up
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  view.setUint32(34, rowSize * height, true);
  view.setInt32(38, 2835, true); // 72 dpi, in pixels per metre
  view.setInt32(42, 2835, true);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (height - 1 - y) * rowSize;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3;
      out[row + x * 3] = rgb[src + 2];
      out[row + x * 3 + 1] = rgb[src + 1];
      out[row + x * 3 + 2] = rgb[src];
    }
  }
  return out;
}
