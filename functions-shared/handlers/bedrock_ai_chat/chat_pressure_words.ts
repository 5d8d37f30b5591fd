/**
 * A blood pressure spoken of but not read as a number, with no I/O: "bp in the 80s", "sbp 80s", "hypotensive",
 * "soft pressure", "bp dropped from 140 to 80", "bp 140 now 80". The chat reads a systolic pressure only as a
 * number (chat_patient_mentions.ts); a decade ("80s") is not read as a range: a medic who has the number says it. Where
 * the newest message that speaks of a pressure leaves it unread, a dose that depends on it is not given
 * (chat_dose_runs.ts, PRESSURE_UNREAD): the medical director's read found nitro given at "bp in the 80s".
 */
import { systolicPressuresSaid } from "./chat_patient_mentions.ts";
import { DRUG_NAME } from "./chat_names.ts";
import { everyMatch } from "./chat_every_match.ts";

/** A word for the blood pressure itself. "pressure" alone only where nothing makes it another kind (below). */
const BP_WORD = /\b(?:s?bp|b\/p|nibp|blood\s+pressures?|systolics?|pressures?)\b/gi;
/** States of the pressure with no number: said, the number is still the medic's to give. */
const STATE_WORD = /\b(?:hypotensive|hypotension|normotensive)\b/gi;
/** Right before "pressure", in its clause: the chest's, a wound's, the airway's, not the blood's. */
const OTHER_PRESSURE_BEFORE = new RegExp(
  "\\b(?:chest|cp|substernal|retrosternal|epigastric|abdominal|abd|head|sinus|ear|eye|pelvic|rectal|bladder|" +
    "direct|applied|apply|applying|hold|held|holding|positive|airway|cpap|bipap|peep|intracranial|icp|pulse|" +
    "partial|peer|tightness|tight|pain|squeezing|crushing|heaviness)\\b(?:[\\s/&+-]+[\\w']+){0,3}[\\s/&+-]*$",
  "i",
);
/** Right after "pressure": where it is felt or what it is used for. */
const OTHER_PRESSURE_AFTER =
  /^(?:-?\s*like\b|\s+(?:dressing|bandage|ulcer|sore|point|injury|wound|sensation|feeling|support)\b|\s+(?:in|on|over|behind|to|at)\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:chest|head|abd|abdomen|stomach|belly|sternum|ear|eyes?|wound|site|bleed)\b)/i;
/** Not the pressure now: a history or a medicine for it ("hx high bp", "on bp meds", "systolic murmur"). */
const NOT_NOW_BEFORE = /\b(?:hx|history|h\/o|pmh|pmhx|phx)\b(?:\s+of)?(?:\s+high)?\s*$/i;
const NOT_NOW_AFTER = /^\s+(?:meds?|medications?|medicines?|pills?|tabs?|murmur|cuff\s+size)\b/i;

/** Another vital's label, the pulse and respirations as "p 60", "r 16" too: it ends the pressure's words. */
const VITAL_LABEL = new RegExp(
  "\\b(?:hr|pulse|rr|resp|spo2|sats?|o2|gcs|bgl|cbg|glucose|gluc|temp|etco2|rate|pain|age|aged|ekg|ecg|" +
    "12\\s*-?\\s*lead)\\b|\\b[pr](?=\\s*:?\\s*\\d{2,3}\\b)",
  "i",
);
/** The words of a clause up to the next punctuation or another label ("bp 140 now 80, hr 110", "12 lead"). */
const CLAUSE_END = new RegExp(`[,;.!?\\n]|${VITAL_LABEL.source}`, "i");
/** A number with a unit after it is no pressure ("bp 130/80 x 10 min"). */
const UNIT_AFTER = /^\s*(?:%|mg|mcg|ml|kg|bpm|min|mins|minutes|sec|hrs?|hours?|yo|y\/o|years?|x\b)/i;
/**
 * The pressure going down, said after its number ("bp 150/90 but dropping"): the number is no longer the
 * pressure now. Never "fell" (a fall is a mechanism) nor an adjective that can name something else ("low grade").
 */
