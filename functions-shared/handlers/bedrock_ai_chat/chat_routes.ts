/**
 * Routes in a medic's words, with no I/O: the route a question asks for, and the routes it rules out
 * ("no IV", "couldn't get a line", "IO failed x2", "can't get access"). A ruled-out route never chooses
 * the route — the words "no IV" once chose IV over the "intranasal" asked for (issue 19).
 *
 *   findRoute("no IV. intranasal fentanyl?") → "IN";  unavailableRoutes(same) → ["IV"]
 */
import { blankMatch } from "./chat_names.ts";
import { routeWords } from "./chat_route_words.ts";

/**
 * Route codes in capitals are read anywhere (but capitalNotARoute's two); in lowercase or mixed case ("epi im", "versed in", "no iv") only
 * where the words around them make them a route (chat_route_words.ts), since "in" and "im" ("I'm") are also
 * words. Full names in any case.
 */
const ROUTE_PATTERNS: readonly [RegExp, string][] = [
  [/\b(IV|IO|IM|IN|MDI|PO|SL|ODT)\b/g, ""],
  [/\bintravenous(?:ly)?\b/gi, "IV"],
  [/\bintraosseous(?:ly)?\b/gi, "IO"],
  [/\bintramuscular(?:ly)?\b/gi, "IM"],
  [/\bintranasal(?:ly)?\b|\bnasal(?:ly)?\b/gi, "IN"],
  [/\bneb(?:uli[sz]ed|uli[sz]er)?\b/gi, "NEB"],
  [/\binhaler\b/gi, "MDI"],
  [/\bsublingual(?:ly)?\b/gi, "SL"],
  [/\b(?:by mouth|orally)\b/gi, "PO"],
];

/**
 * Words that name a route only when the medic says they lack it: "no line" and "can't get access" mean
 * no IV (IO is the usual next attempt, so it stays open); "no vascular access" rules out IV and IO.
 * "first-line" or "access the airway" must never choose IV, so these never request a route.
 */
const LACKED_ONLY: readonly [RegExp, readonly string[]][] = [
  [/\b(?:vascular|IV\s*\/\s*IO|IO\s*\/\s*IV) access\b/gi, ["IV", "IO"]],
  [/(?<![\w-])(?<!\b(?:IV|IO|IM|IN)\s{0,3})(?:line|access)\b(?![\w-])/gi, ["IV"]],
];

const ARTICLE = "(?: an?| the| any)?";
const VERBS = "get|obtain|establish|place|start|find|do|give|use|go|access";
/** What comes right before a route the medic lacks: "no", "without an", "couldn't get a", "no IV or", "gave up on". */
const NEGATED_BEFORE = new RegExp(
  String
    .raw`(?:\b(?:no|not|without|w\/o|failed|lost|blown|unsuccessful|no more|gave up(?: on)?|giving up(?: on)?)${ARTICLE}|\b(?:unable to|can'?t|cannot|could(?:n'?t| not)|did(?:n'?t| not)|won'?t|not able to) (?:${VERBS})${ARTICLE}|\b(?:no|without) (?:IV|IO|IM|IN|line)s? *(?:\/|or|nor) *)\s*$`,
  "i",
);
/** What comes right after one: "IV not established", "IO attempts x2 failed", "IV access unsuccessful". */
const NEGATED_AFTER =
  /^\s*(?:(?:access|line|site|attempts?|placement|x ?\d+|\d+ (?:times|attempts)|twice)\s*)*(?:is |was |were |has been |have been |already )?(?:not (?:established|possible|available|obtained|an option|successful|obtainable)|unavailable|failed|unsuccessful|impossible|infiltrated|lost|blown|dislodged|pulled)\b/i;

/**
 * Attempts given up on: "done with iv attempts", "finished with IO tries" (fifth read, Low: it asked for IV and gave
 * no IN/IM dose). "done with the IV fluids" lacks nothing: only with attempts after the route.
 */
const DONE_BEFORE = new RegExp(String.raw`\b(?:done|finished|through) with${ARTICLE}\s*$`, "i");
const ATTEMPTS_AFTER = /^\s*(?:access\s+|line\s+)?(?:attempts?|tries|sticks)\b/i;

function negated(text: string, at: number, end: number): boolean {
  return NEGATED_BEFORE.test(text.slice(Math.max(0, at - 40), at)) ||
    NEGATED_AFTER.test(text.slice(end, end + 50)) ||
    (DONE_BEFORE.test(text.slice(Math.max(0, at - 40), at)) &&
      ATTEMPTS_AFTER.test(text.slice(end, end + 30)));
}

interface Mention {
  readonly at: number;
  readonly codes: readonly string[];
  readonly lacked: boolean;
}

/**
 * Capitals read anywhere but here (medical director's second review): "PO" after "by" is the police ("detained
 * by PO", "narcan given by PO"), and "IM" before a time not past is "I'm" ("EPI IM 3 MIN OUT"; "IM 5 MIN AGO"
 * is the route).
 */
