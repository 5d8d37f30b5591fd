// gdpr-export's secrets: a missing salt or key stops the function from starting (a boot error), and the
// message names the variable, never a value.
import assert from "node:assert/strict";
import { GdprConfigError, loadGdprSettings } from "../../functions-shared/handlers/gdpr_export/settings.ts";

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

Deno.test("the gdpr-export function does not start without its salt", async () => {
  const saved = { salt: Deno.env.get("GDPR_PSEUDONYM_SALT"), key: Deno.env.get("GDPR_ENCRYPTION_KEY") };
  Deno.env.delete("GDPR_PSEUDONYM_SALT");
  Deno.env.set("GDPR_ENCRYPTION_KEY", KEY);
  try {
    await assert.rejects(
      () => import(`../../supabase/functions/gdpr-export/index.ts?boot=${crypto.randomUUID()}`),
      (error: Error) => error instanceof GdprConfigError && error.message.includes("GDPR_PSEUDONYM_SALT"),
    );
  } finally {
    if (saved.salt !== undefined) Deno.env.set("GDPR_PSEUDONYM_SALT", saved.salt);
    if (saved.key !== undefined) Deno.env.set("GDPR_ENCRYPTION_KEY", saved.key);
    else Deno.env.delete("GDPR_ENCRYPTION_KEY");
  }
});
