/**
 * Where a medic's message says a seizure stopped, or started again, with no I/O: the events chat_denials.ts
 * lays out along the seizure's names to decide whether the seizure is active now (TP 1231 step 7, TP 1231-P
 * step 6: midazolam only for an active seizure witnessed by EMS; one that has ended is "Seizure - Post", TP 1231
 * step 6, TP 1231-P step 5, no drug).
 *
 * An end is a clause whose stop word ("stopped", "resolved", "self resolved", "ceased", "ended", "subsided",
 * "terminated", "aborted", "broke", "done", "finished", "gone", "over", "prior to arrival", "pta") has before it,
 * in its clause, only small words: a pronoun, a seizure's name, a duration, "and", "but", "then", "now", "has"
 * ("seizing x5 min, stopped prior to arrival", "was seizing but stopped", "seizure lasted 5 min and stopped",
 * "it stopped"). Any other word there is another subject or a negation ("bleeding stopped", "hasn't stopped"),
 * and a stop word followed by its object stops something else ("stopped her meds", "stopped taking", "done with
 * the 1st dose"): no end. A seizure's signs stand for it ("twitching stopped", "her arm jerking has stopped", "no more
 * twitching", "not shaking anymore": medical director's tenth read, H5), but not "shaking all over"; after "and",
 * "but" or "then" only what follows counts ("versed given and the twitching stopped").
 * "Stopped breathing" is its own event: the airway comes first (TP 1231 / TP 1231-P step 1).
 * A restart is "started again", "restarted", "recurred", "having another one", "seized again" and the like;
 * "now it's back" is one too, "back to baseline" none; "versed again" is none. After an end, a sign said to go on is
 * one ("twitching stopped on the left but right arm still jerking": another sign going on keeps it active, TP 1231-P
 * special consideration 2; eleventh read, M3). "Stop" in the present ("seizures stop and start", "won't stop seizing") is no end.
 */

import { signsGoingOn } from "./chat_state_now.ts";

export type SeizureEventKind = "end" | "breathing" | "restart";

export interface SeizureEvent {
  readonly kind: SeizureEventKind;
  readonly at: number;
  readonly end: number;
  /** Where its clause starts: the quote of what the medic wrote begins there at the latest. */
  readonly clauseAt: number;
}

const STOP_WORD =
  "(?:self[\\s-]*resolved|stopped|resolved|ceased|ended(?![^\\S\\n]+up)|subsided|terminated|aborted|" +
  "broke|(?:done|finished)(?![^\\S\\n]+(?:with|the|a|an|giving|\\d))|gone|(?<!all[^\\S\\n]+)over(?=[^\\S\\n]*(?:[.,;:!?\\n]|$)|[^\\S\\n]+now(?![\\w/]))|" +
  "prior[^\\S\\n]+to[^\\S\\n]+(?:our[^\\S\\n]+|ems[^\\S\\n]+)?arrival|pta|before[^\\S\\n]+(?:we|ems)[^\\S\\n]+arrived)" +
  // "seizing prior to arrival and now": before and still, no end.
  "(?![^\\S\\n]+(?:and|&)[^\\S\\n]+(?:now|still|ongoing|continuing|currently|on[^\\S\\n]+scene))";
/** Its object: what was stopped is something else ("stopped her meds", "stopped taking", "stopped eating"). */
const OBJECT =
  "[^\\S\\n]+(?:her|his|their|my|your|taking|meds?|medications?|medicines?|pills|(?!seizing|convulsing|" +
  "shaking|jerking|twitching|posturing|breathing)[a-z]+ing)(?![\\w/])|" +
  // The rig stopped, not the seizure: "stopped at the light", "stopped at scene to load".
  "[^\\S\\n]+at[^\\S\\n]+(?:a[^\\S\\n]+|the[^\\S\\n]+)?(?:red[^\\S\\n]+)?(?:light|lights|stoplight|signal|intersection)(?![\\w/])|" +
  "(?:[^\\S\\n]+(?:at|on)(?:[^\\S\\n]+[\\w']+){1,2})?[^\\S\\n]+to[^\\S\\n]+(?:load|transport|move|carry|lift|package)(?![\\w/])";