const POLICE_BEFORE = /\bby\s*$/i;
const TIME_AFTER = /^\s*\d{1,3}\s*(?:min|mins|minutes?|hrs?|hours?|secs?|seconds?)\b(?!\s+ago\b)/i;
function capitalNotARoute(text: string, code: string, at: number, end: number): boolean {
  return (code === "PO" && POLICE_BEFORE.test(text.slice(Math.max(0, at - 10), at))) ||
    (code === "IM" && TIME_AFTER.test(text.slice(end, end + 30)));
}

/** A capital "IM" left unread before a time ("EPI IM 3 MIN OUT"): the answer says it was not read. */
export function saysCapitalImUnread(text: string): boolean {
  return [...text.matchAll(/\bIM\b/g)].some((m) => capitalNotARoute(text, "IM", m.index, m.index + 2));
}

/** "IV drug use", "iv drug user", "IV drug abuse": a history, no route ("no iv drug use" lacks no IV). */
const DRUG_USE_AFTER = /^\s*(?:drugs?\s+(?:use|user|users|abuse|abuser)|du)\b/i;
const drugUse = (text: string, end: number) => DRUG_USE_AFTER.test(text.slice(end, end + 30));

function mentions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const [pattern, code] of ROUTE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (drugUse(text, m.index + m[0].length)) continue;
      if (!code && capitalNotARoute(text, m[1], m.index, m.index + m[0].length)) continue;
      const codes = [code || (m[1] === "ODT" ? "PO" : m[1])];
      found.push({ at: m.index, codes, lacked: negated(text, m.index, m.index + m[0].length) });
    }
  }
  for (const w of routeWords(text, (at, end) => negated(text, at, end))) {
    if (drugUse(text, w.end)) continue;
    found.push({ at: w.at, codes: [w.code], lacked: negated(text, w.at, w.end) });
  }
  let rest = text; // a longer lacked-only phrase blanks what it covers ("vascular access" is not "access")
  for (const [pattern, codes] of LACKED_ONLY) {
    for (const m of rest.matchAll(pattern)) {
      if (negated(text, m.index, m.index + m[0].length)) found.push({ at: m.index, codes, lacked: true });
      rest = blankMatch(rest, m);
    }
  }
  // NPO: nothing by mouth.
  for (const m of text.matchAll(/\bNPO\b/g)) found.push({ at: m.index, codes: ["PO"], lacked: true });
  return found.sort((a, b) => a.at - b.at);
}

/** The routes the medic says they do not have ("no IV", "IO failed"), in order of mention. */
export function unavailableRoutes(text: string): string[] {
  return [...new Set(mentions(text).filter((m) => m.lacked).flatMap((m) => m.codes))];
}

/**
 * The first route asked for and not ruled out in the same text: "IV fentanyl? IV not established"
 * asks for nothing, since IV is the route they lack.
 */
export function findRoute(text: string): string | undefined {
  const all = mentions(text);
  const lacked = new Set(all.filter((m) => m.lacked).flatMap((m) => m.codes));
  return all.find((m) => !m.lacked && !m.codes.some((c) => lacked.has(c)))?.codes[0];
}

/** Between two routes offered as a choice: "iv or in", "in/im", "IV vs IO". */
const CHOICE_BETWEEN = /^\s*(?:\/|\bor\b|\bvs\.?|\bversus\b|\band\/or\b)\s*$/i;

/**
 * The routes a message offers as a choice ("versed iv or in", "in/im"), none of them lacked, in order; fewer
 * than two: []. Each is answered: only the first once was, and "iv or in" for a seizing child was refused with
 * no IN dose (medical director's second review).
 */
export function routeChoices(text: string): string[] {
  const all = mentions(text);
  const lacked = new Set(all.filter((m) => m.lacked).flatMap((m) => m.codes));
  const open = all.filter((m) => !m.lacked && !m.codes.some((c) => lacked.has(c)));
  for (let i = 0; i + 1 < open.length; i++) {
    const chain = [open[i]];
    while (
      chain.length + i < open.length &&
      CHOICE_BETWEEN.test(
        text.slice(chain.at(-1)!.at + routeLength(text, chain.at(-1)!.at), open[i + chain.length].at),
      )
    ) chain.push(open[i + chain.length]);
    if (chain.length > 1) return [...new Set(chain.flatMap((m) => m.codes))];
  }
  return [];
}

/** The length of the route word at `at` ("iv", "intranasal", "by mouth"). */
function routeLength(text: string, at: number): number {
  return /^(?:by mouth|[a-z]+)/i.exec(text.slice(at))?.[0].length ?? 0;
}

/**
 * Routes ruled out anywhere in the conversation ("no IV" said two turns ago still holds), except one
 * the newest message asks for outright (the medic has it now).
 */
export function lackedRoutes(userTextsNewestFirst: readonly string[]): string[] {
  const asked = findRoute(userTextsNewestFirst[0] ?? "");
  const lacked = new Set(userTextsNewestFirst.flatMap(unavailableRoutes));
  if (asked && !unavailableRoutes(userTextsNewestFirst[0]).includes(asked)) lacked.delete(asked);
  return [...lacked];
}
