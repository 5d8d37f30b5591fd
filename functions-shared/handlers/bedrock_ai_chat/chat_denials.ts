/**
 * Which names of a condition a medic's message denies, or says have ended, with no I/O. Reports name what the
 * patient does not have as often as what they treat ("no seizure, agitated", "pt denies seizure", "hyperkalemia:
 * neg"), and reading the name alone dosed the denied indication ("no seizure, midazolam 70kg" got the seizure
 * dose). Its own module so the indication finder (chat_mentions.ts) stays one screen and the rule has one place.
 *
 * A name is denied only where the words leave no doubt, inside its clause (nothing but spaces joins them):
 *   - a cue right before it, with at most four filler words between ("no hx of seizures", "negative for
 *     hyperkalemia", "pt isn't actively seizing", "no longer seizing"), or a short list after a cue that denies
 *     things ("no fever or seizure");
 *   - a finding right after it ("seizure negative", "hyperkalemia: neg", "seizures none", "hyperkalemia (-)"),
 *     or "no" / "denies" with only ? : - ( ) or spaces between and then punctuation or the message's end
 *     ("seizure? no.", "seizures - no,", "seizure: denies").
 * Nothing else is: a real word between ("hasn't stopped seizing", "not responding to the dose for seizure"), a
 * hedge ("possible", "r/o", "?": what the medic suspects is what they ask about), a bare "no" followed by a word
 * ("seizure no iv access"), a bullet ("- seizure"), "none stop" (dictated "non-stop"). A denial over-read only
 * asks the medic which indication; one missed doses what was denied.
 *
 * A seizure that has ended is not the active seizure midazolam is for (TP 1231 step 7, TP 1231-P step 6: for an
 * active seizure witnessed by EMS; one that stopped before is "Seizure - Post", step 6 / step 5, no drug). A
 * seizure name is ended by a stop word after it ("seizure stopped", "seizure has resolved", "seizure over"),
 * "stopped" before it unless negated ("stopped seizing"; "hasn't stopped seizing" is active), "s/p", "post" or
 * "no longer" before it, or "postictal" in its place. Unlike a denial, which an assertion anywhere in the message outweighs
 * ("no hx of seizures, seizing now"), an end outweighs what was said before it: only a seizure said after it
 * ("seizure stopped, now seizing again") is read. "seized" is never read as a seizure name: past tense, it
 * cannot say the seizure is active.
 */

const GAP = "[^\\S\\n]+"; // spaces, never a line break (a new line is a new clause)
/** "isn't", "isnt", "doesn't", "doesnt", "ain't", "wasn't", "wasnt" (straight or curly apostrophe). */
const NT_CUE = "(?:is|does|was|ai)n['’]?t";
const CUE =
  "no|not|never|denies|denied|denying|without|w\\/o|(?:negative|neg)(?:[^\\S\\n]+for)?|ruled[^\\S\\n]+out|" +
  `no[^\\S\\n]+longer|${NT_CUE}`;
/** Cues that deny each thing of a short list ("no fever or seizure", "denies cp nor seizure"); not "not". */
const LIST_CUE = "no|neither|denies|denied|denying|without|w\\/o|(?:negative|neg)[^\\S\\n]+for";
const FILLER =
  "any|a|an|had|have|having|in|hx|h\\/o|history|of|signs?|evidence|known|active|actively|current|" +
  "currently|further|more|obvious|apparent|s\\/s|sx|symptoms?|recent|prior";
const FILLERS = `(?:${GAP}(?:${FILLER})){0,4}`;
/** One or two words, then "or"/"nor": the next item of a denied list. */
const LIST_ITEM = `(?:${GAP}[a-z][\\w/'-]*){1,2}${GAP}(?:or|nor)`;

/** Ends right before a name: the cue, its fillers, the space. Sticky at the name's start. */
const DENIED_BEFORE = new RegExp(
  `(?<=(?<![\\w/])(?:(?:${CUE})${FILLERS}|(?:${LIST_CUE})${FILLERS}${LIST_ITEM}${FILLERS})${GAP})`,
  "iy",
);

