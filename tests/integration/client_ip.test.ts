/**
 * One client-address rule: the functions' clientIp (core/context.ts, TRUSTED_PROXY_HOPS) and the
 * database's app.client_ip (app.trusted_proxy_hops, used by the PHI access trigger) give the same
 * answer for the same X-Forwarded-For and the same number of trusted proxies.
 */
import assert from "node:assert/strict";
import { clientIp } from "../../functions-shared/core/context.ts";
import { createSql } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";

const FORWARDED = [
  null,
  "",
  "203.0.113.5",
  "198.18.0.9, 203.0.113.5",
  "198.18.0.9,203.0.113.5,10.0.0.7",
  " 198.51.100.1 ,, 192.0.2.44 ",
  "2001:db8::1, ::1",
  "203.0.113.5, not-an-address",
  "<script>, 203.0.113.5",
  ",,,",
];

Deno.test("clientIp and app.client_ip agree, for one and for two trusted proxies", async () => {
  const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
  try {
    for (const hops of [1, 2, 3]) {
      for (const forwarded of FORWARDED) {
        const headers: Record<string, string> = forwarded === null ? {} : { "x-forwarded-for": forwarded };
        const [row] = await sql.begin((tx) =>
          tx<{ ip: string | null }[]>`
            select set_config('app.trusted_proxy_hops', ${String(hops)}, true),
                   app.client_ip(${tx.json(headers)}) as ip`
        );
        const req = new Request("http://localhost/", { headers });
        assert.equal(row.ip, clientIp(req, hops), `${JSON.stringify(forwarded)} with ${hops} trusted`);
      }
    }
  } finally {
    await sql.end();
  }
});
