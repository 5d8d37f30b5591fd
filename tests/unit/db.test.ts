/** Pure parts of db.ts (no database): what asUser would set. Integration: tests/integration/db.test.ts. */
import assert from "node:assert/strict";
import { GUEST_IDENTITY, identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import {
  asAuditReader,
  asAuditReaderPipelined,
  asJobs,
  asLoginFor,
  asOperator,
  asService,
  asUser,
  closeDb,
  createSql,
  db,
  DOOR_POOL_MAX,
  doorDb,
  isFunctionsLogin,
  JOBS_POOL_MAX,
  jobsDb,
  loginOf,
  preparedStatementsAllowed,
  requestInfo,
  requestSettings,
  SERVER_ROLE,
} from "../../functions-shared/platform/db.ts";
import { resetConfig } from "../../functions-shared/core/config.ts";
import { userClaims } from "./_helpers.ts";

Deno.test("requestSettings from an Identity: its dbRole and claims", () => {
  const user = identityFromClaims(userClaims());
  const settings = requestSettings(user);
  assert.equal(settings.role, "authenticated");
  assert.deepEqual(JSON.parse(settings.claimsJson), userClaims());
  assert.equal(settings.method, "");
  assert.equal(settings.headersJson, "{}");
});

Deno.test("requestSettings for a guest runs as anon with {role: anon}", () => {
  const settings = requestSettings(GUEST_IDENTITY);
  assert.equal(settings.role, "anon");
  assert.deepEqual(JSON.parse(settings.claimsJson), { role: "anon" });
});

Deno.test("requestSettings from a handler ctx takes method, path and headers from its request, credentials redacted", () => {
  const req = new Request("https://x.example/dosing/abc?x=1", {
    method: "POST",
    headers: {
      Authorization: "Bearer secret",
      apikey: "anon-key",
      Cookie: "sb=1",
      "X-Client-Info": "ipad/1.2",
    },
  });
  const settings = requestSettings({ identity: identityFromClaims(userClaims()), req });
  assert.equal(settings.method, "POST");
  assert.equal(settings.path, "/dosing/abc");
  assert.deepEqual(JSON.parse(settings.headersJson), { "x-client-info": "ipad/1.2" });
  assert.deepEqual(requestInfo(req).headers, { "x-client-info": "ipad/1.2" });
});

Deno.test("requestSettings from raw claims uses claims.role, and only an allowlisted one", () => {
  assert.equal(requestSettings({ role: "anon" }).role, "anon");
  for (const role of ["postgres", "supabase_admin", "authenticator", "anon; drop table x", undefined]) {
    assert.throws(() => requestSettings({ role }), /Refusing to run as database role/);
  }
});

Deno.test("a service-key caller and the server run as medic_server with the service role's claims, never as service_role", () => {
  const service = identityFromClaims({ role: "service_role", iss: "supabase" });
  for (const settings of [requestSettings(service), requestSettings({ role: "service_role" })]) {
    assert.equal(settings.role, SERVER_ROLE);
    assert.equal(JSON.parse(settings.claimsJson).role, "service_role", "auth.role() still names the server");
  }
  assert.equal(SERVER_ROLE, "medic_server");
});

Deno.test("asOperator (service_role) is refused on a pool that logs in as the functions' login, before connecting", async () => {
  const logins = [
    "postgres://medic_edge:pw@127.0.0.1:1/postgres",
    "postgresql://medic_edge.abcdefghijklmnop:pw@aws-0-x.pooler.supabase.com:6543/postgres",
  ];
  for (const url of logins) {
    // Port 1 and a pooler host nobody answers for here: a connection attempt would fail differently.
    const sql = createSql({ url, max: 1 });
    try {
      assert.equal(isFunctionsLogin(sql), true, url);
      let ran = false;
      await assert.rejects(
        asOperator(() => Promise.resolve(ran = true), { sql }),
        /Refusing to run as service_role on the medic_edge login/,
      );
      assert.equal(ran, false);
    } finally {
      await sql.end({ timeout: 0 });
    }
  }
  const owner = createSql({ url: "postgres://postgres:pw@127.0.0.1:1/postgres", max: 1 });
  const lookalike = createSql({ url: "postgres://medic_edge_owner:pw@127.0.0.1:1/postgres", max: 1 });
  assert.equal(isFunctionsLogin(owner), false);
  assert.equal(isFunctionsLogin(lookalike), false);
  await Promise.all([owner.end({ timeout: 0 }), lookalike.end({ timeout: 0 })]);
});

/** Sets the logins' URLs (and nothing else) for `work`, with fresh pools; restores them after. */
async function withLoginUrls(
  urls: Record<string, string | undefined>,
  work: () => Promise<void>,
): Promise<void> {
  const before = Object.fromEntries(Object.keys(urls).map((name) => [name, Deno.env.get(name)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      value === undefined ? Deno.env.delete(name) : Deno.env.set(name, value);
    }
  };
  try {
    apply(urls);
    resetConfig();
    await closeDb();
    await work();
  } finally {
    apply(before);
    resetConfig();
    await closeDb();
  }
}

// Port 1: pools connect lazily and a refusal comes before any connection; one attempted would fail otherwise.
const LOGIN_URLS = {
  MEDIC_EDGE_DB_URL: "postgres://someone:p@127.0.0.1:1/postgres",
  MEDIC_AUDIT_DB_URL: "postgres://someone-else:p@127.0.0.1:1/postgres",
  MEDIC_JOBS_DB_URL: "postgres://another:p@127.0.0.1:1/postgres",
};

Deno.test("the isolate's own pools are their logins whatever their user name", async () => {
  await withLoginUrls(LOGIN_URLS, async () => {
    assert.deepEqual([loginOf(db()), loginOf(doorDb()), loginOf(jobsDb())], [
      "medic_edge",
      "medic_audit",
      "medic_jobs",
    ]);
    for (const pool of [db(), doorDb(), jobsDb()]) {
      assert.equal(isFunctionsLogin(pool), true);
      await assert.rejects(
        asOperator(() => Promise.resolve(), { sql: pool }),
        /Refusing to run as service_role/,
      );
    }
  });
});

Deno.test("each pool refuses, before sending anything, a role its login may not take", async () => {
  await withLoginUrls(LOGIN_URLS, async () => {
    const user = identityFromClaims(userClaims());
    let ran = 0;
    const work = () => Promise.resolve(void ran++);
    const pipelined = () => Promise.resolve({ result: ran++, last: [] });
    const refusals: [string, Promise<unknown>, RegExp][] = [
      // The request path's login: neither the door's role nor the jobs'.
      [
        "audit_reader on db()",
        asAuditReader(user, work, { sql: db() }),
        /audit_reader on the medic_edge login/,
      ],
      [
        "the pipelined door on db()",
        asAuditReaderPipelined(user, pipelined, { sql: db() }),
        /audit_reader on the medic_edge login/,
      ],
      ["the jobs' role on db()", asJobs(work, { sql: db() }), /medic_job_writer on the medic_edge login/],
      // The door's login: the door only.
      [
        "medic_server on the door",
        asService(work, { sql: doorDb() }),
        /medic_server on the medic_audit login/,
      ],
      [
        "a request role on the door",
        asUser(user, work, { sql: doorDb() }),
        /authenticated on the medic_audit login/,
      ],
      [
        "the login itself on the door",
        asLoginFor(user, work, { sql: doorDb() }),
        /none on the medic_audit login/,
      ],
      [
        "the jobs' role on the door",
        asJobs(work, { sql: doorDb() }),
        /medic_job_writer on the medic_audit login/,
      ],
      // The jobs' login: the jobs' role only.
      [
        "medic_server on the jobs'",
        asService(work, { sql: jobsDb() }),
        /medic_server on the medic_jobs login/,
      ],
      [
        "audit_reader on the jobs'",
        asAuditReader(user, work, { sql: jobsDb() }),
        /audit_reader on the medic_jobs login/,
      ],
      [
        "a request role on the jobs'",
        asUser(user, work, { sql: jobsDb() }),
        /authenticated on the medic_jobs login/,
      ],
    ];
    for (const [what, refused, message] of refusals) await assert.rejects(refused, message, what);
    assert.equal(ran, 0, "no work ran");
  });
});

Deno.test("by default the door reads on the door's pool and the jobs run on the jobs' pool", async () => {
  // Each login's URL on a port of its own that refuses: the refusal names the pool that was asked.
  const urls = {
    MEDIC_EDGE_DB_URL: "postgres://someone:p@127.0.0.1:1/postgres",
    MEDIC_AUDIT_DB_URL: "postgres://someone-else:p@127.0.0.1:2/postgres",
    MEDIC_JOBS_DB_URL: "postgres://another:p@127.0.0.1:3/postgres",
  };
  await withLoginUrls(urls, async () => {
    const user = identityFromClaims(userClaims());
    const work = () => Promise.resolve(1);
    await assert.rejects(asAuditReader(user, work), /127\.0\.0\.1:2\b/);
    await assert.rejects(
      asAuditReaderPipelined(user, () => Promise.resolve({ result: 1, last: [] })),
      /127\.0\.0\.1:2\b/,
    );
    await assert.rejects(asJobs(work), /127\.0\.0\.1:3\b/);
    await assert.rejects(asService(work), /127\.0\.0\.1:1\b/);
  });
});

Deno.test("without its URL the door and the jobs refuse: never a fall back to the request path's login", async () => {
  await withLoginUrls(
    { ...LOGIN_URLS, MEDIC_AUDIT_DB_URL: undefined, MEDIC_JOBS_DB_URL: undefined },
    async () => {
      const user = identityFromClaims(userClaims());
      await assert.rejects(asAuditReader(user, () => Promise.resolve(1)), /MEDIC_AUDIT_DB_URL is not set/);
      await assert.rejects(
        asAuditReaderPipelined(user, () => Promise.resolve({ result: 1, last: [] })),
        /MEDIC_AUDIT_DB_URL is not set/,
      );
      await assert.rejects(asJobs(() => Promise.resolve(1)), /MEDIC_JOBS_DB_URL is not set/);
      assert.throws(() => doorDb(), /MEDIC_AUDIT_DB_URL is not set/);
      assert.throws(() => jobsDb(), /MEDIC_JOBS_DB_URL is not set/);
    },
  );
});

Deno.test("the door prepares its statements except through the transaction pooler (port 6543)", () => {
  assert.equal(preparedStatementsAllowed("postgres://u:p@127.0.0.1:54322/postgres"), true);
  assert.equal(preparedStatementsAllowed("postgresql://u:p@db.abc.supabase.co:5432/postgres"), true);
  assert.equal(preparedStatementsAllowed("postgres://u:p@db.abc.supabase.co/postgres"), true, "default port");
  assert.equal(preparedStatementsAllowed("postgres://u:p@aws-0-x.pooler.supabase.com:6543/postgres"), false);
  assert.equal(preparedStatementsAllowed(undefined), false);
  assert.equal(preparedStatementsAllowed("not a url"), false);
});

Deno.test("the door's pool is small and prepares except through the transaction pooler; the jobs' is small", async () => {
  for (
    const [url, prepared] of [["postgres://u:p@aws-0-x.pooler.supabase.com:6543/postgres", false], [
      "postgres://u:p@127.0.0.1:1/postgres",
      true,
    ]] as const
  ) {
    await withLoginUrls({ ...LOGIN_URLS, MEDIC_AUDIT_DB_URL: url }, () => {
      // pools connect lazily: nothing here opens a connection
      assert.notEqual(doorDb(), db(), url);
      assert.equal(doorDb().options.max, DOOR_POOL_MAX);
      assert.equal((doorDb().options as { prepare?: boolean }).prepare, prepared, url);
      assert.notEqual(jobsDb(), db());
      assert.equal(jobsDb().options.max, JOBS_POOL_MAX);
      assert.equal((jobsDb().options as { prepare?: boolean }).prepare, false);
      return Promise.resolve();
    });
  }
});
