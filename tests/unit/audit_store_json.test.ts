/** The batch text audit.write_events receives: nulls and the values it supplies itself are left out. */
import assert from "node:assert/strict";
import type { DbAuditEvent } from "../../functions-shared/pipeline/audit/mapping.ts";
import { writeEventsJson } from "../../functions-shared/pipeline/audit/store.ts";

const event: DbAuditEvent = {
  event_id: "e6500000-0000-4000-8000-000000000010",
  timestamp: "2026-12-03T13:00:00.000Z",
  organization_id: null,
  user_id: "e6500000-0000-4000-8000-000000000011",
  user_role: "paramedic",
  session_id: null,
  action: "dosing.calculate",
  resource: "dosing",
  outcome: "success",
  metadata: { route: "/", note: null },
  ip_address: "10.65.0.1",
  user_agent: 'Agent "quoted" \\ back',
  error_message: null,
  duration_ms: 0,
  correlation_id: "e6500000-0000-4000-8000-000000000010",
  data_classification: "INTERNAL",
  event_version: 1,
};

Deno.test("writeEventsJson leaves out null fields and INTERNAL / version 1, and keeps the rest as they are", () => {
  const [sent] = JSON.parse(writeEventsJson([event]));
  const { organization_id, session_id, error_message, data_classification, event_version, ...kept } = event;
  assert.deepEqual([organization_id, session_id, error_message], [null, null, null]);
  assert.deepEqual([data_classification, event_version], ["INTERNAL", 1]);
  assert.deepEqual(sent, kept); // metadata's own nulls, zero and escaped strings untouched
});

Deno.test("writeEventsJson keeps a classification or version other than the ones write_events supplies", () => {
  const [sent] = JSON.parse(writeEventsJson([{ ...event, data_classification: "PHI", event_version: 2 }]));
  assert.equal(sent.data_classification, "PHI");
  assert.equal(sent.event_version, 2);
  assert.equal(JSON.parse(writeEventsJson([])).length, 0);
});
