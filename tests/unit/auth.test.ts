import assert from "node:assert/strict";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import {
  type AuthOptions,
  bearerToken,
  GUEST_IDENTITY,
  identify,
  identityFromClaims,
  toUserRole,
  USER_ROLES,
  verifyToken,
} from "../../functions-shared/pipeline/auth.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from "../../scripts/stack/keys.ts";
import { hsToken, OTHER_SECRET, TEST_SECRET, unsignedToken, userClaims } from "./_helpers.ts";

const hsOnly: AuthOptions = { hsSecret: TEST_SECRET };

async function rejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpError, `expected HttpError, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

/** A JWKS with one key of `alg`, plus a signer for it (and the private key, to forge with a twin). */
async function localKeySet(alg: "ES256" | "RS256", kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  const sign = (
    claims: Record<string, unknown>,
    key = privateKey,
    exp = Math.floor(Date.now() / 1000) + 600,
  ) => new SignJWT(claims).setProtectedHeader({ alg, kid }).setExpirationTime(exp).sign(key);
  return { jwks: createLocalJWKSet({ keys: [jwk] }), sign };
}

Deno.test("bearerToken: none → null; Bearer (any case) → token; anything else → AUTH_HEADER_MALFORMED", () => {
  assert.equal(bearerToken(null), null);
  assert.equal(bearerToken("Bearer abc.def.ghi"), "abc.def.ghi");
  assert.equal(bearerToken("bearer abc.def.ghi"), "abc.def.ghi");
  for (
    const bad of ["", "Bearer", "Bearer ", "Basic dXNlcjpwdw==", "abc.def.ghi", "Bearer a b", "Token abc"]
  ) {
    assert.throws(
      () => bearerToken(bad),
      (e: HttpError) => e.status === 401 && e.code === "AUTH_HEADER_MALFORMED",
      bad,
    );
  }
});

Deno.test("HS256 token signed with the secret verifies", async () => {
  const claims = await verifyToken(await hsToken(userClaims()), hsOnly);
  assert.equal(claims.sub, userClaims().sub);
});

Deno.test("HS256 token signed with another secret → TOKEN_INVALID", async () => {
  await rejectsWith(
    verifyToken(await hsToken(userClaims(), { secret: OTHER_SECRET }), hsOnly),
    401,
    "TOKEN_INVALID",
  );
});

Deno.test("expired token → TOKEN_EXPIRED (beyond the clock tolerance)", async () => {
  await rejectsWith(
    verifyToken(await hsToken(userClaims(), { expiresIn: -60 }), hsOnly),
    401,
    "TOKEN_EXPIRED",
  );
});

Deno.test("token without exp → TOKEN_INVALID", async () => {
  const token = await new SignJWT(userClaims()).setProtectedHeader({ alg: "HS256" }).sign(
    new TextEncoder().encode(TEST_SECRET),
  );
  await rejectsWith(verifyToken(token, hsOnly), 401, "TOKEN_INVALID");
});

Deno.test("alg none → TOKEN_ALG_NOT_ALLOWED, decided from the header before verifying", async () => {
  await rejectsWith(
    verifyToken(unsignedToken(userClaims({ app_metadata: { role: "admin" } })), hsOnly),
    401,
    "TOKEN_ALG_NOT_ALLOWED",
  );
});

Deno.test("algorithms without a configured key are not allowed (HS256 with JWKS only, ES256 with secret only)", async () => {
  const { jwks, sign } = await localKeySet("ES256", "k1");
  await rejectsWith(verifyToken(await hsToken(userClaims()), { jwks }), 401, "TOKEN_ALG_NOT_ALLOWED");
  await rejectsWith(verifyToken(await sign(userClaims()), hsOnly), 401, "TOKEN_ALG_NOT_ALLOWED");
  const hs512 = await new SignJWT(userClaims()).setProtectedHeader({ alg: "HS512" }).setExpirationTime("1h")
    .sign(new TextEncoder().encode(TEST_SECRET));
  await rejectsWith(verifyToken(hs512, hsOnly), 401, "TOKEN_ALG_NOT_ALLOWED");
});

Deno.test("malformed tokens → TOKEN_INVALID", async () => {
  for (const token of ["abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "a.b.c.d.e"]) {
    await rejectsWith(verifyToken(token, hsOnly), 401, "TOKEN_INVALID");
  }
});

Deno.test("ES256 and RS256 verify through a JWKS getter; a key not in the set → TOKEN_INVALID", async () => {
  const es = await localKeySet("ES256", "es-1");
  assert.equal((await verifyToken(await es.sign(userClaims()), { jwks: es.jwks })).role, "authenticated");

  const rs = await localKeySet("RS256", "rs-1");
  assert.equal((await verifyToken(await rs.sign(userClaims()), { jwks: rs.jwks })).role, "authenticated");

  const impostor = await localKeySet("ES256", "es-1"); // same kid, different key
  await rejectsWith(verifyToken(await impostor.sign(userClaims()), { jwks: es.jwks }), 401, "TOKEN_INVALID");
});

Deno.test("both HS256 and JWKS configured: each token checked against its own key kind", async () => {
  const es = await localKeySet("ES256", "es-2");
  const both: AuthOptions = { hsSecret: TEST_SECRET, jwks: es.jwks };
  assert.equal((await verifyToken(await hsToken({ role: "anon" }), both)).role, "anon");
  assert.equal((await verifyToken(await es.sign(userClaims()), both)).role, "authenticated");
});

Deno.test("aud: a token naming the accepted audience, alone or among others, verifies", async () => {
  for (const aud of ["authenticated", ["authenticated"], ["storage", "authenticated"]]) {
    const claims = await verifyToken(await hsToken(userClaims({ aud })), hsOnly);
    assert.deepEqual(claims.aud, aud);
  }
  // The asymmetric path is checked the same way.
  const { jwks, sign } = await localKeySet("ES256", "key-aud");
  assert.equal((await verifyToken(await sign(userClaims()), { jwks })).aud, "authenticated");
  await rejectsWith(verifyToken(await sign(userClaims({ aud: "storage" })), { jwks }), 401, "TOKEN_INVALID");
});

Deno.test("aud: a token for another audience → 401 TOKEN_INVALID that says so, though signed with our key", async () => {
  for (const aud of ["storage", ["storage", "realtime"], [], "", "Authenticated", [5], null]) {
    const refusal = verifyToken(await hsToken(userClaims({ aud })), hsOnly);
    await assert.rejects(refusal, (error: unknown) => {
      assert.ok(error instanceof HttpError, `${JSON.stringify(aud)}: ${error}`);
      assert.deepEqual([error.status, error.code], [401, "TOKEN_INVALID"], JSON.stringify(aud));
      assert.match(error.message, /audience \(aud\)/);
      return true;
    });
  }
  // Through identify too: a refusal, never a downgrade to guest.
  const header = { Authorization: `Bearer ${await hsToken(userClaims({ aud: "storage" }))}` };
  await rejectsWith(
    identify(new Request("https://x.example/fn", { headers: header }), hsOnly),
    401,
    "TOKEN_INVALID",
  );
});

Deno.test("aud: a token without one is accepted — the project's anon and service-role keys as Supabase issues them", async () => {
  const local = { hsSecret: LOCAL_JWT_SECRET };
  const anon = await verifyToken(LOCAL_ANON_KEY, local);
  const service = await verifyToken(LOCAL_SERVICE_ROLE_KEY, local);
  assert.deepEqual([anon.role, anon.aud, service.role, service.aud], [
    "anon",
    undefined,
    "service_role",
    undefined,
  ]);
  const { aud: _aud, ...withoutAud } = userClaims();
  assert.equal((await verifyToken(await hsToken(withoutAud), hsOnly)).sub, userClaims().sub);
});

Deno.test("aud: the accepted audiences are configurable (JWT_AUDIENCE), and only those are accepted", async () => {
  const custom: AuthOptions = { hsSecret: TEST_SECRET, audiences: ["medic-bot", "medic-bot-console"] };
  for (const aud of ["medic-bot", ["x", "medic-bot-console"]]) {
    assert.deepEqual((await verifyToken(await hsToken(userClaims({ aud })), custom)).aud, aud);
  }
  await rejectsWith(verifyToken(await hsToken(userClaims()), custom), 401, "TOKEN_INVALID");
  await rejectsWith(verifyToken(await hsToken(userClaims({ aud: "medic" })), custom), 401, "TOKEN_INVALID");
  assert.equal((await verifyToken(LOCAL_ANON_KEY, { ...custom, hsSecret: LOCAL_JWT_SECRET })).role, "anon");
});

Deno.test("no verification configured is a server error, not a client one", async () => {
  await assert.rejects(
    verifyToken(await hsToken(userClaims()), {}),
    (e: unknown) => !(e instanceof HttpError),
  );
});

Deno.test("identify: no Authorization → guest", async () => {
  assert.equal(await identify(new Request("https://x.example/fn"), hsOnly), GUEST_IDENTITY);
  assert.deepEqual(
    { kind: GUEST_IDENTITY.kind, dbRole: GUEST_IDENTITY.dbRole, userRole: GUEST_IDENTITY.userRole },
    { kind: "guest", dbRole: "anon", userRole: "guest" },
  );
});

Deno.test("identify: anon key → anon/guest; service_role key → service", async () => {
  const anon = await identify(
    new Request("https://x.example/fn", {
      headers: { Authorization: `Bearer ${await hsToken({ role: "anon" })}` },
    }),
    hsOnly,
  );
  assert.deepEqual([anon.kind, anon.dbRole, anon.userRole, anon.userId], [
    "anon",
    "anon",
    "guest",
    undefined,
  ]);
  const service = identityFromClaims({ role: "service_role" });
  assert.deepEqual([service.kind, service.dbRole, service.userRole], ["service", "service_role", "guest"]);
});

Deno.test("identify: an authenticated user gets role, ids and org from app_metadata and the token", async () => {
  const token = await hsToken(userClaims());
  const user = await identify(
    new Request("https://x.example/fn", { headers: { Authorization: `Bearer ${token}` } }),
    hsOnly,
  );
  assert.equal(user.kind, "user");
  assert.equal(user.dbRole, "authenticated");
  assert.equal(user.userRole, "paramedic");
  assert.equal(user.userId, userClaims().sub);
  assert.equal(user.sessionId, userClaims().session_id);
  assert.equal(user.organizationId, "org-la-county-station-12");
  assert.equal(user.token, token);
  assert.ok(Object.isFrozen(user) && Object.isFrozen(user.claims));
});

Deno.test("user_metadata.role never grants a role; unknown or missing app_metadata.role → guest", () => {
  const selfPromoted = identityFromClaims(userClaims({ app_metadata: {}, user_metadata: { role: "admin" } }));
  assert.equal(selfPromoted.userRole, "guest");
  const alsoSelfPromoted = identityFromClaims(
    userClaims({ app_metadata: { role: "emt" }, user_metadata: { role: "admin" } }),
  );
  assert.equal(alsoSelfPromoted.userRole, "emt");
  assert.equal(identityFromClaims(userClaims({ app_metadata: { role: "superuser" } })).userRole, "guest");
  assert.equal(identityFromClaims(userClaims({ app_metadata: "admin" })).userRole, "guest");
  assert.equal(
    identityFromClaims(userClaims({ app_metadata: { role: "medical_director" } })).userRole,
    "medical_director",
  );
});

Deno.test("a token for a database role we do not serve, or a user without sub, → TOKEN_INVALID", () => {
  for (
    const claims of [{ role: "postgres" }, { role: "supabase_admin" }, {}, userClaims({ sub: undefined })]
  ) {
    assert.throws(
      () => identityFromClaims(claims),
      (e: HttpError) => e.status === 401 && e.code === "TOKEN_INVALID",
    );
  }
});

Deno.test("USER_ROLES lists the end-user roles and toUserRole accepts only those", () => {
  assert.deepEqual([...USER_ROLES], ["paramedic", "emt", "medical_director", "admin", "guest"]);
  assert.equal(toUserRole("admin"), "admin");
  assert.equal(toUserRole("Admin"), "guest");
  assert.equal(toUserRole(undefined), "guest");
});
