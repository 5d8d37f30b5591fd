/**
 * What `supabase functions deploy` will resolve: for every folder in supabase/functions, the import map
 * the Supabase CLI picks by its own rule (scripts/functions/import_maps.ts), and a type check of the
 * entrypoint with `--no-config` and that map only — no root deno.json, no root import_map.json, as on
 * the platform. Also: each map is what the root import_map.json (and deno.lock) gives, and a function
 * whose map is removed fails the same check.
 */
import assert from "node:assert/strict";
import { expectedFunctionMap, importMapFor, renderMap } from "../../scripts/functions/import_maps.ts";
import {
  denoWithRegistryRetry,
  prefetchFunctions,
  REGISTRY_UNREACHED,
} from "../../scripts/functions/prefetch.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SUPABASE = `${ROOT}supabase`;

async function functionFolders(supabaseDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const dir of Deno.readDir(`${supabaseDir}/functions`)) {
    // As the CLI: folders starting with _ or . hold shared code, not functions.
    if (dir.isDirectory && !/^[_.]/.test(dir.name)) names.push(dir.name);
  }
  return names.sort();
}

/**
 * `deno check --no-config [--import-map=<map>] <entrypoint>`: exit code and what it printed. Without the
 * project's config Deno resolves npm packages from its global cache; a fetch from the registry that fails
 * on the way (a TLS or connect error) is tried again, any other failure is returned at once.
 */
async function checkAsDeployed(entrypoint: string, map: string | undefined) {
  return await denoWithRegistryRetry([
    "check",
    "--no-config",
    ...(map ? [`--import-map=${map}`] : []),
    entrypoint,
  ]);
}

Deno.test("every function has the import map the CLI deploys it with, and type-checks with it alone", async () => {
  const names = await functionFolders(SUPABASE);
  assert.ok(names.length >= 6, `found ${names.join(", ")}`);
  for (const name of names) {
    const map = await importMapFor(SUPABASE, name);
    assert.equal(map, `${SUPABASE}/functions/${name}/deno.json`, `${name}: its own deno.json`);
    const result = await checkAsDeployed(`${SUPABASE}/functions/${name}/index.ts`, map);
    assert.equal(result.code, 0, `${name} does not type-check as deployed:\n${result.text}`);
  }
});

Deno.test("each function's deno.json is what `deno task deploy:maps` writes from import_map.json", async () => {
  const expected = renderMap(await expectedFunctionMap());
  for (const name of await functionFolders(SUPABASE)) {
    const actual = await Deno.readTextFile(`${SUPABASE}/functions/${name}/deno.json`);
    assert.equal(actual, expected, `${name}/deno.json is stale: run \`deno task deploy:maps\``);
  }
  // Pins are exact (deno.lock's): the CLI bundles without our lockfile.
  for (const [key, target] of Object.entries(JSON.parse(expected).imports as Record<string, string>)) {
    if (target.startsWith("npm:")) assert.match(target, /@\d+\.\d+\.\d+$/, `${key}: ${target}`);
  }
  // The gateway fixtures share one map, the CLI's last fallback; same pins.
  const fixture = JSON.parse(
    await Deno.readTextFile(`${ROOT}tests/e2e/fixtures/supabase/functions/import_map.json`),
  );
  const { "@shared/": _shared, ...pins } = JSON.parse(expected).imports;
  const { "@shared/": _fixtureShared, ...fixturePins } = fixture.imports;
  assert.deepEqual(fixturePins, pins);
});

Deno.test("a registry fetch that failed is told apart from a check that failed", () => {
  // What a fresh machine printed when a TLS handshake with the registry failed mid-check (CI run 77).
  const unreached = `error: Failed loading https://registry.npmjs.org/@smithy%2feventstream-codec for package
    0: error sending request for url (https://registry.npmjs.org/@smithy%2feventstream-codec): client error (Connect)`;
  assert.match(unreached, REGISTRY_UNREACHED);
  assert.doesNotMatch(`error: Import "@shared/pipeline/mod.ts" not a dependency`, REGISTRY_UNREACHED);
  assert.doesNotMatch(
    `TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.`,
    REGISTRY_UNREACHED,
  );
});

Deno.test("a function whose map is removed is found by the CLI's rule to have none, and fails", async () => {
  // A copy of the project's shape with dosing's deno.json left out; functions-shared is the real one.
  const dir = await Deno.makeTempDir({ prefix: "deploy-shape-" });
  try {
    await Deno.mkdir(`${dir}/supabase/functions/dosing`, { recursive: true });
    await Deno.copyFile(`${SUPABASE}/config.toml`, `${dir}/supabase/config.toml`);
    await Deno.copyFile(`${SUPABASE}/functions/dosing/index.ts`, `${dir}/supabase/functions/dosing/index.ts`);
    await Deno.symlink(`${ROOT}functions-shared`, `${dir}/functions-shared`);
    await Deno.copyFile(`${ROOT}import_map.json`, `${dir}/import_map.json`);
    await Deno.copyFile(`${ROOT}deno.json`, `${dir}/deno.json`); // the CLI reads neither of these
    assert.equal(await importMapFor(`${dir}/supabase`, "dosing"), undefined);
    const result = await checkAsDeployed(`${dir}/supabase/functions/dosing/index.ts`, undefined);
    assert.notEqual(result.code, 0);
    assert.match(result.text, /Import "@shared\/pipeline\/mod\.ts" not a dependency/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the CLI's order: config.toml's import_map, then deno.json(c), import_map.json, the shared one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deploy-rule-" });
  const fn = `${dir}/functions/f`;
  try {
    await Deno.mkdir(fn, { recursive: true });
    await Deno.writeTextFile(`${dir}/config.toml`, "[functions.f]\nverify_jwt = false\n");
    assert.equal(await importMapFor(dir, "f"), undefined);
    const steps = [
      `${dir}/functions/import_map.json`,
      `${fn}/import_map.json`,
      `${fn}/deno.jsonc`,
      `${fn}/deno.json`,
    ];
    for (const path of steps) {
      await Deno.writeTextFile(path, "{}");
      assert.equal(await importMapFor(dir, "f"), path, "the more specific file wins");
    }
    await Deno.writeTextFile(`${dir}/config.toml`, '[functions.f]\nimport_map = "./maps/f.json"\n');
    assert.equal(await importMapFor(dir, "f"), `${dir}/maps/f.json`, "config.toml wins over all files");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prefetchFunctions caches each function as deployed and names, without throwing, the one whose modules do not load", async () => {
  const dir = await Deno.makeTempDir({ prefix: "prefetch-" });
  try {
    await Deno.writeTextFile(`${dir}/config.toml`, "");
    for (
      const [name, source] of [["fine", "export const ok = 1;\n"], ["broken", 'import "./missing.ts";\n']]
    ) {
      await Deno.mkdir(`${dir}/functions/${name}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/functions/${name}/index.ts`, source);
      await Deno.writeTextFile(`${dir}/functions/${name}/deno.json`, '{ "imports": {} }\n');
    }
    const failed = await prefetchFunctions(dir);
    assert.deepEqual(failed.map((f) => f.name), ["broken"]);
    assert.match(failed[0].why, /missing\.ts/);
    await Deno.remove(`${dir}/functions/broken`, { recursive: true });
    assert.deepEqual(await prefetchFunctions(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
