import assert from "node:assert/strict";
import type { AuditEntry } from "../../functions-shared/core/audit_vocabulary.ts";
import { AUDIT_ACTIONS } from "../../functions-shared/core/audit_vocabulary.ts";
import {
  actionMapping,
  bundleWriter,
  compact,
  SYSTEMS,
  toAuditEvent,
} from "../../functions-shared/core/export/fhir.ts";

const ENTRY: AuditEntry = {
  seq: 42,
  eventId: "5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  timestamp: "2026-11-21T10:00:00.123456Z",
  organizationId: "0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4",
  userId: "7b0c6a3e-2f1d-4d8e-9a51-3c2b1a0f9e87",
  actorPseudonym: "11111111-2222-4333-8444-555555555555",
  userRole: "admin",
  sessionId: "0f6d9c1e-aaaa-4bbb-8ccc-123456789abc",
  action: "audit.query",
  resource: "audit_logs",
  outcome: "success",
  metadata: { function: "audit-query", filters: { actions: ["user.login"] }, rows: 3 },
  ipAddress: "203.0.113.7",
  ipPseudonym: "66666666-7777-4888-9999-aaaaaaaaaaaa",
  userAgent: "MedicBot/1.0",
  errorMessage: null,
  durationMs: 12,
  correlationId: "5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5",
  dataClassification: "CONFIDENTIAL",
  eventVersion: 1,
  createdAt: "2026-11-21T10:00:00.200000Z",
};

Deno.test("an audit query as an R4 AuditEvent: type, subtype, action, recorded, outcome", () => {
  const event = toAuditEvent(ENTRY);
  assert.equal(event.resourceType, "AuditEvent");
  assert.equal(event.id, ENTRY.eventId);
  assert.deepEqual(event.type, { system: SYSTEMS.dicom, code: "110101", display: "Audit Log Used" });
  assert.deepEqual(event.subtype, [
    { system: SYSTEMS.restful, code: "search-type", display: "search type" },
    { system: SYSTEMS.action, code: "audit.query", display: "audit.query" },
  ]);
  assert.equal(event.action, "E");
  assert.equal(event.recorded, ENTRY.timestamp);
  assert.equal(event.outcome, "0");
  assert.equal(event.outcomeDesc, undefined);
});

Deno.test("agent: the user by id, pseudonym as altId, role, requestor, network address", () => {
  const [agent] = toAuditEvent(ENTRY).agent as Record<string, unknown>[];
  assert.deepEqual(agent, {
    type: { coding: [{ system: SYSTEMS.roleType, code: "humanuser", display: "human user" }] },
    role: [{ coding: [{ system: SYSTEMS.userRole, code: "admin" }], text: "admin" }],
    who: { identifier: { system: SYSTEMS.userId, value: ENTRY.userId } },
    altId: ENTRY.actorPseudonym,
    requestor: true,
    network: { address: "203.0.113.7", type: "2" },
  });
});

Deno.test("an erased user is named by pseudonym only; a guest has no who at all", () => {
  const erased = toAuditEvent({ ...ENTRY, userId: null, ipAddress: null });
  const [agent] = erased.agent as Record<string, unknown>[];
  assert.deepEqual(agent.who, { identifier: { system: SYSTEMS.pseudonym, value: ENTRY.actorPseudonym } });
  assert.equal(agent.network, undefined);
  const guest = toAuditEvent({ ...ENTRY, userId: null, actorPseudonym: null, userRole: "guest" });
  assert.deepEqual(guest.agent, [{
    role: [{ coding: [{ system: SYSTEMS.userRole, code: "guest" }], text: "guest" }],
    requestor: true,
    network: { address: "203.0.113.7", type: "2" },
  }]);
});

