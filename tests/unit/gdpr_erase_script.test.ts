/**
 * `deno task gdpr:erase`'s command line: every usage error exits 2 with what is wrong and the usage line,
 * before any database is reached; --help; the warning for a password in --db-url, which never repeats it.
 * The erasure itself, its event's operator and the warning on stderr: tests/e2e/operator_erasure.test.ts.
 */
import assert from "node:assert/strict";
import { main, type ScriptIo } from "../../scripts/gdpr/erase.ts";
import { DB_URL_PASSWORD_WARNING, HELP, parseErasureArgs, USAGE } from "../../scripts/gdpr/erase_args.ts";

const SUBJECT = "0b6f3c1e-6a43-4d4e-9d55-1f4f0c3a2b11";
const ENV = {
  GDPR_PSEUDONYM_SALT: "s".repeat(40),
  SUPABASE_DB_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
};
const FLAGS = {
  subject: SUBJECT,
  basis: "consent_withdrawn",
  ticket: "DSR-7",
  operator: "ops-lead-7",
};

/** The flags, with some replaced (a value) or left out (null). */
function argv(changes: Partial<Record<keyof typeof FLAGS | "db-url", string | null>> = {}): string[] {
  return Object.entries({ ...FLAGS, ...changes }).flatMap(([name, value]) =>
    value === null || value === undefined ? [] : [`--${name}`, value]
  );
}

async function run(args: string[], env: ScriptIo["env"] = ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { env, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function assertUsageError(args: string[], says: RegExp, env: ScriptIo["env"] = ENV) {
  const { code, out, err } = await run(args, env);
  assert.equal(code, 2, `${JSON.stringify(args)}: exit code`);
  assert.match(err, says, JSON.stringify(args));
  assert.ok(err.endsWith(`\n${USAGE}`), `${JSON.stringify(args)}: the usage line follows: ${err}`);
  assert.equal(out, "", "nothing on stdout");
}

Deno.test("each required flag missing or empty is a usage error naming it", async () => {
  for (const name of ["subject", "basis", "ticket", "operator"] as const) {
    await assertUsageError(argv({ [name]: null }), new RegExp(`^--${name} is required`));
    await assertUsageError(argv({ [name]: "  " }), new RegExp(`^--${name} must not be empty`));
  }
  await assertUsageError([], /^--subject is required/);
});

Deno.test("flags parseArgs refuses: unknown, a stray argument, a value missing", async () => {
  await assertUsageError([...argv(), "--subjct", SUBJECT], /Unknown option '--subjct'/);
  await assertUsageError([...argv(), "yes"], /Unexpected argument 'yes'/);
  await assertUsageError([...argv({ operator: null }), "--operator"], /--operator.*argument missing/);
  // The next flag taken for a value would file the erasure under a ticket called "--operator"
  await assertUsageError(
    ["--subject", SUBJECT, "--basis", "consent_withdrawn", "--ticket", "--operator", "ops"],
    /--ticket.*ambiguous/,
  );
  await assertUsageError([...argv(), "--ticket", "DSR-8"], /^--ticket is given more than once/);
  await assertUsageError([...argv(), "--ticket=DSR-8"], /^--ticket is given more than once/);
});

Deno.test("values checked without a database: the subject's id, the operator, the database URL", async () => {
  await assertUsageError(
    argv({ subject: "someone@example.org" }),
    /^--subject must be the subject's user id/,
  );
  // A staff identifier, never an email or a name: the event that records it is never erased.
  for (
    const operator of ["ops.lead@example.org", "Dana Ops", "x".repeat(101), "ops\nreference: forged", "_ops"]
  ) {
    await assertUsageError(argv({ operator }), /^--operator must be your staff identifier/);
  }
  assert.equal(
    (parseErasureArgs(argv({ operator: "EMP-1042" }), ENV) as { operator: string }).operator,
    "EMP-1042",
  );
  await assertUsageError(argv(), /^no database: set SUPABASE_DB_URL/, { ...ENV, SUPABASE_DB_URL: undefined });
  const { code, err } = await run(argv({ "db-url": "postgres@host:s3cret" }));
  assert.equal(code, 2);
  assert.match(err, /^--db-url must be a URL/);
  assert.ok(!err.includes("s3cret"), "a malformed URL is not echoed: it may hold a password");
});

Deno.test("the pseudonym salt missing is a usage error too, naming the variable and not its value", async () => {
  await assertUsageError(argv(), /^GDPR_PSEUDONYM_SALT must be set/, {
    ...ENV,
    GDPR_PSEUDONYM_SALT: "short",
  });
});

Deno.test("--help and -h print the flags and the environment on stdout, exit 0", async () => {
  for (const flag of ["--help", "-h"]) {
    const { code, out, err } = await run([flag]);
    assert.deepEqual([code, out, err], [0, HELP, ""]);
  }
  assert.ok(HELP.startsWith(USAGE) && HELP.includes("SUPABASE_DB_URL") && HELP.includes("--operator"));
});

Deno.test("the flags as parsed: trimmed, the subject lower-cased, the environment's database by default", () => {
  assert.deepEqual(
    parseErasureArgs(argv({ subject: SUBJECT.toUpperCase(), operator: "  ops-dana  " }), ENV),
    {
      subjectId: SUBJECT,
      reason: "consent_withdrawn",
      reference: "DSR-7",
      operator: "ops-dana",
      dbUrl: ENV.SUPABASE_DB_URL,
      warnings: [],
    },
  );
});

Deno.test("--db-url still names the database, with a warning when it carries a password", () => {
  const parsed = (dbUrl: string, env: { SUPABASE_DB_URL?: string } = ENV) => {
    const args = parseErasureArgs(argv({ "db-url": dbUrl }), env);
    assert.ok(args !== "help");
    return args;
  };
  const withPassword = "postgresql://postgres:s3cret@db.example.org:5432/postgres";
  assert.deepEqual(
    [parsed(withPassword).dbUrl, parsed(withPassword).warnings],
    [withPassword, [DB_URL_PASSWORD_WARNING]],
    "the flag wins over the environment, and is warned about",
  );
  assert.deepEqual(parsed("postgresql://postgres@db.example.org/postgres?password=s3cret").warnings, [
    DB_URL_PASSWORD_WARNING,
  ]);
  assert.deepEqual(
    parsed("postgresql://postgres@db.example.org/postgres").warnings,
    [],
    "no password: no warning",
  );
  assert.ok(!DB_URL_PASSWORD_WARNING.includes("s3cret"));
  const fromEnv = parseErasureArgs(argv(), { SUPABASE_DB_URL: withPassword });
  assert.ok(fromEnv !== "help");
  assert.deepEqual(fromEnv.warnings, [], "the environment is where it belongs");
});
