import assert from "node:assert/strict";
import {
  applyCorsAndSecurityHeaders,
  corsPolicy,
  isOriginAllowed,
  isPreflight,
  judgeOrigin,
  normalizeOrigin,
  SECURITY_HEADERS,
} from "../../functions-shared/pipeline/cors.ts";

const production = corsPolicy({
  allowedOrigins: ["https://Console.Example.org/", "http://ops.example.org:8080"],
  isDevelopment: false,
});
const development = corsPolicy({ allowedOrigins: [], isDevelopment: true });

Deno.test("normalizeOrigin canonicalises scheme/host/port and rejects non-origins", () => {
  assert.equal(normalizeOrigin("HTTPS://Console.Example.org:443/"), "https://console.example.org");
  assert.equal(normalizeOrigin("http://localhost:5173"), "http://localhost:5173");
  assert.equal(normalizeOrigin("null"), null);
  assert.equal(normalizeOrigin("file:///etc/passwd"), null);
  assert.equal(normalizeOrigin("https://user:pw@console.example.org"), null);
  assert.equal(normalizeOrigin("not a url"), null);
});

Deno.test("allowlist is exact after normalisation: no suffix, prefix, scheme or port tricks", () => {
  assert.equal(isOriginAllowed("https://console.example.org", production), true);
  assert.equal(isOriginAllowed("https://CONSOLE.example.org:443", production), true);
  assert.equal(isOriginAllowed("http://ops.example.org:8080", production), true);
  for (
    const foreign of [
      "http://console.example.org",
      "https://console.example.org.evil.com",
      "https://evilconsole.example.org",
      "https://sub.console.example.org",
      "http://ops.example.org",
      "http://ops.example.org:8081",
      "null",
      "http://localhost:3000",
    ]
  ) assert.equal(isOriginAllowed(foreign, production), false, foreign);
});

Deno.test("development also allows localhost and 127.0.0.1 on any port, nothing that merely looks like them", () => {
  for (const local of ["http://localhost:5173", "https://localhost", "http://127.0.0.1:54321"]) {
    assert.equal(isOriginAllowed(local, development), true, local);
  }
  for (
    const foreign of ["http://localhost.evil.com", "http://127.0.0.1.nip.io", "http://10.0.0.1:3000", "null"]
  ) {
    assert.equal(isOriginAllowed(foreign, development), false, foreign);
  }
});

Deno.test("isPreflight needs OPTIONS and Access-Control-Request-Method", () => {
  const url = "https://x.example/fn";
  assert.equal(
    isPreflight(
      new Request(url, { method: "OPTIONS", headers: { "Access-Control-Request-Method": "POST" } }),
    ),
    true,
  );
  assert.equal(isPreflight(new Request(url, { method: "OPTIONS" })), false);
  assert.equal(
    isPreflight(new Request(url, { method: "GET", headers: { "Access-Control-Request-Method": "POST" } })),
    false,
  );
});

Deno.test("judgeOrigin: absent, allowed, denied", () => {
  const url = "https://x.example/fn";
  assert.deepEqual(judgeOrigin(new Request(url), production), { kind: "none" });
  assert.deepEqual(
    judgeOrigin(new Request(url, { headers: { Origin: "https://console.example.org" } }), production),
    {
      kind: "allowed",
      origin: "https://console.example.org",
    },
  );
  assert.equal(
    judgeOrigin(new Request(url, { headers: { Origin: "https://evil.example" } }), production).kind,
    "denied",
  );
});

Deno.test("allowed origin is echoed with Vary and exposed headers; others get no ACAO; security headers always", () => {
  const allowed = new Headers({ Vary: "Accept-Encoding" });
  applyCorsAndSecurityHeaders(allowed, { kind: "allowed", origin: "https://console.example.org" });
  assert.equal(allowed.get("Access-Control-Allow-Origin"), "https://console.example.org");
  assert.equal(allowed.get("Vary"), "Accept-Encoding, Origin");
  assert.match(
    allowed.get("Access-Control-Expose-Headers")!,
    /X-Request-Id.*X-RateLimit-Remaining.*Retry-After.*X-Export-Records/,
  );

  const denied = new Headers({ "Access-Control-Allow-Origin": "*" }); // even if a handler tried
  applyCorsAndSecurityHeaders(denied, { kind: "denied", origin: "https://evil.example" });
  assert.equal(denied.has("Access-Control-Allow-Origin"), false);
  assert.equal(denied.has("Access-Control-Expose-Headers"), false);
  assert.equal(denied.get("Vary"), "Origin");

  for (const headers of [allowed, denied]) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      assert.equal(headers.get(name), value, name);
    }
  }
});

Deno.test("a handler's deliberate Cache-Control survives; Vary: Origin is not duplicated", () => {
  const headers = new Headers({ "Cache-Control": "public, max-age=300", Vary: "origin" });
  applyCorsAndSecurityHeaders(headers, { kind: "none" });
  assert.equal(headers.get("Cache-Control"), "public, max-age=300");
  assert.equal(headers.get("Vary"), "origin");
});
