/**
 * Route codes typed in lowercase or mixed case, as medics type on phones ("epi 0.3 mg im", "give it im",
 * "versed in", "no iv"), with no I/O. Capitals are read anywhere (chat_routes.ts); these only where the words
 * around them make them a route, since "im" is also "I'm" ("im worried", "im on scene") and "in" the
 * preposition ("in the left arm", "versed in a 20 kg child"):
 *  - po: only right after a drug name or an amount with its unit ("zofran po", "4 mg po"): "found down by po"
 *    is the police (medical director's review);
 *  - iv, io, sl, odt: right after a drug name or an amount with its unit ("fentanyl iv", "0.4 mg sl"),
 *    after give/given/gave/pushed/via/route/by ("give it iv", "route: io"), before a drug name ("iv fentanyl"),
 *    and iv/io also where the medic says they lack it ("no iv", "iv failed", "couldn't get an io") or speaks of
 *    its access ("iv access", "io line");
 *  - im: in the same places, but only when what follows cannot continue "I'm ..." (a clause's end, a number, a
 *    drug, "for", "now", "x2", the thigh...): "epi im for anaphylaxis", never "epi im not sure", "im going";
 *  - in: only with a partner that makes it a route: another route beside it ("versed in or im", "4 mg in/im",
 *    "im or in"), "via in", "route: in", or the nose after a drug, an amount or a giving verb ("narcan in the
 *    nose"). Medics write "versed 2 mg in, still seizing" meaning the dose went in (medical director's review):
 *    read as the nasal route it offered a repeat by IN, and refused epinephrine in arrest for route IN. So "in"
 *    at a clause's end after a drug or an amount is never read; it is said (saysInUnread), for the medic to
 *    write IN or intranasal. "versed in the thigh", "5 mg in 10 mL", "in the left arm" are never the route.
 */
import { DRUG_NAME } from "./chat_names.ts";

/** A whole drug name (its own token). */
const DRUG = `(?<![\\w-])${DRUG_NAME}(?![\\w-])`;
/** An amount with a unit of dose ("0.3 mg", "5mg", "50 mcg", "2.5 mL"); never a weight. */
const AMOUNT = "(?<![\\w.])\\d{1,4}(?:\\.\\d{1,3})?\\s*(?:mg|mcg|g|ml|units?|meq)(?![\\w/])";

/** What stands right before a route in a request: a drug (with an amount), an amount, or its verb. */
const AFTER_DRUG_OR_AMOUNT = new RegExp(`(?:${DRUG}|${AMOUNT})\\s+$`, "i");
const AFTER_VERB = new RegExp(
  "\\b(?:give|given|gave|giving|push|pushed|pushing|administer(?:ed)?|via|by)(?:\\s+(?:it|them))?\\s+$|" +
    "\\broute\\s*(?::|is|=)?\\s*$",
  "i",
);
/** A drug and a bare amount right before "im" ("epi 0.15 im 20kg"): "im" there is the route if AFTER_IM holds. */
const AFTER_DRUG_AND_BARE_AMOUNT = new RegExp(`${DRUG}\\s+\\.?\\d{1,4}(?:\\.\\d{1,3})?\\s+$`, "i");
/** A drug named right after the route ("iv fentanyl", "im epi 0.3"), an amount between allowed. */
const BEFORE_DRUG = new RegExp(`^\\s+(?:${AMOUNT}\\s+)?${DRUG}`, "i");

/**
 * What may follow "im" as a route and never continues "I'm ...". A number only as an amount with its unit or
 * with a count ("epi im 0.3 mg", "epi im 0.3 x1"), a weight or an age, a bare amount before a weight, a
 * concentration ratio, or a time ago ("narcan im 80kg", "narcan im 2 80kg", "versed im 45yo", "epi im 1:1000",
 * "versed im 5 min ago"): "epi im 3 min out" is "I'm 3 minutes out" (medical director's second review).
 */