const STOP = new RegExp(`(?<![\\w/-])${STOP_WORD}(?![\\w/-])(?!${OBJECT})`, "gi");
const BREATHING = /(?<![\w/-])(?:stopped|stop|quit|ceased)[^\S\n]+(?:breathing|respirations)(?![\w/-])/gi;
const RESTART = new RegExp(
  "(?<![\\w/-])(?:re-?start(?:ed|ing|s)?|" +
    // "twitching stopped, now it's back": back as a state, never "back to baseline" (medical director's tenth read, H5)
    "(?:(?:it['’]?s|it[^\\S\\n]+is|is|are|they['’]?re|came|coming|now)[^\\S\\n]+back" +
    "(?=[^\\S\\n]*(?:again|now)?[^\\S\\n]*(?:[.,;:!?\\n]|$)))|" +
    "recurr(?:ed|ing|ence)|re-?occurr(?:ed|ing)|" +
    "(?:having|had|has|have)[^\\S\\n]+another(?:[^\\S\\n]+(?:one|episode|event|fit)|(?=[^\\S\\n]*(?:[.,;:!?\\n]|$)))|" +
    "(?:started|starting|starts|began|begins|begun|kicked[^\\S\\n]+off|seized|seizing|convulsing)" +
    "(?:[^\\S\\n]+(?:up|back|seizing|convulsing|to[^\\S\\n]+seize))?[^\\S\\n]+again|" +
    // "stopped and started x3", "stopped for a sec then back": started after the stop, nothing else started.
    "(?<=(?:and|then|but)[^\\S\\n]+)(?:started|restarted|began|back|resumed)" +
    "(?=[^\\S\\n]*(?:x[^\\S\\n]*\\d+|\\d+[^\\S\\n]*x|up|again|seizing)?[^\\S\\n]*(?:[.,;:!?\\n]|$)))(?![\\w/-])",
  "gi",
);

/**
 * A seizure's signs said to be over with no stop word ("no more twitching", "no longer jerking", "not shaking
 * anymore"): an end, as "twitching stopped" is (tenth read, H5). A bare "no twitching" is not: a convulsing child
 * may have no focal twitching.
 */
const SIGNS_OVER = new RegExp(
  "(?<![\\w/-])(?:(?:no|not)[^\\S\\n]+(?:more|longer|further)[^\\S\\n]+(?:[a-z]+[^\\S\\n]+)?(?:twitch|jerk|shak|convuls|postur|seiz)\\w*|" +
    "(?:not|isn['’]?t|is[^\\S\\n]+not)[^\\S\\n]+(?:[a-z]+[^\\S\\n]+)?(?:twitch|jerk|shak|convuls|postur|seiz)\\w*[^\\S\\n]+(?:any[^\\S\\n]*more|now))" +
    "(?![\\w/-])",
  "gi",
);

/** The words that may stand before a stop word in its clause: nothing that is a subject of its own or a negation. */
const SMALL = new RegExp(
  "^(?:it|its|it's|she|he|pt|patient|they|that|which|this|and|but|then|now|so|has|had|have|is|was|were|been|" +
    "just|finally|all|completely|already|spontaneously|eventually|on|own|self|after|about|approx|" +
    "approximately|around|for|lasted|lasting|min|mins|minute|minutes|sec|secs|seconds|hr|hrs|hour|hours|" +
    "the|a|an|activity|episode|x|\\d+|x\\d+|\\d+(?:min|mins|m|s|sec|secs)|seiz\\w*|convuls\\w*|epilep\\w*|" +
    "post-?ictal|sz|szs|status|tonic|clonic|in|" +
    // A seizure's signs, and where on the body ("twitching stopped", "her arm jerking has stopped": tenth read, H5)
    "twitch\\w*|jerk\\w*|shak\\w*|postur\\w*|tremor\\w*|spasms?|her|his|their|whole|left|right|" +
    "arms?|legs?|hands?|feet|foot|face|facial|body|eyes?|focal)$",
  "i",
);

/** Where the clause holding `at` starts: after the last , ; or line break, or a sentence's end. */
export function clauseStart(text: string, at: number): number {
  const before = text.slice(0, at);
  const m = /(?:[,;:\n!?]|\.(?!\d))[^,;:\n!?.]*$/.exec(before);
  return m ? m.index + 1 : 0;
}

