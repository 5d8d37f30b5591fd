/**
 * The tamper rule's anchor check at scale, on the dev stack (not part of `deno task bench`):
 *
 *   deno run -A scripts/bench/anchor_check.ts [--seals 500000] [--rounds 3] [--runs 5]
 *     [--before before.sql --after after.sql] [--explain]
 *
 * In one transaction, rolled back at the end (the stack's trail is left as it was), it makes `--seals`
 * synthetic seals set-based — 20 seqs each, ten seconds apart up to now, above every real seal and seq, all
 * but the newest 5 anchored (the anchor job's minute of lag) — analyzes both tables as autovacuum would, puts
 * the tamper rule's mark at the newest seal (a quiet run: no rows to verify) and times, `--runs` times a round:
 *   - audit.anchors_disagreement over the tamper rule's span (from the newest anchored seal on),
 *   - the same over a minute of seals (6), the span of a run that has new seals to check,
 *   - a quiet run of the tamper rule, audit.verify_for_alerts('{}'),
 *   - once a round, the check over a day of seals (8,640: a daily compliance report's anchors).
 * The seals carry no rows: audit.anchors_disagreement compares ids, ranges and hashes only.
 *
 * With --before and --after (SQL files, e.g. an earlier definition of the function and the migrations that
 * replaced it), each round runs --before, times, runs --after, times: the two alternate in the same
 * transaction and session, and the figures are given as before/after ratios. --explain prints EXPLAIN
 * ANALYZE of the function's own statement (auto_explain) over the tamper rule's span, for each variant.
 * The connection is the dev stack's owner (.env's DB_PORT) and nothing else: SUPABASE_DB_URL is where the
 * README has an operator keep a hosted project's login, and this pauses pg_cron's sealing and anchoring
 * meanwhile and holds the tamper rule's state row, which no production database should see.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { loadDotEnv } from "../stack/dotenv.ts";
import { devConfig, pgOptions, ROOT } from "../stack/mod.ts";
import { dbUrl } from "../stack/postgres.ts";
import { withCronJobsPaused } from "../../tests/support/cron_pause.ts";
import { round, summarize } from "./stats.ts";

const USAGE =
  "usage: anchor_check.ts [--seals N] [--rounds N] [--runs N] [--before FILE --after FILE] [--explain]";
const SEQS_PER_SEAL = 20;
const UNANCHORED = 5;
const DAY_OF_SEALS = 8_640;

interface Options {
  seals: number;
  rounds: number;
  runs: number;
  before?: string;
  after?: string;
  explain: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      seals: { type: "string", default: "500000" },
      rounds: { type: "string", default: "3" },
      runs: { type: "string", default: "5" },
      before: { type: "string" },
      after: { type: "string" },
      explain: { type: "boolean", default: false },
    },
    strict: true,
  });
  const count = (name: "seals" | "rounds" | "runs") => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
    return n;
  };
  if ((values.before === undefined) !== (values.after === undefined)) {
    throw new Error(`--before and --after go together\n${USAGE}`);
  }
  const seals = count("seals");
  if (seals <= DAY_OF_SEALS) throw new Error(`--seals must exceed a day of seals (${DAY_OF_SEALS})`);
  return {
    seals,
    rounds: count("rounds"),
    runs: count("runs"),
    before: values.before,
    after: values.after,
    explain: values.explain ?? false,
  };
}

type Tx = postgres.TransactionSql;
/** The spans timed, each a statement over the synthetic seals' seqs. */
type Case = { name: string; runs: (o: Options) => number; statement: (tx: Tx) => Promise<unknown> };

async function makeSeals(
  tx: Tx,
  n: number,
): Promise<{ newestAnchoredFrom: number; minuteFrom: number; dayFrom: number }> {
  // Ids and seqs above every real one, so the real trail's seals and anchors are neither overlapped nor
  // counted; explicit ids leave the sequence alone (a rolled-back setval would not roll back).
  const [{ id0, seq0 }] = await tx`
    select (coalesce((select max(id) from audit.seals), 0) + 1000000)::float8 as id0,
      (greatest(coalesce((select max(to_seq) from audit.seals), 0),
        (select last_value from audit.audit_logs_seq)) + 1000000)::float8 as seq0`;
  await tx`
    insert into audit.seals (id, from_seq, to_seq, row_count, missing_seqs, row_digests, root_hash, prev_hash,
      seal_hash, sealed_at)
    select ${id0} + i, ${seq0} + (i - 1) * ${SEQS_PER_SEAL} + 1, ${seq0} + i * ${SEQS_PER_SEAL}, 0, '{}', '\\x',
      sha256(int8send(i)), null, sha256(int8send(-i)), now() - (${n} - i) * interval '10 seconds'
    from generate_series(1, ${n}::bigint) i`;
  await tx`
    insert into audit.anchors (seal_id, from_seq, to_seq, seal_hash, signature, key_id, sinks, anchored_at)
    select s.id, s.from_seq, s.to_seq, s.seal_hash, '\\x01', 'bench', '{storage}', s.sealed_at + interval '30 seconds'
    from audit.seals s where s.id > ${id0} and s.id <= ${id0 + n - UNANCHORED}`;
  await tx`analyze audit.seals`;
  await tx`analyze audit.anchors`;
  await tx`update audit.alert_verify_state set verified_to_seq = ${seq0 + n * SEQS_PER_SEAL},
    full_check_at = now() where true`;
  const from = (i: number) => seq0 + (i - 1) * SEQS_PER_SEAL + 1;
  return {
    newestAnchoredFrom: from(n - UNANCHORED),
    minuteFrom: from(n - 5),
    dayFrom: from(n - DAY_OF_SEALS + 1),
  };
}

