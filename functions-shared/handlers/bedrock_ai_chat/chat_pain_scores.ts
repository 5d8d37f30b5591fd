/**
 * The pain score written for this patient, and the analgesics it holds back, with no I/O. MCG 1345 guideline 6
 * treats by the score on any 0–10 scale (numeric, faces, FLACC): from 1 non-drug measures only, from 4 ketorolac,
 * from 7 fentanyl or morphine (guidelines 7–8). The dosing engine has no pain score, and "40yo femur fx pain 1/10
 * fentanyl" was given 50 mcg (medical director's twelfth read, H10). With a score written, a drug below its threshold
 * is held (PAIN_SCORE_BELOW); with none, nothing changes. The newest score of the same pain rules ("pain 9/10 …
 * now 3/10", guideline 5's reassessment). Not the score now (thirteenth read, H2; chat_pain_sites.ts): one tied to a
 * time before this call or the patient's usual ("3/10 yesterday", "baseline 4/10"), and one of another site than the
 * complaint when the complaint's own is not said ("kidney stone, cp 0/10": a denial of chest pain). With scores for
 * different sites ("leg pain 9/10 arm pain 3/10"), the highest: the analgesic is for the patient's worst pain now,
 * and a milder site's score says nothing of it (guideline 6 treats by severity). Asking instead would withhold
 * analgesia from a patient who has said a severe score, for a question the medic already answered. Fourteenth read,
 * H6: two parts of one region in one message ("hip pain 9/10 knee 2/10", "flank pain 9/10, abd 2/10") and a score
 * on movement beside one at rest are two pains, the higher treated; "now"/"currently" marks the score now wherever
 * it sits, and "was"/"earlier" an older one ("pain now 3/10 was 9/10" is 3).
 * Not a score: a GCS or a pressure (no "/10"), an "N/10" of something else ("nausea 8/10", "sob 7/10"), a goal or a
 * threshold ("goal pain 3/10", "until pain < 4", "pain over 7?"), a time ("pain x 6 hrs", "pain at 6pm"), a date
 * ("since 3/10").
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { insteadAtScore, type KetorolacBarred, ketorolacBarredIn } from "./chat_pain_instead.ts";
import {
  conditionOf,
  firstSiteIn,
  lastSiteIn,
  newer,
  type PainSite,
  saidOfThePast,
  type SaidWhereWhen,
  samePain,
  sameSite,
  timeMarkOf,
} from "./chat_pain_sites.ts";

/** A score as said: a whole number, or a range ("6-7": the higher read, the patient's own upper word). */
const SCORE =
  "(?<![\\w.\\/:-])(?![01]\\s*[-–]\\s*10\\b)(\\d{1,2})(?!\\d)(?:\\s*[-–]\\s*(\\d{1,2})(?!\\d))?\\+?";
/** "/10", "out of 10" (never "/10/24", a date, nor "/100", a pressure). */
const OF_TEN = "\\s*(?:\\/|out\\s+of)\\s*10(?![\\w.\\/])";
/** What may follow a bare number that makes it no score: a unit, a time, a clock, a count, another scale. */
const NOT_SCORE_AFTER =
  "(?!\\s*(?:[.:]\\d|%|\\/|mg\\b|mcg\\b|ml\\b|g\\b|kg\\b|lbs?\\b|h(?:ou)?rs?\\b(?!\\s*\\d)|h\\b|" +
  "min\\w*|m\\b|days?\\b|d\\b|wks?\\b|weeks?\\b|months?\\b|mos?\\b|yrs?\\b|years?\\b|y\\b|yo\\b|y\\/o|am\\b|pm\\b|" +
  "o['’]?clock|x\\b|times\\b|doses?\\b|of\\s+a\\b))";
/** The scale's own words before a bare number ("pain 6", "pain score of 8", "flacc 5", "rates it a 7"). */
const SCALE_WORD = "(?:pain(?:\\s+(?:score|scale|level|rating|intensity))?|flacc(?:\\s+(?:score|scale))?|" +
  "faces(?:\\s+(?:score|scale))?|wong[\\s-]*baker|rat(?:es|ed|ing)(?:\\s+(?:it|his|her|their|the|pain)){0,2})";
