/**
 * Every COPY … TO STDOUT goes through copyOut (functions-shared/platform/db.ts). postgres.js 3.4.9 leaves a
 * pooled connection's socket paused after a COPY TO whose end arrived in the read that filled its stream, and
 * the pool's next statement on it is never answered (porsager/postgres#499; tests/integration/db.test.ts
 * holds the case); copyOut resumes it. The raw stream is reached by `.readable()` on the query, and by
 * awaiting the COPY itself (or `.forEach`, once `.stream`), which postgres.js also resolves to that stream. So,
 * in the .ts files of functions-shared/, scripts/ and supabase/functions/ (db.ts aside, tests apart):
 * - no `.readable(` call: copyOut is its one caller;
 * - the text of each COPY TO STDOUT flows only into copyOut's argument: written inside `copyOut(…)`, or in a
 *   function or const whose every use is and which is not exported (`export`, `export default` or an
 *   `export { … }` list: other files could run it raw), so `copyOut(tx.unsafe(copyStatement(where)))` holds;
 * - copyOut is db.ts's, imported from it, not a namesake.
 * Read from the source with a small lexer (comments, strings, templates and regular expressions told apart),
 * so a comment or a log line that names `.readable()` is not code, and code is not missed in a template.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const SCANNED = ["functions-shared", "scripts", "supabase/functions"];
const HOME = "functions-shared/platform/db.ts";
/** The SQL words that make a COPY's data come to the client: the one case the wedge is about. */
const COPY_TO_CLIENT = /\bto\s+stdout\b/i;

type Kind = "ident" | "punct" | "string" | "template" | "regex";
interface Token {
  readonly kind: Kind;
  /** An identifier's or punctuator's text; a string's or template's content (a template's holes as `${}`). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Identifiers after which a `/` begins a regular expression, not a division. */
const BEFORE_REGEX_WORDS = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
]);
const PUNCTUATORS = ["===", "!==", "...", "=>", "==", "!=", "<=", ">=", "?.", "??", "&&", "||"];

/** The tokens of `src`, comments dropped; a template's expressions follow its token, in source order. */
export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  const at = (i: number) => src[i] ?? "";

  /** Lexes code from `i`; with `inHole`, stops at the `}` that closes a template's `${`. Returns the end. */
  function code(i: number, inHole: boolean): number {
    let depth = 0;
    const first = tokens.length;
    while (i < src.length) {
      const c = at(i);
      if (/\s/.test(c)) {
        i++;
      } else if (c === "/" && at(i + 1) === "/") {
        while (i < src.length && at(i) !== "\n") i++;
      } else if (c === "/" && at(i + 1) === "*") {
        const close = src.indexOf("*/", i + 2);
        i = close < 0 ? src.length : close + 2;
      } else if (c === "'" || c === '"') {
        const start = i++;
        let text = "";
        while (i < src.length && at(i) !== c) {
          if (at(i) === "\\") text += at(i++);
          text += at(i++);
        }
        tokens.push({ kind: "string", text, start, end: ++i });
      } else if (c === "`") {
        i = template(i);
      } else if (c === "/" && (tokens.length === first || regexMayStart())) {
        const start = i++;
        let inClass = false;
        while (i < src.length && (inClass || at(i) !== "/") && at(i) !== "\n") {
          if (at(i) === "\\") i++;
          else if (at(i) === "[") inClass = true;
          else if (at(i) === "]") inClass = false;
          i++;
        }
        i++;
        while (/[a-z]/i.test(at(i))) i++;
        tokens.push({ kind: "regex", text: src.slice(start, i), start, end: i });
      } else if (/[A-Za-z_$0-9]/.test(c)) {
        const start = i;
        while (/[\w$]/.test(at(i))) i++;
        tokens.push({ kind: "ident", text: src.slice(start, i), start, end: i });
      } else {
        if (inHole && c === "}" && depth === 0) return i + 1;
        if (c === "{") depth++;
        if (c === "}") depth--;
        const multi = PUNCTUATORS.find((p) => src.startsWith(p, i));
        const text = multi ?? c;
        tokens.push({ kind: "punct", text, start: i, end: i + text.length });
        i += text.length;
      }
    }
    return i;
  }

  /** A template from its opening backtick: one token for its text, then its holes' tokens. */
  function template(i: number): number {
    const start = i++;
    const index = tokens.length;
    tokens.push({ kind: "template", text: "", start, end: start });
    let text = "";
    while (i < src.length && at(i) !== "`") {
      if (at(i) === "\\") {
        text += at(i++) + at(i++);
      } else if (at(i) === "$" && at(i + 1) === "{") {
        text += "${}";
        i = code(i + 2, true);
      } else {
        text += at(i++);
      }
    }
    tokens[index] = { kind: "template", text, start, end: i + 1 };
    return i + 1;
  }

  /** After the token before it (a hole's, or the file's, first token is always an operand). */
  function regexMayStart(): boolean {
    const previous = tokens.at(-1)!;
    if (previous.kind === "ident") return BEFORE_REGEX_WORDS.has(previous.text);
    if (previous.kind === "punct") return !")]".includes(previous.text);
    return false;
  }

  code(0, false);
  return tokens;
}

