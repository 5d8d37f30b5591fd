/**
 * The CSV export's rows written from COPY's binary format (export_csv.ts reads them): each row's fields
 * arrive with their lengths, so nothing is searched for; numbers, uuids and timestamps come as their binary
 * values and are written here, the originals are looked up by pseudonym here, and Postgres only reads the
 * rows and sends them. What each cell becomes is what the text COPY before it wrote, byte for
 * byte: COPY's CSV quoting (a cell holding a comma, quote, CR or LF is quoted, a quote inside doubled; an
 * empty text that is not null is `""`), csvCell's formula guard on the free-text cells and the originals (an
 * apostrophe before a leading = + - @ tab or CR; an empty text written empty), `to_char(… at time zone
 * 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` for the timestamps, Postgres's output of a uuid, an integer and
 * a jsonb. Rows end with CRLF. Exported for tests.
 */

/** How a field is written. */
const INT8 = 0, INT4 = 1, INT2 = 2, UUID = 3, TIMESTAMPTZ = 4, PSEUDONYM = 5, HIDDEN_PSEUDONYM = 6, TEXT = 7;
const GUARDED = 8, JSONB = 9;
const KIND_CODES = {
  "int8": INT8,
  "int4": INT4,
  "int2": INT2,
  "uuid": UUID,
  "timestamptz": TIMESTAMPTZ,
  "pseudonym": PSEUDONYM,
  "hidden pseudonym": HIDDEN_PSEUDONYM,
  "text": TEXT,
  "guarded": GUARDED,
  "jsonb": JSONB,
} as const;

/**
 * The rows' statement's columns (the table's own, as SQL names them), in order, with how each is written:
 * export_csv.ts selects them, the writer reads their fields by these kinds.
 */
export const EXPORT_FIELDS = [
  ["seq", "int8"],
  ["event_id", "uuid"],
  ['"timestamp"', "timestamptz"],
  ["organization_id", "uuid"],
  ["actor_pseudonym", "pseudonym"], // its original, then itself
  ["user_role", "text"],
  ["session_pseudonym", "hidden pseudonym"], // its original only
  ["action", "text"],
  ["resource", "guarded"],
  ["outcome", "text"],
  ["ip_pseudonym", "pseudonym"],
  ["user_agent_pseudonym", "hidden pseudonym"],
  ["error_message", "guarded"],
  ["duration_ms", "int4"],
  ["correlation_id", "guarded"],
  ["data_classification", "text"],
  ["event_version", "int2"],
  ["created_at", "timestamptz"],
  ["metadata", "jsonb"],
] as const satisfies readonly (readonly [string, keyof typeof KIND_CODES])[];

export const FIELD_KINDS = EXPORT_FIELDS.map(([, kind]) => kind);

const COMMA = 44, QUOTE = 34, CR = 13, LF = 10, APOSTROPHE = 39;
const HEX = new TextEncoder().encode("0123456789abcdef");
const SIGNATURE = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0]; // "PGCOPY\n\377\r\n\0"
/** Microseconds from 1970-01-01 to 2000-01-01, Postgres's epoch for timestamps. */
const POSTGRES_EPOCH_DAYS = 10_957;
const DAY_US = 86_400_000_000;

/** A cell's bytes as COPY's CSV writes a text: quoted when it holds a comma, quote, CR or LF, or is empty. */
export function csvTextBytes(text: Uint8Array, guarded = false): Uint8Array {
  const out = new Uint8Array(2 * text.length + 3);
  const end = writeText(text, 0, text.length, out, 0, guarded);
  return out.slice(0, end);
}

/**
 * Writes the text `src[start, end)` as its cell at `out[at]` and returns where it stopped. `guarded`: the
 * free-text cells' rule (formula guard; an empty text as no value).
 */
function writeText(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
  guarded: boolean,
): number {
  let prefix = false;
  if (guarded) {
    if (start === end) return at; // nullif(…, ''): no value, an empty cell
    const first = src[start];
    prefix = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === CR;
  } else if (start === end) { // an empty text, not null: COPY quotes it
    out[at++] = QUOTE;
    out[at++] = QUOTE;
    return at;
  }
  let quote = false;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === COMMA || c === QUOTE || c === LF || c === CR) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    if (prefix) out[at++] = APOSTROPHE;
    if (end - start > 24) {
      out.set(src.subarray(start, end), at);
      return at + end - start;
    }
    for (let i = start; i < end; i++) out[at++] = src[i];
    return at;
  }
  out[at++] = QUOTE;
  if (prefix) out[at++] = APOSTROPHE;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === QUOTE) out[at++] = QUOTE;
    out[at++] = c;
  }
  out[at++] = QUOTE;
  return at;
}