/** Words between the scale's word and its number ("pain is now 6", "pain went down to 3", "pain from 9 to 3"). */
const FILLER =
  "(?:\\s*[:=]\\s*|\\s+)(?:(?:is|was|now|still|currently|of|at|as|a|an|from|down|up|went|gone|goes|to|" +
  "remains|improved|decreased|increased|dropped|reported|reports|only|about|around|approx)\\s+){0,3}";

/** A number said with "/10" or "out of 10" (its subject read around it). */
const OUT_OF_TEN = new RegExp(`${SCORE}${OF_TEN}`, "gi");
/** "/10" or "out of 10" in a score's words, made once (a score over 10 is read as 10 only so). */
const OF_TEN_SAID = new RegExp(OF_TEN, "i");
/** A bare number after the scale's words. */
const AFTER_WORD = new RegExp(`\\b${SCALE_WORD}${FILLER}${SCORE}(?:${OF_TEN})?${NOT_SCORE_AFTER}`, "gi");
/** A newer score said right after one ("pain 9 -> 3", "9/10, now 3", "from 9 to 3"). */
const THEN = new RegExp(
  `\\s*,?\\s*(?:->|→|=>|\\bto\\b|\\bnow\\b|\\bthen\\b)(?:\\s+(?:down|up)\\s+to)?\\s*${SCORE}(?:${OF_TEN})?${NOT_SCORE_AFTER}`,
  "iy",
);

/** Something else rated out of 10: the subject nearest a bare "N/10" decides whose score it is. */
const OTHER_SUBJECT = new RegExp(
  "\\b(?:nause\\w*|n\\/v|anxi\\w*|sob|dyspn\\w*|breath\\w*|apgars?|strength|weak\\w*|fatigue|tired\\w*|itch\\w*|" +
    "prurit\\w*|dizz\\w*|vertigo|stress\\w*|gcs|mood|numb\\w*|tingl\\w*|sedat\\w*|rass|grip|motor|vision|sleep\\w*)\\b",
  "gi",
);
const PAIN_SUBJECT =
  /\b(?:pain\w*|cp|c\/p|ha|h\/a|headaches?|migraines?|aches?|achy|hurts?|hurting|sore\w*|discomfort|flacc|faces|rat(?:es|ed|ing))\b/gi;
/** A goal or a threshold said before the number, in its clause ("goal pain 3/10", "fentanyl until pain 2/10"). */
const GOAL = new RegExp(
  "\\b(?:goal|target|aim\\w*|until|till|tolerable|acceptable|keep\\s+(?:it|pain|him|her)|" +
    "(?:get|bring|reduce)\\s+(?:it|pain|him|her)\\s+(?:down\\s+)?(?:to|under|below))\\b",
  "i",
);
/** A comparison right before the number ("pain < 4", "over 7"), or a date's preposition ("since 3/10"). */
const NOT_SAID_BEFORE = new RegExp(
  "(?:<|>|≤|≥|=<|>=|\\b(?:under|below|less\\s+than|more\\s+than|greater\\s+than|above|over|at\\s+least|at\\s+most|" +
    "lower\\s+than|higher\\s+than|on|since|dated?|as\\s+of|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec))" +
    "\\s*$",
  "i",
);

export interface PainScoreSaid {
  /** 0–10 (a higher number said over 10 is read as 10). */
  readonly score: number;
  /** As written ("pain 3/10"). */
  readonly said: string;
  /** A reason ketorolac may not be given, said for this patient: the refusal does not point to it. */
  readonly ketorolacBarred?: KetorolacBarred;
}

interface Found extends PainScoreSaid {
  readonly at: number;
  /** Where its (first) number starts: the words before it are its clause's. */
  readonly numberAt: number;
  readonly end: number;
  /** A newer number followed it ("pain 3/10 now 9/10"): the words before the first do not date the newest. */
  readonly chained: boolean;
}

const CLAUSE_MARKS = [",", ";", ".", "!", "?", "\n"];
/** Where the clause holding `at` begins (after , ; . ! ? or a new line). */
const clauseStart = (text: string, at: number) =>
  Math.max(...CLAUSE_MARKS.map((mark) => text.lastIndexOf(mark, at - 1))) + 1;