const AFTER_IM = new RegExp(
  "^(?:\\s*(?:$|[,.;:!?)\\n/])|" +
    "\\s*\\d{1,4}(?:\\.\\d{1,3})?\\s*(?:(?:mg|mcg|g|ml|units?|meq)(?![\\w/])|[x×]\\s*\\d|q\\s*\\d)|" +
    "\\s*(?:\\d{1,4}(?:\\.\\d{1,3})?\\s+)?\\d{1,3}(?:\\.\\d{1,2})?\\s*(?:kg|kgs|kilos?)\\b|" +
    "\\s*\\d{1,3}\\s*(?:yo[mf]?|y\\/o|y\\.o\\.?|(?:years?|yrs?)\\s*-?\\s*old)(?![\\w/])|" +
    "\\s*1\\s*:\\s*\\d{1,5}\\b|" +
    "\\s*\\d{1,3}\\s*(?:min|mins|minutes?|hrs?|hours?)\\s+ago\\b|" +
    "\\s*[x×]\\s*\\d|\\s*q\\s*\\d|" +
    "\\s+(?:or|vs\\.?|versus|and|then)\\s+(?:iv|io|in|sl|po)\\b|" +
    "\\s+(?:for|now|stat|asap|please|pls|dose|dosing|route|injection|inj|only|pt|patient|child|kid|adult)\\b|" +
    "\\s+(?:in|into|to)\\s+(?:the\\s+)?(?:(?:left|right|lateral|l|r)\\s+)?(?:thigh|deltoid|arm|leg|shoulder)\\b|" +
    `\\s+${DRUG})`,
  "i",
);
/** "in" beside another route: one follows ("in or im", "in/im") or stands before it ("im or in", "iv/in"). */
const ROUTE_AFTER_IN = /^\s*(?:\/|\bor\b|\bvs\.?|\bversus\b)\s*(?:im|iv|io)\b/i;
const ROUTE_BEFORE_IN = /(?<![\w-])(?:im|iv|io)\s*(?:\/|\bor\b|\bvs\.?|\bversus\b)\s*$/i;
/** "via in", "route: in". */
const NAMED_AS_ROUTE = /\b(?:via|route\s*(?::|is|=)?)\s*$/i;
/** The nose after "in" ("in nose", "in the nose", "in each nostril"). */
const NOSE =
  /^\s+(?:(?:the|her|his|their|each|both|one|l|r|left|right)\s+)?(?:nose|nostrils?|nares|naris|nare)\b/i;
/** "in" at a clause's end: the nasal route as often as "the dose went in" ("versed 2 mg in, still seizing"). */
const CLAUSE_END = /^\s*(?:$|[,.;!?)\n])/;
/** iv/io spoken of as access ("iv access", "io line", "iv established"). */
const AS_ACCESS = /^\s+(?:access|line|site|attempts?|established|placed|in\s+place)\b/i;

export interface RouteWord {
  readonly at: number;
  readonly end: number;
  /** The route code: IV, IO, IM, IN, SL or PO (ODT is PO, as in capitals). */
  readonly code: string;
}

/**
 * The lowercase or mixed-case route codes of `text` that the words around them make a route (see above).
 * `lacked(at, end)` says whether the medic says they lack the route there: a lacked iv or io is read
 * whatever stands around it ("no iv", "iv failed"), so that it is ruled out.
 */
export function routeWords(text: string, lacked: (at: number, end: number) => boolean): RouteWord[] {
  const found: RouteWord[] = [];
  for (const m of text.matchAll(/(?<![\w-])(iv|io|im|in|sl|po|odt)(?![\w-])/gi)) {
    const word = m[1];
    if (word === word.toUpperCase()) continue; // capitals: chat_routes.ts reads them anywhere
    const lower = word.toLowerCase();
    const at = m.index;
    const end = at + word.length;
    const before = text.slice(Math.max(0, at - 60), at);
    const after = text.slice(end, end + 60);
    const afterDrug = AFTER_DRUG_OR_AMOUNT.test(before);
    const read = lower === "in"
      ? ROUTE_AFTER_IN.test(after) || ROUTE_BEFORE_IN.test(before) || NAMED_AS_ROUTE.test(before) ||
        ((afterDrug || AFTER_VERB.test(before)) && NOSE.test(after))
      : lower === "po"
      ? afterDrug
      : lower === "im"
      ? (afterDrug || AFTER_VERB.test(before) || BEFORE_DRUG.test(after) ||
        AFTER_DRUG_AND_BARE_AMOUNT.test(before)) && AFTER_IM.test(after)
      : afterDrug || AFTER_VERB.test(before) || BEFORE_DRUG.test(after) ||
        ((lower === "iv" || lower === "io") && (AS_ACCESS.test(after) || lacked(at, end)));
    if (read) found.push({ at, end, code: lower === "odt" ? "PO" : lower.toUpperCase() });
  }
  return found;
}

/**
 * True when a lowercase "im" stands right after a drug or an amount, or right before a drug, and is not read as
 * a route ("adult arrest epi im 3 min out"): the answer says it was not read as intramuscular.
 */
export function saysImUnread(text: string): boolean {
  const read = new Set(routeWords(text, () => false).map((w) => w.at));
  return [...text.matchAll(/(?<![\w-])im(?![\w-])/gi)].some((m) =>
    m[0] !== "IM" && !read.has(m.index) &&
    (AFTER_DRUG_OR_AMOUNT.test(text.slice(Math.max(0, m.index - 60), m.index)) ||
      BEFORE_DRUG.test(text.slice(m.index + 2, m.index + 62)))
  );
}

/**
 * True when a lowercase "in" ends a clause right after a drug or an amount ("versed 2 mg in, still seizing",
 * "narcan in") and is not read as a route: the answer says it was not read as intranasal.
 */
export function saysInUnread(text: string): boolean {
  const read = new Set(routeWords(text, () => false).map((w) => w.at));
  return [...text.matchAll(/(?<![\w-])in(?![\w-])/gi)].some((m) =>
    m[0] !== "IN" && !read.has(m.index) &&
    AFTER_DRUG_OR_AMOUNT.test(text.slice(Math.max(0, m.index - 60), m.index)) &&
    CLAUSE_END.test(text.slice(m.index + 2, m.index + 62))
  );
}
