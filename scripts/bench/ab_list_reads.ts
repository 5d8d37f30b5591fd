/**
 * In-process A/B of audit-query's list reads on the dev stack (`deno task stack:up` first): the four list
 * queries of `bench audit_queries`, through the function, variants interleaved round by round so the
 * machine's load falls on each alike. Variants: AB_VARIANTS (comma-separated; each sets
 * globalThis.__abVariant for code under test). AB_ROWS rows of synthetic trail (generated once, kept);
 * AB_ROUNDS rounds of AB_RUNS requests per query and variant.
 *   deno run -A scripts/bench/ab_list_reads.ts
 */
import { loadDotEnv } from "../stack/dotenv.ts";
import { devConfig, functionEnv, ROOT } from "../stack/mod.ts";
import { bearer } from "../../tests/support/identities.ts";
import { userToken } from "../../tests/support/jwt.ts";
import { generateSyntheticAudit } from "./synthetic_audit.ts";
import { asOwnerWithCronPaused } from "./owner_session.ts";
import { summarize } from "./stats.ts";
import { parseServerTiming } from "../../functions-shared/pipeline/step_timing.ts";

await loadDotEnv(`${ROOT}/.env`);
for (const [k, v] of Object.entries(functionEnv(devConfig()))) Deno.env.set(k, v);
Deno.env.set("SERVER_TIMING", "true");
const ROWS = Number(Deno.env.get("AB_ROWS") ?? 500_000);
const ROUNDS = Number(Deno.env.get("AB_ROUNDS") ?? 6);
const RUNS = Number(Deno.env.get("AB_RUNS") ?? 10);
const VARIANTS = (Deno.env.get("AB_VARIANTS") ?? "a").split(",");
// The PHI class allows each user 50 requests a minute: enough admins that none reaches it.
const ADMINS = 96;
const g = globalThis as { __abVariant?: string };

await asOwnerWithCronPaused(async (sql) => {
  // The trail is generated once and remembered (AB_TRAIL_FILE): later runs reuse it.
  const file = Deno.env.get("AB_TRAIL_FILE") ?? "/tmp/ab_list_reads_trail.json";
  const known = await Deno.readTextFile(file).then(JSON.parse).catch(() => undefined);
  const trail: { organizationId: string; users: { id: string }[] } = known ??
    await generateSyntheticAudit(sql, { rows: ROWS });
  if (!known) await Deno.writeTextFile(file, JSON.stringify(trail));
  const org = trail.organizationId;
  const mapped = trail.users[0];
  const admins = await Promise.all(
    Array.from(
      { length: ADMINS },
      () => userToken(crypto.randomUUID(), { role: "admin", organization_id: org }),
    ),
  );
  const fn = (await import("../../supabase/functions/audit-query/index.ts")).default as {
    fetch: (r: Request) => Promise<Response>;
  };
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const meta = encodeURIComponent(JSON.stringify({ medication: "naloxone" }));
  const cases = {
    timeline: `/users/${mapped.id}/trail?limit=100`,
    action: `/?action=dosing.calculate&outcome=failure&from=${ago(7)}&limit=100`,
    resource: `/?resource=protocol&from=${ago(30)}&limit=100`,
    metadata: `/?metadata=${meta}&from=${ago(30)}&limit=100`,
  };
  let n2 = 0;
  const ask = async (path: string) => {
    n2++;
    const start = performance.now();
    const r = await fn.fetch(
      new Request(`http://localhost/audit-query${path}`, {
        headers: {
          ...bearer({ token: admins[n2 % admins.length] }),
          "X-Forwarded-For": `10.9.${n2 >> 8 & 255}.${n2 & 255}`,
        },
      }),
    );
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return { ms: performance.now() - start, steps: parseServerTiming(r.headers.get("Server-Timing")) };
  };
  for (const v of VARIANTS) {
    g.__abVariant = v;
    for (let i = 0; i < ADMINS; i++) await ask(cases.timeline); // sessions opened, pools warm
    for (const path of Object.values(cases)) await ask(path);
  }
  const ms: Record<string, number[]> = {};
  const steps: Record<string, Record<string, number>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      g.__abVariant = v;
      for (const [name, path] of Object.entries(cases)) {
        for (let i = 0; i < RUNS; i++) {
          const t = await ask(path);
          (ms[`${name} ${v}`] ??= []).push(t.ms);
          const s = (steps[`${name} ${v}`] ??= {});
          for (const [k, x] of Object.entries(t.steps)) s[k] = (s[k] ?? 0) + x;
        }
      }
    }
  }
  for (const name of Object.keys(cases)) {
    for (const v of VARIANTS) {
      const key = `${name} ${v}`;
      const s = summarize(ms[key]);
      const mean = Object.entries(steps[key]).map(([k, x]) => `${k} ${(x / s.n).toFixed(2)}`).join(", ");
      console.log(`${key.padEnd(14)} p50 ${s.p50.toFixed(1)} p95 ${s.p95.toFixed(1)} ms (n ${s.n}); ${mean}`);
    }
  }
});
Deno.exit(0);
