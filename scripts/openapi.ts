// `deno task openapi [--check]`: writes openapi.json, the OpenAPI 3.1 document of every function, from
// the routes' own contracts (functions-shared/pipeline/openapi.ts). `--check` writes nothing and exits 1
// when the committed file differs from what the code gives (tests/unit/openapi.test.ts does the same).
import { openApiDocument } from "../functions-shared/pipeline/openapi.ts";
import type { FunctionContract } from "../functions-shared/pipeline/openapi.ts";

const ROOT = new URL("../", import.meta.url).pathname;
export const OPENAPI_PATH = `${ROOT}openapi.json`;

/** The contracts of every folder in supabase/functions, by importing each function's module. */
export async function functionContracts(): Promise<FunctionContract[]> {
  const names: string[] = [];
  for await (const dir of Deno.readDir(`${ROOT}supabase/functions`)) {
    if (dir.isDirectory && !/^[_.]/.test(dir.name)) names.push(dir.name);
  }
  const contracts: FunctionContract[] = [];
  for (const name of names.sort()) {
    const mod = await import(`../supabase/functions/${name}/index.ts`);
    contracts.push(mod.default.contract as FunctionContract);
  }
  return contracts;
}

export async function renderOpenApi(): Promise<string> {
  return JSON.stringify(openApiDocument(await functionContracts()), null, 2) + "\n";
}

if (import.meta.main) {
  const rendered = await renderOpenApi();
  const current = await Deno.readTextFile(OPENAPI_PATH).catch(() => undefined);
  if (Deno.args.includes("--check")) {
    if (current !== rendered) {
      console.log("openapi.json differs from the code: run `deno task openapi`");
      Deno.exit(1);
    }
    console.log("openapi.json is current");
  } else if (current === rendered) console.log("openapi.json is current");
  else {
    await Deno.writeTextFile(OPENAPI_PATH, rendered);
    console.log(`wrote ${OPENAPI_PATH}`);
  }
  Deno.exit(0); // function modules may hold timers or pools open
}
