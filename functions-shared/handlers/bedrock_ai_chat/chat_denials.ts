/**
 * Which names of a condition a medic's message denies, or says have ended, with no I/O. Reports name what the
 * patient does not have as often as what they treat ("no seizure, agitated", "pt denies seizure", "hyperkalemia:
 * neg"), and reading the name alone dosed the denied indication ("no seizure, midazolam 70kg" got the seizure
 * dose). Its own module so the indication finder (chat_indications.ts) stays one screen and the rule has one place.
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
 * seizure's names are laid out with the ends, stopped breathing and restarts the message says
 * (chat_seizure_ends.ts): an end after a name in its sentence or any later one ends it ("was seizing but
 * stopped", "seizing x5 min, stopped prior to arrival", "Seizing. Stopped now."), as do "stopped" before it unless
 * negated ("stopped seizing"; "hasn't stopped seizing" is active), "s/p", "post" or "no longer" before it, or
 * "postictal" in its place. A restart after the end ("stopped then started again", "resolved then recurred",
 * "not seizing on arrival but started again") makes it active, as does a name said after the end in another
 * sentence, or with a word that says it is new ("seizure stopped, now seizing again"); said in the same sentence
 * with no such word it is the same seizure ("postictal after seizure"). Unlike a denial, which an assertion
 * anywhere in the message outweighs ("no hx of seizures, seizing now"), an end outweighs what was said before it.
 * "Seized" is never read as a seizure name: past tense, it cannot say the seizure is active ("seized again" is a
 * restart). A condition named only as history ("hx of seizures", "prior arrest", "seizure 2 yrs ago":
 * chat_history_cues.ts) is not read either:
 * another named decides ("hx of seizures, agitated"), else the medic is asked. Any other condition said to have
 * resolved ("cp resolved", "chest pain gone", and for chest pain a bare "pain free now": chat_pain_ends.ts) is not
 * read either: of its name said and its resolution, the later decides, and "cp back" makes it active again.
 */
import {
  clauseEnd,
  clauseStart,
  NEW_SEIZURE,
  type SeizureEvent,
  type SeizureEventKind,
  seizureEvents,
  sentenceStart,
} from "./chat_seizure_ends.ts";
import { painEnds, painReturns, resolvedAfter } from "./chat_pain_ends.ts";
import { stateSaidAfter } from "./chat_state_now.ts";
import { everyMatch } from "./chat_every_match.ts";
import { historyEnd } from "./chat_history_cues.ts";

const GAP = "[^\\S\\n]+"; // spaces, never a line break (a new line is a new clause)
/** "isn't", "isnt", "doesn't", "doesnt", "ain't", "wasn't", "wasnt" (straight or curly apostrophe). */
const NT_CUE = "(?:is|does|was|ai)n['’]?t";
/** "doesnt look like shes", "doesn't seem like": the medic sees no seizure (medical director's fifth read, M6). */
const LOOKS_UNLIKE =
  `(?:(?:does|do|did)n['’]?t|(?:does|do|did)${GAP}not)${GAP}(?:look|seem|appear|sound)${GAP}like` +
  `(?:${GAP}(?:she|he|it|pt|they)(?:['’]?s|${GAP}(?:is|was|are|were))?)?`;
/** Not a real seizure: "pt faking seizure", "pseudo seizure", "non-epileptic seizure". */
const NOT_REAL = "fake|faking|feigning|feigned|pseudo|psychogenic|non-?epileptic";
const CUE =
  "no|not|never|denies|denied|denying|without|w\\/o|(?:negative|neg)(?:[^\\S\\n]+for)?|ruled[^\\S\\n]+out|" +
  `no[^\\S\\n]+longer|${NT_CUE}|${LOOKS_UNLIKE}|${NOT_REAL}`;
/** Cues that deny each thing of a short list ("no fever or seizure", "denies cp nor seizure"); not "not". */
const LIST_CUE = "no|neither|denies|denied|denying|without|w\\/o|(?:negative|neg)[^\\S\\n]+for";
const FILLER =
  "any|a|an|had|have|having|in|hx|h\\/o|history|of|signs?|evidence|known|active|actively|current|" +
  "currently|further|more|obvious|apparent|s\\/s|sx|symptoms?|recent|prior|really|" +
  `(?:seems?|appears?)${GAP}to${GAP}be`;
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

/** The condition a bare "pain gone" ends (chat_pain_ends.ts). */
const CHEST_PAIN = "chest-pain";

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

