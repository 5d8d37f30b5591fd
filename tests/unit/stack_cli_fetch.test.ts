/**
 * The stack's Supabase CLI call (scripts/stack/migrate.ts) tries again only when npx could not fetch the CLI
 * from the registry, never when the CLI ran and failed (a migration's error must surface at once).
 */
import assert from "node:assert/strict";
import { NPM_UNREACHED } from "../../scripts/stack/migrate.ts";

Deno.test("npm's network and certificate failures are a registry not reached", () => {
  for (
    const printed of [
      "npm error code ECONNRESET\nnpm error network aborted",
      "npm ERR! code EAI_AGAIN\nnpm ERR! errno EAI_AGAIN",
      "npm error code UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      "npm error code SELF_SIGNED_CERT_IN_CHAIN",
      "npm error network request to https://registry.npmjs.org/supabase failed, reason: socket hang up",
    ]
  ) assert.match(printed, NPM_UNREACHED, printed);
});

Deno.test("a missing package or the CLI's own failure is not retried", () => {
  for (
    const printed of [
      "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/supabase-nope",
      'Applying migration 20261205130000_reveal_probe_index.sql...\nERROR: relation "x" does not exist (SQLSTATE 42P01)',
      "failed to connect to postgres: dial tcp 127.0.0.1:5432: connect: connection refused",
    ]
  ) assert.doesNotMatch(printed, NPM_UNREACHED, printed);
});
