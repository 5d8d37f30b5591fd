/**
 * The platform operator's erasure of a privileged subject (the README's steps), end to end:
 *  - in SQL as the service role, which tells Redis nothing: the medical director's session is refused at
 *    its next write of last activity (touch_sessions names the session it no longer holds), so neither a
 *    clinical request nor a privileged read goes through unattributed; a token of theirs naming no session is
 *    refused (401 TOKEN_INVALID), and so is one naming a new session (401 SESSION_EXPIRED);
 *  - with `deno task gdpr:erase`: the same hash as the function's, so their organization then gets
 *    alreadyErased and 410 (another organization still nothing); the session refused at once and their
 *    limiter keys and ban gone from Redis; the gdpr.erase event names the operator who ran it (--operator).
 *    --db-url still works, warned about for its password; without --operator nothing is erased.
 * The clock of the session is moved by editing its state in Redis, as tests/e2e/sessions.test.ts does.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { createRedis } from "../../functions-shared/platform/redis.ts";
import { DEFAULT_SESSION_POLICY } from "../../functions-shared/pipeline/sessions/mod.ts";
import { apiClient, ok, refused } from "../support/api_client.ts";
import { stackEnv } from "../support/env.ts";
import { createOrganization, createPerson, type Person } from "../support/gdpr_subjects.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const redis = createRedis({ timeoutMs: 3000 });

const dosing = (who: Person) => apiClient(who.token).dosing.list();
const auditList = (who: Person) => apiClient(who.token)["audit-query"].list({ query: { limit: 1 } });
const eraseBy = (admin: Person, subjectId: string) =>
  apiClient(admin.token)["gdpr-export"].erase({
    body: { subjectId, reason: "consent_withdrawn", reference: "DSR-OPS-1" },
  });
const exportBy = (admin: Person, subject?: string) =>
  apiClient(admin.token)["gdpr-export"].export({
    query: { format: "json", ...(subject ? { subject } : {}) },
  });

/** Who runs the erasure: a staff identifier, as the database requires (the writer keeps it as given). */
const OPERATOR = "ops-dana-1042"; // a staff identifier: no email or name (20261206230000)

const flags = (subjectId: string, ticket: string) => [
  "--subject",
  subjectId,
  "--basis",
  "no_longer_necessary",
  "--ticket",
  ticket,
  "--operator",
  OPERATOR,
];

/** `deno task gdpr:erase` as the operator runs it: the test's environment (the stack's), `env` over it. */
async function eraseScript(args: string[], env: Record<string, string> = {}) {
  const run = await new Deno.Command(Deno.execPath(), {
    cwd: new URL("../..", import.meta.url).pathname, // the repository: its deno.json and node_modules
    args: ["run", "-A", "scripts/gdpr/erase.ts", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: run.code, stdout: text.decode(run.stdout), stderr: text.decode(run.stderr) };
}

async function expectRevoked(call: Promise<{ error: unknown }>, what: string) {
  const answer = await refused(call);
  assert.equal(answer.status, 401, what);
  assert.equal(answer.body.error.code, "SESSION_EXPIRED", what);
  assert.equal((answer.body.error.details as { reason: string }).reason, "revoked", what);
}

async function privilegedSubject(label: string) {
  const org = await createOrganization(sql, label);
  const admin = await createPerson(sql, org, "admin");
  const director = await createPerson(sql, org, "medical_director");
  assert.equal((await dosing(director)).error, null, "the director's session begins");
  await ok(auditList(director));
  const refusal = await refused(eraseBy(admin, director.id));
  assert.equal(refusal.status, 409, "their organization may not erase them");
  assert.equal(refusal.body.error.code, "PRIVILEGED_SUBJECT");
  return { org, admin, director };
}

Deno.test(
  "erased in SQL as the service role (Redis never told): the session is refused at its next write",
  options,
  async () => {
    const { director } = await privilegedSubject("Operator erasure in SQL");
    const [done] = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true),
                      set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
      // The operator's erasure names who runs it, in plain SQL as in the script (20261206230000).
      const unnamed = await tx.savepoint((sp) =>
        sp`select gdpr.erase_subject(${director.id}::uuid, ${"e".repeat(64)},
          'no_longer_necessary', 'OPS-42', ${"erased-" + "y".repeat(20)})`
      ).then(
        () => "erased",
        (error: { code?: string; column_name?: string }) => `${error.code} ${error.column_name}`,
      );
      assert.equal(unnamed, "22023 operator", "no operator named: refused, the field named");
      return await tx`select gdpr.erase_subject(${director.id}::uuid, ${"e".repeat(64)},
        'no_longer_necessary', 'OPS-42', ${"erased-" + "y".repeat(20)},
        ${JSON.stringify({ metadata: { operator: "ops-42" } })}::text::jsonb) as summary`;
    });
    assert.equal(done.summary.deleted.user_sessions, 1, "their session's row is gone, nothing else told");

    // Their last write of last activity was over a persist interval ago: the next request writes it and
    // learns the answer. A seed from an earlier request's Redis miss may land after an edit and undo it
    // once; each later request seeds nothing, so within three tries an edit holds.
    let outcome;
    for (let attempt = 0; attempt < 3; attempt++) {
      await redis.hset(`sess:${director.sessionId}`, {
        p: Date.now() - DEFAULT_SESSION_POLICY.persistMs - 1000,
      });
      outcome = await dosing(director);
      if (outcome.error) break;
    }
    await expectRevoked(Promise.resolve(outcome!), "the clinical request after the write");
    await expectRevoked(auditList(director), "and the privileged read: nothing unattributed");
    assert.equal(await redis.hget(`sess:${director.sessionId}`, "e"), "revoked", "ended in Redis");

    // A token of theirs naming no session is refused before anything (it could not be ended), and one naming
    // a new session is refused by the session step: an erased person begins no session.
    const sessionless = {
      ...director,
      token: await userToken(director.id, {
        role: "medical_director",
        organization_id: director.organizationId,
      }, {
        session_id: undefined,
      }),
    };
    const noSession = await refused(exportBy(sessionless));
    assert.deepEqual(
      [noSession.status, noSession.body.error.code],
      [401, "TOKEN_INVALID"],
      "no session: 401",
    );
    const newSession = {
      ...director,
      token: await userToken(director.id, {
        role: "medical_director",
        organization_id: director.organizationId,
      }),
    };
    const own = await refused(exportBy(newSession));
    assert.deepEqual([own.status, own.body.error.code], [401, "SESSION_EXPIRED"], "a new session: 401");
  },
);

