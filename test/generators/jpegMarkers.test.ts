import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { hasExif, Marker, readFrameHeader, restartInterval, walkJpeg } from '../../generators/jpegMarkers.ts';

async function plainJpeg(): Promise<Uint8Array> {
  const raw = new Uint8Array(17 * 9 * 3).map((_, i) => (i * 37) & 0xff);
  return new Uint8Array(await sharp(raw, { raw: { width: 17, height: 9, channels: 3 } }).jpeg().toBuffer());
}

test('walks a sharp JPEG from SOI through one scan to EOI', async () => {
  const bytes = await plainJpeg();
  const layout = walkJpeg(bytes);
  assert.equal(layout.problem, null);
  assert.ok(layout.startsWithSoi);
  assert.equal(layout.eoiOffset, bytes.length - 2);
  assert.equal(layout.scans.length, 1);
  const [scan] = layout.scans;
  assert.ok(scan.dataOffset > scan.sos.offset && scan.dataEnd === layout.eoiOffset);
  assert.deepEqual(
    [Marker.SOI, Marker.DQT, Marker.SOF0, Marker.DHT, Marker.SOS, Marker.EOI].filter((m) => layout.segments.some((s) => s.marker === m)),
    [Marker.SOI, Marker.DQT, Marker.SOF0, Marker.DHT, Marker.SOS, Marker.EOI],
  );
  const header = readFrameHeader(bytes, layout);
  assert.deepEqual([header?.width, header?.height, header?.precision, header?.components.length], [17, 9, 8, 3]);
  assert.equal(restartInterval(bytes, layout), null);
  assert.equal(hasExif(bytes, layout), false);
});

test('reports, rather than throws on, streams that are not whole JPEGs', async () => {
  const bytes = await plainJpeg();
  assert.equal(walkJpeg(new Uint8Array(0)).startsWithSoi, false);
  assert.equal(walkJpeg(bytes.slice(2)).problem, 'no SOI at offset 0');
  const cut = walkJpeg(bytes.slice(0, bytes.length - 40));
  assert.equal(cut.eoiOffset, null);
  assert.match(cut.problem ?? '', /ended before EOI/);
  const midHeader = walkJpeg(bytes.slice(0, 30));
  assert.ok(midHeader.problem !== null && midHeader.scans.length === 0);
  assert.equal(readFrameHeader(new Uint8Array([0xff, 0xd8])), null);
});

test('counts RST markers inside scan data without mistaking them for segment boundaries', () => {
  // SOI, SOS (1 component), data with a stuffed FF00 and an RST0, EOI.
  const bytes = new Uint8Array([
    0xff, 0xd8,
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
    0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56,
    0xff, 0xd9,
  ]);
  const layout = walkJpeg(bytes);
  assert.equal(layout.problem, null);
  assert.equal(layout.scans[0].restartMarkers, 1);
  assert.equal(layout.scans[0].dataEnd, 19);
  assert.equal(layout.eoiOffset, 19);
});
