/**
 * The browser test's PNG reader (tests/support/png.ts): images written here with every row filter the
 * PNG specification defines, RGB and RGBA, decode back to their pixels; what it cannot read it refuses.
 */
import assert from "node:assert/strict";
import { colouredShare, colourShare, decodePng } from "../support/png.ts";

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  return out; // CRC left 0: the reader does not check it
}

/** A PNG of `rgba` (width × height), row y filtered with filter y % 5. */
async function encodePng(width: number, height: number, rgba: Uint8Array, channels: 3 | 4, interlace = 0) {
  const stride = width * channels;
  const raw = new Uint8Array(height * stride);
  for (let p = 0; p < width * height; p++) raw.set(rgba.subarray(p * 4, p * 4 + channels), p * channels);
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    filtered[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * stride + x];
      const a = x >= channels ? raw[y * stride + x - channels] : 0;
      const b = y > 0 ? raw[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? raw[(y - 1) * stride + x - channels] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      filtered[y * (stride + 1) + 1 + x] = (cur - predicted) & 255;
    }
  }
  const zlib = new Uint8Array(
    await new Response(
      new Blob([filtered as BlobPart]).stream().pipeThrough(new CompressionStream("deflate")),
    )
      .arrayBuffer(),
  );
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, channels === 4 ? 6 : 2, 0, 0, interlace], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.subarray(0, 7)), // split across two IDAT chunks, as encoders may
    chunk("IDAT", zlib.subarray(7)),
    chunk("IEND", new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

function image(width: number, height: number, channels: 3 | 4): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + (i >> 3) * 11) & 255;
  if (channels === 3) { for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255; }
  return rgba;
}

Deno.test("PNG rows with every filter decode to their pixels, RGB and RGBA", async () => {
  for (const channels of [3, 4] as const) {
    const rgba = image(7, 11, channels);
    const decoded = await decodePng(await encodePng(7, 11, rgba, channels));
    assert.equal(decoded.width, 7);
    assert.equal(decoded.height, 11);
    assert.deepEqual(decoded.rgba, rgba);
  }
});

Deno.test("a PNG it cannot read is refused, not misread", async () => {
  await assert.rejects(() => decodePng(new Uint8Array(16)), /not a PNG/);
  await assert.rejects(() => encodePng(2, 2, image(2, 2, 3), 3, 1).then(decodePng), /unsupported PNG/);
});

Deno.test("coloured pixels are told from white, grey and black", () => {
  const pixels = {
    width: 4,
    height: 1,
    rgba: new Uint8Array([255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 255, 0x1f, 0x5f, 0xa8, 255]),
  };
  assert.equal(colouredShare(pixels), 0.25);
  assert.equal(colourShare(pixels, "#1f5fa8"), 0.25);
  assert.equal(colourShare(pixels, "#c62828"), 0);
});