/** What may stand between a name and the finding after it: spaces and ? : = - ( ). */
const BETWEEN = "(?:[^\\S\\n]|[?:=()\\-–—])*";
/** Punctuation or the message's end next ("seizure: no," but not "seizure no iv access"). */
const THEN_PUNCTUATION = "(?=[^\\S\\n]*(?:[.,;:!?)\\-–—\\n]|$))";
/** "none stop", "neg-stop": dictated "non-stop", no finding. */
const NOT_STOP = "(?![^\\S\\n]*-?[^\\S\\n]*stop)";

/** Starts right after a name: a finding ("negative", "none", "(-)", "ruled out"), or "no"/"denies" then punctuation. */
const DENIED_AFTER = new RegExp(
  `${BETWEEN}(?:` +
    `\\([^\\S\\n]*(?:[-–]|neg|negative|no)[^\\S\\n]*\\)|` +
    `(?:(?:hx|history|sx|symptoms|signs|s\\/s)${GAP})?(?:(?:is|are|was|were|been|has${GAP}been|have${GAP}been)${GAP})?` +
    `(?:negative|neg|none|denied|absent|ruled${GAP}out)(?![\\w/])${NOT_STOP}|` +
    `(?:no|nope|denies|denied)${THEN_PUNCTUATION}` +
    `)`,
  "iy",
);

/** True when the name said at text[at, end) is denied by the words around it. */
export function deniedAt(text: string, at: number, end: number): boolean {
  DENIED_BEFORE.lastIndex = at;
  DENIED_AFTER.lastIndex = end;
  return DENIED_BEFORE.test(text) || DENIED_AFTER.test(text);
}

/** The names an end applies to: a seizure's. */
const SEIZURE_WORD = /seiz|convuls|epilep/i;
/** "Postictal" in place of a seizure name: the seizure has ended. */
const POSTICTAL = /(?<![\w-])post[\s-]*ictal(?:ly)?(?![\w-])/i;
/** A negation right before a word ("not", "never", "hasn't", "hasnt"; never "patient"). */
const NEGATION = "(?:(?<![\\w/])(?:not|never|(?:has|have|had|is|was|did|does|are|were)nt)|n['’]t)";
/** Ends right before a name: "s/p", "post", "no longer", or "stopped" unless negated ("hasn't stopped seizing"). */
const ENDED_BEFORE = new RegExp(
  `(?<=(?:(?<![\\w/])(?:s\\/p|status${GAP}post|post|no${GAP}longer)${FILLERS}|` +
    `(?<!${NEGATION}(?:${GAP}(?:yet|even|ever|really|still))?${GAP})(?<![\\w/])(?:stopped|ceased|quit|done))${GAP})`,
  "iy",
);
/** Starts right after a name: a stop word, with only a few small words between ("seizure has stopped"). */
const ENDED_AFTER = new RegExp(
  `(?:(?:[^\\S\\n]|[:\\-–—])+(?:has|have|had|is|was|now|just|finally|all|completely|spontaneously|already)){0,3}` +
    `(?:[^\\S\\n]|[:\\-–—])+(?:stopped|resolved|ceased|ended(?!${GAP}up)|broke|` +
    `over(?=[^\\S\\n]*(?:[.,;:!?\\n]|$)|${GAP}now(?![\\w/])))(?![\\w/])`,
  "iy",
);

/** True when the seizure named at text[at, end) is said to have ended. */
function endedAt(text: string, at: number, end: number): boolean {
  if (!SEIZURE_WORD.test(text.slice(at, end))) return false;
  ENDED_BEFORE.lastIndex = at;
  ENDED_AFTER.lastIndex = end;
  return ENDED_BEFORE.test(text) || ENDED_AFTER.test(text);
}

/** A condition and the patterns of its names. */
export interface Named {
  readonly id: string;
  readonly patterns: readonly RegExp[];
  /** Shorthand that names the condition only where it is denied ("denies cp"; said, "cp" is not read). */
  readonly deniedOnly?: readonly RegExp[];
}

export interface DenialReading {
  /** The text with every name of a condition not read blanked (spaces), and every denied or ended name. */
  readonly text: string;
  /** The conditions the text names only in denials, or last as ended. */
  readonly denied: ReadonlySet<string>;
}

