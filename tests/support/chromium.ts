/**
 * Debian's headless Chromium (installed by the project's provisioning, scripts/stack/provision.ts) driven
 * over the DevTools protocol with Deno's own WebSocket: no driver library, no download. Every wait is on
 * an event the browser sends (the DevTools endpoint printed, a command's answer, the page's load event,
 * animation frames), never on a sleep; a generous deadline only turns a hung browser into a clear failure.
 */
import { CHROMIUM_PATH } from "../../scripts/stack/provision.ts";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
  "--remote-debugging-port=0",
  "--window-size=1000,1400",
];
/** A safety net for a browser that never answers; nothing waits for it in a passing run. */
const HUNG_MS = 60_000;

type Json = Record<string, unknown>;
interface Pending {
  resolve(value: Json): void;
  reject(error: Error): void;
}

export interface Browser {
  /** A new tab, attached: send commands with it, wait for its events. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Page {
  send(method: string, params?: Json): Promise<Json>;
  /** Resolves with the next event of this name (subscribe before the command that causes it). */
  next(event: string): Promise<Json>;
  /** Every event of this name so far and from now on. */
  all(event: string): Json[];
  evaluate<T>(expression: string): Promise<T>;
}

function deadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`chromium: no ${what} within ${HUNG_MS / 1000} s`)), HUNG_MS);
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(timer));
}

export async function launchChromium(): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "medic-report-chromium-" });
  const child = new Deno.Command(CHROMIUM_PATH, {
    args: [...FLAGS, `--user-data-dir=${profile}`, "about:blank"],
    // Its singleton socket's directory goes to TMPDIR; killed, it cannot remove it, so it goes in the profile.
    env: { TMPDIR: profile },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const cleanup = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  try {
    const endpoint = await deadline(devToolsEndpoint(child.stderr), "DevTools endpoint");
    const socket = new WebSocket(endpoint);
    await deadline(
      new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error(`chromium: cannot connect to ${endpoint}`));
      }),
      "DevTools connection",
    );
    return connection(socket, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Reads stderr until Chromium prints its DevTools address; keeps draining it afterwards. */
async function devToolsEndpoint(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`chromium exited before listening:\n${seen.slice(-2000)}`);
    seen += value;
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
    if (match) {
      (async () => {
        while (!(await reader.read()).done) { /* drain, so the browser never blocks on a full pipe */ }
      })().catch(() => {});
      return match[1];
    }
  }
}

function connection(socket: WebSocket, cleanup: () => Promise<void>): Browser {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const events = new Map<string, Json[]>();
  const waiters = new Map<string, ((params: Json) => void)[]>();
  socket.onmessage = (message) => {
    const data = JSON.parse(String(message.data)) as Json;
    if (typeof data.id === "number") {
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) p?.reject(new Error(`chromium: ${JSON.stringify(data.error)}`));
      else p?.resolve((data.result ?? {}) as Json);
      return;
    }
    const key = `${data.sessionId ?? ""}/${data.method}`;
    const params = (data.params ?? {}) as Json;
    events.set(key, [...(events.get(key) ?? []), params]);
    const waiting = waiters.get(key) ?? [];
    waiters.delete(key);
    for (const resolve of waiting) resolve(params);
  };
  const send = (method: string, params: Json = {}, sessionId?: string) =>
    deadline(
      new Promise<Json>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      }),
      `answer to ${method}`,
    );
  return {
    async newPage() {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true }) as {
        sessionId: string;
      };
      const page: Page = {
        send: (method, params) => send(method, params, sessionId),
        next: (event) =>
          deadline(
            new Promise<Json>((resolve) => {
              const key = `${sessionId}/${event}`;
              waiters.set(key, [...(waiters.get(key) ?? []), resolve]);
            }),
            event,
          ),
        all: (event) => events.get(`${sessionId}/${event}`) ?? [],
        async evaluate<T>(expression: string) {
          const result = await page.send("Runtime.evaluate", {
            expression,
            awaitPromise: true,
            returnByValue: true,
          });
          if (result.exceptionDetails) throw new Error(`page: ${JSON.stringify(result.exceptionDetails)}`);
          return (result.result as { value: T }).value;
        },
      };
      return page;
    },
    async close() {
      try {
        await send("Browser.close");
      } catch { /* already closing */ }
      socket.close();
      await cleanup();
    },
  };
}
