/**
 * The published index's bytes: a small JSON header, then typed arrays laid out 8-byte aligned (loaded
 * as views, never parsed), then one UTF-8 text blob (the index terms and every section's content,
 * decoded once and sliced). The whole is gzip-compressed for storage and transfer.
 *
 *   "MBPI" | format u32 | header length u32 | header JSON | pad | arrays… | text
 *
 * Little-endian, as every platform Deno runs on.
 */

const MAGIC = [0x4d, 0x42, 0x50, 0x49]; // "MBPI"
const PREAMBLE = 12;

export type ArrayKind = "u16" | "u32" | "f64";
type TypedArrayOf<K extends ArrayKind> = K extends "u16" ? Uint16Array
  : K extends "u32" ? Uint32Array
  : Float64Array;
const CONSTRUCTORS = { u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;

interface ArrayEntry {
  readonly name: string;
  readonly kind: ArrayKind;
  readonly offset: number;
  readonly length: number;
}

interface Layout {
  readonly arrays: readonly ArrayEntry[];
  readonly text: { readonly offset: number; readonly bytes: number };
}

export class IndexFormatError extends Error {}

export function encodeIndexFile(
  format: number,
  header: Record<string, unknown>,
  arrays: Record<string, Uint16Array | Uint32Array | Float64Array>,
  text: string,
): Uint8Array {
  const textBytes = new TextEncoder().encode(text);
  // The layout's offsets depend on the header's length: lay out relative to the data start, then shift.
  const entries: ArrayEntry[] = [];
  let cursor = 0;
  for (const [name, array] of Object.entries(arrays)) {
    const kind: ArrayKind = array instanceof Uint16Array
      ? "u16"
      : array instanceof Uint32Array
      ? "u32"
      : "f64";
    entries.push({ name, kind, offset: cursor, length: array.length });
    cursor = align(cursor + array.byteLength);
  }
  const layoutOf = (base: number): Layout => ({
    arrays: entries.map((e) => ({ ...e, offset: e.offset + base })),
    text: { offset: cursor + base, bytes: textBytes.length },
  });
  // Widen the base until the header (which names the offsets) fits in front of it.
  let base = align(PREAMBLE + 64);
  let headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, layout: layoutOf(base) }));
  while (PREAMBLE + headerBytes.length > base) {
    base = align(PREAMBLE + headerBytes.length + 64);
    headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, layout: layoutOf(base) }));
  }
  const out = new Uint8Array(base + cursor + textBytes.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, format, true);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, PREAMBLE);
  out.fill(0x20, PREAMBLE + headerBytes.length, base); // JSON-neutral padding
  for (const e of entries) {
    const array = arrays[e.name];
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), base + e.offset);
  }
  out.set(textBytes, base + cursor);
  return out;
}

export interface IndexFile {
  readonly header: Record<string, unknown>;
  array<K extends ArrayKind>(name: string, kind: K): TypedArrayOf<K>;
  readonly text: string;
  /** The text's UTF-8 bytes, as stored (a view: the snippets scan them, format 5). */
  readonly textBytes: Uint8Array;
}

/** Bytes from encodeIndexFile → header, array views and text; anything else is an IndexFormatError. */
export function decodeIndexFile(bytes: Uint8Array, format: number): IndexFile {
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new IndexFormatError(
      `not a protocol index of format ${format}; rebuild it with \`deno task kb build\``,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(4, true);
  if (found !== format) {
    throw new IndexFormatError(
      `protocol index format ${found} is not ${format}; rebuild it with \`deno task kb build\``,
    );
  }
  const headerLength = view.getUint32(8, true);
  if (PREAMBLE + headerLength > bytes.length) {
    throw new IndexFormatError("protocol index is truncated (header)");
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)));
  } catch {
    throw new IndexFormatError("protocol index header is not readable");
  }
  const layout = header.layout as Layout | undefined;
  if (!Array.isArray(layout?.arrays) || typeof layout.text?.offset !== "number") {
    throw new IndexFormatError("protocol index header has no layout");
  }
  // Views need aligned offsets: bytes fresh from gunzip start at 0 of their own buffer; others are copied.
  const data = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const end = (offset: number, length: number) => {
    if (offset + length > data.length) throw new IndexFormatError("protocol index is truncated");
    return offset + length;
  };
  const textBytes = data.subarray(layout.text.offset, end(layout.text.offset, layout.text.bytes));
  let text: string;
  try {
    // Fatal: the snippets read these bytes where the rest reads the string; they must spell the same text.
    text = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true }).decode(textBytes);
  } catch {
    throw new IndexFormatError("protocol index text is not UTF-8");
  }
  return {
    header,
    text,
    textBytes,
    array(name, kind) {
      const e = layout.arrays.find((a) => a.name === name);
      if (!e || e.kind !== kind) throw new IndexFormatError(`protocol index has no ${kind} array "${name}"`);
      const Typed = CONSTRUCTORS[kind];
      end(e.offset, e.length * Typed.BYTES_PER_ELEMENT);
      return new Typed(data.buffer as ArrayBuffer, data.byteOffset + e.offset, e.length) as TypedArrayOf<
        typeof kind
      >;
    },
  };
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
