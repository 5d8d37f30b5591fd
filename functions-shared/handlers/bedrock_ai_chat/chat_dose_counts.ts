/**
 * Doses of one medication already given, across this patient's messages, and the note the answer leads with,
 * with no I/O. A count is read (findDosesGiven, chat_doses_given.ts) from the newest message that says one for the
 * drug asked about; the client's patient.dosesGiven wins over all (dosing_context.ts). Counts only grow, so an
 * older message's count is never less safe than none: "chest pain 60yo, nitro x2 given" then "he needs another
 * nitro, 60yo?" dosed 0.4 mg as a first dose (medical director's fifth read, Medium 7), where TP 1211 allows three
 * in all. A count is never added to another ("x2 given" then "x3 given total" is 3), and one carried is said to be
 * from an earlier message and may be out of date: doses given since are not in it, and the maximum (TP 1210, TP
 * 1211, TP 1231) may have been reached. A count said while the drug was given for another indication ("anaphylaxis,
 * epi x2 given" then "now coding, epi?") is not this course's: it is not carried, and the answer asks.
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { findDosesGiven, mentionsDosesGiven } from "./chat_doses_given.ts";
import { type IndicationReading, readIndication } from "./chat_indications.ts";
import { mentionsDoseSeries } from "./chat_series.ts";
import { moreDosesSaid } from "./chat_more_doses.ts";
import { countBeforeOrdinal } from "./chat_ordinal_counts.ts";
import { moreBesideTotal, totalSaid } from "./chat_count_totals.ts";
import { type AmountGiven, BARE_AMOUNT, namedAsGiven } from "./chat_named_given.ts";
import { withoutNoneGiven } from "./chat_none_given.ts";

export interface DoseCount {
  /** Undefined when `unclear`. */
  readonly dosesGiven?: number;
  /** Read from an earlier message of this patient's, not the newest. */
  readonly earlier: boolean;
  /** What was said of the doses (as written, oldest first) when no count can be read: the chat asks how many in all. */
  readonly unclear?: readonly string[];
  /** The clause that named the drug as given with no count (as written): one dose read, the fewest it can mean. */
  readonly atLeast?: string;
  /** The amount said with that dose ("epi 0.5mg im given"): one dose only if no more than one dose's amount. */
  readonly amount?: AmountGiven;
  /** With `unclear`, a series said given added up ("amio 300 and 150 given"): the total if it is the maximum. */
  readonly seriesSum?: AmountGiven;
}

/**
 * The count of `medicationId`'s doses given: the newest message's, else the newest an earlier message says while
 * the indication read there is `indication` (the one dosed now), or undefined. Unclear (no count, the chat asks how
 * many in all: sixth read, H2) when a message of this course says more doses were given with no count newer than it
 * ("nitro x2 given" then "1 more nitro given"), when a newer count is lower than the one before ("x3 given" then "x1
 * given": one more, or a correction not said as one). A count said before the indication read changed only in a
 * message that says the state goes on ("anaphylaxis, epi x2 given" then "still wheezing, hives": TP 1219) is this
 * course's and carried: asking there was needless (seventh read, Medium 4). A higher newer count is read as the
 * total so far, the way counts are said ("x1 given" then "x2 given" is 2), and so is a total in other words
 * ("3 doses total now", "nitro #3 given", "third nitro in": chat_count_totals.ts).
 */
