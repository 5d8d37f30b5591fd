import assert from "node:assert/strict";
import { loadConfig } from "../../functions-shared/core/config.ts";

Deno.test("config defaults fail closed: production, no origins, no keys, 64 KiB bodies", () => {
  const config = loadConfig({});
  assert.equal(config.appEnv, "production");
  assert.equal(config.isDevelopment, false);
  assert.deepEqual(config.allowedOrigins, []);
  assert.equal(config.jwtSecret, undefined);
  assert.equal(config.jwtJwksUrl, undefined);
  assert.equal(config.maxBodyBytes, 65536);
  assert.equal(config.dbPoolMax, 3);
});

Deno.test("APP_ENV wins over ENVIRONMENT; either can select development", () => {
  assert.equal(loadConfig({ ENVIRONMENT: "Development" }).isDevelopment, true);
  assert.equal(loadConfig({ APP_ENV: "development", ENVIRONMENT: "production" }).isDevelopment, true);
  assert.equal(loadConfig({ APP_ENV: "staging", ENVIRONMENT: "development" }).isDevelopment, false);
});

Deno.test("ALLOWED_ORIGINS is a trimmed comma list; numbers are coerced", () => {
  const config = loadConfig({
    ALLOWED_ORIGINS: " https://a.example , ,https://b.example:8443 ",
    MAX_BODY_BYTES: "1024",
    DB_POOL_MAX: "1",
    JWT_SECRET: "  ",
  });
  assert.deepEqual(config.allowedOrigins, ["https://a.example", "https://b.example:8443"]);
  assert.equal(config.maxBodyBytes, 1024);
  assert.equal(config.dbPoolMax, 1);
  assert.equal(config.jwtSecret, undefined, "blank secret counts as unset");
});

Deno.test('JWT_AUDIENCE: Supabase Auth\'s "authenticated" by default (blank too), else a trimmed comma list', () => {
  assert.deepEqual(loadConfig({}).jwtAudiences, ["authenticated"]);
  assert.deepEqual(loadConfig({ JWT_AUDIENCE: " , " }).jwtAudiences, ["authenticated"]);
  assert.deepEqual(loadConfig({ JWT_AUDIENCE: " medic-bot, authenticated ," }).jwtAudiences, [
    "medic-bot",
    "authenticated",
  ]);
});

Deno.test("invalid environment names the variable, never its value", () => {
  assert.throws(
    () => loadConfig({ MAX_BODY_BYTES: "lots", JWT_JWKS_URL: "ftp://secret-host/jwks" }),
    (error: Error) =>
      /MAX_BODY_BYTES/.test(error.message) && /JWT_JWKS_URL/.test(error.message) &&
      !/secret-host|lots/.test(error.message),
  );
});
