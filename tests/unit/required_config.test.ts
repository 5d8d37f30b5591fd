// The declared configuration of each function (core/required_config.ts): what is required, what is
// optional and given whole, and that every name it declares is one the code reads.
import assert from "node:assert/strict";
import {
  configProblems,
  FUNCTION_NAMES,
  optionalSettingsOf,
  requirementsOf,
  secretsToSet,
} from "../../functions-shared/core/required_config.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("the functions declared are the folders in supabase/functions", async () => {
  const folders: string[] = [];
  for await (const d of Deno.readDir(`${ROOT}supabase/functions`)) if (d.isDirectory) folders.push(d.name);
  assert.deepEqual([...FUNCTION_NAMES], folders.sort());
});

Deno.test("every declared name is read by the code (no requirement for a setting nothing uses)", async () => {
  const sources = [
    await Deno.readTextFile(`${ROOT}functions-shared/core/config.ts`),
    await Deno.readTextFile(`${ROOT}functions-shared/handlers/gdpr_export/settings.ts`),
  ].join("\n");
  for (const fn of FUNCTION_NAMES) {
    const names = [
      ...requirementsOf(fn).flatMap((r) => r.anyOf),
      ...optionalSettingsOf(fn).flatMap((o) => o.names),
    ];
    for (const name of names) assert.ok(sources.includes(name), `${fn}: ${name} is declared but never read`);
  }
});

Deno.test("either name of an alternative satisfies it; blank counts as missing", () => {
  const base = { MEDIC_EDGE_DB_URL: "postgres://x", UPSTASH_REDIS_REST_URL: "https://u.example" };
  const names = (env: Record<string, string>) => configProblems("dosing", env).map((p) => p.name);
  assert.ok(names({ ...base, JWT_JWKS_URL: "https://p.example/jwks" }).every((n) => !n.startsWith("JWT_")));
  assert.ok(names({ ...base, JWT_SECRET: "s" }).every((n) => !n.startsWith("JWT_")));
  assert.ok(names({ ...base, JWT_SECRET: "  " }).includes("JWT_SECRET or JWT_JWKS_URL"));
});

Deno.test("the chat runs without AWS keys (retrieval-only) but not with half of them", () => {
  const chat = (env: Record<string, string>) =>
    configProblems("bedrock-ai-chat", env).filter((p) => p.name.startsWith("AWS_")).map((p) => p.name);
  assert.deepEqual(chat({}), []);
  assert.deepEqual(chat({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }), []);
  assert.deepEqual(chat({ AWS_ACCESS_KEY_ID: "a" }), ["AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"]);
});

Deno.test("the secrets an operator sets leave out what the platform provides", () => {
  const names = secretsToSet();
  assert.ok(names.includes("MEDIC_EDGE_DB_URL") && names.includes("GDPR_ENCRYPTION_KEY"));
  assert.ok(names.every((n) => !n.startsWith("SUPABASE_")), names.join(", "));
});

Deno.test("the README's deploy section lists exactly the secrets to set", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const section = /<!-- secrets:start -->([\s\S]*?)<!-- secrets:end -->/.exec(readme)?.[1] ?? "";
  const listed = [...section.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
  assert.deepEqual(listed, secretsToSet());
});
