// Minimal RESP2 client over Deno.connect, just enough for the Upstash REST bridge.
// One socket per RespClient; commands are pipelined and replies matched to callers in FIFO order.
// A batch (e.g. MULTI ... EXEC) is encoded into one buffer and written in one piece, so no other
// caller's command can land inside it.

/** A Redis error reply ("-ERR ..."). Returned as a value, never thrown: it is an answer, not a failure. */
export class RespError {
  constructor(readonly message: string) {}
}

/**
 * simple string → string, bulk string → Uint8Array (bytes kept exact for base64), integer → number,
 * nil / null array → null, array → RespValue[], error reply → RespError.
 */
export type RespValue = string | number | null | Uint8Array | RespError | RespValue[];

/** Redis could not be reached, or the connection died before a reply arrived. */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RedisUnavailableError";
  }
}

export type RespArg = string | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CR = 13;
const INCOMPLETE = Symbol("incomplete");

/** Encodes commands as RESP arrays of bulk strings, all into one buffer. */
export function encodeCommands(commands: RespArg[][]): Uint8Array {
  // The usual batch is all text: one string, encoded once (encoding every length line and argument on
  // its own was a third of the bridge's CPU). A bulk length counts bytes, so a non-ASCII one is measured.
  if (commands.every((command) => command.every((arg) => typeof arg === "string"))) {
    let text = "";
    for (const command of commands) {
      text += `*${command.length}\r\n`;
      for (const arg of command as string[]) text += `$${utf8Length(arg)}\r\n${arg}\r\n`;
    }
    return encoder.encode(text);
  }
  const parts: Uint8Array[] = [];
  for (const command of commands) {
    parts.push(encoder.encode(`*${command.length}\r\n`));
    for (const arg of command) {
      const bytes = typeof arg === "string" ? encoder.encode(arg) : arg;
      parts.push(encoder.encode(`$${bytes.length}\r\n`), bytes, encoder.encode("\r\n"));
    }
  }
  return concat(parts);
}

// deno-lint-ignore no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

function utf8Length(text: string): number {
  return NON_ASCII.test(text) ? encoder.encode(text).length : text.length;
}

