import assert from "node:assert/strict";
import { addressKind, checkOutboundUrl } from "../../functions-shared/platform/outbound.ts";

Deno.test("addresses are classified; only public ones may be reached", () => {
  const table: [string, string][] = [
    ["93.184.216.34", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.0.0.7", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "shared (carrier-grade NAT)"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["198.18.0.1", "reserved"],
    ["300.1.1.1", "reserved"],
  ];
  for (const [address, kind] of table) assert.equal(addressKind(address), kind, address);
});

Deno.test("https to public addresses only; local development may reach loopback alone", async () => {
  const dns = (answers: Record<string, string[]>) => (host: string) => Promise.resolve(answers[host] ?? []);
  const resolve = dns({
    "hooks.example": ["93.184.216.34"],
    "mixed.example": ["93.184.216.34", "10.0.0.1"],
    "local.example": ["127.0.0.1"],
  });
  const prod = { allowLoopback: false };
  const dev = { allowLoopback: true };
  const check = async (url: string, policy = prod) => await checkOutboundUrl(url, policy, resolve);
  assert.deepEqual(await check("https://hooks.example/a"), { ok: true });
  assert.deepEqual(await check("http://hooks.example/a"), { ok: false, reason: "only https is allowed" });
  assert.deepEqual(await check("https://mixed.example/"), {
    ok: false,
    reason: "mixed.example resolves to a private address",
  });
  assert.deepEqual(await check("https://nowhere.example/"), {
    ok: false,
    reason: "nowhere.example does not resolve",
  });
  assert.deepEqual(await check("https://169.254.169.254/"), {
    ok: false,
    reason: "169.254.169.254 resolves to a metadata address",
  });
  assert.deepEqual(await check("https://[::1]:9/"), {
    ok: false,
    reason: "::1 resolves to a loopback address",
  });
  assert.deepEqual(await check("https://user:pw@hooks.example/"), {
    ok: false,
    reason: "credentials in the URL",
  });
  assert.deepEqual(await check("not a url"), { ok: false, reason: "not a URL" });
  assert.deepEqual(await check("http://127.0.0.1:9/hook", dev), { ok: true });
  assert.deepEqual(await check("http://local.example/hook", dev), { ok: true });
  assert.equal(
    (await check("http://169.254.169.254/", dev)).ok,
    false,
    "the local setting opens loopback only",
  );
  assert.equal((await check("ftp://127.0.0.1/", dev)).ok, false);
});