/** A condition and the patterns of its names. */
export interface Named {
  readonly id: string;
  readonly patterns: readonly RegExp[];
  /** Shorthand that names the condition only where it is denied ("denies cp"; said, "cp" is not read). */
  readonly deniedOnly?: readonly RegExp[];
  /**
   * A test's finding among its names (the whole name: "stemi"): said, it names the condition; denied ("12 lead no
   * stemi"), it denies nothing, the finding only (TP 1211 note 1: an MI with or without ST elevation).
   */
  readonly finding?: RegExp;
}

/**
 * How a condition named but not read was said: denied, ended (a seizure), stopped breathing, resolved (any other
 * condition: "cp resolved", chat_pain_ends.ts), or only as history.
 */
export type NotSaid = "denied" | "ended" | "breathing" | "resolved" | "history" | "changed" | "glucose";

export interface NotSaidReading {
  /** "changed": a newer message describes the state now; "glucose": a glucose of 60 or above (chat_state_now.ts). */
  readonly how: NotSaid;
  /** What the medic wrote, for the question back ("no chest pain", "seizure stopped"). */
  readonly quote: string;
  /** For "changed" and "glucose": what an older message said, quoted too ("seizing", "bgl 40"). */
  readonly was?: string;
  /**
   * For "changed": a cardiac arrest said before a pulse, a pressure or the patient awake (chat_circulation_now.ts); a
   * newborn's (TP 1216-P) has no care after ROSC to offer.
   */
  readonly arrest?: "child-or-adult" | "newborn";
}

export interface DenialReading {
  /** The text with every name of a condition not read blanked (spaces), and every denied or ended name. */
  readonly text: string;
  /** The conditions the text names only in denials, last as ended, or only as history. */
  readonly denied: ReadonlySet<string>;
  /** How each of `denied` was said. */
  readonly readings: ReadonlyMap<string, NotSaidReading>;
  /**
   * No seizure named, but a bare end ("it stopped", "stopped now"), stopped breathing or a restart ("restarted
   * in rig"): said of an earlier message's seizure, for the reader of several messages (chat_indications.ts).
   */
  readonly earlier?: { readonly kind: SeizureEventKind; readonly quote: string };
  /** Conditions said to be back by words that name them nowhere else ("cp back", "pain is back"): active. */
  readonly returned?: readonly string[];
}

/** "finding": a test's finding denied ("no stemi"), neither read nor a denial of its condition. */
type Reading = "said" | "denied" | "ended" | "resolved" | "history" | "finding";
type Mention = { id: string; at: number; end: number; reading: Reading; quoteEnd: number };

/** What the medic wrote from the clause holding `from` to `to`, one line, short enough for a phone. */
function quoteOf(text: string, from: number, to: number): string {
  const quote = (start: number) => text.slice(start, to).replace(/\s+/g, " ").trim();
  const whole = quote(clauseStart(text, from));
  return whole.length <= 60 ? whole : quote(clauseStart(text, to - 1));
}

/** How one name is read where it stands, and where the words that say so end. */
function readingAt(
  text: string,
  at: number,
  end: number,
  keep: boolean,
  seizureName: boolean,
  pastTimes: boolean,
): { reading: Reading; quoteEnd: number } {
  if (keep) return { reading: "said", quoteEnd: end };
  const seizure = SEIZURE_WORD.test(text.slice(at, end));
  if (POSTICTAL.test(text.slice(at, end))) return { reading: "ended", quoteEnd: end };
  ENDED_BEFORE.lastIndex = at;
  if (seizure && ENDED_BEFORE.test(text)) return { reading: "ended", quoteEnd: end };
  // A seizure's ends are its events' ("sz resolved": chat_seizure_ends.ts); any other condition's are read here.
  const resolved = seizureName ? undefined : resolvedAfter(text, end);
  if (resolved !== undefined) return { reading: "resolved", quoteEnd: resolved };
  DENIED_AFTER.lastIndex = end;
  if (DENIED_AFTER.test(text)) return { reading: "denied", quoteEnd: DENIED_AFTER.lastIndex };
  if (deniedAt(text, at, end)) return { reading: "denied", quoteEnd: end };
  const history = historyEnd(text, at, end, pastTimes);
  if (history !== undefined) return { reading: "history", quoteEnd: history };
  return { reading: "said", quoteEnd: end };
}

/** Where a seizure stands after its names and the ends and restarts said around them. */
type SeizureState = {
  kind: "said" | "ended" | "breathing";
  at: number;
  end: number;
  from?: number;
  quote?: string;
};

/**
 * Walks one seizure's names and the message's events in order (chat_seizure_ends.ts): an end or stopped breathing
 * after a name ends it; a restart, or a name said after the end in another sentence or with a word that says it
 * is new ("now seizing again"), makes it active; a name said after the end in the same sentence with no such word
 * is the same seizure ("postictal after seizure"), so it is marked ended (`demoted`). Returns the last state and
 * the restart that made it active, when no name of it is said after.
 */
