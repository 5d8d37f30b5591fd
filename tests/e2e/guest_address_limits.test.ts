/**
 * Guests are counted by address. Through the functions server, as the app would call it; each test
 * names the address it stands for (the test stack's gateway appends it as Supabase's gateway appends
 * the peer, scripts/functions/gateway.ts):
 *   - 40 guest requests from one address with 40 user agents: refused once the class limit is spent;
 *   - 400 forged tokens from one address: 401 until the tight AUTH class (5 per 15 minutes) is spent,
 *     then 429 — and the audit trail's pseudonym table grows by at most that bucket, with no security
 *     event per refused request; a foreign origin from that address is refused the same way;
 *   - a signed-in user at that address is not affected, and another address has its own buckets.
 * Dosing is called with the typed client (each dose it answers is parsed with the published schema).
 */
import assert from "node:assert/strict";
import { clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { createSql } from "../../functions-shared/platform/db.ts";
import { SIMULATED_PEER_HEADER } from "../../scripts/functions/gateway.ts";
import { stackEnv } from "../support/env.ts";
import { apiClient } from "../support/api_client.ts";
import { errorBody } from "../support/functions_client.ts";
import { signToken, userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const FUNCTIONS_URL = stackEnv("FUNCTIONS_URL");
const AUTH_BUCKET = 5; // rate_limit_config AUTH: 5 per 900 s (seeded)

/**
 * A fresh address per call, one of a million in 172.16.0.0/12 — a range no other test or harness uses
 * (load identities take 10.0.0.0/8, the gateway's defaults 198.18.0.0/15) — so no bucket is shared.
 */
function newAddress(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `172.${16 + (a & 15)}.${b}.${c}`;
}

const DOSE = { medication: "epinephrine", weightKg: 20, indication: "anaphylaxis" };

/** One client for every call: each call's headers carry its address, user agent and any token. */
const dosing = apiClient().dosing;

/** A dose calculation from `address`, as the app sends it: status, and the error code of a refusal. */
async function dose(address: string, headers: Record<string, string> = {}) {
  const { error } = await dosing.calculate({
    body: DOSE,
    headers: { [SIMULATED_PEER_HEADER]: address, ...headers },
  });
  if (error === null) return { status: 200, code: undefined };
  const { status, body } = await errorBody(error);
  return { status, code: body?.error?.code as string | undefined };
}

/** Raw fetch, for what an app does not send: a browser's foreign Origin. */
async function postWithOrigin(address: string, origin: string) {
  const res = await fetch(`${FUNCTIONS_URL}/dosing`, {
    method: "POST",
    headers: { "Content-Type": "application/json", [SIMULATED_PEER_HEADER]: address, Origin: origin },
    body: JSON.stringify(DOSE),
  });
  const json = await res.json().catch(() => null);
  return { status: res.status, code: json?.error?.code as string | undefined };
}

/** A well-formed token signed with a secret that is not the project's. */
const forgedToken = () =>
  signToken({ sub: crypto.randomUUID(), role: "authenticated" }, {
    secret: "not-the-project-secret-but-long-enough-to-sign",
  });

/**
 * How many answers a limit lets through: its window in Redis, and — when Redis is slower than the limiter's
 * 50 ms budget on a busy machine and the Postgres limiter decides instead — its separate window there
 * (README, Rate limiting). Never more, whatever the headers say.
 */
const WINDOWS = 2;

Deno.test(
  "40 guests' requests from one address with 40 user agents: refused after the class limit",
  options,
  async () => {
    const address = newAddress();
    const statuses: number[] = [];
    // 40 requests as the issue counts them, then as many more as a second window could need.
    for (let i = 0; i < 30 * WINDOWS + 10; i++) {
      const reply = await dose(address, { "User-Agent": `browser-${i}-${crypto.randomUUID()}` });
      statuses.push(reply.status);
    }
    const answered = statuses.filter((s) => s === 200).length;
    assert.ok(statuses.includes(429), `refused: ${statuses}`);
    assert.ok(
      answered <= 30 * WINDOWS,
      `the DOSING class (30 per minute) binds, whatever the user agent: ${answered} answered of ${statuses.length}`,
    );
    // Refusals lower the address's reputation (recorded after each response): later ones may be 403 BANNED.
    assert.ok(statuses.every((s) => [200, 429, 403].includes(s)), `${statuses}`);
    const elsewhere = await dose(newAddress(), { "User-Agent": "browser-0" });
    assert.equal(elsewhere.status, 200, "another address has its own bucket");
  },
);

Deno.test(
  "400 forged tokens from one address: 429 after the AUTH bucket, no pseudonym or security event per request",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
    try {
      const address = newAddress();
      const agents = Array.from({ length: 400 }, (_, i) => `forger-${i}-${crypto.randomUUID()}`);
      const replies: { status: number; code?: string }[] = [];
      for (let start = 0; start < agents.length; start += 8) {
        replies.push(
          ...await Promise.all(
            agents.slice(start, start + 8).map(async (agent) =>
              dose(address, { "User-Agent": agent, Authorization: `Bearer ${await forgedToken()}` })
            ),
          ),
        );
      }
      const invalid = replies.filter((r) => r.status === 401 && r.code === "TOKEN_INVALID").length;
      const limited = replies.filter((r) => r.status === 429 && r.code === "RATE_LIMITED").length;
      const banned = replies.filter((r) => r.status === 403 && r.code === "BANNED").length;
      assert.equal(invalid + limited + banned, 400, JSON.stringify(replies.slice(0, 12)));
      assert.ok(invalid <= AUTH_BUCKET * WINDOWS, `at most the bucket is answered 401 (${invalid})`);
      assert.ok(limited + banned >= 400 - AUTH_BUCKET * WINDOWS);

      // Every answer is audited; wait until all 400 rows are in, then count what they added.
      const key = clientAddressKey(address, loadConfig(Deno.env.toObject()).clientKeySecret)!;
      await waitFor(async () => {
        const [row] = await sql`select count(*)::int as n from public.audit_logs
          where timestamp > now() - interval '10 minutes'
            and (metadata ->> 'client_key' = ${key} or ip_pseudonym in (select m.pseudonym from audit.pseudonym_mapping m
              where m.blind_index = audit.blind_index(audit.pseudonym_key(), 'ip', null, ${address})))`;
        return row.n >= 400;
      });
      const [pseudonyms] = await sql`
        select count(*)::int as n from audit.pseudonym_mapping m
        where m.blind_index in (select audit.blind_index(audit.pseudonym_key(), 'user_agent', null, ua)
                                from unnest(${agents}::text[]) ua)`;
      assert.ok(
        pseudonyms.n <= AUTH_BUCKET * WINDOWS,
        `user-agent pseudonyms grew by ${pseudonyms.n}, the bucket is ${AUTH_BUCKET}`,
      );
      const [events] = await sql`select count(*)::int as n from public.security_events
        where identifier = ${key} and event_type = 'auth.token_failure'`;
      assert.ok(events.n <= AUTH_BUCKET * WINDOWS, `token-failure events: ${events.n}`);
      const [violation] =
        await sql`select violation_count from public.rate_limit_violations where identifier = ${key}`;
      assert.ok(violation?.violation_count >= 1, "the refusals are counted against the address key");

      // A foreign origin counts in the same AUTH bucket: of a bucket's worth in each window and one more,
      // at least one is refused as a limit (the pipeline unit test pins the exact code).
      const foreign: (string | undefined)[] = [];
      for (let i = 0; i <= AUTH_BUCKET * WINDOWS; i++) {
        foreign.push((await postWithOrigin(address, "https://elsewhere.example")).code);
      }
      assert.ok(
        foreign.some((code) => code === "RATE_LIMITED" || code === "BANNED"),
        JSON.stringify(foreign),
      );

      const token = await userToken(crypto.randomUUID(), { role: "paramedic" });
      const signedIn = await dose(address, { Authorization: `Bearer ${token}` });
      if (banned === 0) {
        assert.equal(signedIn.status, 200, "a signed-in user at that address is counted as themself");
      }
      const elsewhere = await dose(newAddress(), { Authorization: `Bearer ${await forgedToken()}` });
      assert.equal(elsewhere.code, "TOKEN_INVALID", "another address still hears why its token failed");
    } finally {
      await sql.end();
    }
  },
);

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail("the audit rows did not arrive");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