export function doseCount(
  userTextsNewestFirst: readonly string[],
  medicationId: string,
  indication: string | undefined,
  child: boolean,
): DoseCount | undefined {
  const indicationAt = (at: number) =>
    at === 0 ? indication : readIndication(medicationId, userTextsNewestFirst.slice(at), child).indication;
  const more: string[] = []; // newest first
  // The drug named as given in a message newer than the count ("epi x2 given" then "epi given, still vf"): one more
  // or the same ones said again, the count cannot tell, so the chat asks (eleventh read, H1: a 4th epinephrine).
  const namedSince: string[] = [];
  // A total in other words ("3 doses total now", "third nitro in"; a bare "nitro x3" after a count): seventh read, H2.
  // "gave 2 nitro, 3rd?": a number given and the place asked agree (twelfth read, M6).
  const countIn = (text: string, updates: boolean) =>
    findDosesGiven(text, medicationId) ?? totalSaid(text, medicationId, updates) ??
      countBeforeOrdinal(text, medicationId);
  const countAt = (at: number) =>
    countIn(
      userTextsNewestFirst[at],
      userTextsNewestFirst.slice(at + 1).some((t) => countIn(t, false) !== undefined),
    );
  for (const [at, text] of userTextsNewestFirst.entries()) {
    const dosesGiven = countAt(at);
    if (dosesGiven === undefined) {
      const said = moreDosesSaid(text, medicationId) ?? moreBesideTotal(text, medicationId);
      // "nitro x2 given, then 1 more": the count the words follow is quoted with them.
      const before = said && clauses(text).find((c) => countIn(c, false) !== undefined);
      if (said && indicationAt(at) === indication) more.push(before ? `${before}, ${said}` : said);
      const named = said ? undefined : namedAsGiven(text, medicationId);
      if (named) namedSince.push(quoted(named.clause));
      continue;
    }
    const counted = countSaid(text, medicationId);
    const then = indicationAt(at);
    // The indication read changed only where the medic said the state goes on ("still wheezing, hives" after
    // anaphylaxis, TP 1219): the count is this course's and is carried, not asked (seventh read, Medium 4).
    // Another course's count is not quoted beside this one's more doses: only what was said of this course.
    // A count said while no indication had been read is this course's ("versed x1 given" then "seizing again,
    // versed?": eleventh read, H2 had a first dose again): carrying it only holds doses back.
    const goesOn = then === indication || then === undefined ||
      (!more.length && stateGoesOn(userTextsNewestFirst.slice(0, at), medicationId, then, child));
    if (!goesOn) return unclearFrom(more);
    if (more.length || namedSince.length) return unclearFrom([...more, ...namedSince], counted);
    const lower = higherBefore(userTextsNewestFirst.slice(at + 1), medicationId, dosesGiven, text);
    if (lower) return { earlier: false, unclear: [lower, counted] };
    return { dosesGiven, earlier: at > 0 };
  }
  return unclearFrom(more);
}

/**
 * One dose of `medicationId` when a message of this course names it as given with no count ("D10 given", "versed
 * given, still seizing": chat_named_given.ts) and doseCount read none: at least one was given (eighth read, H4), with
 * the amount said beside it ("epi 0.5mg im given"; the caller checks it is one dose: ninth read, H1). Words of more
 * than one with no count ("versed given IN and IM") are unclear: the chat asks how many in all (ninth read, H2).
 */
export function namedGivenCount(
  userTextsNewestFirst: readonly string[],
  medicationId: string,
  indication: string | undefined,
  child: boolean,
): DoseCount | undefined {
  for (const [at, text] of userTextsNewestFirst.entries()) {
    const named = namedAsGiven(text, medicationId);
    if (named === undefined) continue;
    const then: Pick<IndicationReading, "indication" | "asked"> = at === 0
      ? { indication }
      : readIndication(medicationId, userTextsNewestFirst.slice(at), child);
    // another course's dose (the chat asks: earlierNote); a reading asked is this course's, its reply names it
    // (chat_cardiac_arrest_said.ts; Stop 56's fourth read, H2: "anaphylaxis was cause, epi given" had been forgotten)
    if (then.indication !== indication && !then.asked) return undefined;
    if (named.kind === "several") {
      return {
        earlier: false,
        unclear: [quoted(named.clause)],
        ...(named.sum ? { seriesSum: named.sum } : {}),
      };
    }
    // named as given in an older message of this course too ("adenosine given, still svt" twice): a second dose or the
    // first said again, the words cannot tell, so the chat asks (Stop 60's reads: a third adenosine had been dosed)
    // Both with an amount in one unit ("amio 300 given" then "amio 450 given"): the larger, which the caller reads as the
    // maximum reached where it is (a total said, or doses past it: no further dose either way, TP 1210 step 11); short
    // of it, how many is asked.
    // a newer message that is a bare amount given and nothing else ("adenosine 6mg given || 12 given"): another dose
    // of the drug named before it (read X: a third adenosine, a third amiodarone had been dosed)
    const bare = userTextsNewestFirst.slice(0, at).find((t) => BARE_AMOUNT.test(t));
    if (bare !== undefined) return { earlier: false, unclear: [quoted(named.clause), quoted(bare.trim())] };
    const before = olderNamedGiven(userTextsNewestFirst, at, medicationId, indication, child);
    if (before !== undefined) {
      const sum = largerAmount(before.amount, named.amount);
      return {
        earlier: false,
        unclear: [quoted(before.clause), quoted(named.clause)],
        ...(sum ? { seriesSum: sum } : {}),
      };
    }
    return {
      dosesGiven: 1,
      earlier: at > 0,
      atLeast: quoted(named.clause),
      ...(named.amount ? { amount: named.amount } : {}),
    };
  }
  return undefined;
}

