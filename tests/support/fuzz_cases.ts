/**
 * Generated malformed requests, every one of which a correct function must refuse with a 4xx. Each
 * case has at least one definite defect (a forged or broken token, a denied origin, a path or method
 * no route has, a body or query its schema refuses, a query on a route that takes none, a role that
 * may not call the route); hostile strings (SQL, HTML, unicode, huge) and odd headers ride along in the
 * free-text fields, where on their own they would be legitimate input.
 *
 * Functions without cases of their own here (one that just landed) get the generic ones, which hold for
 * any function: forged tokens, denied origins, paths and methods no function routes.
 */
import { signToken } from "./jwt.ts";
import type { RequestSpec } from "./function_catalog.ts";
import {
  BROKEN_JSON,
  type FieldKind,
  headerSafe,
  hostile,
  oddHeaders,
  type Rng,
  wrongTyped,
} from "./fuzz_values.ts";
import { gatewayAddress, type User } from "./identities.ts";

const urlSafe = (value: string) => value.slice(0, 1000);

// Request lines past ~8 KB are refused by the client (fetch: "Invalid URL") or any gateway before a
// function sees them: such a case would test nothing. Generators keep query values short (urlSafe);
// this is the backstop for any that does not.
const MAX_PATH = 8_000;
const sendable = (path: string) => path.length <= MAX_PATH ? path : path.slice(0, MAX_PATH);

export interface FuzzCase extends RequestSpec {
  readonly fn: string;
  /** What the defect is, for the report. */
  readonly kind: string;
}

export interface FuzzCallers {
  readonly paramedic: () => User;
  readonly director: () => User;
  readonly admin: () => User;
  readonly forgedTokens: readonly string[];
}

type Draft = Omit<FuzzCase, "fn"> & { readonly caller?: "guest" | User };
type CaseMaker = (rng: Rng, c: FuzzCallers) => Draft;

/** Tokens that must all be refused with 401: wrong secret, alg none/RS256, expired, no sub, bad role, junk. */
export async function forgedTokens(): Promise<string[]> {
  const sub = crypto.randomUUID();
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, role: "authenticated", app_metadata: { role: "admin" }, exp: now + 3600 };
  return [
    await signToken(claims, { secret: "not-the-project-secret-but-long-enough-to-sign-0000" }),
    await signToken({ ...claims, role: "service_role" }, {
      secret: "guessed-service-secret-guessed-service-secret",
    }),
    await signToken(claims, { expiresIn: -3600 }),
    await signToken({ role: "authenticated", app_metadata: { role: "admin" } }),
    await signToken({ sub, role: "supabase_admin" }),
    `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`,
    `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.c2ln`,
    `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.c2lnbmF0dXJl`,
    `${b64({ alg: "HS512", typ: "JWT" })}.${b64(claims)}.c2lnbmF0dXJl`,
    `${b64({ typ: "JWT" })}.${b64(claims)}.c2ln`,
    "abc.def.ghi",
    "eyJ.eyJ.sig",
    "a.b",
    "x".repeat(6000),
    `${b64({ alg: "HS256" })}.${b64("not an object")}.c2ln`,
  ];
}

const authHeaders = (rng: Rng, c: FuzzCallers): Record<string, string> =>
  rng.pick([
    { Authorization: `Bearer ${rng.pick(c.forgedTokens)}` },
    { Authorization: `bearer  ${rng.pick(c.forgedTokens)}` },
    { Authorization: "Basic dXNlcjpwYXNz" },
    { Authorization: "Bearer" },
    { Authorization: "Bearer <script>alert(1)</script>" },
    { Authorization: "Bearer a b c" },
    { Authorization: `Token ${rng.pick(c.forgedTokens)}` },
    { Authorization: `Bearer ${rng.pick(c.forgedTokens)}, Bearer ${rng.pick(c.forgedTokens)}` },
  ]);

/** A URL component; lone surrogates become U+FFFD first (encodeURIComponent throws on them). */
const seg = (s: string) => encodeURIComponent(s.toWellFormed());

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const bodyFor = (method: string, rng: Rng) =>
  method === "GET"
    ? undefined
    : rng.pick<unknown>([undefined, {}, { q: hostile(rng) }, rng.pick(BROKEN_JSON)]);