function seizureState(
  text: string,
  id: string,
  read: readonly Mention[],
  events: readonly SeizureEvent[],
  demoted: Set<Mention>,
): { state?: SeizureState; restart?: SeizureEvent } {
  let state: SeizureState | undefined;
  let restart: SeizureEvent | undefined;
  const items: { at: number; mention?: Mention; event?: SeizureEvent }[] = [
    ...read.filter((m) => m.id === id).map((m) => ({ at: m.at, mention: m })),
    ...events.map((e) => ({ at: e.at, event: e })),
  ].sort((a, b) => a.at - b.at);
  for (const item of items) {
    if (item.mention) {
      const m = item.mention;
      if (m.reading === "ended") {
        state = { kind: "ended", at: m.at, end: m.end, from: m.at, quote: quoteOf(text, m.at, m.quoteEnd) };
      } else if (m.reading === "said") {
        const sameSeizure = state && state.kind !== "said" &&
          sentenceStart(text, m.at) === sentenceStart(text, state.at) &&
          !NEW_SEIZURE.test(text.slice(state.end, clauseEnd(text, m.end)));
        if (sameSeizure) {
          demoted.add(m);
          state = { ...state!, quote: quoteOf(text, state!.from!, clauseEnd(text, m.end)) };
        } else [state, restart] = [{ kind: "said", at: m.at, end: m.end }, undefined];
      }
      continue;
    }
    const e = item.event!;
    const named = read.filter((m) => m.id === id && m.at < e.at);
    if (named.length === 0) continue; // said of an earlier message's seizure, if of any (`earlier`)
    if (e.kind === "restart") {
      const nearest = [
        ...read.filter((m) => m.at < e.at),
        ...events.filter((x) => x.at < e.at && x.kind !== "restart"),
      ]
        .sort((a, b) => b.at - a.at)[0];
      const ours = nearest && ("kind" in nearest ? true : nearest.id === id);
      if (ours && state?.kind !== "said") [state, restart] = [{ kind: "said", at: e.at, end: e.end }, e];
      continue;
    }
    const last = named[named.length - 1];
    const from = sentenceStart(text, last.at) === sentenceStart(text, e.at) ? last.at : e.clauseAt;
    const quote = quoteOf(text, from, clauseEnd(text, e.end));
    state = { kind: e.kind === "end" ? "ended" : "breathing", at: e.at, end: e.end, from, quote };
  }
  return { state, restart };
}

/**
 * Reads each name of `named` in `text`, the longest where two overlap ("no cardiac arrest" denies the "arrest"
 * inside it too), as said, denied, ended or history. `keep`: conditions whose names are never read as denied here
 * (they have a doubt rule of their own), nor is any name inside one of theirs. `pastTimes`: conditions whose names
 * "prior" or a past time make history too ("prior arrest", "seizure 2 yrs ago": chat_history_cues.ts).
 */
