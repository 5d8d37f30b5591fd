/** Increments summed per hour and field in the isolate, and an hour's Redis fields back into rows. */
import assert from "node:assert/strict";
import { hourLabel, PendingIncrements } from "../../functions-shared/pipeline/metrics/increments.ts";
import { rowsOfHour } from "../../functions-shared/pipeline/metrics/flush.ts";
import { bucketIndex } from "../../functions-shared/pipeline/metrics/histogram.ts";
import { latencyName, requestCounterName } from "../../functions-shared/pipeline/metrics/recorder.ts";

const at = Date.UTC(2026, 10, 22, 13, 20);

Deno.test("hour labels are UTC YYYYMMDDHH", () => {
  assert.equal(hourLabel(at), "2026112213");
  assert.equal(hourLabel(Date.UTC(2026, 0, 1, 0, 0, 0)), "2026010100");
  // Remembered per hour: the hour's edges, and back and forth between hours, each labelled afresh.
  assert.equal(hourLabel(Date.UTC(2026, 0, 1, 0, 59, 59, 999)), "2026010100");
  assert.equal(hourLabel(Date.UTC(2026, 0, 1, 1, 0, 0)), "2026010101");
  assert.equal(hourLabel(Date.UTC(2025, 11, 31, 23, 59, 59, 999)), "2025123123");
  assert.equal(hourLabel(at), "2026112213");
});

Deno.test("metric names: function and status class; odd characters are replaced", () => {
  assert.equal(requestCounterName("dosing", 503), "requests.dosing.5xx");
  assert.equal(requestCounterName("audit-query", 200), "requests.audit-query.2xx");
  assert.equal(latencyName("Bad Name!"), "latency.bad_name_");
});

Deno.test("many requests become one set of field increments per hour", () => {
  const p = new PendingIncrements();
  p.count(at, "requests.dosing.2xx");
  p.count(at, "requests.dosing.2xx");
  p.sample(at, "latency.dosing", 12);
  p.sample(at, "latency.dosing", 3);
  p.count(at + 3600_000, "requests.dosing.2xx");
  const [first, second] = p.drain();
  assert.ok(p.empty);
  assert.equal(first.hour, "2026112213");
  assert.equal(second.hour, "2026112214");
  const fields = new Map<string, string[]>();
  for (let i = 0; i < first.args.length; i += 3) {
    fields.set(first.args[i + 1], [first.args[i], first.args[i + 2]]);
  }
  assert.deepEqual(fields.get("c|requests.dosing.2xx"), ["i", "2"]);
  assert.deepEqual(fields.get("s|latency.dosing"), ["f", "15"]);
  assert.deepEqual(fields.get("n|latency.dosing"), ["n", "3"]);
  assert.deepEqual(fields.get("x|latency.dosing"), ["x", "12"]);
  assert.deepEqual(fields.get(`h|latency.dosing|${bucketIndex(12)}`), ["i", "1"]);
});

Deno.test("increments that could not be sent are merged back with newer ones", () => {
  const p = new PendingIncrements();
  p.count(at, "c1", 2);
  p.sample(at, "h1", 5);
  const sent = p.drain();
  p.count(at, "c1", 1);
  p.sample(at, "h1", 9);
  p.restore(sent);
  const args = p.drain()[0].args;
  const value = (field: string) => args[args.indexOf(field) + 1];
  assert.equal(value("c|c1"), "3");
  assert.equal(value("n|h1"), "5");
  assert.equal(value("x|h1"), "9");
  assert.equal(value("s|h1"), "14");
});

Deno.test("an hour's fields → a counter row and a histogram row with percentiles", () => {
  const fields = new Map<string, string>([
    ["v", "3"],
    ["c|requests.dosing.2xx", "41"],
    ["c|requests.dosing.5xx", "1"],
    [`h|latency.dosing|${bucketIndex(10)}`, "2"],
    [`h|latency.dosing|${bucketIndex(100)}`, "1"],
    ["s|latency.dosing", "120"],
    ["n|latency.dosing", "10"],
    ["x|latency.dosing", "100"],
  ]);
  const rows = rowsOfHour("2026112213", fields);
  assert.deepEqual(rows.map((r) => [r.metric_name, r.metric_type, r.date, r.hour, r.count]), [
    ["latency.dosing", "histogram", "2026-11-22", 13, 3],
    ["requests.dosing.2xx", "counter", "2026-11-22", 13, 41],
    ["requests.dosing.5xx", "counter", "2026-11-22", 13, 1],
  ]);
  const h = rows[0];
  assert.deepEqual([h.min, h.max, h.avg], [10, 100, 40]);
  assert.ok(Math.abs(h.p50! - 10) / 10 <= 0.01 && h.p99 === 100);
  assert.equal(rows[1].p50, null);
});
