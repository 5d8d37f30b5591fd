// Delivers what net.http_post enqueued (the bootstrap's pg_net shim), as pg_net's background worker
// does on Supabase: each queued request is sent once and its outcome lands in net._http_response.
import postgres from "postgres";

interface QueuedRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
  timeout_milliseconds: number;
}

export function startNetQueue(
  dbUrl: string,
  opts: { intervalMs?: number; onError?: (e: unknown) => void } = {},
) {
  const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function deliver(req: QueuedRequest) {
    const started = Date.now();
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body ?? undefined,
        signal: AbortSignal.timeout(req.timeout_milliseconds),
      });
      const content = await res.text();
      await sql`insert into net._http_response (id, status_code, content_type, headers, content, timed_out)
        values (${req.id}, ${res.status}, ${res.headers.get("content-type")},
          ${sql.json(Object.fromEntries(res.headers))}, ${content}, false)`;
    } catch (err) {
      const timedOut = Date.now() - started >= req.timeout_milliseconds;
      await sql`insert into net._http_response (id, timed_out, error_msg)
        values (${req.id}, ${timedOut}, ${String(err)})`;
    }
  }

  async function drainOnce(): Promise<number> {
    // Claiming by delete keeps each request delivered once even with several servers draining.
    const batch = await sql<QueuedRequest[]>`
      delete from net.http_request_queue
      where id in (select id from net.http_request_queue order by id for update skip locked limit 20)
      returning id, method, url, headers, body, timeout_milliseconds`;
    await Promise.all(batch.map(deliver));
    return batch.length;
  }

  const timer = setInterval(() => {
    running = running.then(() => stopped ? undefined : drainOnce().then(() => {}, opts.onError));
  }, opts.intervalMs ?? 500);

  return {
    drainOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await sql.end({ timeout: 2 });
    },
  };
}
