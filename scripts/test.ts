// `deno task test`: provisions like `dev`, starts an isolated stack (own directory, free ports) so a
// running `dev` is never touched, runs the pgTAP suites (pg_prove) and then every Deno test, tears down
// what it started, and ends with one line `N passed, N failed` summing both. Interrupted (Ctrl-C, SIGTERM), it
// stops the step running, tears the stack down all the same and exits 130 / 143 (stack/interrupt.ts).
//   deno task test [deno test args…]   e.g. `deno task test tests/unit` or `-- --filter cors`
import {
  archiveEnv,
  functionEnv,
  isolatedConfig,
  pgOptions,
  redisOptions,
  removeCluster,
  ROOT,
  startServices,
  stopServices,
} from "./stack/mod.ts";
import { listenForInterrupt } from "./stack/interrupt.ts";
import { CHROMIUM } from "./stack/provision.ts";
import { logPath } from "./stack/daemon.ts";
import { denoWithRegistryRetry } from "./functions/prefetch.ts";
import {
  describeUndeclared,
  UNDECLARED_ERRORS_LOG,
  undeclaredErrorLines,
} from "./functions/undeclared_errors.ts";

interface Tally {
  passed: number;
  failed: number;
}

/**
 * The budgets after which a clinical answer goes on without Postgres or without its Redis session touch.
 * Production keeps them short (functions-shared/core/config.ts); a test asserts what was decided, so on a busy
 * machine a budget must never be what decides it. The budgets themselves are tested with stand-ins that
 * never answer (unit tests, the limiter's dead and silent Upstash), where only a budget can end the wait;
 * the rate limiter keeps its production budget here, as its fallback makes the outcome the same either way.
 */
const TEST_BUDGETS = { DB_BUDGET_MS: "30000", SESSION_TOUCH_BUDGET_MS: "30000" };
// Guests are counted per address, and every test client connects from 127.0.0.1: the test stack's
// gateway lets each request stand for a client of its own unless it names one (scripts/functions/gateway.ts).
const TEST_GATEWAY = { GATEWAY_SIMULATED_PEERS: "true" };

const config = isolatedConfig("test", { ...TEST_BUDGETS, ...TEST_GATEWAY });
const env = functionEnv(config);
// Where the functions servers that tests start of their own hand their undeclared error answers.
const secondServersUndeclared = `${config.dir}/undeclared_errors.log`;
const totals: Tally = { passed: 0, failed: 0 };
/** The step's child this run waits on (pg_prove, deno test): an interrupt stops it, so the teardown comes next. */
let waitingOn: Deno.ChildProcess | undefined;
const interrupt = listenForInterrupt("test", () => {
  try {
    waitingOn?.kill("SIGTERM");
  } catch { /* it has ended */ }
});
let started;
try {
  // Chromium opens the compliance report's HTML (tests/browser/); CI machines start without it.
  started = await startServices(config, {
    functions: true,
    log: (l) => console.log(`[stack] ${l}`),
    packages: CHROMIUM,
  });
  interrupt.check();
  await cacheTestGraphs();
  add(await runPgTap());
  if (Deno.args.length > 0) {
    add(await runDenoTests(Deno.args, stackTestEnv()));
  } else {
    // Unit tests get no service addresses: they must not reach Postgres or Redis, even by default.
    add(await runDenoTests(["tests/unit/"], { NO_COLOR: "1" }, true));
    // load, fault and fuzz: the fault tests stop this stack's Redis or Postgres and start it again.
    add(
      await runDenoTests(
        ["tests/integration/", "tests/e2e/", "tests/browser/", "tests/load/", "tests/fault/", "tests/fuzz/"],
        stackTestEnv(),
      ),
    );
  }
} catch (err) {
  // Interrupted, a step's failure is the interrupt's doing (a child stopped): not reported.
  if (!interrupt.signal) console.error(err instanceof Error ? err.message : err);
  totals.failed += 1;
} finally {
  if (started) {
    await stopServices(config, started);
    if (!interrupt.signal) add(await undeclaredErrorCheck());
  }
  if (totals.failed > 0 && !interrupt.signal) {
    const log = await Deno.readTextFile(logPath({ dir: config.dir, name: "functions" })).catch(() => "");
    if (log.trim()) console.log(`--- functions server log (last 40 lines) ---\n${tail(log, 40)}`);
  }
  await Deno.remove(config.dir, { recursive: true }).catch(() => {});
  await removeCluster(config);
}
if (interrupt.signal) interrupt.exit(`the test stack is stopped and removed (${config.dir})`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
Deno.exit(totals.failed > 0 ? 1 : 0);

/** Starts a step's child unless the run was interrupted; an interrupt from now on stops it. */
function spawnStep(command: Deno.Command): Deno.ChildProcess {
  interrupt.check();
  waitingOn = command.spawn();
  return waitingOn;
}

/** What a process needs to run at all (PATH, HOME, Deno's caches), without any service address. */
function minimalEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "DENO_DIR", "XDG_CACHE_HOME", "NPM_CONFIG_CACHE"];
  return Object.fromEntries(
    keep.flatMap((k) => Deno.env.get(k) !== undefined ? [[k, Deno.env.get(k)!]] : []),
  );
}