/** Where the clause holding `at` ends (at its mark, or the text's end). */
const clauseEnd = (text: string, at: number) =>
  Math.min(...CLAUSE_MARKS.map((mark) => text.indexOf(mark, at)).filter((i) => i >= 0), text.length);

/** The score a match says (SCORE's groups from `first`), or undefined: over 10 only as "N/10" ("12/10" is 10). */
function scoreOf(m: RegExpExecArray | RegExpMatchArray, first: number): number | undefined {
  const [low, high] = [m[first], m[first + 1]].filter(Boolean).map(Number);
  const score = Math.max(low, high ?? low);
  if (score <= 10) return score;
  return OF_TEN_SAID.test(m[0]) ? 10 : undefined;
}

/** The last of the subjects `pattern` finds in `text`, as its end offset, or -1. */
const lastEnd = (pattern: RegExp, text: string) =>
  Math.max(-1, ...[...text.matchAll(pattern)].map((m) => m.index + m[0].length));

const whole = (pattern: RegExp) => new RegExp(`^(?:${pattern.source})$`, "i");
const ONLY_FILLER = new RegExp(`^(?:${FILLER})?$`, "i");
// made once: ofPain runs for every "N/10" of every message
const OTHER_SUBJECT_WHOLE = whole(OTHER_SUBJECT);
const PAIN_SUBJECT_WHOLE = whole(PAIN_SUBJECT);

/** True when a bare "N/10" at [at, end) of `text` is a pain score: the subject nearest it, pain if none is said. */
function ofPain(text: string, at: number, end: number): boolean {
  const before = text.slice(clauseStart(text, at), at);
  const next = /^\s*([\w\/]+)/.exec(text.slice(end))?.[1] ?? "";
  const pain = lastEnd(PAIN_SUBJECT, before);
  const other = lastEnd(OTHER_SUBJECT, before);
  // A subject right before the number speaks for it ("pain 3/10 nausea"); else one right after ("8/10 nausea").
  const adjacent = (subjectEnd: number) => subjectEnd >= 0 && ONLY_FILLER.test(before.slice(subjectEnd));
  if (adjacent(pain)) return true;
  if (adjacent(other)) return false;
  if (OTHER_SUBJECT_WHOLE.test(next)) return false;
  if (PAIN_SUBJECT_WHOLE.test(next)) return true;
  return other < pain || other < 0;
}

/** Each pain score `text` says, in order. */
function scoresIn(text: string): Found[] {
  const found: Found[] = [];
  const add = (m: RegExpMatchArray, numberAt: number) => {
    const before = text.slice(clauseStart(text, m.index!), numberAt);
    if (GOAL.test(before) || NOT_SAID_BEFORE.test(before)) return;
    if (found.some((f) => f.at <= numberAt && numberAt < f.end)) return;
    let score = scoreOf(m, 1);
    let end = m.index! + m[0].length;
    let chained = false;
    // A newer number said right after it ("pain 9 -> 3", "9/10, now 3"): the newest is the score now.
    for (let then = sticky(end); then; then = sticky(end)) {
      const newer = scoreOf(then, 1);
      if (newer === undefined) break;
      [score, end, chained] = [newer, then.index + then[0].length, true];
    }
    if (score !== undefined) {
      found.push({ score, said: text.slice(m.index, end).trim(), at: m.index!, numberAt, end, chained });
    }
  };
  const sticky = (from: number) => {
    THEN.lastIndex = from;
    return THEN.exec(text);
  };
  for (const m of text.matchAll(AFTER_WORD)) add(m, m.index + m[0].search(/\d/));
  for (const m of text.matchAll(OUT_OF_TEN)) {
    if (ofPain(text, m.index, m.index + m[0].length)) add(m, m.index);
  }
  return found.sort((a, b) => a.at - b.at);
}

/**
 * A score as read in its message: its site (none said: undefined), whether it is of a time before now, how it is
 * marked in this call's time ("now", "was"), and whether it is on movement or at rest.
 */
