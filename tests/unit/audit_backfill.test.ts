/**
 * The audit backfill without a database: line parsing and mapping, metadata scrubbing, input files,
 * progress output and arguments. Against the real stack: tests/integration/audit_backfill.test.ts.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { formatSummary, parseCliArgs, UsageError } from "../../scripts/audit/backfill.ts";
import { utcMonth } from "../../scripts/audit/batch_writer.ts";
import { readLines, resolveInputs } from "../../scripts/audit/jsonl_files.ts";
import {
  externalUserUuid,
  isFreeTextKey,
  parseLine,
  sanitizeMetadata,
  uuidV5,
} from "../../scripts/audit/medic_bot_event.ts";
import { Progress, renderBar, renderLine } from "../../scripts/audit/progress.ts";

const NOW = new Date("2026-11-22T12:00:00Z");
const USER = "5f0e8a62-1c3b-4c1e-9d7a-2b6f4e8c1a90";

function line(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventId: "0b9a4e1c-7d2f-4a6b-8c3e-1f2a3b4c5d6e",
    timestamp: "2025-01-15T10:20:30.123Z",
    userId: USER,
    userRole: "paramedic",
    sessionId: "sess-42",
    action: "dosing.calculate",
    resource: "dosing/epinephrine",
    outcome: "success",
    metadata: { medication: "epinephrine", weightKg: 70 },
    ipAddress: "203.0.113.7",
    userAgent: "MedicBot/1.4 (iPad)",
    durationMs: 42,
    ...fields,
  });
}

function reason(text: string, now = NOW): string {
  const r = parseLine(text, { now });
  assert.equal(r.ok, false, `expected a rejection for ${text}`);
  return r.ok ? "" : r.reason;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

Deno.test("a valid Medic-Bot line maps to the snake_case event write_events reads", () => {
  const r = parseLine(line(), { now: NOW, source: "audit-2025-01-15.jsonl:3" });
  assert.ok(r.ok);
  assert.deepEqual(r.event, {
    event_id: "0b9a4e1c-7d2f-4a6b-8c3e-1f2a3b4c5d6e",
    timestamp: "2025-01-15T10:20:30.123Z",
    organization_id: null,
    user_id: USER,
    user_role: "paramedic",
    session_id: "sess-42",
    action: "dosing.calculate",
    resource: "dosing/epinephrine",
    outcome: "success",
    metadata: { medication: "epinephrine", weightKg: 70, backfill_source: "audit-2025-01-15.jsonl:3" },
    ip_address: "203.0.113.7",
    user_agent: "MedicBot/1.4 (iPad)",
    error_message: null,
    duration_ms: 42,
    event_version: 1,
    origin: "import",
  });
});

Deno.test("optional fields may be absent, null or empty; the default organization fills a missing one", () => {
  const minimal = JSON.stringify({
    eventId: "0B9A4E1C-7D2F-4A6B-8C3E-1F2A3B4C5D6E",
    timestamp: "2025-01-15T12:20:30+02:00",
    action: "system.startup",
    resource: "server",
    outcome: "success",
    userId: "",
    ipAddress: null,
    metadata: null,
  });
  const org = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
  const r = parseLine(minimal, { now: NOW, organizationId: org });
  assert.ok(r.ok);
  assert.equal(r.event.event_id, "0b9a4e1c-7d2f-4a6b-8c3e-1f2a3b4c5d6e");
  assert.equal(r.event.timestamp, "2025-01-15T12:20:30+02:00");
  assert.equal(r.event.organization_id, org);
  assert.equal(r.event.user_id, null);
  assert.equal(r.event.ip_address, null);
  assert.deepEqual(r.event.metadata, {});
  const own = parseLine(line({ organizationId: USER }), { now: NOW, organizationId: org });
  assert.ok(own.ok);
  assert.equal(own.event.organization_id, USER, "an event's own organization wins");
});

Deno.test("fractional durations are rounded; sub-microsecond digits are truncated", () => {
  const r = parseLine(line({ durationMs: 12.6, timestamp: "2025-01-31T23:59:59.9999999Z" }), { now: NOW });
  assert.ok(r.ok);
  assert.equal(r.event.duration_ms, 13);
  assert.equal(r.event.timestamp, "2025-01-31T23:59:59.999999Z");
  assert.equal(utcMonth(r.event.timestamp), "2025-01");
});

Deno.test("IPv6 addresses are accepted", () => {
  for (const ip of ["::1", "2001:db8::7", "::ffff:203.0.113.7"]) {
    const r = parseLine(line({ ipAddress: ip }), { now: NOW });
    assert.ok(r.ok, ip);
  }
});

Deno.test("a userId that is not a UUID is kept: a name-based UUID of it, marked external", () => {
  const first = parseLine(line({ userId: "medic-7" }), { now: NOW });
  const again = parseLine(line({ userId: "medic-7" }), { now: NOW });
  const other = parseLine(line({ userId: "medic-8" }), { now: NOW });
  assert.ok(first.ok && again.ok && other.ok);
  assert.match(
    first.event.user_id!,
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    "a v5 UUID",
  );
  assert.equal(first.event.user_id, again.event.user_id, "the same person stays one person");
  assert.notEqual(first.event.user_id, other.event.user_id);
  assert.equal(first.event.user_id, externalUserUuid("medic-7"));
  assert.equal(first.externalUserId, true);
  assert.equal(first.event.metadata.user_id_source, "external");
  assert.ok(!JSON.stringify(first.event).includes("medic-7"), "the external id itself is not written");
  const uuid = parseLine(line({}), { now: NOW });
  assert.ok(uuid.ok && !uuid.externalUserId && uuid.event.user_id === USER);
  // RFC 9562's own v5 example: the DNS namespace and "www.example.com".
  assert.equal(
    uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
    "2ed6657d-e927-568b-95e1-2665a8aea6a2",
  );
});

Deno.test("malformed lines are rejected with a reason naming the field", () => {
  assert.match(reason("{not json"), /^invalid JSON/);
  assert.equal(reason("[1,2]"), "not a JSON object");
  assert.equal(reason("42"), "not a JSON object");
  assert.equal(reason(line({ eventId: undefined })), "eventId is required");
  assert.equal(reason(line({ eventId: "evt-1" })), "eventId is not a uuid");
  assert.equal(
    reason(line({ timestamp: "yesterday" })),
    "timestamp is not an ISO 8601 timestamp with a time zone",
  );
  assert.equal(
    reason(line({ timestamp: "2025-01-15T10:20:30" })),
    "timestamp is not an ISO 8601 timestamp with a time zone",
  );
  assert.equal(reason(line({ timestamp: "2026-11-22T14:00:00Z" })), "timestamp is in the future");
  assert.equal(reason(line({ action: "dosing.guess" })), 'unknown action "dosing.guess"');
  assert.equal(reason(line({ action: undefined })), "action is required");
  assert.equal(reason(line({ outcome: "ok" })), 'unknown outcome "ok"');
  assert.equal(reason(line({ userRole: "nurse" })), 'unknown userRole "nurse"');
  assert.equal(reason(line({ userId: 7 })), "userId is not a string");
  assert.equal(reason(line({ durationMs: -5 })), "durationMs is negative");
  assert.equal(reason(line({ durationMs: "5" })), "durationMs is not a number");
  assert.equal(reason(line({ ipAddress: "999.1.1.1" })), "ipAddress is not a valid IP address");
  assert.equal(reason(line({ ipAddress: "10.0.0.1, 10.0.0.2" })), "ipAddress is not a valid IP address");
  assert.equal(reason(line({ resource: "" })), "resource is empty");
  assert.equal(reason(line({ resource: "r".repeat(201) })), "resource is longer than 200 characters");
  assert.equal(reason(line({ metadata: ["a"] })), "metadata is not an object");
  assert.equal(
    reason(line({ action: "x", outcome: undefined })),
    'unknown action "x"; outcome is required',
    "every problem of a line is named",
  );
});

Deno.test("metadata keeps scalar identifiers; long or typed text becomes {length, sha256}; nesting is dropped", () => {
  const question = "What is the pediatric dose of midazolam for a 20 kg child seizing for 5 minutes?";
  const long = "x".repeat(129);
  const out = sanitizeMetadata({
    protocol: "TP 1231",
    resultCount: 3,
    cached: true,
    missing: null,
    question,
    searchQuery: "chest pain",
    long,
    exactly128: "y".repeat(128),
    nested: { question },
    list: ["a", "b"],
  });
  assert.deepEqual(out, {
    protocol: "TP 1231",
    resultCount: 3,
    cached: true,
    missing: null,
    question: { length: question.length, sha256: sha256(question) },
    searchQuery: { length: 10, sha256: sha256("chest pain") },
    long: { length: 129, sha256: sha256(long) },
    exactly128: "y".repeat(128),
  });
  assert.ok(!JSON.stringify(out).includes("midazolam"));
});

Deno.test("free-text keys are recognised by their last word, camelCase or snake_case", () => {
  for (const key of ["question", "userQuestion", "search_query", "chatMessage", "notes", "prompt"]) {
    assert.ok(isFreeTextKey(key), key);
  }
  for (const key of ["queryType", "messageCount", "protocol", "medication", "query_length"]) {
    assert.ok(!isFreeTextKey(key), key);
  }
});

Deno.test("oversized metadata is replaced by its digest", () => {
  const metadata = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, "v".repeat(100)]));
  const r = parseLine(line({ metadata }), { now: NOW });
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.event.metadata), ["omitted"]);
});

Deno.test("an error message is never stored as text: the row keeps its digest in metadata", () => {
  const message = "Unknown medication 'versed for pt John Doe'";
  const r = parseLine(line({ outcome: "failure", errorMessage: message }), { now: NOW });
  assert.ok(r.ok);
  assert.equal(r.event.error_message, null);
  assert.deepEqual(r.event.metadata.error_message, { length: message.length, sha256: sha256(message) });
});

Deno.test("the accepted actions can come from the database's enum", () => {
  // An action a newer migration added, which the offline list does not know yet.
  const actions = ["dosing.calculate", "future.action"];
  assert.ok(parseLine(line({ action: "future.action" }), { now: NOW, actions }).ok);
  assert.equal(reason(line({ action: "future.action" })), 'unknown action "future.action"');
  const r = parseLine(line({ action: "chat.query" }), { now: NOW, actions });
  assert.ok(!r.ok && r.reason === 'unknown action "chat.query"');
});

Deno.test("resolveInputs: a directory gives its dated files in date order; files are taken as named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "backfill-unit-" });
  try {
    for (
      const name of ["audit-2025-02-01.jsonl", "audit-2025-01-31.jsonl", "notes.txt", "audit-latest.jsonl"]
    ) {
      await Deno.writeTextFile(`${dir}/${name}`, "{}\n");
    }
    const files = await resolveInputs([dir]);
    assert.deepEqual(files.map((f) => f.path), [
      `${dir}/audit-2025-01-31.jsonl`,
      `${dir}/audit-2025-02-01.jsonl`,
    ]);
    assert.equal(files[0].size, 3);
    const named = await resolveInputs([`${dir}/audit-latest.jsonl`, dir, `${dir}/audit-2025-01-31.jsonl`]);
    assert.equal(named.length, 3, "a file named twice is read once");
    await assert.rejects(resolveInputs([`${dir}/nope`]), UsageError);
    await assert.rejects(resolveInputs([await Deno.makeTempDir({ dir })]), /no audit-YYYY-MM-DD.jsonl files/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readLines: LF and CRLF, BOM, last line without newline, multi-byte text across chunks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "backfill-unit-" });
  try {
    const path = `${dir}/audit-2025-01-01.jsonl`;
    const long = "é".repeat(70_000); // spans several read chunks
    await Deno.writeTextFile(path, `\ufeffone\r\ntwo\n\n${long}\nlast`);
    let bytes = 0;
    const lines: string[] = [];
    for await (const l of readLines(path, (n) => bytes += n)) lines.push(l);
    assert.deepEqual(lines, ["one", "two", "", long, "last"]);
    assert.equal(bytes, (await Deno.stat(path)).size);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const STATE = {
  filesDone: 1,
  filesTotal: 2,
  bytesDone: 50,
  bytesTotal: 100,
  lines: 1234,
  inserted: 1200,
  malformed: 4,
  file: "logs/audit-2025-01-15.jsonl",
};

Deno.test("progress: a bar redrawn in place on a terminal, throttled", () => {
  let clock = 0;
  const out: string[] = [];
  const p = new Progress({ tty: true, write: (t) => out.push(t), now: () => clock });
  clock = 1000;
  p.update(STATE);
  clock = 1050;
  p.update(STATE); // within 100 ms: skipped
  clock = 1200;
  p.update(STATE);
  p.finish();
  assert.equal(out.length, 3);
  assert.ok(out[0].startsWith("\r\x1b[2K["));
  assert.equal(out[2], "\r\x1b[2K");
  assert.equal(
    renderBar(STATE, 1234),
    "[############------------]  50%  files 1/2  lines 1,234  1,234/s  logs/audit-2025-01-15.jsonl",
  );
});

Deno.test("progress: plain lines every few seconds when not a terminal", () => {
  let clock = 0;
  const out: string[] = [];
  const p = new Progress({ tty: false, write: (t) => out.push(t), now: () => clock });
  for (clock = 1; clock <= 12_000; clock += 500) p.update(STATE);
  p.update(STATE, true);
  p.finish();
  assert.equal(out.length, 4, "at 0 s, 5 s, 10 s, then the forced one");
  assert.ok(out.every((l) => l.endsWith("\n") && !l.includes("\r")));
  assert.equal(
    renderLine(STATE, 99.6),
    "backfill: files 1/2, lines 1234 (100/s), inserted 1200, malformed 4, reading logs/audit-2025-01-15.jsonl",
  );
});

Deno.test("CLI arguments: defaults, env fallback and usage errors", () => {
  const env = { SUPABASE_DB_URL: "postgres://env" };
  assert.deepEqual(parseCliArgs(["logs"], env), {
    dbUrl: "postgres://env",
    batchSize: 1000,
    organizationId: undefined,
    inputs: ["logs"],
  });
  assert.deepEqual(
    parseCliArgs(["--db-url", "postgres://x", "--batch", "250", "--org", USER.toUpperCase(), "a", "b"], env),
    { dbUrl: "postgres://x", batchSize: 250, organizationId: USER, inputs: ["a", "b"] },
  );
  assert.equal(parseCliArgs(["-h"], {}), "help");
  for (
    const args of [[], ["--batch", "0", "x"], ["--batch", "5001", "x"], ["--batch", "1e3", "x"], [
      "--org",
      "acme",
      "x",
    ], ["--nope", "x"]]
  ) {
    assert.throws(() => parseCliArgs(args, env), UsageError, JSON.stringify(args));
  }
  assert.throws(() => parseCliArgs(["x"], {}), /SUPABASE_DB_URL/);
});

Deno.test("summary lists counts, the first reasons and how many more", () => {
  const text = formatSummary({
    files: 2,
    lines: 310,
    inserted: 300,
    alreadyPresent: 0,
    malformed: 3,
    externalUserIds: 4,
    reasons: ["a.jsonl:1: invalid JSON", 'a.jsonl:2: unknown action "x"'],
    months: ["2025-01", "2025-02"],
    durationMs: 1234,
  });
  assert.match(text, /2 file\(s\), 310 line\(s\) in 1\.2s/);
  assert.match(text, /inserted +300/);
  assert.match(text, /already present +0/);
  assert.match(text, /external user ids 4/);
  assert.match(
    text,
    /malformed +3\n +a\.jsonl:1: invalid JSON\n +a\.jsonl:2: unknown action "x"\n +… and 1 more/,
  );
  assert.match(text, /partitions ensured for 2025-01, 2025-02/);
});