const FALLING = new RegExp(
  "\\b(?:dropping|dropped|falling|declining|decreasing|tanking|crashing|dipping|dipped|trending\\s+down|" +
    "going\\s+down|down-?trending|not\\s+any\\s*more|(?:no|lost|lost\\s+the|absent)\\s+radial(?:s|\\s+pulses?)\\b|" +
    // An adjective only where it ends its clause ("now low", "much lower now"): "low grade fever" names a fever.
    "(?:low|lower|soft|softer|hypo)\\b(?=\\s*(?:now|again|still)?\\s*(?:[,;.!?\\n]|$)))",
  "gi",
);
/** "No radial pulse": a fall, not the pulse's own label (which ends the pressure's words). */
const RADIAL_PULSE = /\bradial\s+pulses?\b/gi;
/** Words that may open a clause that goes on about the pressure just given ("…150/90, now dropping fast"). */
const FILLERS =
  /^(?:\s*(?:and|but|now|then|still|is|was|it|it's|its|has|been|getting|started|starting|quickly|rapidly|slowly|already|rapid|much|even|a\s+lot|way|far))*\s*$/i;
/** A denial of the state ("no hypotension", "not hypotensive", "isn't really hypotensive"). */
const DENIED_BEFORE =
  /(?:\b(?:no|not|non|denies|denied|without|neg|negative)\b|n['’]?t\b)(?:\s+(?:really|for|sig|significant|signs\s+of))*[\s-]*$/i;

function isBloodPressureWord(text: string, at: number, word: string): boolean {
  const clauseBefore = text.slice(0, at).split(/[,;.!?\n]/).at(-1) ?? "";
  const after = text.slice(at + word.length);
  if (
    /^pressure/i.test(word) && (OTHER_PRESSURE_BEFORE.test(clauseBefore) || OTHER_PRESSURE_AFTER.test(after))
  ) {
    return false;
  }
  if (/^systolic/i.test(word) && /^\s+murmur/i.test(after)) return false;
  return !NOT_NOW_BEFORE.test(clauseBefore) && !NOT_NOW_AFTER.test(after);
}

/**
 * Numbers beside the pressure that are never one (twelfth read, M2): a pain score ("8/10", "6 out of 10") and a dose
 * after its drug ("adenosine 12"). "cp 60yo bp 150/90 8/10 nitro?" had withheld nitro as if no pressure was read.
 */
const PAIN_SCORE = /(?<![\d.\/])(?:10|\d)\s*(?:\/|out\s+of|of)\s*10(?![\d.\/])/gi;
const DRUG_DOSE = new RegExp(`(?<![\\w-])${DRUG_NAME}\\s*\\d+(?:\\.\\d+)?`, "gi");

/** Numbers in a pressure word's clause that were not read as a systolic pressure, or its diastolic. */
function unreadNumber(said: string, read: readonly number[]): boolean {
  const clause = said.replace(PAIN_SCORE, " ").replace(DRUG_DOSE, " ");
  const rest = clause.replace(
    /(\d{2,3})\s*\/\s*\d{2,3}/g,
    (pair, systolic) => read.includes(Number(systolic)) ? " " : pair,
  );
  // Never part of a time ("@ 14:05") or a decimal.
  return [...rest.matchAll(/(?<![\d.:])(\d{2,3})(?![\d.:])/g)].some((m) =>
    !read.includes(Number(m[1])) && !UNIT_AFTER.test(rest.slice(m.index + m[0].length))
  );
}

/** Where each systolic number read stands in `text`, and where it ends (its diastolic too); not "65yo". */
function readAt(text: string, read: readonly number[]): { at: number; end: number }[] {
  return [...text.matchAll(/(?<![\d.:])(\d{2,3})(?:\s*\/\s*\d{2,3})?(?![\d.:])/g)]
    .filter((m) => read.includes(Number(m[1])) && !UNIT_AFTER.test(text.slice(m.index + m[0].length)))
    .map((m) => ({ at: m.index, end: m.index + m[0].length }));
}

/** The punctuation-bounded clause around `at`: [start, end). */
function clauseAround(text: string, at: number): [number, number] {
  const before = text.slice(0, at).search(/[,;.!?\n][^,;.!?\n]*$/);
  const after = text.slice(at).search(/[,;.!?\n]/);
  return [before + 1, after === -1 ? text.length : at + after];
}

/**
 * The pressure's state words, not a history ("hx hypotension"); `fallen` unless denied ("not hypotensive") or
 * normal ("normotensive"): those agree with a number said before them.
 */
function states(text: string): { at: number; fallen: boolean }[] {
  return [...text.matchAll(STATE_WORD)].flatMap((m) => {
    const clauseBefore = text.slice(clauseAround(text, m.index)[0], m.index);
    if (NOT_NOW_BEFORE.test(clauseBefore)) return [];
    return [{ at: m.index, fallen: !DENIED_BEFORE.test(clauseBefore) && !/^normo/i.test(m[0]) }];
  });
}

/**
 * A word that the pressure fell, after the last number read and before another vital's label: in the number's
 * clause ("bp 150/90 but dropping"), or opening a later one ("bp 150/90, now dropping fast").
 */
function fallingAfter(text: string, from: number): number | undefined {
  const stop = text.slice(from).search(/[.!?\n]/);
  const span = text.slice(from, stop === -1 ? text.length : from + stop);
  const label = span.replace(RADIAL_PULSE, (m) => "x".repeat(m.length)).search(VITAL_LABEL);
  const words = label === -1 ? span : span.slice(0, label);
  const firstClauseEnd = words.search(/[,;]/);
  for (const m of words.matchAll(FALLING)) {
    if (
      VITAL_LABEL.test(span.slice(m.index + m[0].length).split(/[,;]/)[0].split(/\s+/).slice(0, 3).join(" "))
    ) {
      continue; // "dropping sats": another vital's fall
    }
    const inFirstClause = firstClauseEnd === -1 || m.index < firstClauseEnd;
    const clauseStart = words.slice(0, m.index).search(/[,;][^,;]*$/) + 1;
    if (inFirstClause || FILLERS.test(words.slice(clauseStart, m.index))) return from + m.index;
  }
  return undefined;
}

/**
 * What `text` says of the pressure: nothing, a number read, or words with none read (the words quoted). The
 * latest thing said of the pressure is what it is now: a word after the number read ("bp 150/90, now
 * hypotensive", "…but dropping", "…, pressure dropping") leaves it unread; a number after a word ("was
 * hypotensive, now 130/80") is read. A denied state ("not hypotensive") after a number agrees with it; alone it
 * is still words, not a number.
 */
function pressureSaid(text: string): { unread?: string; afterNumber?: true } | undefined {
  const read = systolicPressuresSaid(text);
  const words = [...text.matchAll(BP_WORD)].filter((m) => isBloodPressureWord(text, m.index, m[0]));
  const stated = states(text);
  if (read.length === 0) {
    if (words.length === 0 && stated.length === 0) return undefined;
    const first = [...words.map((m) => m.index), ...stated.map((s) => s.at)].sort((a, b) => a - b)[0];
    return { unread: quote(text, first) };
  }
  const unread = words.find((m) => unreadNumber(clauseFrom(text, m.index), read));
  if (unread) return { unread: quote(text, unread.index) };
  const last = readAt(text, read).at(-1);
  if (!last) return {};
  const later = [
    ...words.filter((m) => m.index > last.end && !numberIn(text, clauseAround(text, m.index))).map((m) =>
      m.index
    ),
    ...stated.filter((s) => s.at > last.end && s.fallen).map((s) => s.at),
    fallingAfter(text, last.end),
  ].filter((at): at is number => at !== undefined).sort((a, b) => a - b);
  return later.length ? { unread: quote(text, later[0]), afterNumber: true } : {};
}

const numberIn = (text: string, [start, end]: [number, number]) => /\d{2,3}/.test(text.slice(start, end));

/** The words from `at` to the end of its clause. */
function clauseFrom(text: string, at: number): string {
  const rest = text.slice(at);
  const word = /^[\w/]+/.exec(rest)?.[0] ?? "";
  const end = rest.slice(word.length).replace(RADIAL_PULSE, (m) => "x".repeat(m.length)).search(CLAUSE_END);
  return rest.slice(0, end === -1 ? 60 : Math.min(word.length + end, 60)).trim();
}

/**
 * What the medic wrote of the pressure around `at`, for the refusal to quote: up to three words before it in its
 * clause (after any other vital's label: "low bp", "no hypotension", "bp 150/90 but dropping") to the clause's end.
 */
function quote(text: string, at: number): string {
  const [clauseStart] = clauseAround(text, at);
  let before = text.slice(clauseStart, at);
  const labels = everyMatch(VITAL_LABEL, before);
  const lastLabel = labels.at(-1);
  if (lastLabel) before = before.slice(lastLabel.index + lastLabel[0].length);
  const lead = before.match(/(?:\S+\s+){0,3}$/)?.[0] ?? "";
  return `${lead}${clauseFrom(text, at)}`.trim().slice(0, 60).trim();
}

/**
 * The pressure words of the newest message (of this patient's, newest first) that speaks of a pressure, when no
 * number was read from them; undefined when it gave the number, or none speaks of one. An older message's number
 * is then not the patient's pressure now.
 */
export function pressureUnread(userTextsNewestFirst: readonly string[]): string | undefined {
  return pressureUnreadReading(userTextsNewestFirst)?.said;
}

/** What was said of the pressure with no number read, and whether it was said after a number read ("now low"). */
export interface PressureUnread {
  readonly said: string;
  /** The number was read, then said to have changed: the medic is asked for the systolic now. */
  readonly afterNumber: boolean;
}

/** As `pressureUnread`, with whether the words came after a number read. */
export function pressureUnreadReading(userTextsNewestFirst: readonly string[]): PressureUnread | undefined {
  for (const text of userTextsNewestFirst) {
    const said = pressureSaid(text);
    if (said) {
      return said.unread === undefined ? undefined : { said: said.unread, afterNumber: !!said.afterNumber };
    }
  }
  return undefined;
}
