import assert from "node:assert/strict";
import { jwtVerify } from "jose";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from "../../scripts/stack/keys.ts";

const secret = new TextEncoder().encode(LOCAL_JWT_SECRET);

Deno.test("the local anon and service-role keys are valid HS256 tokens for the local secret", async () => {
  const anon = await jwtVerify(LOCAL_ANON_KEY, secret, { algorithms: ["HS256"] });
  assert.equal(anon.payload.role, "anon");
  const service = await jwtVerify(LOCAL_SERVICE_ROLE_KEY, secret, { algorithms: ["HS256"] });
  assert.equal(service.payload.role, "service_role");
});