/** The newest message older than `at` that names `medicationId` as given in the same course: its reading, if any. */
function olderNamedGiven(
  userTextsNewestFirst: readonly string[],
  at: number,
  medicationId: string,
  indication: string | undefined,
  child: boolean,
): { readonly clause: string; readonly amount?: AmountGiven } | undefined {
  for (let older = at + 1; older < userTextsNewestFirst.length; older++) {
    const named = namedAsGiven(userTextsNewestFirst[older], medicationId);
    if (named === undefined) continue;
    const then = readIndication(medicationId, userTextsNewestFirst.slice(older), child);
    if (then.indication !== indication && !then.asked) return undefined;
    return named;
  }
  return undefined;
}

/** The larger of two amounts said given where their units agree (one unsaid takes the other's), else undefined. */
function largerAmount(a: AmountGiven | undefined, b: AmountGiven | undefined): AmountGiven | undefined {
  // a count of packages or a number before the name may be no amount ("1 kit", "gave 3 nitro")
  if (a === undefined || b === undefined || a.packages || b.packages || a.beforeName || b.beforeName) {
    return undefined;
  }
  if (a.unit && b.unit && a.unit !== b.unit) return undefined;
  const unit = a.unit ?? b.unit;
  return { value: Math.max(a.value, b.value), ...(unit ? { unit } : {}) };
}

/** The unclear count from the words of more doses (newest first), after the count they follow if any. */
function unclearFrom(moreNewestFirst: readonly string[], counted?: string): DoseCount | undefined {
  if (moreNewestFirst.length === 0) return undefined;
  const said = [...moreNewestFirst].reverse().map(quoted);
  return { earlier: false, unclear: counted ? [counted, ...said] : said };
}