Deno.test("source is the observing function; entity is the resource with correlation id and query", () => {
  const event = toAuditEvent(ENTRY);
  assert.deepEqual(event.source, {
    site: ENTRY.organizationId,
    observer: { identifier: { system: SYSTEMS.function, value: "audit-query" }, display: "audit-query" },
    type: [{ system: SYSTEMS.sourceType, code: "4", display: "Application Server" }],
  });
  const [entity] = event.entity as Record<string, unknown>[];
  assert.deepEqual(entity.what, { identifier: { system: SYSTEMS.resource, value: "audit_logs" } });
  assert.equal(atob(entity.query as string), JSON.stringify({ actions: ["user.login"] }));
  const details = Object.fromEntries(
    (entity.detail as { type: string; valueString: string }[]).map((d) => [d.type, d.valueString]),
  );
  assert.deepEqual(details, {
    correlation_id: ENTRY.correlationId,
    seq: "42",
    session_id: ENTRY.sessionId,
    user_agent: "MedicBot/1.0",
    duration_ms: "12",
    data_classification: "CONFIDENTIAL",
    metadata: JSON.stringify(ENTRY.metadata),
  });
});

Deno.test("outcome codes: success 0, partial 4, failure 8; error code as outcomeDesc", () => {
  assert.equal(toAuditEvent({ ...ENTRY, outcome: "partial" }).outcome, "4");
  const failed = toAuditEvent({ ...ENTRY, outcome: "failure", errorMessage: "FORBIDDEN" });
  assert.equal(failed.outcome, "8");
  assert.equal(failed.outcomeDesc, "FORBIDDEN");
});

Deno.test("every enum action maps to a DCM or HL7 type and a C/R/U/D/E action", () => {
  for (const action of AUDIT_ACTIONS) {
    const { type, action: code } = actionMapping(action);
    assert.ok([SYSTEMS.dicom, SYSTEMS.eventType].includes(type.system as never), action);
    assert.match(code, /^[CRUDE]$/, action);
  }
  assert.equal(actionMapping("user.login").subtype?.code, "110122");
  assert.equal(actionMapping("audit.export").type.code, "110106");
  assert.equal(actionMapping("audit.export").action, "R");
  assert.equal(actionMapping("gdpr.erase").action, "D");
  assert.equal(actionMapping("protocol.view").action, "R");
  assert.equal(actionMapping("some.future_action").type.code, "110100");
  const future = toAuditEvent({ ...ENTRY, action: "some.future_action", metadata: {} });
  assert.deepEqual(future.subtype, [{
    system: SYSTEMS.action,
    code: "some.future_action",
    display: "some.future_action",
  }]);
  assert.equal((future.source as { observer: { display: string } }).observer.display, "medic-bot-edge");
});

Deno.test("FHIR JSON has no nulls, empty strings, objects or arrays", () => {
  assert.deepEqual(compact({ a: null, b: "", c: [], d: {}, e: [null, { f: "" }], g: 0, h: false, i: "x" }), {
    g: 0,
    h: false,
    i: "x",
  });
  const minimal = toAuditEvent({
    ...ENTRY,
    organizationId: null,
    userId: null,
    actorPseudonym: null,
    userRole: null,
    sessionId: null,
    ipAddress: null,
    userAgent: null,
    durationMs: null,
    correlationId: null,
    metadata: {},
  });
  assert.ok(!/null|""|\[\]|\{\}/.test(JSON.stringify(minimal)), JSON.stringify(minimal));
});

Deno.test("bundle framing: a searchset Bundle, streamed, valid JSON with 0, 1 and many entries", () => {
  for (const n of [0, 1, 3]) {
    const bundle = bundleWriter({ id: "b1", timestamp: "2026-11-22T00:00:00.000Z" });
    let text = bundle.head;
    for (let i = 0; i < n; i++) text += bundle.entry(toAuditEvent({ ...ENTRY, eventId: `e${i}` }));
    text += bundle.tail();
    const parsed = JSON.parse(text);
    assert.equal(parsed.resourceType, "Bundle");
    assert.equal(parsed.type, "searchset");
    assert.equal(parsed.total, n);
    assert.equal(bundle.count, n);
    if (n === 0) assert.equal("entry" in parsed, false, "no empty array in FHIR JSON");
    else {
      assert.equal(parsed.entry.length, n);
      assert.deepEqual(parsed.entry[0].search, { mode: "match" });
      assert.equal(parsed.entry[0].fullUrl, "urn:uuid:e0");
      assert.equal(parsed.entry[0].resource.resourceType, "AuditEvent");
    }
  }
});