/** Defects any function must refuse, whatever its routes. */
const GENERIC: readonly CaseMaker[] = [
  (rng, c) => {
    const method = rng.pick(METHODS);
    return {
      kind: "forged or broken token",
      method,
      path: "",
      headers: authHeaders(rng, c),
      body: bodyFor(method, rng),
    };
  },
  (rng) => {
    const method = rng.pick(METHODS);
    const origin = rng.pick([
      "https://evil.example",
      "null",
      "http://localhost.evil.example",
      "file://",
      hostile(rng),
    ]);
    const headers = { Origin: headerSafe(origin.slice(0, 2000)) };
    return { kind: "denied origin", method, path: "", headers, body: bodyFor(method, rng) };
  },
  (rng) => ({
    kind: "no such route",
    method: rng.pick(METHODS),
    path: `/${seg(hostile(rng).slice(0, 200))}/${rng.pick(["..", "%2e%2e", "x"])}/${rng.int(1e6)}/z`,
  }),
  (rng) => ({
    kind: "method no route has",
    method: rng.pick(["PUT", "PATCH", "DELETE", "OPTIONS"]),
    path: "/",
  }),
];

/** A JSON body route's defects: broken JSON, wrong media type, too large, not an object, wrong types. */
type Fields = Readonly<Record<string, FieldKind>>;

function bodyDefect(rng: Rng, valid: Record<string, unknown>, fields: Fields, maxBytes: number) {
  const choice = rng.int(6);
  if (choice === 0) {
    return { kind: "broken JSON", body: rng.pick(BROKEN_JSON), contentType: "application/json" };
  }
  if (choice === 1) {
    return {
      kind: "wrong media type",
      body: JSON.stringify(valid),
      contentType: rng.pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
      ]),
    };
  }
  if (choice === 2) {
    return { kind: "body too large", body: { ...valid, pad: "A".repeat(maxBytes + rng.int(5000)) } };
  }
  if (choice === 3) {
    return {
      kind: "unknown field",
      body: {
        ...valid,
        [rng.pick(["admin", "__proto__x", "role", hostile(rng).slice(0, 40)])]: hostile(rng),
      },
    };
  }
  if (choice === 4) {
    const field = rng.pick(Object.keys(fields));
    return { kind: "wrong type", body: { ...valid, [field]: wrongTyped(rng, fields[field]) } };
  }
  return {
    kind: "not an object",
    body: JSON.stringify(rng.pick<unknown>([[valid], "text", 42, null, true])),
    contentType: "application/json",
  };
}

function jsonDraft(
  rng: Rng,
  path: string,
  valid: Record<string, unknown>,
  fields: Fields,
  caller: "guest" | User,
  maxBytes = 64 * 1024,
): Draft {
  const defect = bodyDefect(rng, valid, fields, maxBytes);
  const headers: Record<string, string> = "contentType" in defect && defect.contentType
    ? { "Content-Type": defect.contentType }
    : {};
  return { kind: defect.kind, method: "POST", path, headers, body: defect.body, caller };
}

