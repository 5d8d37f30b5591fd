// Installs what the local stack needs from Debian's packages, once. On a machine without apt it names
// exactly what to install and stops before anything starts.
import { lastLine, SetupError } from "./errors.ts";
import { installLocalExtensions } from "./local_extensions.ts";
import { commandExists, isRoot, run } from "./run.ts";

export const PG_MAJOR = 15;
export const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;

export interface Requirement {
  pkg: string;
  present: () => Promise<boolean>;
}

const REQUIREMENTS: Requirement[] = [
  { pkg: `postgresql-${PG_MAJOR}`, present: () => exists(`${PG_BIN}/postgres`) },
  { pkg: `postgresql-${PG_MAJOR}-cron`, present: () => exists(extensionControl("pg_cron")) },
  { pkg: `postgresql-${PG_MAJOR}-pgtap`, present: () => exists(extensionControl("pgtap")) },
  // pg_prove runs the pgTAP suites; Debian ships it in this package.
  { pkg: "libtap-parser-sourcehandler-pgtap-perl", present: () => commandExists("pg_prove") },
  { pkg: "redis-server", present: () => commandExists("redis-server") },
];

/** The HTTP load generator `deno task bench` drives the pipeline benchmarks with (Debian's wrk). */
export const WRK: Requirement = { pkg: "wrk", present: () => commandExists("wrk") };

/**
 * The browser the compliance report's HTML is opened in by `deno task test` (tests/browser/): Debian's
 * headless-capable chromium, driven over the DevTools protocol (tests/support/chromium.ts): no WebDriver.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM: Requirement[] = [
  { pkg: "chromium", present: () => exists(CHROMIUM_PATH) },
];

/** Where Postgres looks for extensions (Debian's layout). */
export const EXTENSION_DIR = `/usr/share/postgresql/${PG_MAJOR}/extension`;

function extensionControl(name: string) {
  return `${EXTENSION_DIR}/${name}.control`;
}

async function exists(path: string) {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function missingPackages(extra: Requirement[] = []): Promise<string[]> {
  const missing: string[] = [];
  for (const r of [...REQUIREMENTS, ...extra]) if (!(await r.present())) missing.push(r.pkg);
  return missing;
}

/**
 * Ensures every package is present, then the local stand-ins of the platform's other extensions
 * (local_extensions.ts); throws with an install hint where we cannot install.
 */
export async function provision(
  log: (line: string) => void = console.log,
  extra: Requirement[] = [],
): Promise<void> {
  await installMissingPackages(log, extra);
  await installLocalExtensions(EXTENSION_DIR, log);
}

async function installMissingPackages(log: (line: string) => void, extra: Requirement[]): Promise<void> {
  const missing = await missingPackages(extra);
  if (missing.length === 0) return;
  if (!(await commandExists("apt-get"))) {
    throw new SetupError(
      `This machine has no apt-get. Install these first (PostgreSQL ${PG_MAJOR} with pg_cron and pgTAP, ` +
        `pg_prove, Redis 7), then rerun:\n  ${missing.join("\n  ")}\n` +
        `The scripts expect Debian's layout (${PG_BIN}); on macOS use a Debian/Ubuntu VM or container.`,
    );
  }
  if (!isRoot() && !(await commandExists("sudo"))) {
    throw new SetupError(
      `installing ${missing.join(", ")} needs root and this machine has no sudo; ` +
        `run as root or install them with apt-get yourself, then rerun`,
    );
  }
  const sudo = isRoot() ? [] : ["sudo"];
  log(`installing ${missing.join(", ")} with apt-get …`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await aptGet(sudo, ["update", "-qq"], env);
  await aptGet(sudo, ["install", "-y", "-qq", "--no-install-recommends", ...missing], env);
  const still = await missingPackages(extra);
  if (still.length) {
    throw new SetupError(
      `apt-get finished but ${
        still.join(", ")
      } are still missing; install them with apt-get yourself, then rerun`,
    );
  }
  // Debian starts a system redis-server and a main Postgres cluster on install; ours are separate
  // (own ports, own data), so theirs are left as the system configures them.
}

/**
 * A mirror that drops a connection is tried again (Acquire::Retries) and another install holding dpkg's
 * lock is waited for (DPkg::Lock::Timeout), rather than failing a fresh machine's first run on either.
 */
const APT_PATIENCE = ["-o", "Acquire::Retries=3", "-o", "DPkg::Lock::Timeout=300"];

async function aptGet(sudo: string[], args: string[], env: Record<string, string>) {
  const [cmd, ...rest] = [...sudo, "apt-get", ...APT_PATIENCE, ...args];
  const r = await run(cmd, rest, { env, check: false });
  if (r.code !== 0) {
    throw new SetupError(
      `apt-get ${args[0]} failed (${lastLine(r.stderr || r.stdout)}); check that this machine reaches ` +
        `Debian's package mirrors and that apt is not locked by another install, then rerun`,
    );
  }
}