/** For each opening bracket's index, its closing one's (unbalanced source: to the end). */
function brackets(tokens: readonly Token[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== "punct") return;
    if ("([{".includes(t.text)) open.push(i);
    else if (")]}".includes(t.text) && open.length) pairs.set(open.pop()!, i);
  });
  for (const i of open) pairs.set(i, tokens.length - 1);
  return pairs;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** A named function or const/let/var: its name, the source it spans, and whether other files may use it. */
interface Declaration extends Span {
  readonly name: string;
  readonly exported: boolean;
}

/** The names an `export { a, b as c, type T }` list exports (a, b, T). */
function exportListed(tokens: readonly Token[], pairs: Map<number, number>): Set<string> {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.text !== "export" || tokens[i + 1]?.text !== "{") return;
    const close = pairs.get(i + 1) ?? tokens.length - 1;
    for (let j = i + 2; j < close; j++) {
      const name = tokens[j];
      if (name.kind !== "ident" || name.text === "as" || tokens[j - 1].text === "as") continue;
      if (name.text === "type" && tokens[j + 1]?.kind === "ident" && tokens[j + 1].text !== "as") continue;
      names.add(name.text);
    }
  });
  return names;
}

function declarations(tokens: readonly Token[], pairs: Map<number, number>): Declaration[] {
  const found: Declaration[] = [];
  const isPunct = (i: number, text: string) => tokens[i]?.kind === "punct" && tokens[i].text === text;
  const opens = (i: number) => tokens[i].kind === "punct" && "([{".includes(tokens[i].text);
  const listed = exportListed(tokens, pairs);
  for (let i = 0; i < tokens.length - 1; i++) {
    const keyword = tokens[i];
    const name = tokens[i + 1];
    if (keyword.kind !== "ident" || name.kind !== "ident") continue;
    let before = i - 1;
    if (tokens[before]?.text === "async") before--;
    if (tokens[before]?.text === "default") before--;
    // `export const|function`, `export default [async] function`, or a name in an `export { … }` list
    const exported = (tokens[before]?.kind === "ident" && tokens[before].text === "export") ||
      listed.has(name.text);
    if (keyword.text === "function") {
      // past the parameters (and any type parameters), to the body's brace; a `{` after `:`, `|`, `&`,
      // `<` or `,` is an object type in the return type, skipped whole
      let j = i + 2;
      while (j < tokens.length && !isPunct(j, "(")) j++;
      j = pairs.get(j) ?? tokens.length - 1;
      for (j++; j < tokens.length; j++) {
        if (!isPunct(j, "{")) continue;
        if ([":", "|", "&", "<", ","].some((p) => isPunct(j - 1, p))) j = pairs.get(j) ?? j;
        else break;
      }
      const close = pairs.get(j) ?? tokens.length - 1;
      found.push({ name: name.text, exported, start: keyword.start, end: tokens[close].end });
    } else if (["const", "let", "var"].includes(keyword.text)) {
      // to the `;` that ends it (deno fmt writes one), over any brackets in between
      let j = i + 2;
      while (j < tokens.length && !isPunct(j, ";")) j = opens(j) ? pairs.get(j)! + 1 : j + 1;
      found.push({ name: name.text, exported, start: keyword.start, end: tokens[j]?.end ?? Infinity });
    }
  }
  return found;
}