/** A hex digit's value, or -1. */
const hexValue = (c: number) =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** The 16 bytes of a uuid's text (Postgres's output: 8-4-4-4-12 hex digits) into `key`; false if it is not one. */
function uuidBytes(text: string, key: Uint8Array): boolean {
  if (text.length !== 36) return false;
  let k = 0;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (text.charCodeAt(i) !== 45) return false;
      continue;
    }
    const high = hexValue(text.charCodeAt(i++)), low = hexValue(text.charCodeAt(i));
    if (high < 0 || low < 0) return false;
    key[k++] = (high << 4) | low;
  }
  return true;
}

function writeUuid(src: Uint8Array, start: number, out: Uint8Array, at: number): number {
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[at++] = 45; // '-'
    const b = src[start + i];
    out[at++] = HEX[b >> 4];
    out[at++] = HEX[b & 15];
  }
  return at;
}

/** Text of ASCII characters (digits, a sign) at `out[at]`. */
function writeAscii(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}

/** A non-negative integer below 2^53, in decimal. */
function writeUnsigned(n: number, out: Uint8Array, at: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  const end = at + digits;
  let i = end;
  let m = n;
  while (m >= 0x80000000) { // beyond 32-bit arithmetic
    const q = Math.floor(m / 10);
    out[--i] = 48 + (m - 10 * q);
    m = q;
  }
  while (i > at) {
    const q = (m / 10) | 0;
    out[--i] = 48 + (m - 10 * q);
    m = q;
  }
  return end;
}

function writeSigned(n: number, out: Uint8Array, at: number): number {
  if (n < 0) {
    out[at++] = 45;
    return writeUnsigned(-n, out, at);
  }
  return writeUnsigned(n, out, at);
}

function writeTwo(n: number, out: Uint8Array, at: number): number {
  const tens = (n / 10) | 0;
  out[at] = 48 + tens;
  out[at + 1] = 48 + n - 10 * tens;
  return at + 2;
}

/** `n` (below 10^width, 32-bit) in `width` digits, zeros first. */
function writePadded(n: number, width: number, out: Uint8Array, at: number): number {
  for (let i = at + width - 1; i >= at; i--) {
    const q = (n / 10) | 0;
    out[i] = 48 + n - 10 * q;
    n = q;
  }
  return at + width;
}

/**
 * A timestamptz (microseconds since 2000-01-01 UTC, as a bigint's two halves) as
 * `to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`: infinite values have no text (to_char
 * returns null); years before 1 are written as to_char writes them (1 BC as 0001), beyond 9999 in full.
 */
function writeTimestamp(high: number, low: number, out: Uint8Array, at: number): number {
  if ((high === 0x7fffffff && low === 0xffffffff) || (high === -0x80000000 && low === 0)) return at;
  let days: number, rest: number;
  if (Math.abs(high) < 0x100000) { // |t| < 2^52: exact as a number
    const us = high * 0x100000000 + low;
    days = Math.floor(us / DAY_US);
    rest = us - days * DAY_US;
  } else {
    const us = (BigInt(high) << 32n) + BigInt(low);
    let d = us / BigInt(DAY_US);
    if (d * BigInt(DAY_US) > us) d -= 1n;
    days = Number(d);
    rest = Number(us - d * BigInt(DAY_US));
  }
  // civil_from_days (H. Hinnant), proleptic Gregorian, astronomical years (0 is 1 BC), as Postgres's j2date
  const z = days + POSTGRES_EPOCH_DAYS + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  let year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year <= 0) year = 1 - year; // to_char's YYYY of a BC year
  at = year > 9999 ? writeUnsigned(year, out, at) : writePadded(year, 4, out, at);
  out[at++] = 45;
  at = writeTwo(month, out, at);
  out[at++] = 45;
  at = writeTwo(day, out, at);
  out[at++] = 84; // 'T'
  const seconds = Math.floor(rest / 1_000_000); // below 86,400
  const minutes = (seconds / 60) | 0;
  at = writeTwo((minutes / 60) | 0, out, at);
  out[at++] = 58;
  at = writeTwo(minutes % 60, out, at);
  out[at++] = 58;
  at = writeTwo(seconds - 60 * minutes, out, at);
  out[at++] = 46;
  at = writePadded(rest - seconds * 1_000_000, 6, out, at);
  out[at++] = 90; // 'Z'
  return at;
}

/**
 * The revealed originals by pseudonym: an open-addressing table over the uuids' 16 bytes, each original
 * kept as its cell's bytes (guarded and quoted once, not once per row), all cells in one buffer. Filled one
 * answer at a time (add), so an export over a long window holds ~70 bytes a pseudonym plus its original,
 * never reveal_many's whole answer as rows at once.
 */
