/**
 * The raw material of the fuzz cases: a seeded random source (a failing case can be replayed with the
 * same FUZZ_SEED), hostile strings (SQL and HTML injection, unicode, control characters, traversal,
 * huge), values of the wrong type, broken JSON texts, and odd headers.
 */

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast, good enough to spread cases; the same seed gives the same cases. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE public.audit_logs; --",
  "1; select pg_sleep(10); --",
  "' UNION SELECT id, email FROM auth.users --",
  "$$; truncate public.audit_logs; $$",
  "\\'; delete from public.knowledge_base where ''='",
  "admin'--",
  "%' AND 1=(select count(*) from pg_shadow) --",
];

export const HTML_INJECTION = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  '"><svg/onload=alert(1)>',
  "javascript:alert(1)",
  "<iframe src=//evil.example></iframe>",
  "{{7*7}}${7*7}<%= 7*7 %>",
];

export const UNICODE = [
  "🚑💉🩺",
  "\u202Eevil\u202C",
  "ｍｅｄｉｃ　ｂｏｔ",
  "نالوكسون",
  "纳洛酮 剂量",
  "Z̴̡̪a̵l̷g̶o̴ ̸t̵e̷x̶t̴",
  "e\u0301pine\u0301phrine",
  "\u200B\u200C\u200D\uFEFF",
  "\uD800 lone surrogate",
  "\u0000\u0001\u001b[31mred",
  "line\r\nX-Injected: 1",
];

export const OTHER_HOSTILE = [
  "../../../../etc/passwd",
  "%2e%2e%2f%2e%2e%2f",
  "%00",
  "%s%s%s%n",
  "__proto__",
  "constructor.prototype",
  "1e309",
  "NaN",
  "-0",
  " ",
];

export const HOSTILE_STRINGS = [...SQL_INJECTION, ...HTML_INJECTION, ...UNICODE, ...OTHER_HOSTILE];

/** A hostile string, sometimes repeated into a huge one. */
export function hostile(rng: Rng): string {
  const s = rng.pick(HOSTILE_STRINGS);
  return rng.chance(0.08) ? s.repeat(Math.ceil((2000 + rng.int(20_000)) / s.length)) : s;
}

export type FieldKind = "string" | "number" | "boolean" | "object" | "array";

/** A value no field of `kind` accepts: another JSON type, or (numbers) one outside every range we use. */
export function wrongTyped(rng: Rng, kind: FieldKind): unknown {
  const others: Record<FieldKind, unknown[]> = {
    string: [null, true, 42, -1, [], ["a"], {}, { $gt: "" }],
    number: [null, true, "20", "", [], [20], {}, -1, 1e308, -1e308, 2 ** 60],
    boolean: [null, "true", "false", 1, 0, [], {}],
    object: [null, "x", 1, [], [{}], { $where: "1" }, JSON.parse('{"__proto__": {"polluted": true}}')],
    array: [null, "x", 1, {}, [], [1, 2], [null]],
  };
  return rng.pick(others[kind]);
}

/** JSON texts that do not parse, or parse to something no schema accepts. */
export const BROKEN_JSON = [
  "{",
  "{]",
  '{"medication": }',
  "[1, 2,",
  "nul",
  "{'single': 'quotes'}",
  '{"a": 1,}',
  "\u0000",
  "\uFEFF{}x",
  '"just a string"',
  "12345",
  "null",
  "[]",
  "[".repeat(5000) + "]".repeat(5000),
  '{"a":'.repeat(2000),
  "NaN",
];

/** Header sets a client might send: junk forwarding chains, huge or strange values. */
export function oddHeaders(rng: Rng): Record<string, string> {
  const options: Record<string, string>[] = [
    { "X-Forwarded-For": "<script>, 999.999.999.999, ::::" },
    { "X-Forwarded-For": Array.from({ length: 50 }, (_, i) => `192.0.2.${i}`).join(", ") },
    { "X-Real-IP": "127.0.0.1", "X-Client-IP": "' OR 1=1 --" },
    { "Accept": "*/*;q=0.1, application/evil+xml" },
    { "Accept-Language": "x".repeat(4000) },
    { "X-Request-Id": "'; DROP TABLE audit_logs; --" },
    { "Cookie": "session=" + "A".repeat(3000) },
    { "Referer": "javascript:alert(1)" },
    { "X-Unicode": "caf\u00e9 \u00ff\u00fe" },
    { "Content-Encoding": "gzip" },
    { "Accept-Encoding": "br, gzip, deflate, identity;q=0" },
    { "Apikey": "not-a-key" },
    {},
  ];
  return rng.pick(options);
}

/** Header values must be bytes 0x20–0xFF without CR/LF/NUL: anything else becomes "?". */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e\x80-\xff]/g, "?");
}