const SPECIFIC: Readonly<Record<string, readonly CaseMaker[]>> = {
  "dosing": [
    (rng, c) =>
      jsonDraft(rng, "", { medication: hostile(rng), weightKg: 20 }, {
        medication: "string",
        weightKg: "number",
        color: "string",
        ageYears: "number",
        route: "string",
      }, rng.chance(0.5) ? "guest" : c.paramedic()),
    (rng) => ({
      kind: "unknown medication",
      method: "POST",
      path: "",
      body: { medication: hostile(rng).slice(0, 80).trim() || "x", weightKg: 1 + rng.int(100) },
    }),
    (rng) => ({
      kind: "value out of range",
      method: "POST",
      path: "",
      body: rng.pick([
        { medication: "naloxone", route: "IN", weightKg: rng.pick([0, -5, 501, 1e9]) },
        { medication: "naloxone", route: "IN", ageYears: rng.pick([-1, 131, 1e6]), weightKg: 20 },
        { medication: "midazolam", route: "IN", indication: "seizure", color: hostile(rng).slice(0, 30) },
        { medication: "epinephrine", route: hostile(rng).slice(0, 15) || "zz", weightKg: 20 },
        { medication: "fentanyl", weightKg: 20 },
        { medication: "x".repeat(81) },
      ]),
    }),
    (rng) => ({
      // A valid calculation, but with a parameter the route does not take (it declares no query).
      kind: "query parameter on a route that takes none",
      method: "POST",
      path: `?${new URLSearchParams({ [rng.pick(["weightKg", "debug", "apikey"])]: urlSafe(hostile(rng)) })}`,
      body: { medication: "naloxone", route: "IN", weightKg: 80 },
    }),
  ],
  "protocol-search": [
    (rng, c) =>
      jsonDraft(rng, "", { q: hostile(rng).slice(0, 300) }, {
        q: "string",
        limit: "number",
        pediatric: "boolean",
        category: "string",
      }, rng.chance(0.5) ? "guest" : c.paramedic()),
    (rng) => ({
      kind: "bad query parameter",
      method: "GET",
      // Query values are cut to 1 000 characters: percent-encoded, a huge one would make a URL that the
      // client itself refuses to send (the request would never reach the function under test).
      path: `?${new URLSearchParams(rng.pick<Record<string, string>>([
        { q: urlSafe(hostile(rng)), limit: rng.pick(["0", "21", "-1", "ten", "1e3", "2.5"]) },
        { q: urlSafe(hostile(rng)), pediatric: rng.pick(["maybe", "yes", "2", urlSafe(hostile(rng))]) },
        { q: "" },
        { limit: "5" },
        { q: "x".repeat(301) },
        { q: urlSafe(hostile(rng)), category: "" },
      ]))}`,
    }),
    (rng) => ({ kind: "no such document", method: "GET", path: `/${seg(hostile(rng).slice(0, 300))}` }),
    (rng, c) =>
      jsonDraft(rng, "/feedback", { accessId: crypto.randomUUID(), helpful: true }, {
        accessId: "string",
        helpful: "boolean",
      }, c.paramedic()),
  ],
  "bedrock-ai-chat": [
    (rng, c) => {
      const valid = { stream: false, messages: [{ role: "user", content: hostile(rng).slice(0, 4000) }] };
      return jsonDraft(
        rng,
        "",
        valid,
        { messages: "array", stream: "boolean", patient: "object" },
        c.paramedic(),
        128 * 1024,
      );
    },
    (rng, c) => ({
      kind: "bad conversation",
      method: "POST",
      path: "",
      caller: c.paramedic(),
      body: rng.pick<unknown>([
        { messages: [] },
        { messages: [{ role: "system", content: hostile(rng) }] },
        { messages: [{ role: "user", content: "" }] },
        { messages: [{ role: "user", content: "x".repeat(4001) }] },
        { messages: [{ role: "user", content: "hi" }, { role: "assistant", content: hostile(rng) }] },
        {
          messages: Array.from({ length: 21 }, () => ({ role: "user", content: hostile(rng).slice(0, 100) })),
        },
        { messages: [{ role: "user", content: hostile(rng).slice(0, 100), extra: 1 }] },
        { messages: [{ role: "user", content: "dose?" }], patient: { weightKg: -1 } },
        { messages: [{ role: "user", content: "dose?" }], patient: { color: hostile(rng) + "x".repeat(30) } },
        { messages: [{ role: "user", content: "dose?" }], stream: "yes" },
      ]),
    }),
  ],
  "audit-query": [
    (rng, c) => ({
      kind: "bad audit filter",
      method: "GET",
      path: `${rng.pick(["", "/export", "/users/" + crypto.randomUUID() + "/trail"])}?${new URLSearchParams({
        ...(rng.chance(0.5) ? { resource: urlSafe(hostile(rng)).slice(0, 200) } : {}),
        ...rng.pick<Record<string, string>>([
          { action: urlSafe(hostile(rng)) },
          { outcome: rng.pick(["win", "SUCCESS;", urlSafe(hostile(rng))]) },
          { organization: urlSafe(hostile(rng)) },
          { from: rng.pick(["yesterday", "2026-13-40T00:00:00Z", urlSafe(hostile(rng))]) },
          { from: "2030-01-01T00:00:00Z", to: "2020-01-01T00:00:00Z" },
          { limit: rng.pick(["0", "1001", "-5", "all"]) },
          { metadata: rng.pick(["{", "[1]", '"x"', "x".repeat(2049), urlSafe(hostile(rng))]) },
          { cursor: urlSafe(hostile(rng)).slice(0, 1000) || "x" },
          { total: "maybe" },
          { [urlSafe(hostile(rng)).slice(0, 50) || "x"]: "1" },
          { format: "xml" },
        ]),
      })}`,
      caller: rng.chance(0.5) ? c.director() : c.admin(),
    }),
    (rng, c) => ({
      kind: "bad user id",
      method: "GET",
      path: `/users/${seg(hostile(rng).slice(0, 100))}/trail`,
      caller: c.director(),
    }),
    (rng, c) =>
      jsonDraft(rng, "/verify", { fromSeq: 1, toSeq: 2 }, { fromSeq: "number", toSeq: "number" }, c.admin()),
    (rng, c) => ({
      kind: "role may not read the audit trail",
      method: "GET",
      path: rng.pick(["", "/summary", "/failed-auth", "/stats/daily", "/export?format=csv", "/reports"]),
      caller: rng.chance(0.7) ? c.paramedic() : "guest",
    }),
    (rng, c) => ({
      kind: "bad compliance report request",
      method: "GET",
      path: rng.pick([
        `/reports/${seg(hostile(rng).slice(0, 100))}`,
        `/reports/${crypto.randomUUID()}?format=${
          rng.pick(["pdf", "xml", seg(urlSafe(hostile(rng))).slice(0, 40)])
        }`,
        `/reports/${crypto.randomUUID()}`,
        `/reports?kind=${rng.pick(["weekly", seg(urlSafe(hostile(rng))).slice(0, 40)])}`,
        `/reports?limit=${rng.pick(["0", "101", "-1", "all"])}`,
        `/reports?before=${rng.pick(["yesterday", "2026-13-01T00:00:00Z"])}`,
      ]),
      caller: rng.chance(0.5) ? c.director() : c.admin(),
    }),
    // A paramedic, so that a draft the schema happens to accept still builds no report (403).
    (rng, c) =>
      jsonDraft(rng, "/reports", { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" }, {
        from: "string",
        to: "string",
      }, c.paramedic()),
    (_rng, c) => ({
      kind: "verify is for admins",
      method: "POST",
      path: "/verify",
      body: {},
      caller: c.director(),
    }),
    (rng, c) => ({
      kind: "bad window",
      method: "GET",
      path: rng.pick([
        `/failed-auth?hours=${rng.pick(["0", "721", "x", "-1"])}`,
        `/stats/daily?from=${seg(urlSafe(hostile(rng)))}`,
        `/summary?from=${seg(urlSafe(hostile(rng)))}`,
        `/ai-costs?to=${seg(urlSafe(hostile(rng)))}`,
      ]),
      caller: c.admin(),
    }),
  ],
  "gdpr-export": [
    (rng, c) => ({
      kind: "bad export parameter",
      method: "GET",
      path: `?${new URLSearchParams(rng.pick<Record<string, string>>([
        { format: rng.pick(["xml", "pdf", urlSafe(hostile(rng))]) },
        { subject: urlSafe(hostile(rng)) },
        { pseudonymise: rng.pick(["none", "plain", urlSafe(hostile(rng))]) },
        { [hostile(rng).slice(0, 40) || "x"]: "1" },
      ]))}`,
      caller: c.paramedic(),
    }),
    (rng, c) =>
      jsonDraft(rng, "/erase", { subjectId: crypto.randomUUID(), reason: "objection" }, {
        subjectId: "string",
        reason: "string",
        reference: "string",
      }, c.paramedic()),
    (rng, c) =>
      jsonDraft(rng, "/reveal", { pseudonyms: [`e1.${"A".repeat(24)}`], reason: "legal_request" }, {
        pseudonyms: "array",
        reason: "string",
        reference: "string",
      }, c.admin()),
  ],
  "flush-metrics": [
    (rng, c) => ({
      kind: "not the scheduler",
      method: "POST",
      path: "",
      caller: rng.chance(0.5) ? "guest" : c.paramedic(),
      headers: rng.chance(0.3)
        ? { Authorization: `Bearer ${hostile(rng).replace(/[^A-Za-z0-9._-]/g, "") || "x"}` }
        : {} as Record<string, string>,
    }),
    () => ({ kind: "method no route has", method: "GET", path: "" }),
  ],
};

