/**
 * Event-stream decoding: frames built here byte by byte from the format's description (prelude,
 * string headers, payload, CRC32s — CRC computed by a table written in this file), fed in every split
 * the network could produce; bad checksums, impossible lengths and cut-off streams are refused.
 */
import assert from "node:assert/strict";
import {
  decodeEventStream,
  EventStreamFormatError,
  type EventStreamMessage,
} from "../../functions-shared/platform/bedrock/event_stream.ts";
import { chunkText } from "../support/bedrock_server.ts";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const enc = new TextEncoder();

/** One message: string headers (type 7) and a payload. */
function frame(headers: Record<string, string>, payload: string): Uint8Array {
  const headerBytes: number[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = enc.encode(name);
    const v = enc.encode(value);
    headerBytes.push(n.length, ...n, 7, v.length >> 8, v.length & 0xff, ...v);
  }
  const body = enc.encode(payload);
  const total = 12 + headerBytes.length + body.length + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(headerBytes, 12);
  out.set(body, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)));
  return out;
}

const event = (type: string, payload: unknown) =>
  frame(
    { ":event-type": type, ":content-type": "application/json", ":message-type": "event" },
    JSON.stringify(payload),
  );

async function* chunks(parts: Uint8Array[]) {
  for (const p of parts) yield p;
}

async function decodeAll(parts: Uint8Array[]): Promise<EventStreamMessage[]> {
  const out: EventStreamMessage[] = [];
  for await (const m of decodeEventStream(chunks(parts))) out.push(m);
  return out;
}

function concat(frames: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

const FRAMES = [
  event("messageStart", { role: "assistant" }),
  event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Per TP 1210, " } }),
  event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "start CPR — é ✓" } }),
  event("messageStop", { stopReason: "end_turn" }),
];

Deno.test("decodes whole frames: headers by name, payload bytes as sent", async () => {
  const messages = await decodeAll(FRAMES);
  assert.deepEqual(messages.map((m) => m.headers[":event-type"]), [
    "messageStart",
    "contentBlockDelta",
    "contentBlockDelta",
    "messageStop",
  ]);
  assert.equal(messages[0].headers[":message-type"], "event");
  assert.deepEqual(JSON.parse(new TextDecoder().decode(messages[2].body)), {
    contentBlockIndex: 0,
    delta: { text: "start CPR — é ✓" },
  });
});

Deno.test("any split of the bytes gives the same messages (byte by byte, and across frames)", async () => {
  const all = concat(FRAMES);
  const expected = (await decodeAll([all])).map((m) => new TextDecoder().decode(m.body));
  const byteByByte = await decodeAll([...all].map((b) => new Uint8Array([b])));
  assert.deepEqual(byteByByte.map((m) => new TextDecoder().decode(m.body)), expected);
  for (const size of [3, 7, 13, 50, 101]) {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += size) parts.push(all.subarray(i, i + size));
    const got = await decodeAll(parts);
    assert.deepEqual(got.map((m) => new TextDecoder().decode(m.body)), expected, `chunks of ${size}`);
  }
});

Deno.test("a flipped bit in a payload or prelude fails the checksum", async () => {
  const bad = new Uint8Array(FRAMES[1]);
  bad[bad.length - 10] ^= 0x01;
  await assert.rejects(decodeAll([FRAMES[0], bad]), EventStreamFormatError);
  const badPrelude = new Uint8Array(FRAMES[1]);
  badPrelude[8] ^= 0xff;
  await assert.rejects(decodeAll([badPrelude]), EventStreamFormatError);
});

Deno.test("impossible lengths and a stream cut inside a frame are refused", async () => {
  const tiny = new Uint8Array(16);
  new DataView(tiny.buffer).setUint32(0, 8);
  await assert.rejects(decodeAll([tiny]), /length 8/);
  const huge = new Uint8Array(8);
  new DataView(huge.buffer).setUint32(0, 64 * 1024 * 1024);
  await assert.rejects(decodeAll([huge]), /length/);
  await assert.rejects(decodeAll([FRAMES[0], FRAMES[1].subarray(0, 20)]), /ended inside a message/);
});

Deno.test("chunkText splits an answer into deltas that join back to it", () => {
  const text = "Per TP 1210 start compressions at 100-120 per minute and  attach the monitor.";
  const parts = chunkText(text, 4);
  assert.ok(parts.length > 2);
  assert.equal(parts.join(""), text);
});
