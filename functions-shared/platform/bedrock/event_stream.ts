/**
 * application/vnd.amazon.eventstream → messages. Each message is a prelude (total length, headers
 * length, CRC32), typed headers, a payload and a CRC32 of the whole. Network chunks split and join
 * messages anywhere, so bytes are framed here by the prelude's length; @smithy/eventstream-codec then
 * checks both checksums and parses the headers.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();
const codec = new EventStreamCodec(
  (bytes: Uint8Array) => utf8Decoder.decode(bytes),
  (text: string) => utf8Encoder.encode(text),
);

/** The event-stream specification's ceiling for one message. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const PRELUDE_AND_CRCS = 16;

export type HeaderValue = string | number | boolean | Uint8Array | Date;

export interface EventStreamMessage {
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly body: Uint8Array;
}

/** The bytes are not a valid event stream (bad length, bad checksum, cut short). */
export class EventStreamFormatError extends Error {
  override readonly name = "EventStreamFormatError";
}

function decodeOne(frame: Uint8Array): EventStreamMessage {
  let decoded;
  try {
    decoded = codec.decode(frame);
  } catch (error) {
    throw new EventStreamFormatError(
      `Invalid event-stream message: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const headers: Record<string, HeaderValue> = {};
  for (const [name, header] of Object.entries(decoded.headers)) {
    const value = (header as { value: unknown }).value;
    const keep = typeof value !== "object" || value instanceof Uint8Array || value instanceof Date;
    headers[name] = keep ? value as HeaderValue : String(value); // Int64 → its decimal string
  }
  return { headers, body: decoded.body };
}

/** Yields each complete message as soon as its last byte has arrived. */
export async function* decodeEventStream(
  chunks: AsyncIterable<Uint8Array>,
  maxMessageBytes = MAX_MESSAGE_BYTES,
): AsyncGenerator<EventStreamMessage> {
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    if (chunk.byteLength === 0) continue;
    if (pending.byteLength === 0) {
      pending = chunk;
    } else {
      const joined = new Uint8Array(pending.byteLength + chunk.byteLength);
      joined.set(pending, 0);
      joined.set(chunk, pending.byteLength);
      pending = joined;
    }
    while (pending.byteLength >= 4) {
      const total = new DataView(pending.buffer, pending.byteOffset, 4).getUint32(0, false);
      if (total < PRELUDE_AND_CRCS || total > maxMessageBytes) {
        throw new EventStreamFormatError(`Invalid event-stream message length ${total}`);
      }
      if (pending.byteLength < total) break;
      yield decodeOne(pending.subarray(0, total));
      pending = pending.subarray(total);
    }
  }
  if (pending.byteLength > 0) {
    throw new EventStreamFormatError(
      `Event stream ended inside a message (${pending.byteLength} bytes left)`,
    );
  }
}

export function bodyText(message: EventStreamMessage): string {
  return utf8Decoder.decode(message.body);
}
