// `deno task deploy:maps`: writes supabase/functions/<name>/deno.json for every function from the root
// import_map.json (scripts/functions/import_maps.ts says why). `--check` writes nothing and exits 1 when a
// function's map is missing or stale.
import { discoverFunctions } from "./config.ts";
import { expectedFunctionMap, renderMap } from "./import_maps.ts";

const supabaseDir = new URL("../../supabase", import.meta.url).pathname;
const checkOnly = Deno.args.includes("--check");
const expected = renderMap(await expectedFunctionMap());
let stale = 0;
for (const name of [...(await discoverFunctions(supabaseDir)).keys()].sort()) {
  const path = `${supabaseDir}/functions/${name}/deno.json`;
  const current = await Deno.readTextFile(path).catch(() => undefined);
  if (current === expected) continue;
  stale++;
  if (checkOnly) console.log(`${name}: deno.json ${current === undefined ? "missing" : "differs"}`);
  else {
    await Deno.writeTextFile(path, expected);
    console.log(`${name}: wrote deno.json`);
  }
}
if (checkOnly && stale) {
  console.log("run `deno task deploy:maps` to write them");
  Deno.exit(1);
}
if (!stale) console.log("every function's deno.json matches import_map.json");
