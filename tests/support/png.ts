/**
 * Just enough PNG to read a browser's screenshot: 8-bit RGB or RGBA, not interlaced (what Chromium's
 * Page.captureScreenshot writes). The zlib stream is inflated with the platform's DecompressionStream;
 * each row is unfiltered (None, Sub, Up, Average, Paeth) as the PNG specification defines.
 */

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  readonly rgba: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export async function decodePng(bytes: Uint8Array): Promise<Pixels> {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, color, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6)) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${color}, interlace ${interlace})`);
      }
      channels = color === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      break;
    }
    at += 12 + length;
  }
  const inflated = new Uint8Array(
    await new Response(new Blob(idat as BlobPart[]).stream().pipeThrough(new DecompressionStream("deflate")))
      .arrayBuffer(),
  );
  const stride = width * channels;
  if (inflated.length !== height * (stride + 1)) throw new Error("PNG data does not match its size");
  const raw = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = inflated[y * (stride + 1)];
    const line = inflated.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = raw.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? raw.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      out[x] = (line[x] + predictor(filter, a, b, c)) & 255;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < raw.length; i += channels, j += 4) {
    rgba[j] = raw[i];
    rgba[j + 1] = raw[i + 1];
    rgba[j + 2] = raw[i + 2];
    rgba[j + 3] = channels === 4 ? raw[i + 3] : 255;
  }
  return { width, height, rgba };
}

function predictor(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** Pixels of a colour (not white, grey or black): max − min channel above `spread`. */
export function colouredShare(pixels: Pixels, spread = 48): number {
  let coloured = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    const r = pixels.rgba[i], g = pixels.rgba[i + 1], b = pixels.rgba[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > spread) coloured++;
  }
  return coloured / (pixels.width * pixels.height);
}

/** Share of pixels within `tolerance` (per channel) of a colour given as #rrggbb. */
export function colourShare(pixels: Pixels, hex: string, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    if (
      Math.abs(pixels.rgba[i] - r) <= tolerance && Math.abs(pixels.rgba[i + 1] - g) <= tolerance &&
      Math.abs(pixels.rgba[i + 2] - b) <= tolerance
    ) n++;
  }
  return n / (pixels.width * pixels.height);
}