const QUOTE_CHARS = 60;
const quoted = (said: string) =>
  said.length > QUOTE_CHARS ? `${said.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : said;
const clauses = (text: string) => text.split(/[,;!?\n]+|\.(?!\d)/).map((c) => c.trim()).filter(Boolean);

/** The clause that says the count, as written (or the message, shortened). */
function countSaid(text: string, medicationId: string): string {
  const all = clauses(text);
  return quoted(
    all.find((c) => findDosesGiven(c, medicationId) !== undefined) ?? all.find(mentionsDosesGiven) ??
      text.trim(),
  );
}

/** A newer count said as a correction ("sorry, only x1") replaces a higher one before it; "x1 so far" does not. */
const CORRECTS = /\b(?:sorry|actually|correction|i\s+mean|meant|oops|my\s+bad|only)\b/i;

/** The older count (as said) higher than `dosesGiven` of the same drug, where the newer message corrects nothing. */
function higherBefore(
  olderNewestFirst: readonly string[],
  medicationId: string,
  dosesGiven: number,
  newer: string,
): string | undefined {
  if (CORRECTS.test(newer)) return undefined;
  for (const text of olderNewestFirst) {
    const before = findDosesGiven(text, medicationId);
    if (before !== undefined) return before > dosesGiven ? countSaid(text, medicationId) : undefined;
  }
  return undefined;
}

/** "still", "persists", "ongoing": the medic says the earlier state goes on, not that a new one began. */
const GOES_ON = /\b(?:still|persist\w*|ongoing|continu\w*|remains?|not\s+(?:better|improv\w*|resolv\w*))\b/i;

/**
 * True when the message where the indication first differs from `then` (the count's) says the state goes on
 * ("still wheezing, hives" after anaphylaxis): the reading changed, the medic did not ("now coding" did).
 */
function stateGoesOn(
  newerNewestFirst: readonly string[],
  medicationId: string,
  then: string | undefined,
  child: boolean,
): boolean {
  for (let at = newerNewestFirst.length - 1; at >= 0; at--) {
    if (readIndication(medicationId, newerNewestFirst.slice(at), child).indication === then) continue;
    return GOES_ON.test(newerNewestFirst[at]);
  }
  return false;
}

/**
 * Doses given spoken of, beyond words that a drug was not given ("no versed given yet, versed?" has had none: nothing
 * to ask; fourteenth read, M4).
 */
const speaksOfDosesGiven = (text: string) => mentionsDosesGiven(withoutNoneGiven(text));

const ASK =
  "Ask how many doses were given (say 'N doses given', or send patient.dosesGiven) before giving another.";

/**
 * The note on doses given the answer leads with, or undefined. `fromWords`: the count, if any, was read from the
 * messages (not sent as patient.dosesGiven); `carried`: it came from an earlier message.
 */
/** A drug named as given with no count, read as one dose: said with the answer. */
export interface NamedOnce {
  /** As the medic named it ("versed"). */
  readonly medication: string;
  readonly clause: string;
  /** Said in an earlier message of this patient's. */
  readonly earlier: boolean;
}

export function dosesGivenNote(
  userTextsNewestFirst: readonly string[],
  requests: readonly DoseRequest[],
  fromWords: boolean,
  carried: boolean,
  atLeast: readonly NamedOnce[] = [],
): string | undefined {
  if (atLeast.length > 0 && requests.length > 0) {
    const each = atLeast.map(({ medication, clause, earlier }) =>
      `No count of ${medication} doses given was said: "${clause}"${
        earlier ? " (an earlier message)" : ""
      } is read as one dose given, the fewest it can mean, and the dose below as the next.`
    );
    const unread = requests.some((r) => r.dosesGiven === undefined) &&
        (speaksOfDosesGiven(userTextsNewestFirst[0] ?? "") ||
          mentionsDoseSeries(userTextsNewestFirst[0] ?? ""))
      ? " For any other drug below no count was read: it is for a patient who has had none of it."
      : "";
    return `${
      each.join(" ")
    } If more were given, it may not be allowed: ask how many doses were given in all ` +
      `(say 'N doses given', or send patient.dosesGiven).${unread}`;
  }
  if (carried && requests.length > 0) {
    return `The count of doses already given (${
      requests[0].dosesGiven
    }) is from an earlier message, not this ` +
      "one: doses given since are not in it, and if the maximum has been reached no further dose is allowed. " +
      "Ask how many doses were given in all (say 'N doses given', or send patient.dosesGiven) before giving another.";
  }
  return newestNote(userTextsNewestFirst[0] ?? "", requests, fromWords) ??
    earlierNote(userTextsNewestFirst.slice(1), requests);
}

/**
 * A message that speaks of doses already given ("epi given", "gave 3 mg", "next epi?", "used own epipen") but
 * where a dose asked about has no count read is dosed as if none had been: the answer must say so, or it would
 * offer a dose the maximum may not allow (TP 1210: 3 mg of epinephrine in arrest, more only on base order;
 * TP 1211: nitroglycerin three times in all). For adults and children alike, and however many drugs are asked.
 * A count read from the words is said too: words miss doses (another crew's, the patient's own), and a count
 * too low offers a dose past the maximum. A count the client sent (patient.dosesGiven) is not questioned.
 */
function newestNote(
  newest: string,
  requests: readonly DoseRequest[],
  fromWords: boolean,
): string | undefined {
  // A series of amounts with no count ("adenosine 6 then 12 then 12") speaks of doses given too.
  if (!speaksOfDosesGiven(newest) && !mentionsDoseSeries(newest)) return undefined;
  // A total read ("fent 150mcg total given") is what was given: said in its own note (totalNote), not "not read".
  if (requests.some((r) => r.dosesGiven === undefined && r.totalGiven === undefined)) {
    return "Doses already given were not read from the message: a dose below with no count given is for a " +
      `patient who has had none of it, and its next dose may not be allowed. ${ASK}`;
  }
  if (!fromWords || requests.length === 0 || requests[0].dosesGiven === undefined) return undefined;
  return `Doses already given were counted from the message (${
    requests[0].dosesGiven
  }): if any others were ` +
    "given (by another crew, or by the patient), the count is higher and the next dose may not be allowed; " +
    "send patient.dosesGiven with every dose given.";
}

/**
 * Doses given said in an earlier message of this patient's with no count carried (none read for this drug, several
 * drugs asked, or another indication's: doseCount) leave a dose with no count for a patient who has had none: the
 * answer asks (medical director's fourth read, N1).
 */
function earlierNote(earlier: readonly string[], requests: readonly DoseRequest[]): string | undefined {
  if (!requests.some((r) => r.dosesGiven === undefined) || !earlier.some(speaksOfDosesGiven)) {
    return undefined;
  }
  return "An earlier message spoke of doses already given, but no count of them was read for the dose below: it " +
    `is for a patient who has had none of it, and its next dose may not be allowed. ${ASK}`;
}
