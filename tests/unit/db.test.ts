/** Pure parts of db.ts (no database): what asUser would set. Integration: tests/integration/db.test.ts. */
import assert from "node:assert/strict";
import { GUEST_IDENTITY, identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import {
  asOperator,
  closeDb,
  createSql,
  db,
  DOOR_POOL_MAX,
  doorDb,
  isFunctionsLogin,
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
        /Refusing to run as service_role on the functions' login \(medic_edge\)/,
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

Deno.test("the isolate's own pools (MEDIC_EDGE_DB_URL) are the functions' login whatever their user name", async () => {
  const before = Deno.env.get("MEDIC_EDGE_DB_URL");
  try {
    Deno.env.set("MEDIC_EDGE_DB_URL", "postgres://someone:p@127.0.0.1:1/postgres");
    resetConfig();
    await closeDb();
    assert.equal(isFunctionsLogin(db()), true);
    assert.equal(isFunctionsLogin(doorDb()), true);
    await assert.rejects(
      asOperator(() => Promise.resolve(), { sql: db() }),
      /Refusing to run as service_role/,
    );
  } finally {
    if (before === undefined) Deno.env.delete("MEDIC_EDGE_DB_URL");
    else Deno.env.set("MEDIC_EDGE_DB_URL", before);
    resetConfig();
    await closeDb();
  }
});

Deno.test("the door prepares its statements except through the transaction pooler (port 6543)", () => {
  assert.equal(preparedStatementsAllowed("postgres://u:p@127.0.0.1:54322/postgres"), true);
  assert.equal(preparedStatementsAllowed("postgresql://u:p@db.abc.supabase.co:5432/postgres"), true);
  assert.equal(preparedStatementsAllowed("postgres://u:p@db.abc.supabase.co/postgres"), true, "default port");
  assert.equal(preparedStatementsAllowed("postgres://u:p@aws-0-x.pooler.supabase.com:6543/postgres"), false);
  assert.equal(preparedStatementsAllowed(undefined), false);
  assert.equal(preparedStatementsAllowed("not a url"), false);
});

Deno.test("through the transaction pooler the door is the isolate's one pool; elsewhere a small one of its own", async () => {
  const before = Deno.env.get("MEDIC_EDGE_DB_URL");
  try {
    for (
      const [url, own] of [["postgres://u:p@aws-0-x.pooler.supabase.com:6543/postgres", false], [
        "postgres://u:p@127.0.0.1:1/postgres",
        true,
      ]] as const
    ) {
      Deno.env.set("MEDIC_EDGE_DB_URL", url);
      resetConfig();
      await closeDb();
      // pools connect lazily: nothing here opens a connection
      assert.equal(doorDb() !== db(), own, url);
      if (own) {
        assert.equal(doorDb().options.max, DOOR_POOL_MAX);
        assert.equal((doorDb().options as { prepare?: boolean }).prepare, true);
      }
    }
  } finally {
    before === undefined ? Deno.env.delete("MEDIC_EDGE_DB_URL") : Deno.env.set("MEDIC_EDGE_DB_URL", before);
    resetConfig();
    await closeDb();
  }
});