/** Whether every bracket the lexer saw closes the one it opened: a lexer that lost its way would not. */
export function balanced(tokens: readonly Token[]): boolean {
  const open: string[] = [];
  for (const t of tokens) {
    if (t.kind !== "punct") continue;
    if ("([{".includes(t.text)) open.push(t.text);
    else if (")]}".includes(t.text) && open.pop() !== "([{"[")]}".indexOf(t.text)]) return false;
  }
  return open.length === 0;
}

/** What a file does against the rule, one line each; `file` names it in the lines. */
export function copyOutViolations(file: string, src: string): string[] {
  const tokens = lex(src);
  const pairs = brackets(tokens);
  const found: string[] = [];
  const line = (pos: number) => src.slice(0, pos).split("\n").length;
  const punct = (i: number, ...texts: string[]) =>
    tokens[i]?.kind === "punct" && texts.includes(tokens[i].text);
  const member = (i: number) => punct(i - 1, ".", "?.");
  const called = (i: number) => punct(i + 1, "(");

  const copyOutArgs: Span[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== "ident") return;
    if (t.text === "readable" && member(i) && called(i)) {
      found.push(
        `${file}:${line(t.start)}: .readable() outside copyOut: the COPY's stream can wedge its connection`,
      );
    }
    if (t.text === "copyOut" && called(i) && tokens[i - 1]?.text !== "function") {
      copyOutArgs.push({ start: t.end, end: tokens[pairs.get(i + 1)!].end });
    }
  });
  if (copyOutArgs.length > 0 && !importsCopyOut(tokens)) {
    found.push(`${file}: calls a copyOut that is not imported from platform/db.ts`);
  }

  const decls = declarations(tokens, pairs);
  const inside = (pos: number, span: Span) => span.start <= pos && pos < span.end;
  /**
   * Whether what is written at `pos` reaches nothing but copyOut's argument: it is inside it, or the
   * innermost declaration around it is used (in this file, never exported) only where that holds.
   */
  const flowsOnlyIntoCopyOut = (pos: number, seen: ReadonlySet<Declaration>): boolean => {
    if (copyOutArgs.some((span) => inside(pos, span))) return true;
    const enclosing = decls.filter((d) => inside(pos, d))
      .sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    if (!enclosing || enclosing.exported || seen.has(enclosing)) return false;
    const uses = tokens.filter((t, i) =>
      t.kind === "ident" && t.text === enclosing.name && !inside(t.start, enclosing) && !member(i)
    );
    const next = new Set([...seen, enclosing]);
    return uses.length > 0 && uses.every((u) => flowsOnlyIntoCopyOut(u.start, next));
  };
  for (const t of tokens) {
    if ((t.kind === "string" || t.kind === "template") && COPY_TO_CLIENT.test(t.text)) {
      if (!flowsOnlyIntoCopyOut(t.start, new Set())) {
        found.push(`${file}:${line(t.start)}: a COPY … TO STDOUT that does not go (only) through copyOut`);
      }
    }
  }
  return found;
}

/** `import { …, copyOut, … } from "…/platform/db.ts"` (or "@shared/platform/db.ts"). */
function importsCopyOut(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text !== "import" || tokens[i + 1]?.text !== "{") continue;
    let j = i + 2;
    let named = false;
    for (; j < tokens.length && tokens[j].text !== "}"; j++) {
      if (tokens[j].text === "copyOut" && tokens[j + 1]?.text !== "as" && tokens[j - 1]?.text !== "as") {
        named = true;
      }
    }
    const from = tokens[j + 2];
    if (
      named && tokens[j + 1]?.text === "from" && from?.kind === "string" &&
      /platform\/db\.ts$/.test(from.text)
    ) {
      return true;
    }
  }
  return false;
}