export function readDenials(
  text: string,
  named: readonly Named[],
  keep: ReadonlySet<string> = new Set(),
  pastTimes: ReadonlySet<string> = new Set(),
): DenialReading {
  const seizureIds = new Set(
    named.filter(({ patterns }) => patterns.some((p) => SEIZURE_WORD.test(p.source))).map(({ id }) => id),
  );
  const postictal = [...seizureIds].map((id) => ({ id, patterns: [POSTICTAL] }));
  const names = (list: readonly Named[], deniedOnly: boolean) =>
    list.flatMap(({ id, patterns }) =>
      patterns.flatMap((p) =>
        everyMatch(p, text).map((m) => ({ id, at: m.index, end: m.index + m[0].length, deniedOnly }))
      )
    );
  const shorthand = named.map(({ id, deniedOnly }) => ({ id, patterns: deniedOnly ?? [] }));
  const found = [...names([...named, ...postictal], false), ...names(shorthand, true)]
    .sort((a, b) => (b.end - b.at) - (a.end - a.at) || a.at - b.at);
  const read: Mention[] = [];
  for (const name of found) {
    if (read.some((r) => name.at < r.end && r.at < name.end)) continue; // inside a longer name read
    const { reading, quoteEnd } = readingAt(
      text,
      name.at,
      name.end,
      keep.has(name.id),
      seizureIds.has(name.id),
      pastTimes.has(name.id),
    );
    if (name.deniedOnly && reading !== "denied" && reading !== "resolved") continue;
    const finding = reading === "denied" &&
      named.find(({ id }) => id === name.id)?.finding?.test(text.slice(name.at, name.end));
    read.push({ id: name.id, at: name.at, end: name.end, reading: finding ? "finding" : reading, quoteEnd });
  }
  // "pain gone", "pain free now": chest pain's end where no other pain is named; "cp back": said again, where "cp"
  // alone names nothing (chat_pain_ends.ts).
  const returned: Mention[] = [];
  if (named.some(({ id }) => id === CHEST_PAIN)) {
    for (const { at, end, quoteEnd } of painEnds(text)) {
      if (read.some((r) => at < r.end && r.at < end)) continue; // "chest pain free": its name's own reading
      read.push({ id: CHEST_PAIN, at, end, reading: "resolved", quoteEnd });
    }
    for (const { at, end } of painReturns(text)) {
      if (read.some((r) => at < r.end && r.at < end)) continue; // "chest pain is back": its name is said
      returned.push({ id: CHEST_PAIN, at, end, reading: "said", quoteEnd: end });
    }
    read.push(...returned);
  }
  read.sort((a, b) => a.at - b.at);
  const events = seizureIds.size > 0 ? seizureEvents(text) : [];
  const demoted = new Set<Mention>();
  const readings = new Map<string, NotSaidReading>();
  const written: { at: number; end: number; id: string }[] = [];
  for (const id of new Set(read.map((m) => m.id))) {
    const mine = read.filter((m) => m.id === id);
    if (seizureIds.has(id) && !keep.has(id)) {
      const { state, restart } = seizureState(text, id, read, events, demoted);
      if (state?.kind === "said") {
        // "was seizing, now calm": the state said now after its last name is asked, as in a follow-up (eleventh read, H1)
        const now = stateSaidAfter(text, restart?.at ?? state.end); // a restart's own signs may be said awake
        const name = mine.filter((m) => m.reading === "said").at(-1);
        if (now && name) {
          readings.set(id, { how: "changed", quote: now.quote, was: text.slice(name.at, name.end).trim() });
          continue;
        }
        if (restart) written.push({ at: restart.at, end: restart.end, id });
        continue;
      }
      if (state) {
        readings.set(id, { how: state.kind, quote: state.quote! });
        continue;
      }
    } else {
      // Said and resolved: the later decides ("cp resolved, now chest pain again" is active); said and denied, said.
      const last = mine.filter((m) => m.reading === "said" || m.reading === "resolved").at(-1);
      if (last?.reading === "said") continue;
      if (last) {
        readings.set(id, { how: "resolved", quote: quoteOf(text, last.at, last.quoteEnd) });
        continue;
      }
    }
    const m = mine.find((m) => m.reading === "denied") ?? mine.find((m) => m.reading === "history");
    if (m) readings.set(id, { how: m.reading as NotSaid, quote: quoteOf(text, m.at, m.quoteEnd) });
  }
  let blanked = text;
  for (const m of read) {
    if (m.reading === "said" && !readings.has(m.id) && !demoted.has(m)) continue;
    blanked = blanked.slice(0, m.at) + " ".repeat(m.end - m.at) + blanked.slice(m.end);
  }
  // A seizure active again by a restart alone ("stopped then started again") is named where the restart is.
  for (const { at, end, id } of written) {
    const phrase = nameOf(named, id);
    if (phrase && phrase.length <= end - at) {
      blanked = blanked.slice(0, at) + phrase.padEnd(end - at) + blanked.slice(end);
    }
  }
  const unnamed = seizureIds.size > 0 && !read.some((m) => seizureIds.has(m.id));
  const lastEvent = unnamed
    ? events.filter((e) => e.kind !== "restart" || !read.some((m) => m.at < e.at)).at(-1)
    : undefined;
  // "twitching stopped, still twitching but talking to us": neither an end nor a restart, the state now (asked)
  const last = lastEvent?.kind === "restart" && stateSaidAfter(text, lastEvent.at) ? undefined : lastEvent;
  return {
    text: blanked,
    denied: new Set(readings.keys()),
    readings,
    ...(returned.length && !readings.has(CHEST_PAIN) ? { returned: [CHEST_PAIN] } : {}),
    ...(last
      ? { earlier: { kind: last.kind, quote: quoteOf(text, last.clauseAt, clauseEnd(text, last.end)) } }
      : {}),
  };
}

/** The seizure conditions of `named` whose names, or "postictal", `text` says. */
export function seizuresNamed(text: string, named: readonly Named[]): string[] {
  return named.filter(({ patterns }) => patterns.some((p) => SEIZURE_WORD.test(p.source)))
    .filter(({ patterns }) => POSTICTAL.test(text) || patterns.some((p) => p.test(text))).map(({ id }) => id);
}

/** A phrase that one of the condition's own patterns reads as its name: its id in words. */
function nameOf(named: readonly Named[], id: string): string | undefined {
  const phrase = id.replace(/-/g, " ");
  return named.find((n) => n.id === id)?.patterns.some((p) => p.test(phrase)) ? phrase : undefined;
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