/** Incremental RESP2 reply parser: feed() bytes as they arrive, next() yields whole replies. */
export class RespParser {
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  feed(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const live = this.#end - this.#start;
      const grown = new Uint8Array(Math.max(this.#buf.length, (live + chunk.length) * 2));
      grown.set(this.#buf.subarray(this.#start, this.#end));
      this.#buf = grown;
      this.#start = 0;
      this.#end = live;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** The next complete reply, or undefined when more bytes are needed. Throws on a protocol error. */
  next(): { value: RespValue } | undefined {
    if (this.#start === this.#end) return undefined;
    const parsed = this.#parse(this.#start);
    if (parsed === INCOMPLETE) return undefined;
    this.#start = parsed[1];
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return { value: parsed[0] };
  }

  #line(at: number): [string, number] | typeof INCOMPLETE {
    const cr = this.#buf.subarray(0, this.#end).indexOf(CR, at);
    if (cr < 0 || cr + 1 >= this.#end) return INCOMPLETE;
    return [decoder.decode(this.#buf.subarray(at, cr)), cr + 2];
  }

  #parse(at: number): [RespValue, number] | typeof INCOMPLETE {
    if (at >= this.#end) return INCOMPLETE;
    const type = this.#buf[at];
    const line = this.#line(at + 1);
    if (line === INCOMPLETE) return INCOMPLETE;
    const [text, after] = line;
    switch (type) {
      case 0x2b: // '+'
        return [text, after];
      case 0x2d: // '-'
        return [new RespError(text), after];
      case 0x3a: // ':'
        return [Number(text), after];
      case 0x24: { // '$'
        const len = Number(text);
        if (len < 0) return [null, after];
        if (after + len + 2 > this.#end) return INCOMPLETE;
        return [this.#buf.slice(after, after + len), after + len + 2];
      }
      case 0x2a: { // '*'
        const len = Number(text);
        if (len < 0) return [null, after];
        const items: RespValue[] = [];
        let pos = after;
        for (let i = 0; i < len; i++) {
          const item = this.#parse(pos);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item[0]);
          pos = item[1];
        }
        return [items, pos];
      }
      default:
        throw new Error(`RESP protocol error: unexpected type byte 0x${type.toString(16)}`);
    }
  }
}

interface Pending {
  count: number;
  replies: RespValue[];
  resolve: (replies: RespValue[]) => void;
  reject: (error: Error) => void;
}

/** One TCP connection: FIFO of pending batches, a read loop, and writes serialised in call order. */
class Connection {
  #pending: Pending[] = [];
  /** Encoded batches not yet written, in call order; one loop writes them (see #flush). */
  #unwritten: Uint8Array[] = [];
  #writing = false;
  #dead: Error | undefined;

  private constructor(private readonly conn: Deno.TcpConn, private readonly where: string) {
    void this.#readLoop();
  }

  static async open(hostname: string, port: number, timeoutMs: number): Promise<Connection> {
    const where = `${hostname}:${port}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = Deno.connect({ hostname, port });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`connect timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const conn = await Promise.race([attempt, timeout]);
      conn.setNoDelay(true);
      return new Connection(conn, where);
    } catch (error) {
      attempt.then((c) => c.close(), () => {}); // a connect that finishes after the timeout
      throw new RedisUnavailableError(`redis unreachable at ${where}: ${messageOf(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  get alive(): boolean {
    return this.#dead === undefined;
  }

  exec(commands: RespArg[][]): Promise<RespValue[]> {
    if (this.#dead) return Promise.reject(this.#dead);
    const bytes = encodeCommands(commands);
    const result = new Promise<RespValue[]>((resolve, reject) => {
      this.#pending.push({ count: commands.length, replies: [], resolve, reject });
    });
    this.#unwritten.push(bytes);
    if (!this.#writing) void this.#flush();
    return result;
  }

  close(reason = "redis client closed"): void {
    this.#fail(new RedisUnavailableError(reason));
  }

  /**
   * Writes the batches queued so far, then those queued meanwhile: each HTTP request to the bridge used to
   * cost a socket write of its own; under concurrent requests the batches waiting behind a write now go
   * out together, each still contiguous and in order.
   */
  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#unwritten.length > 0 && !this.#dead) {
        const batches = this.#unwritten.splice(0);
        await this.#writeAll(batches.length === 1 ? batches[0] : concat(batches));
      }
    } catch (error) {
      this.#fail(new RedisUnavailableError(`write to redis at ${this.where} failed: ${messageOf(error)}`));
    } finally {
      this.#writing = false;
    }
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    if (this.#dead) return;
    let written = 0;
    while (written < bytes.length) written += await this.conn.write(bytes.subarray(written));
  }

  async #readLoop(): Promise<void> {
    const parser = new RespParser();
    const chunk = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await this.conn.read(chunk);
        if (n === null) break;
        parser.feed(chunk.subarray(0, n));
        for (let reply = parser.next(); reply; reply = parser.next()) {
          const head = this.#pending[0];
          if (!head) throw new Error("RESP protocol error: reply without a pending command");
          head.replies.push(reply.value);
          if (head.replies.length === head.count) {
            this.#pending.shift();
            head.resolve(head.replies);
          }
        }
      }
      this.#fail(new RedisUnavailableError(`connection to redis at ${this.where} closed`));
    } catch (error) {
      this.#fail(new RedisUnavailableError(`connection to redis at ${this.where} lost: ${messageOf(error)}`));
    }
  }

  #fail(error: Error): void {
    if (this.#dead) return;
    this.#dead = error;
    try {
      this.conn.close();
    } catch { /* already closed */ }
    for (const p of this.#pending.splice(0)) p.reject(error);
  }
}

export interface RespClientOptions {
  hostname: string;
  port: number;
  connectTimeoutMs?: number;
}

/**
 * Lazily connected RESP2 client. If the connection drops, in-flight batches fail with
 * RedisUnavailableError (they may or may not have run, so they are not retried) and the next
 * exec() reconnects.
 */
export class RespClient {
  #current: Promise<Connection> | undefined;
  #isolated = new Set<Connection>();
  #closed = false;

  constructor(private readonly options: RespClientOptions) {}

  /** Sends the commands as one contiguous write; resolves with one reply per command. */
  async exec(commands: RespArg[][]): Promise<RespValue[]> {
    const conn = await this.#connection();
    return await conn.exec(commands);
  }

  /**
   * Runs commands on a connection of their own, closed afterwards (or when `signal` aborts).
   * For blocking commands (BLPOP, ...), which would otherwise stall every caller behind them.
   */
  async execIsolated(commands: RespArg[][], signal?: AbortSignal): Promise<RespValue[]> {
    if (this.#closed) throw new RedisUnavailableError("redis client closed");
    const conn = await this.#open();
    this.#isolated.add(conn);
    const onAbort = () => conn.close("request aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await conn.exec(commands);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.#isolated.delete(conn);
      conn.close();
    }
  }

  close(): void {
    this.#closed = true;
    const current = this.#current;
    this.#current = undefined;
    current?.then((c) => c.close(), () => {});
    for (const conn of this.#isolated) conn.close();
    this.#isolated.clear();
  }

  #open(): Promise<Connection> {
    const { hostname, port, connectTimeoutMs = 5000 } = this.options;
    return Connection.open(hostname, port, connectTimeoutMs);
  }

  async #connection(): Promise<Connection> {
    if (this.#closed) throw new RedisUnavailableError("redis client closed");
    const existing = this.#current;
    if (existing) {
      const conn = await existing; // callers sharing a failed connect attempt share its error
      if (conn.alive) return conn;
      if (this.#current !== existing) return await this.#connection(); // already being replaced
    }
    const attempt = this.#open();
    this.#current = attempt;
    attempt.catch(() => {
      if (this.#current === attempt) this.#current = undefined; // the next exec() tries again
    });
    const conn = await attempt;
    if (this.#closed) {
      conn.close();
      throw new RedisUnavailableError("redis client closed");
    }
    return conn;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
