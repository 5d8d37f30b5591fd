/**
 * The user trail looks its subject up in the page's own round trip (queries.ts subjectLookup): the
 * pseudonym goes into a transaction-local setting that the page and its count read back. A known user's
 * rows and only theirs; a user the trail does not know: null, and no row, not everyone's.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { asAuditReader, closeDb } from "../../functions-shared/platform/db.ts";
import {
  countEntries,
  type EntryCriteria,
  listEntries,
  subjectLookup,
} from "../../functions-shared/handlers/audit_query/queries.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });

Deno.test("the subject looked up in the page's round trip: their rows, or none", options, async () => {
  const org = crypto.randomUUID();
  const [subject, other] = [crypto.randomUUID(), crypto.randomUUID()];
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const event = (user: string, minutes: number) => ({
    organization_id: org,
    user_id: user,
    user_role: "paramedic",
    action: "protocol.view",
    resource: "protocol",
    outcome: "success",
    timestamp: at(minutes),
  });
  const events = [event(subject, 3), event(other, 2), event(subject, 1)];
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
  const [{ pseudonym }] = await owner`select audit.pseudonym_of('user', ${subject})::text as pseudonym`;
  const admin = {
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: org },
  };
  const criteria: EntryCriteria = { from: at(60), to: at(-1), actorLookedUp: true };

  const read = (userId: string) =>
    asAuditReader(admin, async (tx) => {
      const lookup = subjectLookup(tx, userId); // sent first: the page and the count read its setting
      return await Promise.all([
        lookup,
        listEntries(tx, criteria, { limit: 10 }),
        countEntries(tx, criteria),
      ]);
    });

  const [found, page, count] = await read(subject);
  assert.equal(found, pseudonym);
  assert.deepEqual(page.entries.map((e) => e.userId), [subject, subject], "theirs, newest first");
  assert.equal(count, 2);

  const [nobody, empty, none] = await read(crypto.randomUUID());
  assert.equal(nobody, null);
  assert.deepEqual(empty.entries, [], "an unknown user matches no row");
  assert.equal(none, 0);
});

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});