/** The COPY TO STDOUT texts a file writes, by line: what the rule looked at. */
export function copyToClientLines(src: string): number[] {
  return lex(src).filter((t) => (t.kind === "string" || t.kind === "template") && COPY_TO_CLIENT.test(t.text))
    .map((t) => src.slice(0, t.start).split("\n").length);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${ROOT}/${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !/[._]test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

Deno.test("every COPY … TO STDOUT in the functions and scripts goes through copyOut", async () => {
  const files = (await Promise.all(SCANNED.map(sourceFiles))).flat().filter((f) => f !== HOME).sort();
  assert.ok(files.length > 150, `read ${files.length} files`);
  const found: string[] = [];
  const copies: string[] = [];
  for (const file of files) {
    const src = await Deno.readTextFile(`${ROOT}/${file}`);
    if (!balanced(lex(src))) found.push(`${file}: the lexer lost its way (unbalanced brackets)`);
    found.push(...copyOutViolations(file, src));
    if (copyToClientLines(src).length > 0) copies.push(file);
  }
  assert.deepEqual(found, []);
  // The rule read the COPYs there are (a lexer that lost its way would find none, and pass).
  for (
    const file of [
      "functions-shared/handlers/audit_query/export_csv.ts",
      "scripts/bench/audit_ingest.ts",
      "scripts/bench/audit_queries.ts",
      "scripts/bench/cold_archive.ts",
    ]
  ) assert.ok(copies.includes(file), `${file}'s COPY … TO STDOUT was seen`);
});

Deno.test("the rule catches a raw COPY stream, however it is reached, and a copyOut that is not db.ts's", () => {
  const violations = (src: string) => copyOutViolations("sample.ts", src);
  const IMPORT = `import { copyOut, type Sql } from "../../platform/db.ts";\n`;
  assert.deepEqual(
    violations(`${IMPORT}const s = await sql\`copy (select 1) to stdout\`.readable();`),
    [
      "sample.ts:2: .readable() outside copyOut: the COPY's stream can wedge its connection",
      "sample.ts:2: a COPY … TO STDOUT that does not go (only) through copyOut",
    ],
    ".readable() on a COPY",
  );
  assert.deepEqual(violations(`${IMPORT}const s = await tx?.unsafe(text)?.readable();`), [
    "sample.ts:2: .readable() outside copyOut: the COPY's stream can wedge its connection",
  ], "wherever its text came from, optional call included");
  assert.deepEqual(violations(`${IMPORT}const s = await sql.unsafe("copy audit_logs to stdout");`), [
    "sample.ts:2: a COPY … TO STDOUT that does not go (only) through copyOut",
  ], "a COPY awaited: postgres.js resolves it to the same stream");
  assert.deepEqual(
    violations(
      `${IMPORT}await sql\`copy t to stdout\`.stream((r) => r);\nawait sql\`COPY t TO STDOUT\`.forEach(f);`,
    ),
    [
      "sample.ts:2: a COPY … TO STDOUT that does not go (only) through copyOut",
      "sample.ts:3: a COPY … TO STDOUT that does not go (only) through copyOut",
    ],
    ".stream / .forEach on a COPY",
  );
  const copyStatement = `function copyStatement(where: string): { text: string } {
  const text = \`copy (select * from t where \${where}) to stdout\`;
  return { text };
}
`;
  assert.deepEqual(
    violations(`${IMPORT}${copyStatement}
export const a = (tx: Sql) => copyOut(tx.unsafe(copyStatement("true").text));
export const b = (tx: Sql) => tx.unsafe(copyStatement("false").text);`),
    ["sample.ts:3: a COPY … TO STDOUT that does not go (only) through copyOut"],
    "a COPY built in a function that is used outside copyOut as well as in it",
  );
  assert.deepEqual(
    violations(`${IMPORT}export const COPY = "copy t to stdout";\nawait copyOut(sql.unsafe(COPY));`),
    ["sample.ts:2: a COPY … TO STDOUT that does not go (only) through copyOut"],
    "exported: other files may run it raw",
  );
  // Exported by a list, or as the default: other files may run it raw. The list was caught only as a use of
  // the name outside copyOut, so a list inside the declaration's own span (a const with no `;`, which the
  // rule reads up to the next `;`) slipped past, and so did `export default function`.
  const run = `export async function run(tx: Sql) {\n  return await copyOut(tx.unsafe(COPY));\n}\n`;
  for (
    const [exported, line] of [
      [`const COPY = "copy t to stdout";\n${run}export { COPY };`, 2],
      [`const COPY = "copy t to stdout";\n${run}export { type Sql, COPY as COPY_ALL };`, 2],
      [`${run}const COPY = "copy t to stdout"\nexport { COPY }`, 5],
      [`${run}const COPY = "copy t to stdout"\nexport { COPY as COPY_ALL }`, 5],
      [
        `export default function copyAll(): string {\n  return "copy t to stdout";\n}
export const all = (tx: Sql) => copyOut(tx.unsafe(copyAll()));`,
        3,
      ],
      [
        `export default async function copyAll() {\n  return "copy t to stdout";\n}
export const all = async (tx: Sql) => copyOut(tx.unsafe(await copyAll()));`,
        3,
      ],
    ] as const
  ) {
    assert.deepEqual(
      violations(`${IMPORT}${exported}`),
      [`sample.ts:${line}: a COPY … TO STDOUT that does not go (only) through copyOut`],
      exported,
    );
  }
  assert.deepEqual(
    violations(`function copyOut(q: unknown) { return q; }\nawait copyOut(sql\`copy t to stdout\`);`),
    ["sample.ts: calls a copyOut that is not imported from platform/db.ts"],
    "a namesake of copyOut",
  );
  assert.deepEqual(
    violations(
      `${IMPORT}const quote = /["'\`]/g;\nconst x = a / b / c;\nconst s = \`\${/"([^"]+)"/.exec(y)}\`;
await tx.unsafe(q).readable();`,
    ),
    ["sample.ts:5: .readable() outside copyOut: the COPY's stream can wedge its connection"],
    "regular expressions holding quotes and backticks do not derail the lexer",
  );
});

Deno.test("the rule lets copyOut carry the COPY, directly or through a function or const, and reads only code", () => {
  const ok = (src: string) => copyOutViolations("sample.ts", src);
  assert.deepEqual(
    ok(`import { copyOut } from "@shared/platform/db.ts";
const cols = "a, b";
const COPY_ALL = \`copy (select \${cols} from t) to stdout with (format csv)\`;
function copyStatement(where: string): { sql: string } {
  const text = \`/* export */ copy (select * from t where \${where}) to stdout\`;
  return { sql: text };
}
const byArrow = (id: string) => \`copy (select * from t where id = '\${id}') to stdout\`;
export async function run(tx: Sql) {
  await copyOut(tx.unsafe(\`copy (select \${cols} from t) to stdout\`));
  await copyOut(tx.unsafe(copyStatement("true").sql));
  await copyOut(tx.unsafe(COPY_ALL));
  return await copyOut(tx.unsafe(byArrow("x")));
}`),
    [],
  );
  assert.deepEqual(
    ok(`// once: const s = await sql\`copy t to stdout\`.readable();
/* a plain .readable() on a COPY wedged the pool: copy (…) to stdout */
log("warn", "never call .readable() on a query", {});
const sink = await sql\`copy t from stdin\`.writable();
const body = new Blob([]).stream();
const open = stream.readable;`),
    [],
    "comments and strings are not code; COPY FROM STDIN, Blob.stream() and a stream's readable flag are no COPY TO",
  );
  assert.deepEqual(
    ok(`import { copyOut } from "@shared/platform/db.ts";
const COPY_ALL = "copy t to stdout";
export const run = (tx: Sql) => copyOut(tx.unsafe(COPY_ALL));
export { run as runAll };`),
    [],
    "an export list that names the declaration around copyOut, not the COPY's",
  );
});