export class Originals {
  private keys = new Int32Array(4 * 1024);
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;
  private bytes = new Uint8Array(64 * 1024);
  private starts = new Int32Array(1024 + 1); // cell i is bytes[starts[i], starts[i + 1])
  private count = 0;
  private widest = 0;
  private readonly key = new Uint8Array(16);
  private readonly encoder = new TextEncoder();

  constructor(revealed: Iterable<readonly [pseudonym: string, original: string | null]> = []) {
    for (const [pseudonym, original] of revealed) this.add(pseudonym, original);
  }

  /** The longest cell: room the writer keeps for each of a row's four. */
  get longest(): number {
    return this.widest;
  }

  get size(): number {
    return this.count;
  }

  /** One of reveal_many's answers (null: revealed as nothing); a pseudonym twice: the first answer stands. */
  add(pseudonym: string, original: string | null): void {
    if (!uuidBytes(pseudonym, this.key)) throw new Error(`not a uuid: ${pseudonym}`);
    if (this.find(this.key, 0) >= 0) return;
    const cell = original === null ? EMPTY : csvTextBytes(this.encoder.encode(original), true);
    if (2 * (this.count + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    if (this.count + 2 > this.starts.length) this.starts = grown(this.starts, 2 * this.starts.length);
    const start = this.starts[this.count];
    if (start + cell.length > this.bytes.length) {
      this.bytes = grown(this.bytes, Math.max(2 * this.bytes.length, start + cell.length));
    }
    this.bytes.set(cell, start);
    this.starts[this.count + 1] = start + cell.length;
    this.place(this.key, 0, this.count);
    this.count++;
    this.widest = Math.max(this.widest, cell.length);
  }

  private word(src: Uint8Array, at: number): number {
    return (src[at] << 24) | (src[at + 1] << 16) | (src[at + 2] << 8) | src[at + 3];
  }

  /** Puts cell `index` under the uuid at `src[at]` (not yet in the table; there is room). */
  private place(src: Uint8Array, at: number, index: number): void {
    let slot = this.word(src, at) & this.mask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
    for (let w = 0; w < 4; w++) this.keys[4 * slot + w] = this.word(src, at + 4 * w);
    this.slots[slot] = index;
  }

  private rehash(size: number): void {
    const { keys, slots } = this;
    this.keys = new Int32Array(4 * size);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] < 0) continue;
      let slot = keys[4 * old] & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.keys.set(keys.subarray(4 * old, 4 * old + 4), 4 * slot);
      this.slots[slot] = slots[old];
    }
  }

  /** The index of the cell for the uuid at `src[at]`, or -1 when it was not revealed. */
  find(src: Uint8Array, at: number): number {
    const w0 = this.word(src, at);
    let slot = w0 & this.mask;
    for (;;) {
      const index = this.slots[slot];
      if (index < 0) return -1;
      const k = 4 * slot;
      if (
        this.keys[k] === w0 && this.keys[k + 1] === this.word(src, at + 4) &&
        this.keys[k + 2] === this.word(src, at + 8) && this.keys[k + 3] === this.word(src, at + 12)
      ) return index;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Writes cell `index` at `out[at]` and returns where it stopped. */
  writeCell(index: number, out: Uint8Array, at: number): number {
    const { bytes } = this;
    for (let i = this.starts[index], end = this.starts[index + 1]; i < end; i++) out[at++] = bytes[i];
    return at;
  }
}

const EMPTY = new Uint8Array(0);

/** `array` copied into a new one of `length` elements. */
function grown<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** The bytes of a field's length, or of a row's field count: big-endian, signed. */
const int32At = (src: Uint8Array, p: number) =>
  (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3];

/**
 * COPY's binary stream (header, rows, trailer) to CSV rows: `convert(chunk, out, at)` takes the stream's
 * bytes in chunks cut anywhere, writes the CSV of the rows they complete at `out[at]` (a row cut by the
 * chunk's end waits for the next) and returns where it stopped; `room(length)` is the most a chunk of that
 * length can write; `done()` says the trailer came and nothing is left over.
 */
export function binaryCopyToCsv(originals: Originals): {
  convert(chunk: Uint8Array, out: Uint8Array, at: number): number;
  room(length: number): number;
  done(): boolean;
} {
  let headerSeen = false;
  let ended = false;
  let carry: Uint8Array | null = null;
  const fields = FIELD_KINDS.length;
  const kinds = Uint8Array.from(FIELD_KINDS, (kind) => KIND_CODES[kind]);
  // The shortest row: its field count and each field's length, all null.
  const shortestRow = 2 + 4 * fields;
  // Beyond twice its input (a quote doubled), a row writes its commas and quotes, a uuid's 16 bytes as 36,
  // a timestamp's 8 as up to 33, an int8's 8 as up to 20, and its four originals.
  const rowExtra = 8 * fields + 4 * (originals.longest + 24) + 2;
  let rowInputEnd = 0; // where row() stopped reading

  /** The row whose fields start at `src[p]`, written at `out[at]`: where it stopped, or -1 when cut short. */
  const row = (src: Uint8Array, p: number, end: number, out: Uint8Array, at: number): number => {
    for (let f = 0; f < fields; f++) {
      if (p + 4 > end) return -1;
      const length = int32At(src, p);
      p += 4;
      const kind = kinds[f];
      if (f > 0) out[at++] = COMMA;
      if (length < 0) { // null: an empty cell (two for a pseudonym shown beside its original)
        if (kind === PSEUDONYM) out[at++] = COMMA;
        continue;
      }
      if (p + length > end) return -1;
      switch (kind) {
        case INT8: {
          if (length !== 8) throw new Error(`field ${f}: ${length} bytes for an int8`);
          const high = int32At(src, p), low = int32At(src, p + 4) >>> 0;
          if (high >= -0x200000 && high < 0x200000) at = writeSigned(high * 0x100000000 + low, out, at);
          else at = writeAscii(String((BigInt(high) << 32n) + BigInt(low)), out, at); // beyond 2^53: rare, exact
          break;
        }
        case INT4:
          if (length !== 4) throw new Error(`field ${f}: ${length} bytes for an int4`);
          at = writeSigned(int32At(src, p), out, at);
          break;
        case INT2:
          if (length !== 2) throw new Error(`field ${f}: ${length} bytes for an int2`);
          at = writeSigned(((src[p] << 24) | (src[p + 1] << 16)) >> 16, out, at);
          break;
        case UUID:
          if (length !== 16) throw new Error(`field ${f}: ${length} bytes for a uuid`);
          at = writeUuid(src, p, out, at);
          break;
        case PSEUDONYM:
        case HIDDEN_PSEUDONYM: {
          if (length !== 16) throw new Error(`field ${f}: ${length} bytes for a uuid`);
          const found = originals.find(src, p);
          if (found >= 0) at = originals.writeCell(found, out, at);
          if (kind === PSEUDONYM) {
            out[at++] = COMMA;
            at = writeUuid(src, p, out, at);
          }
          break;
        }
        case TIMESTAMPTZ:
          if (length !== 8) throw new Error(`field ${f}: ${length} bytes for a timestamptz`);
          at = writeTimestamp(int32At(src, p), int32At(src, p + 4) >>> 0, out, at);
          break;
        case TEXT:
          at = writeText(src, p, p + length, out, at, false);
          break;
        case GUARDED:
          at = writeText(src, p, p + length, out, at, true);
          break;
        case JSONB:
          if (length < 1 || src[p] !== 1) throw new Error(`field ${f}: not a version 1 jsonb`);
          at = writeText(src, p + 1, p + length, out, at, false);
          break;
      }
      p += length;
    }
    out[at++] = CR;
    out[at++] = LF;
    rowInputEnd = p;
    return at;
  };

  return {
    room(length) {
      const input = length + (carry?.length ?? 0);
      return 2 * input + (Math.floor(input / shortestRow) + 1) * rowExtra;
    },
    convert(chunk, out, at) {
      let src = chunk;
      if (carry) {
        src = new Uint8Array(carry.length + chunk.length);
        src.set(carry);
        src.set(chunk, carry.length);
        carry = null;
      }
      let p = 0;
      const end = src.length;
      if (!headerSeen) {
        const extension = end >= 19 ? int32At(src, 15) : 0;
        if (end < 19 || end < 19 + extension) {
          carry = src.slice();
          return at;
        }
        for (let i = 0; i < SIGNATURE.length; i++) {
          if (src[i] !== SIGNATURE[i]) throw new Error("not COPY's binary format");
        }
        p = 19 + extension;
        headerSeen = true;
      }
      while (p < end) {
        if (ended) throw new Error("COPY sent bytes after its trailer");
        if (p + 2 > end) break;
        const count = (src[p] << 8) | src[p + 1];
        if (count === 0xffff) { // the trailer, -1
          ended = true;
          p += 2;
          continue;
        }
        if (count !== fields) throw new Error(`a row of ${count} fields, not ${fields}`);
        const stopped = row(src, p + 2, end, out, at);
        if (stopped < 0) break;
        at = stopped;
        p = rowInputEnd;
      }
      if (p < end) carry = src.slice(p);
      return at;
    },
    done: () => ended && carry === null,
  };
}