type Mention = { id: string; at: number; end: number; reading: "said" | "denied" | "ended" };

/**
 * Reads each name of `named` in `text`, the longest where two overlap ("no cardiac arrest" denies the "arrest"
 * inside it too), as said, denied or ended. `keep`: conditions whose names are never read as denied here (they
 * have a doubt rule of their own), nor is any name inside one of theirs.
 */
export function readDenials(
  text: string,
  named: readonly Named[],
  keep: ReadonlySet<string> = new Set(),
): DenialReading {
  const postictal = named.filter(({ patterns }) => patterns.some((p) => SEIZURE_WORD.test(p.source)))
    .map(({ id }) => ({ id, patterns: [POSTICTAL] }));
  const names = (list: readonly Named[], deniedOnly: boolean) =>
    list.flatMap(({ id, patterns }) =>
      patterns.flatMap((p) => everyMatch(p, text, id).map((m) => ({ ...m, deniedOnly })))
    );
  const shorthand = named.map(({ id, deniedOnly }) => ({ id, patterns: deniedOnly ?? [] }));
  const found = [...names([...named, ...postictal], false), ...names(shorthand, true)]
    .sort((a, b) => (b.end - b.at) - (a.end - a.at) || a.at - b.at);
  const read: Mention[] = [];
  for (const name of found) {
    if (read.some((r) => name.at < r.end && r.at < name.end)) continue; // inside a longer name read
    const reading = keep.has(name.id)
      ? "said"
      : POSTICTAL.test(text.slice(name.at, name.end))
      ? "ended"
      : endedAt(text, name.at, name.end)
      ? "ended"
      : deniedAt(text, name.at, name.end)
      ? "denied"
      : "said";
    if (name.deniedOnly && reading !== "denied") continue;
    read.push({ id: name.id, at: name.at, end: name.end, reading });
  }
  const denied = new Set<string>();
  for (const { id } of read) {
    const lastEnd = Math.max(
      -1,
      ...read.filter((m) => m.id === id && m.reading === "ended").map((m) => m.at),
    );
    const saidAfter = read.some((m) => m.id === id && m.reading === "said" && m.at > lastEnd);
    if (!saidAfter) denied.add(id);
  }
  let blanked = text;
  for (const m of read) {
    if (m.reading === "said" && !denied.has(m.id)) continue;
    blanked = blanked.slice(0, m.at) + " ".repeat(m.end - m.at) + blanked.slice(m.end);
  }
  return { text: blanked, denied };
}

const GLOBAL = new WeakMap<RegExp, RegExp>();

/** Every place `pattern` matches in `text` (its global twin is made once). */
function everyMatch(pattern: RegExp, text: string, id: string): { id: string; at: number; end: number }[] {
  let global = GLOBAL.get(pattern);
  if (!global) GLOBAL.set(pattern, global = new RegExp(pattern.source, pattern.flags.replace("g", "") + "g"));
  const found = [];
  global.lastIndex = 0;
  for (let m = global.exec(text); m; m = global.exec(text)) {
    found.push({ id, at: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) global.lastIndex++;
  }
  return found;
}

/** A denial or a hedge in a clause: "no", "r/o", "ruled out", "unlikely", "possible", a question mark. */
const DOUBT =
  /\b(?:no|not|non|without|denies|denied|negative|neg|never|nor|ruled\s+out|r\/o|unlikely|possible|possibly|maybe|questionable|doubtful)\b|n['’]t\b|\?/i;

/**
 * True when a name of `patterns` stands in a clause that denies or doubts something ("no crush hyperkalemia,
 * dialysis kid", "possible crush hyperkalemia", "crush hyperkalemia?"): crush-hyperkalemia's stricter rule, read
 * by the indication finder and the presentation reader alike.
 */
export function saidInDoubt(text: string, patterns: readonly RegExp[]): boolean {
  const clauses = text.split(/[,;:!\n]|\.(?!\d)/);
  return clauses.some((c) => patterns.some((p) => p.test(c)) && DOUBT.test(c));
}
