/**
 * A TCP proxy in front of Postgres that counts a transaction's flights: how many times the client had to
 * be given an answer before it sent its COMMIT. While armed, every byte the server sends is held until the
 * client's COMMIT has gone through; a client that sends everything up to COMMIT without waiting for an
 * answer is one flight, however slow it is (a busy machine only makes it later). A client that does wait
 * for an answer first cannot go on, so after `graceMs` without its COMMIT the proxy gives it what it holds
 * and counts one flight more. The grace is long (10 s) so that a client which does not wait but is slow to
 * send its COMMIT (work on another thread, a starved CPU) is not taken for one that waits; it costs time
 * only when the client does wait, i.e. when the test is failing.
 *
 * It also reads the client's messages (the extended protocol's Parse, Bind, and simple Query), so a test
 * can say which statements a request ran and whether any had to be prepared (a Parse: postgres.js waits
 * for the statement's Describe before it binds it, a round trip of its own).
 */

export interface FlightCount {
  /** Flights up to and including COMMIT (1: everything sent before any answer). */
  readonly flights: number;
  /** Parse messages: statements prepared during the armed window. */
  readonly parses: number;
  /** The statements bound or sent as simple queries, in order, their text with whitespace collapsed. */
  readonly statements: readonly string[];
  readonly committed: boolean;
}

export interface FlightProxy {
  /** `postgresql://…` like `url`, through the proxy. */
  readonly url: string;
  /** Counts the next transaction(s) from now on: answers are held until COMMIT. */
  arm(): void;
  /** Stops holding and returns what was counted since arm(). */
  disarm(): FlightCount;
  close(): void;
}

const COMMIT = /^\s*commit\s*;?\s*$/i;

export function startFlightProxy(url: string, graceMs = 10_000): FlightProxy {
  const target = new URL(url);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const connections = new Set<Deno.Conn>();
  let armed = false;
  let flights = 0;
  let parses = 0;
  let committed = false;
  let statements: string[] = [];
  /** Per client connection: what to do with held answers once COMMIT has gone through. */
  const releases = new Set<() => Promise<void>>();

  const serve = async () => {
    for await (const client of listener) {
      connections.add(client);
      try {
        const server = await Deno.connect({ hostname: target.hostname, port: Number(target.port || 5432) });
        connections.add(server);
        pipe(client, server);
      } catch {
        client.close(); // the client sees its connection refused, as it would without the proxy
      }
    }
  };

  function pipe(client: Deno.Conn, server: Deno.Conn): void {
    const held: Uint8Array[] = [];
    let toClient = Promise.resolve();
    const sendHeld = () => {
      const chunks = held.splice(0);
      toClient = toClient.then(async () => {
        for (const chunk of chunks) await writeAll(client, chunk);
      });
      return toClient;
    };
    let grace: Promise<void> | undefined;
    const letWaitingClientGo = async () => {
      const until = performance.now() + graceMs;
      while (performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (!armed || committed) return;
      }
      if (held.length > 0) {
        flights++;
        await sendHeld();
      }
    };
    const release = () => sendHeld();
    releases.add(release);
    // Server → client: held while armed and COMMIT has not gone through.
    (async () => {
      const buffer = new Uint8Array(64 * 1024);
      for (;;) {
        const n = await server.read(buffer).catch(() => null);
        if (n === null) break;
        held.push(buffer.slice(0, n));
        if (armed && !committed) {
          grace ??= letWaitingClientGo().finally(() => (grace = undefined));
        } else {
          await sendHeld();
        }
      }
      releases.delete(release);
      client.close();
    })().catch(() => {});
    // Client → server: forwarded at once, read message by message.
    (async () => {
      const reader = new MessageReader();
      const buffer = new Uint8Array(64 * 1024);
      for (;;) {
        const n = await client.read(buffer).catch(() => null);
        if (n === null) break;
        const chunk = buffer.slice(0, n);
        let commitSent = false;
        for (const message of reader.push(chunk)) {
          if (!armed) continue;
          if (message.type === "P") parses++;
          const text = message.statement;
          if (text === undefined) continue;
          statements.push(text);
          if (COMMIT.test(text)) commitSent = true;
        }
        await writeAll(server, chunk);
        if (commitSent && armed && !committed) {
          committed = true;
          flights++;
          await sendHeld();
        }
      }
      server.close();
    })().catch(() => {});
  }

  serve().catch(() => {});
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    arm() {
      armed = true;
      flights = 0;
      parses = 0;
      committed = false;
      statements = [];
    },
    disarm() {
      armed = false;
      for (const release of releases) release();
      return { flights, parses, statements: [...statements], committed };
    },
    close() {
      for (const closable of [listener, ...connections]) {
        try {
          closable.close();
        } catch { /* already closed */ }
      }
    },
  };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) offset += await conn.write(bytes.subarray(offset));
}

interface ClientMessage {
  readonly type: string;
  /** For Bind (the prepared statement's text), Parse of an unnamed statement sent with it, and Query. */
  readonly statement?: string;
}

/** The frontend protocol: an untyped startup (or SSL/cancel request) first, then typed messages. */
class MessageReader {
  #pending = new Uint8Array(0);
  #started = false;
  readonly #prepared = new Map<string, string>();
  #unnamed = "";

  push(chunk: Uint8Array): ClientMessage[] {
    const all = new Uint8Array(this.#pending.length + chunk.length);
    all.set(this.#pending);
    all.set(chunk, this.#pending.length);
    const view = new DataView(all.buffer);
    const out: ClientMessage[] = [];
    let at = 0;
    for (;;) {
      if (!this.#started) {
        if (all.length - at < 8) break;
        const length = view.getInt32(at);
        if (all.length - at < length) break;
        // 196608: protocol 3.0 StartupMessage; anything else (SSLRequest, GSSENCRequest) comes before it.
        if (view.getInt32(at + 4) === 196608) this.#started = true;
        at += length;
        continue;
      }
      if (all.length - at < 5) break;
      const length = view.getInt32(at + 1);
      if (all.length - at < length + 1) break;
      const type = String.fromCharCode(all[at]);
      const body = all.subarray(at + 5, at + 1 + length);
      out.push(this.#read(type, body));
      at += length + 1;
    }
    this.#pending = all.slice(at);
    return out;
  }

  #read(type: string, body: Uint8Array): ClientMessage {
    const strings = cStrings(body, 2);
    if (type === "P") {
      const [name, query] = strings;
      if (name === "") this.#unnamed = query;
      else this.#prepared.set(name, query);
      return { type };
    }
    if (type === "B") {
      const statement = strings[1] === "" ? this.#unnamed : this.#prepared.get(strings[1]) ?? "?";
      return { type, statement: collapse(statement) };
    }
    if (type === "Q") return { type, statement: collapse(strings[0]) };
    return { type };
  }
}

function cStrings(body: Uint8Array, count: number): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length && out.length < count; i++) {
    if (body[i] !== 0) continue;
    out.push(new TextDecoder().decode(body.subarray(start, i)));
    start = i + 1;
  }
  return out;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
