/**
 * One cold start, in a fresh process: import a function module, answer its first request in process.
 *   deno run -A scripts/bench/cold_start_probe.ts <module url> '<request spec JSON>'
 * Prints { bootMs, importMs, firstRequestMs, status }: boot is the runtime's own start (performance.now()
 * counts from process start), then the import, then the first request through the module's fetch.
 */
const bootMs = performance.now();
const [entry, specJson] = Deno.args;
const mod = await import(entry);
const importedAt = performance.now();
const spec = JSON.parse(specJson) as {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
};
const headers = new Headers(spec.headers ?? {});
if (spec.body !== undefined) headers.set("Content-Type", "application/json");
const response = await mod.default.fetch(
  new Request(`http://localhost${spec.path}`, {
    method: spec.method,
    headers,
    body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
  }),
);
await response.text();
const answeredAt = performance.now();
console.log(JSON.stringify({
  bootMs,
  importMs: importedAt - bootMs,
  firstRequestMs: answeredAt - importedAt,
  status: response.status,
}));
Deno.exit(0); // pools and timers would keep the process alive: the measurement is done
