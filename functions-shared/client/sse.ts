/**
 * The chat's event stream, read: `event: <name>` and one JSON `data:` line per event
 * (handlers/bedrock_ai_chat/sse.ts writes them). Yields each event as it arrives, so an app shows the
 * answer while the model is still writing it.
 */
export interface ChatEvent {
  readonly event: string;
  readonly data: unknown;
}

/** `source`: what `invoke` answered for a streamed chat (the Response), or the Response itself. */
export async function* chatEvents(source: Response | ReadableStream<Uint8Array>): AsyncGenerator<ChatEvent> {
  const body = source instanceof Response ? source.body : source;
  if (!body) return;
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) yield event;
      }
    }
    const last = parseBlock(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block: string): ChatEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  const text = data.join("\n");
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}
