/**
 * A blood pressure spoken of but not read as a number, with no I/O: "bp in the 80s", "sbp 80s", "hypotensive",
 * "soft pressure", "bp dropped from 140 to 80", "bp 140 now 80". The chat reads a systolic pressure only as a
 * number (chat_mentions.ts); a decade ("80s") is not read as a range: a medic who has the number says it. Where
 * the newest message that speaks of a pressure leaves it unread, a dose that depends on it is not given
 * (chat_dose_runs.ts, PRESSURE_UNREAD): the medical director's read found nitro given at "bp in the 80s".
 */
import { systolicPressuresSaid } from "./chat_mentions.ts";

/** A word for the blood pressure itself. "pressure" alone only where nothing makes it another kind (below). */
const BP_WORD = /\b(?:s?bp|b\/p|nibp|blood\s+pressures?|systolics?|pressures?)\b/gi;
/** States of the pressure with no number: said, the number is still the medic's to give. */
const STATE_WORD = /\b(?:hypotensive|hypotension|normotensive)\b/i;
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

/** The words of a clause up to the next punctuation or another label ("bp 140 now 80, hr 110", "12 lead"). */
const CLAUSE_END =
  /[,;.!?\n]|\b(?:hr|pulse|rr|resp|spo2|sats?|o2|gcs|bgl|cbg|glucose|gluc|temp|etco2|rate|pain|age|aged|ekg|ecg|12\s*-?\s*lead)\b/i;
/** A number with a unit after it is no pressure ("bp 130/80 x 10 min"). */
const UNIT_AFTER = /^\s*(?:%|mg|mcg|ml|kg|bpm|min|mins|minutes|sec|hrs?|hours?|yo|y\/o|years?|x\b)/i;

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

/** Numbers in a pressure word's clause that were not read as a systolic pressure, or its diastolic. */
function unreadNumber(clause: string, read: readonly number[]): boolean {
  const rest = clause.replace(
    /(\d{2,3})\s*\/\s*\d{2,3}/g,
    (pair, systolic) => read.includes(Number(systolic)) ? " " : pair,
  );
  // Never part of a time ("@ 14:05") or a decimal.
  return [...rest.matchAll(/(?<![\d.:])(\d{2,3})(?![\d.:])/g)].some((m) =>
    !read.includes(Number(m[1])) && !UNIT_AFTER.test(rest.slice(m.index + m[0].length))
  );
}

/** What `text` says of the pressure: nothing, a number read, or words with none read (the words, trimmed). */
function pressureSaid(text: string): { unread?: string } | undefined {
  const read = systolicPressuresSaid(text);
  const words = [...text.matchAll(BP_WORD)].filter((m) => isBloodPressureWord(text, m.index, m[0]));
  const state = STATE_WORD.exec(text);
  if (read.length === 0) {
    if (words.length === 0 && !state) return undefined;
    const first = [...words.map((m) => m.index), ...(state ? [state.index] : [])].sort((a, b) => a - b)[0];
    return { unread: clauseFrom(text, first) };
  }
  const unread = words.find((m) => unreadNumber(clauseFrom(text, m.index), read));
  return unread ? { unread: clauseFrom(text, unread.index) } : {};
}

function clauseFrom(text: string, at: number): string {
  const rest = text.slice(at);
  const word = /^[\w/]+/.exec(rest)?.[0] ?? "";
  const end = rest.slice(word.length).search(CLAUSE_END);
  return rest.slice(0, end === -1 ? 60 : Math.min(word.length + end, 60)).trim();
}

/**
 * The pressure words of the newest message (of this patient's, newest first) that speaks of a pressure, when no
 * number was read from them; undefined when it gave the number, or none speaks of one. An older message's number
 * is then not the patient's pressure now.
 */
export function pressureUnread(userTextsNewestFirst: readonly string[]): string | undefined {
  for (const text of userTextsNewestFirst) {
    const said = pressureSaid(text);
    if (said) return said.unread;
  }
  return undefined;
}
