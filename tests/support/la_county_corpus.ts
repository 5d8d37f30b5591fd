/**
 * Where the LA County documents are: ../shared beside the repository (CI checks it out there). Tests
 * and benchmarks read them at run time; nothing of them is copied into the repository.
 */
export const REPO_ROOT = new URL("../../", import.meta.url);
export const LA_COUNTY_DIR = new URL("../shared/data/la-county-ems/", REPO_ROOT).pathname;

/** Builds a serialized index of the full corpus with the CLI (`deno task kb build`) into `dir`. */
export async function buildCorpusIndexFile(dir: string): Promise<string> {
  const out = `${dir}/la-county-index.json.gz`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/kb/main.ts", "build", "--source", LA_COUNTY_DIR, "--out", out],
    cwd: REPO_ROOT.pathname,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`kb build failed: ${new TextDecoder().decode(stderr)}`);
  return out;
}
