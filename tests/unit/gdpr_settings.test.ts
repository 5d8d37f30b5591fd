// gdpr-export's secrets: a missing salt or key is refused, by this reader and by the pipeline's
// configuration check, and the message names the variable, never a value.
import assert from "node:assert/strict";
import { GdprConfigError, loadGdprSettings } from "../../functions-shared/handlers/gdpr_export/settings.ts";
import { MIN_SALT_LENGTH } from "../../functions-shared/handlers/gdpr_export/pseudonymise.ts";
import { configProblems } from "../../functions-shared/core/required_config.ts";

const SALT = "a-salt-that-is-long-enough-for-the-hash-strategy";
const KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

Deno.test("settings: salt and key are read and checked", () => {
  const settings = loadGdprSettings({ GDPR_PSEUDONYM_SALT: SALT, GDPR_ENCRYPTION_KEY: KEY });
  assert.equal(settings.salt, SALT);
  assert.equal(settings.encryptionKey.length, 32);
});

Deno.test("settings: a missing or short salt is an error naming the variable, not its value", () => {
  for (const salt of [undefined, "", "short-salt"]) {
    assert.throws(
      () => loadGdprSettings({ GDPR_PSEUDONYM_SALT: salt, GDPR_ENCRYPTION_KEY: KEY }),
      (error: Error) =>
        error instanceof GdprConfigError && error.message.includes("GDPR_PSEUDONYM_SALT") &&
        (salt === undefined || salt === "" || !error.message.includes(salt)),
    );
  }
});

Deno.test("settings: a missing or malformed key is an error", () => {
  for (const key of [undefined, "not base64 !", btoa("sixteen-bytes-ok")]) {
    assert.throws(
      () => loadGdprSettings({ GDPR_PSEUDONYM_SALT: SALT, GDPR_ENCRYPTION_KEY: key }),
      (error: Error) => error instanceof GdprConfigError && error.message.includes("GDPR_ENCRYPTION_KEY"),
    );
  }
});

Deno.test("the declared requirements (core/required_config.ts) agree with these checks", () => {
  const complete = { GDPR_PSEUDONYM_SALT: "s".repeat(MIN_SALT_LENGTH), GDPR_ENCRYPTION_KEY: KEY };
  const gdprProblems = (env: Record<string, string | undefined>) =>
    configProblems("gdpr-export", env).filter((p) => p.name.startsWith("GDPR_")).map((p) =>
      `${p.name} ${p.problem}`
    );
  assert.deepEqual(gdprProblems(complete), []);
  loadGdprSettings(complete); // accepted here too
  const cases: [Record<string, string | undefined>, string][] = [
    [{ ...complete, GDPR_PSEUDONYM_SALT: "s".repeat(MIN_SALT_LENGTH - 1) }, "GDPR_PSEUDONYM_SALT invalid"],
    [{ ...complete, GDPR_PSEUDONYM_SALT: undefined }, "GDPR_PSEUDONYM_SALT missing"],
    [{ ...complete, GDPR_ENCRYPTION_KEY: btoa("sixteen-bytes-ok") }, "GDPR_ENCRYPTION_KEY invalid"],
  ];
  for (const [env, expected] of cases) {
    assert.deepEqual(gdprProblems(env), [expected]);
    assert.throws(() => loadGdprSettings(env), GdprConfigError);
  }
});
