/**
 * A list page's entries are postgres.js's rows as they come (queries.ts entryColumns), so their fields'
 * order, which JSON.stringify keeps, is the SQL's column order. The export builds each entry field by
 * field (toEntry): for the same rows, the two must serialize to the same bytes, or the list's answer has
 * changed shape.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { asAuditReader, closeDb } from "../../functions-shared/platform/db.ts";
import {
  type EntryCriteria,
  exportEntries,
  listEntries,
} from "../../functions-shared/handlers/audit_query/queries.ts";
import type { AuditEntry } from "../../functions-shared/core/audit_vocabulary.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });

Deno.test("a list page's entries serialize as the export's, byte for byte", options, async () => {
  const org = crypto.randomUUID();
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const event = (minutes: number, full: boolean) => ({
    organization_id: org,
    user_id: crypto.randomUUID(),
    user_role: "paramedic",
    action: "protocol.view",
    resource: "protocol",
    outcome: full ? "failure" : "success",
    timestamp: at(minutes),
    ...(full
      ? {
        session_id: crypto.randomUUID(),
        ip_address: "10.1.2.3",
        user_agent: "MedicBot/1.0",
        error_message: "not found",
        duration_ms: 12,
        correlation_id: "corr-1",
        metadata: { count: 2, nested: { b: [1, 2.5], a: null }, name: "naloxone" },
      }
      : {}),
  });
  const events = [event(3, true), event(2, false), event(1, true)];
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
  const admin = {
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: org },
  };
  const criteria: EntryCriteria = { from: at(60), to: at(-1) };

  const [listed, exported] = await asAuditReader(admin, async (tx) => {
    const page = await listEntries(tx, criteria, { limit: 10 });
    const all: AuditEntry[] = [];
    for await (const batch of exportEntries(tx, criteria)) all.push(...batch);
    return [page.entries, all];
  });

  assert.equal(listed.length, 3);
  assert.equal(typeof listed[0].seq, "number");
  assert.deepEqual(
    listed.map((e) => Object.keys(e)),
    exported.map((e) => Object.keys(e)),
    "same fields, same order",
  );
  assert.equal(JSON.stringify(listed), JSON.stringify(exported));
  assert.equal(listed[0].ipAddress, "10.1.2.3", "the originals are revealed");
});

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});
