/**
 * The shape of functions-shared/ (../shared/ARCHITECTURE.md, "Layout and import rules"), read from the
 * imports themselves so it cannot decay: five floors, each importing only from the floors below it (or
 * itself); handler folders never from each other; nothing in functions-shared from scripts/, tests/ or
 * supabase/; a folder with a mod.ts face is entered through it from other folders; and no import circle.
 * Every import of functions-shared/, supabase/functions/ and scripts/ is read.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const SHARED = "functions-shared";

/** What each floor may import, besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  domain: [],
  platform: ["core", "domain"],
  pipeline: ["core", "platform"],
  handlers: ["core", "domain", "platform", "pipeline"],
  // The apps' typed client: the contracts only (checked below), never server code.
  client: ["core", "domain", "handlers"],
};

export type Graph = ReadonlyMap<string, readonly string[]>;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${ROOT}/${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await sourceFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

function resolve(from: string, specifier: string): string | null {
  if (specifier.startsWith("@shared/")) return `${SHARED}/${specifier.slice("@shared/".length)}`;
  if (!specifier.startsWith(".")) return null; // npm: and node: packages
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** Repository-relative file → the repository files it imports. */
export async function readGraph(dirs: readonly string[]): Promise<Graph> {
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const file of await sourceFiles(dir)) {
      // Comments may show imports (a face's usage example); only code counts.
      const text = (await Deno.readTextFile(`${ROOT}/${file}`))
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      const targets = [...text.matchAll(SPECIFIER)].map((m) => resolve(file, m[1]));
      graph.set(file, targets.filter((t): t is string => t !== null));
    }
  }
  return graph;
}

/** "pipeline", "handlers/gdpr_export", … — the unit an import rule speaks of; null outside functions-shared. */
function floorOf(file: string): { floor: string; unit: string } | null {
  const [top, floor, sub] = file.split("/");
  if (top !== SHARED) return null;
  return { floor, unit: floor === "handlers" ? `handlers/${sub}` : floor };
}

/** The folder a file sits in, and whether that folder has a mod.ts face. */
function faceOf(file: string, graph: Graph): string | null {
  const dir = file.split("/").slice(0, -1).join("/");
  const face = `${dir}/mod.ts`;
  return graph.has(face) ? face : null;
}

export function violations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    const from = floorOf(file);
    for (const target of targets) {
      const to = floorOf(target);
      if (from && !target.startsWith(`${SHARED}/`)) {
        found.push(`${file} → ${target}: functions-shared imports nothing outside itself`);
        continue;
      }
      if (!from || !to) continue; // scripts/ and supabase/functions/ sit above every floor
      if (!(to.floor in MAY_IMPORT)) {
        found.push(
          `${file} → ${target}: ${to.floor}/ is not a floor (core, domain, platform, pipeline, handlers, client)`,
        );
      } else if (
        from.unit.startsWith("handlers/") && to.unit.startsWith("handlers/") && from.unit !== to.unit
      ) {
        found.push(`${file} → ${target}: a handler folder imports no other handler folder`);
      } else if (from.floor !== to.floor && !MAY_IMPORT[from.floor]?.includes(to.floor)) {
        found.push(`${file} → ${target}: ${from.floor}/ may not import ${to.floor}/`);
      }
      const contractFile = /^functions-shared\/handlers\/[^/]+\/contract\.ts$/.test(target);
      if (from.floor === "client" && to.floor === "handlers" && !contractFile) {
        found.push(`${file} → ${target}: the client imports a handler's contract.ts only`);
      }
      // A contract is the apps' entrance to a handler folder, beside its mod.ts.
      const face = contractFile && from.floor === "client" ? undefined : faceOf(target, graph);
      const sameFolder = file.split("/").slice(0, -1).join("/") === target.split("/").slice(0, -1).join("/");
      const inside = face && file.startsWith(face.slice(0, -"mod.ts".length));
      if (face && target !== face && !sameFolder && !inside) {
        found.push(`${file} → ${target}: enter ${face.slice(0, -"/mod.ts".length)}/ through its mod.ts`);
      }
    }
  }
  return [...found, ...contractLeaks(graph), ...circles(graph)];
}

/** A contract (handlers/<fn>/contract.ts) reaches zod, core/ and domain/ only: apps bundle it. */
function contractLeaks(graph: Graph): string[] {
  const found: string[] = [];
  for (const file of graph.keys()) {
    if (!/^functions-shared\/handlers\/[^/]+\/contract\.ts$/.test(file)) continue;
    const seen = new Set<string>();
    const stack = [file];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      const floor = floorOf(next)?.floor;
      if (floor === "platform" || floor === "pipeline") {
        found.push(`${file} reaches ${next}: a contract holds schemas and words, no server code`);
        continue;
      }
      stack.push(...(graph.get(next) ?? []));
    }
  }
  return found;
}

/** Every import circle (Tarjan's strongly connected components of more than one file, or a self-import). */
export function circles(graph: Graph): string[] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) {
        found.push(`import circle: ${component.sort().join(" ⇄ ")}`);
      }
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

Deno.test("functions-shared keeps its five floors, handler folders apart, faces, and no circle", async () => {
  const graph = await readGraph([SHARED, "supabase/functions", "scripts"]);
  assert.ok(graph.size > 150, `read ${graph.size} files`);
  assert.deepEqual(violations(graph), []);
  const top = [...graph.keys()].filter((f) => f.split("/").length === 2 && f.startsWith(`${SHARED}/`));
  assert.deepEqual(top, [], "no loose file at the top of functions-shared: each lives on its floor");
});

Deno.test("the rule catches an upward import, a sideways handler import, a bypassed face and a circle", () => {
  const graph: Graph = new Map([
    [`${SHARED}/core/errors.ts`, [`${SHARED}/pipeline/auth.ts`]],
    [`${SHARED}/pipeline/auth.ts`, [`${SHARED}/core/errors.ts`]],
    [`${SHARED}/handlers/gdpr_export/formats.ts`, [`${SHARED}/handlers/audit_query/export.ts`]],
    [`${SHARED}/handlers/audit_query/export.ts`, []],
    [`${SHARED}/handlers/bedrock_ai_chat/deps.ts`, [`${SHARED}/platform/bedrock/client.ts`]],
    [`${SHARED}/platform/bedrock/mod.ts`, [`${SHARED}/platform/bedrock/client.ts`]],
    [`${SHARED}/platform/bedrock/client.ts`, []],
    [`${SHARED}/domain/dosing/mod.ts`, ["scripts/stack/run.ts"]],
  ]);
  assert.deepEqual(violations(graph), [
    `${SHARED}/core/errors.ts → ${SHARED}/pipeline/auth.ts: core/ may not import pipeline/`,
    `${SHARED}/handlers/gdpr_export/formats.ts → ${SHARED}/handlers/audit_query/export.ts: ` +
    "a handler folder imports no other handler folder",
    `${SHARED}/handlers/bedrock_ai_chat/deps.ts → ${SHARED}/platform/bedrock/client.ts: ` +
    `enter ${SHARED}/platform/bedrock/ through its mod.ts`,
    `${SHARED}/domain/dosing/mod.ts → scripts/stack/run.ts: functions-shared imports nothing outside itself`,
    `import circle: ${SHARED}/core/errors.ts ⇄ ${SHARED}/pipeline/auth.ts`,
  ]);
});
