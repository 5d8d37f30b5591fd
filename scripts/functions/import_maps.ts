// Which import map a function is deployed with, by the Supabase CLI's own rule, and the per-function
// deno.json we keep there. The rule (first found wins): the deploy flag, `[functions.<name>] import_map`
// in config.toml, supabase/functions/<name>/deno.json(c), <name>/import_map.json, then
// supabase/functions/import_map.json. The CLI never reads the repository root's deno.json or
// import_map.json, so each function carries a deno.json generated from the root import_map.json (the one
// place versions are pinned): `deno task deploy:maps` writes them, tests/unit/deploy_shape.test.ts fails
// when one is missing or differs from what the root map gives.
import { parse } from "smol-toml";

const ROOT = new URL("../../", import.meta.url).pathname;
const SHARED_DIR = "functions-shared";

interface ImportMap {
  imports: Record<string, string>;
}

/** The map the CLI would use for `name`, as an absolute path; undefined when there is none. */
export async function importMapFor(supabaseDir: string, name: string): Promise<string | undefined> {
  const toml = parse(await Deno.readTextFile(`${supabaseDir}/config.toml`)) as {
    functions?: Record<string, { import_map?: string }>;
  };
  const declared = toml.functions?.[name]?.import_map;
  if (declared) return new URL(declared, `file://${supabaseDir}/`).pathname;
  const candidates = [
    `${supabaseDir}/functions/${name}/deno.json`,
    `${supabaseDir}/functions/${name}/deno.jsonc`,
    `${supabaseDir}/functions/${name}/import_map.json`,
    `${supabaseDir}/functions/import_map.json`,
  ];
  for (const path of candidates) if (await exists(path)) return path;
  return undefined;
}

/**
 * The deno.json a function deploys with: `@shared/` pointing at functions-shared from the function's
 * folder, and the root map's pin, at the version deno.lock resolved, for every bare specifier the deployed
 * code imports (the functions and functions-shared; tools the scripts and tests use stay out).
 */
export async function expectedFunctionMap(root = ROOT): Promise<ImportMap> {
  const rootMap = JSON.parse(await Deno.readTextFile(`${root}/import_map.json`)) as ImportMap;
  const locked =
    (JSON.parse(await Deno.readTextFile(`${root}/deno.lock`)) as { specifiers: Record<string, string> })
      .specifiers;
  const used = await bareSpecifiers([`${root}/${SHARED_DIR}`, `${root}/supabase/functions`]);
  const imports: Record<string, string> = { "@shared/": `../../../${SHARED_DIR}/` };
  const unpinned: string[] = [];
  for (const specifier of [...used].sort()) {
    if (specifier.startsWith("@shared/")) continue;
    const key = Object.keys(rootMap.imports).find((k) =>
      k === specifier || (k.endsWith("/") && specifier.startsWith(k))
    );
    if (key) imports[key] = exactVersion(rootMap.imports[key], locked);
    else unpinned.push(specifier);
  }
  if (unpinned.length) throw new Error(`not pinned in import_map.json: ${unpinned.join(", ")}`);
  return { imports };
}

/**
 * `npm:zod@^4.1.0` → `npm:zod@4.6.7`, the version deno.lock resolved: the CLI bundles without our
 * lockfile, so a range would let a deploy pick a version no test ran against.
 */
function exactVersion(target: string, locked: Record<string, string>): string {
  if (!target.startsWith("npm:")) return target;
  const version = locked[target]?.split("_")[0]; // "2.2.0_@upstash+redis@1.39.0": peers after "_"
  if (!version) {
    throw new Error(`${target} is not in deno.lock yet: run \`deno task check\` once, then again`);
  }
  return `npm:${target.slice(4, target.lastIndexOf("@"))}@${version}`;
}

export function renderMap(map: ImportMap): string {
  return JSON.stringify(map, null, 2) + "\n";
}

/** Bare specifiers (not relative, not node:/npm:/http) imported by the .ts files under `dirs`. */
async function bareSpecifiers(dirs: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Static imports and re-exports (from the start of a line, so strings in code don't count) and import().
  const patterns = [
    /^\s*(?:import|export)\b[^"';]*?\bfrom\s*["']([^"'\n]+)["']/gm,
    /^\s*import\s*["']([^"'\n]+)["']/gm,
    /\bimport\(\s*["']([^"'\n]+)["']\s*\)/g,
  ];
  for (const dir of dirs) {
    for await (const path of walkTs(dir)) {
      const text = await Deno.readTextFile(path);
      for (const match of patterns.flatMap((pattern) => [...text.matchAll(pattern)])) {
        const specifier = match[1];
        if (/^(\.|\/|node:|npm:|jsr:|https?:|data:)/.test(specifier)) continue;
        found.add(specifier);
      }
    }
  }
  return found;
}

async function* walkTs(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walkTs(path);
    else if (entry.isFile && entry.name.endsWith(".ts")) yield path;
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