Deno.test(
  "deno task gdpr:erase: their organization learns of the erasure, Redis forgets them at once",
  options,
  async () => {
    const { org, admin, director } = await privilegedSubject("Operator erasure by script");
    const outsider = await createPerson(
      sql,
      await createOrganization(sql, "Operator erasure, elsewhere"),
      "admin",
    );
    const identity = `user:${director.id}`;
    await redis.set(`ban:${identity}`, new Date(Date.now() + 3600_000).toISOString(), { ex: 3600 });
    const limiterKeys = async () => {
      const found: string[] = [];
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, { match: `*${identity}*`, count: 1000 });
        found.push(...keys.filter((k) => !k.startsWith("sess:")));
        cursor = String(next);
      } while (cursor !== "0");
      return found;
    };
    assert.ok((await limiterKeys()).some((k) => k.startsWith("rl:")), "their requests were counted in Redis");

    const ticket = `OPS-${crypto.randomUUID().slice(0, 8)}`;
    const run = await eraseScript(flags(director.id, ticket));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stderr.includes("warning: --db-url"), "no warning: the database is SUPABASE_DB_URL's");
    const printed = JSON.parse(run.stdout);
    assert.equal(printed.alreadyErased, false);
    assert.equal(printed.operator, OPERATOR);
    assert.equal(printed.deleted.auth_users, 1, "the account is gone");
    assert.equal(printed.redis, "done");
    assert.equal(printed.sessionsRevoked, 1);
    assert.ok(printed.limiterKeysDeleted >= 2, "the ban and at least one window");
    assert.equal(printed.sessionIds, undefined, "no session id is printed");

    // Before any request of theirs: a refused request is still counted by the limiter, which runs first.
    assert.deepEqual(await limiterKeys(), [], "no limiter key or ban names them in Redis");
    await expectRevoked(dosing(director), "their session, at once");
    const [event] = await sql`select metadata from public.audit_logs
      where action = 'gdpr.erase' and metadata ->> 'reference' = ${ticket}`;
    assert.equal(event.metadata.via, "deno task gdpr:erase", "the operator's erasure is recorded");
    // The writer scrubs metadata by key name; "operator" is none of its personal keys: kept as given.
    assert.equal(event.metadata.operator, OPERATOR, "with who ran it, as given");

    const again = await ok(eraseBy(admin, director.id));
    assert.equal(again.data.alreadyErased, true, `organization ${org}: already erased, not unknown`);
    const exported = await refused(exportBy(admin, director.id));
    assert.deepEqual([exported.status, exported.body.error.code], [410, "SUBJECT_ERASED"]);
    const elsewhere = await refused(exportBy(outsider, director.id));
    assert.equal(elsewhere.status, 404, "another organization learns nothing");
  },
);

Deno.test(
  "deno task gdpr:erase --db-url: still the database it uses, with a warning for its password",
  options,
  async () => {
    const subject = await createPerson(sql, await createOrganization(sql, "Operator erasure, db-url"), "emt");
    const ticket = `OPS-${crypto.randomUUID().slice(0, 8)}`;
    const dbUrl = stackEnv("SUPABASE_DB_URL");
    assert.notEqual(new URL(dbUrl).password, "", "the stack's URL carries a password");
    // The environment's database does not exist: the erasure can only have gone to --db-url's.
    const run = await eraseScript([...flags(subject.id, ticket), "--db-url", dbUrl], {
      SUPABASE_DB_URL: "postgresql://postgres@127.0.0.1:9/no_such_database",
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^warning: --db-url carries a password, .*set SUPABASE_DB_URL/m);
    assert.ok(!run.stderr.includes(new URL(dbUrl).password + "@"), "the warning does not repeat it");
    const [event] = await sql`select metadata from public.audit_logs
      where action = 'gdpr.erase' and metadata ->> 'reference' = ${ticket}`;
    assert.equal(event.metadata.operator, OPERATOR);
    const [{ n }] = await sql`select count(*)::int as n from public.users where id = ${subject.id}`;
    assert.equal(n, 0, "erased");
  },
);

Deno.test(
  "deno task gdpr:erase without --operator: exit 2 and the usage line, nothing erased",
  options,
  async () => {
    const subject = await createPerson(
      sql,
      await createOrganization(sql, "Operator erasure, unnamed"),
      "emt",
    );
    const ticket = `OPS-${crypto.randomUUID().slice(0, 8)}`;
    const run = await eraseScript(flags(subject.id, ticket).slice(0, -2));
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^--operator is required\nusage: deno task gdpr:erase .*--operator <staff id>/,
    );
    assert.equal(run.stdout, "");
    const [{ n }] = await sql`select count(*)::int as n from public.users where id = ${subject.id}`;
    assert.equal(n, 1, "their account is still there");
    const events = await sql`select 1 from public.audit_logs
      where action = 'gdpr.erase' and metadata ->> 'reference' = ${ticket}`;
    assert.equal(events.length, 0, "and no erasure was recorded");
  },
);

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