function cases(s: { newestAnchoredFrom: number; minuteFrom: number; dayFrom: number }): Case[] {
  const check = (from: number) => (tx: Tx) => tx`select * from audit.anchors_disagreement(${from}, null)`;
  return [
    {
      name: "anchors_disagreement, the tamper rule's span",
      runs: (o) => o.runs,
      statement: check(s.newestAnchoredFrom),
    },
    {
      name: "anchors_disagreement, a minute of seals (6)",
      runs: (o) => o.runs,
      statement: check(s.minuteFrom),
    },
    {
      name: "the tamper rule, a quiet run (verify_for_alerts)",
      runs: (o) => o.runs,
      statement: (tx) => tx`select * from audit.verify_for_alerts('{}')`,
    },
    {
      name: `anchors_disagreement, a day of seals (${DAY_OF_SEALS})`,
      runs: () => 1,
      statement: check(s.dayFrom),
    },
  ];
}

async function explain(tx: Tx, from: number, notices: string[]): Promise<string> {
  notices.length = 0;
  await tx`load 'auto_explain'`;
  await tx.unsafe(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_analyze = on;
    set local auto_explain.log_buffers = on; set local auto_explain.log_nested_statements = on;
    set local auto_explain.log_level = notice; set local client_min_messages = notice`);
  await tx`select * from audit.anchors_disagreement(${from}, null)`;
  await tx.unsafe(`set local auto_explain.log_min_duration = -1; set local client_min_messages = warning`);
  // The function's own statement: the plan after its text (the outer Function Scan is the call).
  return notices.find((n) => n.includes("with span as"))?.replace(/^[\s\S]*?\n\n/, "") ?? "(no plan logged)";
}

async function main(): Promise<void> {
  const o = options();
  await loadDotEnv(`${ROOT}/.env`);
  const url = dbUrl(pgOptions(devConfig())); // the dev stack alone (see above)
  const notices: string[] = [];
  const sql = postgres(url, { prepare: false, max: 1, onnotice: (n) => notices.push(String(n.message)) });
  const variants: { name: string; file?: string }[] = o.before && o.after
    ? [{ name: "before", file: o.before }, { name: "after", file: o.after }]
    : [{ name: "current" }];
  const samples = new Map<string, number[]>();
  const plans = new Map<string, string>();
  try {
    await withCronJobsPaused(
      sql,
      ["audit-seal", "audit-anchor", "flush-metrics-hourly"],
      () =>
        sql.begin(async (tx) => {
          const t0 = performance.now();
          const spans = await makeSeals(tx, o.seals);
          console.log(
            `${o.seals} seals and ${o.seals - UNANCHORED} anchors in ${
              round((performance.now() - t0) / 1000, 1)
            } s`,
          );
          for (let r = 1; r <= o.rounds; r++) {
            for (const v of variants) {
              if (v.file) await tx.unsafe(await Deno.readTextFile(v.file));
              for (const c of cases(spans)) {
                for (let i = 0; i < c.runs(o); i++) {
                  const start = performance.now();
                  await c.statement(tx);
                  const key = `${v.name}\t${c.name}`;
                  samples.set(key, [...(samples.get(key) ?? []), performance.now() - start]);
                }
              }
              if (o.explain && r === o.rounds) {
                plans.set(v.name, await explain(tx, spans.newestAnchoredFrom, notices));
              }
            }
            console.log(`round ${r} of ${o.rounds} done`);
          }
          throw new RolledBack(); // sql.begin rolls the transaction back
        }).catch((e) => {
          if (!(e instanceof RolledBack)) throw e;
        }),
    );
  } finally {
    await sql.end();
  }
  report(variants.map((v) => v.name), samples, plans);
}

class RolledBack extends Error {}

function report(variants: string[], samples: Map<string, number[]>, plans: Map<string, string>): void {
  const names = [...new Set([...samples.keys()].map((k) => k.split("\t")[1]))];
  console.log(
    `\n| case | ${variants.map((v) => `${v}: p50 ms (min–max, n)`).join(" | ")} |${
      variants.length > 1 ? " before / after |" : ""
    }`,
  );
  console.log(`|---|${variants.map(() => "---|").join("")}${variants.length > 1 ? "---|" : ""}`);
  for (const name of names) {
    const cells = variants.map((v) => {
      const s = samples.get(`${v}\t${name}`) ?? [];
      const { p50, n } = summarize(s);
      return {
        p50,
        text: `${round(p50, 2)} (${round(Math.min(...s), 2)}–${round(Math.max(...s), 2)}, ${n})`,
      };
    });
    const ratio = cells.length > 1 ? ` ${round(cells[0].p50 / cells[1].p50, 1)} |` : "";
    console.log(`| ${name} | ${cells.map((c) => c.text).join(" | ")} |${ratio}`);
  }
  for (const [variant, plan] of plans) {
    console.log(`\n-- ${variant}: EXPLAIN ANALYZE over the tamper rule's span\n${plan}`);
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(e instanceof Error && e.message.includes(USAGE) ? 2 : 1);
  }
}
