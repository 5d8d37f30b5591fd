/**
 * The stack's Supabase CLI call (scripts/stack/migrate.ts) tries again only when npx could not fetch the CLI
 * from the registry, never when the CLI ran and failed (a migration's error must surface at once).
 */
import assert from "node:assert/strict";
import { NPM_UNREACHED } from "../../scripts/stack/migrate.ts";
import { runReachingRegistry } from "../../scripts/stack/run.ts";

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

Deno.test("runReachingRegistry: tried again while the registry is not reached, at once otherwise", async () => {
  const dir = await Deno.makeTempDir({ prefix: "registry-retry-" });
  try {
    // Each run counts itself in a file; the first `failFor` runs fail, with `said` as the output.
    const script = (failFor: number, said: string) =>
      `n=$(cat ${dir}/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${dir}/n; ` +
      `if [ $n -le ${failFor} ]; then echo "${said}" >&2; exit 1; fi; echo done`;
    const runs = async () => Number(await Deno.readTextFile(`${dir}/n`));
    const unreached = /registry not reached/;

    const fetched = await runReachingRegistry(
      unreached,
      "bash",
      ["-c", script(2, "registry not reached")],
      {},
      {
        pauseMs: 0,
      },
    );
    assert.deepEqual([fetched.code, fetched.stdout.trim(), await runs()], [0, "done", 3]);

    await Deno.remove(`${dir}/n`);
    const failed = await runReachingRegistry(unreached, "bash", ["-c", script(5, "migration failed")], {}, {
      pauseMs: 0,
    });
    assert.deepEqual([failed.code, await runs()], [1, 1], "the command's own failure is not tried again");

    await Deno.remove(`${dir}/n`);
    const given = await runReachingRegistry(
      unreached,
      "bash",
      ["-c", script(5, "registry not reached")],
      {},
      {
        pauseMs: 0,
      },
    );
    assert.deepEqual([given.code, await runs()], [1, 3], "three tries at most");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
