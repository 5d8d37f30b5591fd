/** The benchmarks' CPU-by-process accounting (scripts/bench/process_cpu.ts). */
import assert from "node:assert/strict";
import { cpuPerRequest, cpuSnapshot, describeCpu, parentOf } from "../../scripts/bench/process_cpu.ts";

Deno.test("per request: the difference per process, in ms; processes that spent nothing are left out", () => {
  const perRequest = cpuPerRequest(
    { server: 1, bridge: 2, redis: 3 },
    { server: 1.5, bridge: 2, redis: 3.1 },
    1000,
  );
  assert.deepEqual(Object.keys(perRequest), ["server", "redis"]);
  assert.ok(Math.abs(perRequest.server - 0.5) < 1e-9 && Math.abs(perRequest.redis - 0.1) < 1e-9);
  assert.deepEqual(cpuPerRequest({ server: 1 }, { server: 2 }, 0), {});
  assert.equal(describeCpu({ server: 0.5, redis: 0.1 }), "server 0.500, redis 0.100 (0.600 ms in all)");
  assert.equal(describeCpu({}), "no CPU figures (not Linux?)");
});

Deno.test({
  name: "a snapshot reads this process's own CPU time, which is not zero and only grows",
  ignore: Deno.build.os !== "linux",
  fn() {
    const stack = { bridgePort: 1, redisPort: 1, postmaster: null };
    const before = cpuSnapshot({ server: Deno.pid }, stack);
    // This process has long since spent more than one 10 ms clock tick (startup, type loading): a snapshot
    // that could not read /proc would say 0. Then it works until the kernel's count moves on (bounded by
    // work, not by time): a later snapshot must read more.
    let after = cpuSnapshot({ server: Deno.pid }, stack);
    let work = 0;
    for (let round = 0; after.server! <= before.server! && round < 100_000; round++) {
      for (let i = 0; i < 10_000; i++) work = (work * 31 + i) % 1_000_003;
      after = cpuSnapshot({ server: Deno.pid }, stack);
    }
    assert.ok(before.server! > 0, "this process's CPU time was read");
    assert.ok(after.server! > before.server!, `CPU time grew with work (${work})`);
    assert.equal(parentOf(Deno.pid), Deno.ppid);
    assert.equal(after.postgres, undefined, "no postmaster: no Postgres figure");
  },
});
