/**
 * A benchmark step still running after `stallSeconds` fails with a dump of where its pools stand,
 * instead of hanging the run: each postgres.js connection's queue and state, the statements waiting for a
 * connection, and pg_stat_activity (read on a connection of its own). postgres.js 3.4.9 keeps its queues
 * in a closure; they are read only when a diagnostic patch of the worktree's own copy
 * (node_modules/.deno/postgres@3.4.9/…/src, copied first: its files are hard links into the Deno cache)
 * exposes them: in index.js `sql.__internals = { queries, queues, connections }`, in connection.js a
 * `__state()` on each connection returning { query, sent, initial, ending, terminated, socket (its
 * readyState), paused (socket.isPaused()), chunk (its length) }. Else only pg_stat_activity is dumped.
 * That dump found `bench audit_ingest`'s hang: a connection in `busy` whose socket was left paused.
 */
import postgres from "postgres";
import type { Sql } from "../../functions-shared/platform/db.ts";

interface Queue {
  readonly length: number;
  shift(): unknown;
  push(x: unknown): unknown;
}
interface Internals {
  queries: Queue;
  queues: Record<string, Queue>;
  connections: Array<Record<string, unknown> & { queue: Queue; __state?: () => Record<string, unknown> }>;
}

/** Every element of a postgres.js Queue, in order, left as it was (it only offers shift and push). */
function items(queue: Queue): unknown[] {
  const out: unknown[] = [];
  for (let n = queue.length; n > 0; n--) {
    const x = queue.shift();
    out.push(x);
    queue.push(x);
  }
  return out;
}

function statementOf(q: unknown): string {
  const query = q as { strings?: string[]; string?: string; reserve?: unknown } | undefined;
  if (!query) return String(q);
  if (query.reserve) return "<a reservation>";
  return String(query.string ?? query.strings?.join("$?") ?? "?").replace(/\s+/g, " ").slice(0, 100);
}

/** The pool's queues and connections as far as they can be read. */
export function describePool(name: string, sql: Sql): string {
  const internals = (sql as unknown as { __internals?: Internals }).__internals;
  if (!internals) return `${name}: internals not exposed (unpatched postgres.js)`;
  const lines = [`${name}: ${internals.queries.length} statement(s) waiting for a connection`];
  for (const q of items(internals.queries)) lines.push(`  waiting: ${statementOf(q)}`);
  const queueName = (queue: Queue) =>
    Object.entries(internals.queues).find(([, q]) => q === queue)?.[0] ?? "none";
  for (const c of internals.connections) {
    const state = c.__state?.() ?? {};
    const sent = state.sent as Queue | undefined;
    lines.push(
      `  connection ${c.id}: queue ${queueName(c.queue)}, reserved ${c.reserved ? "set" : "unset"}, ` +
        `onclose ${c.onclose ? "set" : "unset"}, query ${statementOf(state.query ?? undefined)}, ` +
        `sent ${sent ? sent.length : "?"} [${sent ? items(sent).map(statementOf).join(" | ") : ""}], ` +
        `initial ${state.initial ? statementOf(state.initial) : "none"}, socket ${state.socket}, ` +
        `paused ${state.paused}, chunk ${state.chunk}, ending ${!!state
          .ending}, terminated ${state.terminated}`,
    );
  }
  for (const [queue, q] of Object.entries(internals.queues)) lines.push(`  queue ${queue}: ${q.length}`);
  return lines.join("\n");
}

async function activity(url: string | undefined): Promise<string> {
  const admin = postgres(url ?? "", { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const rows = await admin<{ pid: number; app: string; state: string; xact: string; query: string }[]>`
      select pid, application_name as app, state, backend_xid::text as xact, left(query, 100) as query
      from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`;
    return rows.map((r) => `  pid ${r.pid} ${r.app} ${r.state} xid ${r.xact}: ${r.query}`).join("\n");
  } catch (error) {
    return `  pg_stat_activity unreadable: ${error}`;
  } finally {
    await admin.end({ timeout: 1 });
  }
}

export interface Watchdog {
  /** Awaits `work`; if it has not settled after stallSeconds, rejects with the dump (work is left running). */
  step<T>(label: string, work: Promise<T> | (() => Promise<T>)): Promise<T>;
}

export function poolWatchdog(
  options: { url?: string; pools: Record<string, Sql>; stallSeconds: number; log?: (s: string) => void },
): Watchdog {
  const log = options.log ?? ((s: string) => console.error(s));
  return {
    async step(label, work) {
      const running = typeof work === "function" ? work() : work;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(async () => {
          const dump = [
            `STALL: "${label}" still running after ${options.stallSeconds} s`,
            ...Object.entries(options.pools).map(([name, sql]) => describePool(name, sql)),
            "pg_stat_activity:",
            await activity(options.url),
          ].join("\n");
          log(dump);
          reject(new Error(dump));
        }, options.stallSeconds * 1000);
      });
      try {
        return await Promise.race([running, stalled]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
