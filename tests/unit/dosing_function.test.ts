/**
 * The dosing function in process (its default export, the real pipeline around it): what each
 * request leaves in the audit event — the resolved identifiers only, never the caller's text — and
 * the status each typed refusal maps to. The HTTP contract through the gateway is tests/e2e/dosing.test.ts.
 */
import assert from "node:assert/strict";
import dosing from "../../supabase/functions/dosing/index.ts";
import { registerSeams } from "../../functions-shared/pipeline/mod.ts";
import { resetSeams } from "../../functions-shared/pipeline/seams.ts";
import { noopMetricsSink } from "../../functions-shared/core/metrics_event.ts";
import { recordingSink } from "./_helpers.ts";

async function withAudit<T>(run: (events: ReturnType<typeof recordingSink>["events"]) => Promise<T>) {
  const audit = recordingSink();
  registerSeams({
    auditSink: audit,
    metricsSink: noopMetricsSink,
    rateLimiter: { check: () => ({ allowed: true }) },
  });
  try {
    return await run(audit.events);
  } finally {
    resetSeams();
  }
}

function post(body: unknown) {
  return dosing.fetch(
    new Request("http://127.0.0.1/dosing", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

Deno.test("dosing.calculate: audit metadata holds resolved ids and codes, not the caller's words", async () => {
  await withAudit(async (events) => {
    const response = await post({ medication: "Narcan", route: "intranasal", weightKg: 22 });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual([body.dose, body.volumeMl, body.capped], [{ value: 2, unit: "mg" }, 2, true]);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.deepEqual([event.action, event.resource, event.outcome], [
      "dosing.calculate",
      "dosing",
      "success",
    ]);
    assert.equal(event.rateLimitClass, "DOSING");
    assert.deepEqual(event.metadata, {
      medication: "naloxone",
      variant: "naloxone",
      route: "IN",
      weightBand: "22kg",
      color: "blue",
      adult: false,
      capped: true,
      basis: "printed-table",
    });
    const recorded = JSON.stringify(event.metadata).toLowerCase();
    assert.ok(!recorded.includes("narcan") && !recorded.includes("intranasal"));
  });
});

Deno.test("dosing.calculate: an adult's weight is recorded as the band 'adult', not the kilograms", async () => {
  await withAudit(async (events) => {
    const response = await post({ medication: "fentanyl", route: "IV", weightKg: 83.4 });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    assert.equal(events[0].metadata.weightBand, "adult");
    assert.ok(!JSON.stringify(events[0].metadata).includes("83.4"));
  });
});

Deno.test("dosing.list: the formulary, audited as dosing.list on formulary", async () => {
  await withAudit(async (events) => {
    const response = await dosing.fetch(new Request("http://127.0.0.1/dosing"));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.ok(body.medications.some((m: { id: string }) => m.id === "naloxone"));
    assert.deepEqual(body.colors[0], { color: "grey", weightsKg: [3, 4, 5] });
    assert.deepEqual([events[0].action, events[0].resource], ["dosing.list", "formulary"]);
  });
});

Deno.test("refusals: statuses, error codes, and metadata without the caller's text", async () => {
  await withAudit(async (events) => {
    const cases: [unknown, number, string, Record<string, unknown>][] = [
      [{ medication: "patient smith's tylenol", weightKg: 10 }, 404, "UNKNOWN_MEDICATION", {}],
      [{ medication: "fentanyl", weightKg: 10 }, 400, "AMBIGUOUS_ROUTE", { medication: "fentanyl" }],
      [{ medication: "epinephrine", route: "IV", weightKg: 10 }, 400, "AMBIGUOUS_INDICATION", {
        medication: "epinephrine",
      }],
      [{ medication: "morphine", route: "IV" }, 400, "WEIGHT_REQUIRED", { medication: "morphine" }],
      [{ medication: "morphine", route: "IV", weightKg: 2 }, 422, "WEIGHT_OUT_OF_RANGE", {
        medication: "morphine",
      }],
      [{ medication: "morphine", route: "IV", weightKg: 21 }, 422, "WEIGHT_NOT_ON_TAPE", {
        medication: "morphine",
      }],
      [{ medication: "aspirin", weightKg: 20 }, 422, "NOT_FOR_THIS_PATIENT", { medication: "aspirin" }],
      [{ medication: "albuterol", route: "NEB", weightKg: 16 }, 400, "AGE_REQUIRED", {
        medication: "albuterol",
      }],
      [{ medication: "morphine", route: "IV", color: "green" }, 400, "COLOR_NEEDS_WEIGHT", {
        medication: "morphine",
      }],
      [{ medication: "morphine", weightKg: -1 }, 400, "VALIDATION_ERROR", {}],
    ];
    for (const [body, status, code, metadata] of cases) {
      const response = await post(body);
      const envelope = await response.json();
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(envelope.error.code, code, JSON.stringify(body));
      const event = events.at(-1)!;
      assert.equal(event.outcome, "failure");
      assert.equal(event.errorCode, code);
      assert.deepEqual(event.metadata, metadata, JSON.stringify(body));
    }
  });
});
