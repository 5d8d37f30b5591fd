// The platform's extensions that Debian does not package (pg_net, supabase_vault) exist locally as
// stand-ins in scripts/sql/extensions/. Postgres loads an extension only from its own share folder, so
// each control and script file is copied there when it is missing or differs from the repository's.
// A database keeps what its CREATE EXTENSION made: a changed script reaches an existing database through
// `deno task db:reset` (or a new version with an update script), test clusters are always new.
import { lastLine, SetupError } from "./errors.ts";
import { commandExists, isRoot, run } from "./run.ts";

const SOURCE_DIR = new URL("../sql/extensions/", import.meta.url).pathname;

async function readOrNull(path: string): Promise<Uint8Array | null> {
  return await Deno.readFile(path).catch(() => null);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The repository's extension files that `extensionDir` lacks or holds in another version. */
export async function staleExtensionFiles(extensionDir: string): Promise<string[]> {
  const stale: string[] = [];
  for await (const entry of Deno.readDir(SOURCE_DIR)) {
    if (!entry.isFile) continue;
    const wanted = await Deno.readFile(`${SOURCE_DIR}${entry.name}`);
    const installed = await readOrNull(`${extensionDir}/${entry.name}`);
    if (!installed || !sameBytes(wanted, installed)) stale.push(entry.name);
  }
  return stale.sort();
}

export async function installLocalExtensions(
  extensionDir: string,
  log: (line: string) => void,
): Promise<void> {
  const stale = await staleExtensionFiles(extensionDir);
  if (stale.length === 0) return;
  if (!isRoot() && !(await commandExists("sudo"))) {
    throw new SetupError(
      `${stale.join(", ")} must be copied into ${extensionDir}, which needs root, and this machine has no ` +
        `sudo; run as root or copy them from ${SOURCE_DIR} yourself, then rerun`,
    );
  }
  log(`installing the local extension files ${stale.join(", ")} into ${extensionDir}`);
  const sudo = isRoot() ? [] : ["sudo"];
  for (const name of stale) {
    const [cmd, ...args] = [
      ...sudo,
      "install",
      "-m",
      "0644",
      `${SOURCE_DIR}${name}`,
      `${extensionDir}/${name}`,
    ];
    const r = await run(cmd, args, { check: false });
    if (r.code !== 0) {
      throw new SetupError(
        `could not copy ${name} into ${extensionDir} (${lastLine(r.stderr || r.stdout)}); ` +
          `copy the files of ${SOURCE_DIR} there yourself, then rerun`,
      );
    }
  }
}
