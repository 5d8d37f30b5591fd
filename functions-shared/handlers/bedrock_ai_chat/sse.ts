/** Server-Sent Events for the chat: `event: <name>` + one JSON `data:` line per event. */

const encoder = new TextEncoder();

export function sseEvent(name: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Accel-Buffering": "no", // proxies must not buffer a stream a medic is reading as it arrives
} as const;