/** `count` cases spread over `functions`, with callers and odd headers; in process: a unique gateway address. */
export function* fuzzCases(
  functions: readonly string[],
  count: number,
  rng: Rng,
  callers: FuzzCallers,
  inProcess: boolean,
): Generator<FuzzCase> {
  for (let i = 0; i < count; i++) {
    const fn = functions[i % functions.length];
    const specific = SPECIFIC[fn] ?? [];
    const generate = specific.length > 0 && rng.chance(0.7) ? rng.pick(specific) : rng.pick(GENERIC);
    const draft = generate(rng, callers);
    const odd = rng.chance(0.3) ? oddHeaders(rng) : {};
    const caller = draft.caller ?? "guest";
    const headers: Record<string, string> = {
      ...odd,
      "User-Agent": `medic-bot-fuzz/1.0 (case ${i}; ${Deno.pid})`,
      ...(caller === "guest" ? {} : { Authorization: `Bearer ${caller.token}` }),
      ...draft.headers,
    };
    // The gateway appends the client address last; in process this harness plays the gateway.
    if (inProcess) {
      headers["X-Forwarded-For"] = [odd["X-Forwarded-For"], gatewayAddress(i + 1)].filter(Boolean).join(", ");
    }
    yield {
      fn,
      kind: draft.kind,
      method: draft.method,
      path: sendable(`/${fn}${draft.path}`),
      headers,
      body: draft.body,
    };
  }
}