interface Reading extends PainScoreSaid, SaidWhereWhen {
  readonly past: boolean;
  /** Where its words start (its clause, or the score before it): blanked when it is past, to find the complaint. */
  readonly from: number;
  readonly end: number;
}

/** Each pain score `text` (the message-th) says, in order, with its site and time. */
function readingsIn(text: string, message: number): Reading[] {
  const found = scoresIn(text);
  return found.map((f, i): Reading => {
    const from = Math.max(clauseStart(text, f.numberAt), found[i - 1]?.end ?? 0);
    const before = text.slice(from, f.numberAt);
    const after = text.slice(f.end, Math.min(found[i + 1]?.at ?? text.length, clauseEnd(text, f.end)));
    // the site said before the number ("headache 2/10"), else right after it ("8/10 leg pain")
    const site = lastSiteIn(before) ?? firstSiteIn(after);
    const past = saidOfThePast(f.chained ? "" : before, after);
    const [mark, condition] = [timeMarkOf(before, after), conditionOf(before, after)];
    return {
      score: f.score,
      said: f.said,
      past,
      from,
      end: f.end,
      message,
      ...(site ? { site } : {}),
      ...(mark ? { mark } : {}),
      ...(condition ? { condition } : {}),
    };
  });
}

/**
 * The pain score now in this patient's messages (newest first), or undefined. Read oldest to newest: each pain's
 * score now (samePain, newer), a score with no site said being the complaint's (the first site named, outside scores
 * of the past); then the highest of them, if the complaint has one.
 */
export function painScoreSaid(userTextsNewestFirst: readonly string[]): PainScoreSaid | undefined {
  const texts = [...userTextsNewestFirst].reverse();
  const readings = texts.map((text, i) => readingsIn(text, i));
  const complaint = firstSiteIn(
    texts.map((text, i) =>
      readings[i].filter((r) => r.past).reduce(
        (t, r) => t.slice(0, r.from) + " ".repeat(r.end - r.from) + t.slice(r.end),
        text,
      )
    ).join("\n"),
  );
  const pains: { site?: PainSite; reading: Reading }[] = [];
  for (const reading of readings.flat().filter((r) => !r.past)) {
    // no site said: the complaint's ("femur fx 9/10 … now 3/10"; "kidney stone, cp 0/10, pain 5/10" is the stone's)
    const site = reading.site ?? complaint;
    const same = pains.find((p) => samePain(p, { ...reading, ...(site ? { site } : {}) }));
    if (!same) pains.push({ site, reading });
    else if (newer(reading, same.reading)) same.reading = reading;
  }
  const ofComplaint = (s: { site?: PainSite }) => !complaint || !s.site || sameSite(s.site, complaint);
  if (!pains.some(ofComplaint)) return undefined;
  const highest = pains.map((s) => s.reading).reduce((a, b) => (b.score > a.score ? b : a));
  const ketorolacBarred = ketorolacBarredIn(userTextsNewestFirst);
  return { score: highest.score, said: highest.said, ...(ketorolacBarred ? { ketorolacBarred } : {}) };
}

/** The lowest score MCG 1345 guideline 6's table gives each analgesic for. */
const FROM_SCORE: Readonly<Record<string, number>> = { fentanyl: 7, morphine: 7, ketorolac: 4 };

/**
 * The PAIN_SCORE_BELOW refusal's words when `score` is below `medicationId`'s threshold (MCG 1345 guideline 6), else
 * undefined: the threshold, and what the table gives at that score (chat_pain_instead.ts: ketorolac only where the
 * messages name no reason against it; in cardiac chest pain, TP 1211's nitroglycerin).
 */
export function painScoreHeldMessage(
  medicationId: string | undefined,
  request: DoseRequest,
  { score, said, ketorolacBarred }: PainScoreSaid,
): string | undefined {
  const from = medicationId === undefined ? undefined : FROM_SCORE[medicationId];
  if (from === undefined || score >= from) return undefined;
  const drugs = medicationId === "ketorolac" ? "ketorolac" : "fentanyl or morphine";
  const instead = insteadAtScore(score, request, ketorolacBarred);
  return `You wrote '${said}': MCG 1345 gives ${drugs} from a pain score of ${from}. No ${request.medication}. ${instead}`;
}