/** Where the clause holding `at` ends. */
export function clauseEnd(text: string, at: number): number {
  const m = /[,;:\n!?]|\.(?!\d)/.exec(text.slice(at));
  return m ? at + m.index : text.length;
}

/** Where the sentence holding `at` starts (a line break, ".", "!" or "?" before it). */
export function sentenceStart(text: string, at: number): number {
  const m = /(?:[\n!?]|\.(?!\d))[^\n!?.]*$/.exec(text.slice(0, at));
  return m ? m.index + 1 : 0;
}

/**
 * A witness's report before the words ("mom says", "dad said that", "caller reports"): what they report is the
 * patient's (medical director's eighth read, M4: "mom says sz stopped 2 min ago" was dosed, TP 1231-P step 5).
 */
const REPORTER =
  /^(?:mom|dad|mother|father|parents?|family|bystanders?|wife|husband|teacher|caller|witness(?:es)?|school|nurse|staff|she|he|they)$/i;
const REPORTS = /^(?:says|said|reports|reported|states|stated|told|tells)$/i;

/**
 * True when only small words stand between the clause's start and `at`, after a witness's report frame; a clause
 * joined by "and", "but" or "then" starts a new subject ("versed given and the twitching stopped").
 */
function onlySmallWordsBefore(text: string, at: number): boolean {
  const clause = text.slice(clauseStart(text, at), at);
  const joined = /(?<![\w/-])(?:and|but|then|&)(?![\w/-])(?!.*(?<![\w/-])(?:and|but|then|&)(?![\w/-]))/is
    .exec(clause);
  const split = (from: number) => clause.slice(from).split(/[\s()~:–—-]+/).filter(Boolean);
  // Nothing after the joint ("seizing over and over"): the whole clause is read.
  let words = joined && split(joined.index).length > 1 ? split(joined.index) : split(0);
  if (words.length >= 2 && REPORTER.test(words[0]) && REPORTS.test(words[1])) {
    words = words.slice(2);
    if (/^(?:us|me|ems|that)$/i.test(words[0] ?? "")) words = words.slice(1);
    if (/^that$/i.test(words[0] ?? "")) words = words.slice(1);
  }
  return words.every((word) => SMALL.test(word));
}

/** The ends, stopped breathing and restarts a message says, in order. */
export function seizureEvents(text: string): SeizureEvent[] {
  const events: SeizureEvent[] = [];
  const breathing = [...text.matchAll(BREATHING)];
  for (const m of breathing) {
    if (!onlySmallWordsBefore(text, m.index)) continue;
    events.push({
      kind: "breathing",
      at: m.index,
      end: m.index + m[0].length,
      clauseAt: clauseStart(text, m.index),
    });
  }
  for (const m of [...text.matchAll(STOP), ...text.matchAll(SIGNS_OVER)]) {
    if (breathing.some((b) => b.index === m.index)) continue; // "stopped breathing" is its own event
    if (!onlySmallWordsBefore(text, m.index)) continue;
    events.push({
      kind: "end",
      at: m.index,
      end: m.index + m[0].length,
      clauseAt: clauseStart(text, m.index),
    });
  }
  for (const m of text.matchAll(RESTART)) {
    if (/(?:\bnot|\bnever|n['’]?t|\bno)[^\S\n]+(?:yet[^\S\n]+)?$/i.test(text.slice(0, m.index))) continue;
    events.push({
      kind: "restart",
      at: m.index,
      end: m.index + m[0].length,
      clauseAt: clauseStart(text, m.index),
    });
  }
  // After an end, another sign said to go on is a restart ("twitching stopped on the left but right arm still jerking").
  const firstEnd = Math.min(...events.filter((e) => e.kind === "end").map((e) => e.end));
  for (const m of signsGoingOn(text)) {
    if (m.index < firstEnd || events.some((e) => m.index < e.end && e.at < m.index + m[0].length)) continue;
    events.push({
      kind: "restart",
      at: m.index,
      end: m.index + m[0].length,
      clauseAt: clauseStart(text, m.index),
    });
  }
  return events.sort((a, b) => a.at - b.at);
}

/** Words that say a seizure named after an end is a new one ("seizure stopped, now seizing again"). */
export const NEW_SEIZURE =
  /(?<![\w/-])(?:again|re-?start\w*|recurr\w*|another|new|now|started|starting|began|active|actively|still)(?![\w/-])/i;
