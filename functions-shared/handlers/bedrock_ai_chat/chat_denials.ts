/**
 * Which names of a condition a medic's message denies, with no I/O. Reports name what the patient does not have
 * as often as what they treat ("no seizure, agitated", "pt denies seizure", "hyperkalemia: neg"), and reading the
 * name alone dosed the denied indication ("no seizure, midazolam 70kg" got the seizure dose). Its own module so
 * the indication finder (chat_mentions.ts) stays one screen and the rule has one place.
 *
 * A name is denied only where the words leave no doubt, inside its clause (nothing but spaces joins them):
 *   - a cue right before it, with at most four filler words between ("no hx of seizures", "negative for
 *     hyperkalemia", "not currently seizing", "no longer seizing"), or a short list after a cue that denies
 *     things ("no fever or seizure");
 *   - a finding right after it ("seizure negative", "hyperkalemia: neg", "seizure ruled out", "seizures none",
 *     "hyperkalemia - denied").
 * Nothing else is: a real word between ("has not stopped seizing", "not responding to the dose for seizure"),
 * "n't", a hedge ("possible", "r/o", "?": what the medic suspects is what they ask about) and a bare "no" after
 * the name ("seizure no iv access") leave the name said. A denial over-read only asks the medic which
 * indication; one missed doses what was denied.
 */

const CUE =
  "no|not|never|denies|denied|denying|without|w\\/o|(?:negative|neg)(?:[^\\S\\n]+for)?|ruled[^\\S\\n]+out|" +
  "no[^\\S\\n]+longer";
/** Cues that deny each thing of a short list ("no fever or seizure", "denies cp nor seizure"); not "not". */
const LIST_CUE = "no|neither|denies|denied|denying|without|w\\/o|(?:negative|neg)[^\\S\\n]+for";
const FILLER = "any|a|an|had|having|in|hx|h\\/o|history|of|signs?|evidence|known|active|actively|current|" +
  "currently|further|more|obvious|apparent|s\\/s|sx|symptoms?|recent|prior";
const GAP = "[^\\S\\n]+"; // spaces, never a line break (a new line is a new clause)
const FILLERS = `(?:${GAP}(?:${FILLER})){0,4}`;
/** One or two words, then "or"/"nor": the next item of a denied list. */
const LIST_ITEM = `(?:${GAP}[a-z][\\w/'-]*){1,2}${GAP}(?:or|nor)`;

/** Ends right before a name: the cue, its fillers, the space. Sticky at the name's start. */
const DENIED_BEFORE = new RegExp(
  `(?<=(?<![\\w/])(?:(?:${CUE})${FILLERS}|(?:${LIST_CUE})${FILLERS}${LIST_ITEM}${FILLERS})${GAP})`,
  "iy",
);

/** Starts right after a name: "negative", "neg", "none", "denied", "absent", "ruled out" (":" or "-" may stand between). */
const DENIED_AFTER = new RegExp(
  `[^\\S\\n]*(?:[:=]|[-–—]+)?[^\\S\\n]*(?:(?:hx|history|sx|symptoms|signs|s\\/s)${GAP})?` +
    `(?:(?:is|are|was|were|been|has${GAP}been|have${GAP}been)${GAP})?` +
    `(?:negative|neg|none|denied|absent|ruled${GAP}out)(?![\\w/])`,
  "iy",
);

/** True when the name said at text[at, end) is denied by the words around it. */
export function deniedAt(text: string, at: number, end: number): boolean {
  DENIED_BEFORE.lastIndex = at;
  DENIED_AFTER.lastIndex = end;
  return DENIED_BEFORE.test(text) || DENIED_AFTER.test(text);
}

/** A condition and the patterns of its names. */
export interface Named {
  readonly id: string;
  readonly patterns: readonly RegExp[];
}

export interface DenialReading {
  /** The text with every denied name blanked (spaces), so no reader finds it. */
  readonly text: string;
  /** The conditions the text names only in denials. */
  readonly denied: ReadonlySet<string>;
}

/**
 * Reads each name of `named` in `text`, the longest where two overlap ("no cardiac arrest" denies the "arrest"
 * inside it too), as said or denied. `keep`: conditions whose names are never read as denied here (they
 * have a doubt rule of their own), nor is any name inside one of theirs.
 */
export function readDenials(
  text: string,
  named: readonly Named[],
  keep: ReadonlySet<string> = new Set(),
): DenialReading {
  const found = named.flatMap(({ id, patterns }) => patterns.flatMap((p) => everyMatch(p, text, id)))
    .sort((a, b) => (b.end - b.at) - (a.end - a.at) || a.at - b.at);
  const read: { at: number; end: number }[] = [];
  const said = new Set<string>();
  const deniedIds = new Set<string>();
  let blanked = text;
  for (const name of found) {
    if (read.some((r) => name.at < r.end && r.at < name.end)) continue; // inside a longer name read
    read.push(name);
    if (keep.has(name.id) || !deniedAt(text, name.at, name.end)) {
      said.add(name.id);
      continue;
    }
    deniedIds.add(name.id);
    blanked = blanked.slice(0, name.at) + " ".repeat(name.end - name.at) + blanked.slice(name.end);
  }
  return { text: blanked, denied: new Set([...deniedIds].filter((id) => !said.has(id))) };
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
