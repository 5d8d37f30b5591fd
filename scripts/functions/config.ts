// Which functions exist and how the gateway treats them: every supabase/functions/<name>/ with an
// entrypoint (folders starting with _ or . are shared code, as in the Supabase CLI), and the
// [functions.<name>] sections of supabase/config.toml (verify_jwt defaults to true, as on Supabase).
import { parse } from "smol-toml";

export interface FunctionEntry {
  name: string;
  entrypoint: string; // absolute path
  verifyJwt: boolean;
}

interface FunctionToml {
  enabled?: boolean;
  verify_jwt?: boolean;
  entrypoint?: string;
}

export async function discoverFunctions(supabaseDir: string): Promise<Map<string, FunctionEntry>> {
  const toml = parse(await Deno.readTextFile(`${supabaseDir}/config.toml`)) as {
    functions?: Record<string, FunctionToml>;
  };
  const sections = toml.functions ?? {};
  const found = new Map<string, FunctionEntry>();
  for await (const dir of Deno.readDir(`${supabaseDir}/functions`)) {
    if (!dir.isDirectory || dir.name.startsWith("_") || dir.name.startsWith(".")) continue;
    const section = sections[dir.name] ?? {};
    if (section.enabled === false) continue;
    const entrypoint = section.entrypoint
      ? new URL(section.entrypoint, `file://${supabaseDir}/`).pathname
      : `${supabaseDir}/functions/${dir.name}/index.ts`;
    if (!(await Deno.stat(entrypoint).then(() => true, () => false))) continue;
    found.set(dir.name, { name: dir.name, entrypoint, verifyJwt: section.verify_jwt ?? true });
  }
  return found;
}