function add(t: Tally) {
  totals.passed += t.passed;
  totals.failed += t.failed;
}

function tail(text: string, n: number) {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/**
 * Every error answer the functions gave during the run, held to what openapi.json declares for its route and
 * status: each `contract.undeclared_error` the stack's functions server (or a server a test started) logged is
 * a failure, whichever test caused it (functions-shared/pipeline/declared_errors.ts). Read after the servers
 * stopped, so no line is still on its way.
 */
async function undeclaredErrorCheck(): Promise<Tally> {
  const serverLog = await Deno.readTextFile(logPath({ dir: config.dir, name: "functions" })).catch(() =>
    null
  );
  if (serverLog === null) {
    console.log("[test] the functions server left no log: the error codes it answered were not checked");
    return { passed: 0, failed: 1 };
  }
  const secondServers = await Deno.readTextFile(secondServersUndeclared).catch(() => "");
  const drifts = describeUndeclared(undeclaredErrorLines(serverLog + "\n" + secondServers));
  if (drifts.length === 0) {
    console.log("[test] every error answer of the functions is one its route declares (openapi.json)");
    return { passed: 1, failed: 0 };
  }
  console.log(
    `[test] ${drifts.length} error answer(s) that openapi.json does not declare for the route and status ` +
      "(contract.undeclared_error): declare the code on the route that answers it, or answer a declared one",
  );
  for (const drift of drifts) console.log(`  ${drift}`);
  return { passed: 0, failed: drifts.length };
}

async function runPgTap(): Promise<Tally> {
  const files = [];
  for await (const f of Deno.readDir(`${ROOT}/tests/sql`)) if (f.name.endsWith(".sql")) files.push(f.name);
  if (files.length === 0) return { passed: 0, failed: 0 };
  files.sort();
  const r = await spawnStep(
    new Deno.Command("pg_prove", {
      args: [
        "--verbose",
        "--host=127.0.0.1",
        `--port=${config.pgPort}`,
        "--username=postgres",
        `--dbname=${config.database}`,
        ...files.map((f) => `tests/sql/${f}`),
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }),
  ).output();
  const decoder = new TextDecoder();
  const out = decoder.decode(r.stdout) + decoder.decode(r.stderr);
  if (out.trim()) console.log(out.trimEnd());
  const passed = (out.match(/^\s*ok \d+/gm) ?? []).length;
  let failed = (out.match(/^\s*not ok \d+/gm) ?? []).length;
  // A file that dies early (bad plan, SQL error) may print no "not ok": count it once.
  if (r.code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

function stackTestEnv(): Record<string, string> {
  return {
    ...env,
    ...archiveEnv(config), // the cold archive's S3 settings: tests only, not the functions
    FUNCTIONS_URL: `${env.SUPABASE_URL}/functions/v1`,
    // Fault tests stop and start this stack's Postgres (never dev's: this is the isolated cluster).
    STACK_PGDATA: pgOptions(config).dataDir,
    STACK_REDIS_DIR: redisOptions(config).dir,
    [UNDECLARED_ERRORS_LOG]: secondServersUndeclared,
    NO_COLOR: "1",
  };
}

/**
 * Every test file's modules, fetched before any test runs: on a fresh machine Deno fills its cache from the
 * registry at the start of `deno test`, where one failed fetch fails the whole run; here a fetch the registry
 * did not answer is tried again (scripts/functions/prefetch.ts). Any other failure is left for `deno test`
 * to report as it would.
 */
async function cacheTestGraphs(): Promise<void> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/[._]test\.ts$/.test(entry.name)) files.push(path);
    }
  };
  await walk(`${ROOT}/tests`);
  const { code, text } = await denoWithRegistryRetry(["cache", ...files.sort()]);
  if (code !== 0) {
    console.log(`[test] caching the tests' modules failed; deno test will say why:\n${tail(text, 10)}`);
  }
}

async function runDenoTests(
  args: string[],
  testEnv: Record<string, string>,
  clearEnv = false,
): Promise<Tally> {
  const paths = args.some((a) => !a.startsWith("-")) ? [] : ["tests/"];
  const inherited = clearEnv ? minimalEnv() : {};
  const child = spawnStep(
    new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "--no-check=remote", ...args, ...paths],
      cwd: ROOT,
      env: { ...inherited, ...testEnv },
      clearEnv,
      stdout: "piped",
      stderr: "inherit",
    }),
  );
  let out = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    out += decoder.decode(chunk, { stream: true });
  }
  const status = await child.status;
  // Deno's summary: "ok | 12 passed (3 steps) | 0 failed (2s)" or "FAILED | 9 passed | 1 failed".
  const summary = /\|\s*(\d+) passed[^|]*\|\s*(\d+) failed/.exec(out);
  if (!summary) return { passed: 0, failed: status.success ? 0 : 1 };
  const tally = { passed: Number(summary[1]), failed: Number(summary[2]) };
  if (!status.success && tally.failed === 0) tally.failed = 1; // e.g. a type error before any test ran
  return tally;
}
