/**
 * The medic's reply to the chat's "is the heart still stopped? Say 'arrest' ... or 'rosc' ..." (chat_denied_defaults.ts,
 * asked when a pulse, a pressure or the patient awake follows a cardiac arrest: chat_circulation_now.ts), with no I/O.
 * The reply is read as one of three answers, keeps its pressures and weights, and carries the medication asked about,
 * so a second reply still has one (Stop 59's third read, F2: "still stopped || arrest" had no outcome):
 * - the heart still stopped ("arrest", "yes", "still stopped", "no change", "working code", "cpr held for rhythm check,
 *   still vf"), or ROSC or a pulse denied where it is said ("no rosc", "we dont have a pulse", "not out of arrest"):
 *   the arrest;
 * - ROSC or the pulse back with no negation, doubt or hope beside it ("rosc", "push dose", "pulse is back", "arrest is
 *   over", "no, rosc"): ROSC, so TP 1210 / TP 1210-P step 18's care;
 * - anything else ("rosc or arrest?", "yes, rosc", "pulse back, no need for cpr", "held compressions" with no result
 *   beside a ROSC word, a bare "no"): neither, so the question comes back.
 * Seven gate reads shaped it: replies denying a pulse had been read as ROSC and given push-dose 10 mcg during CPR (the
 * third and seventh reads), "arrest is over" as the arrest (the fourth), a pause in CPR as ROSC (the sixth). Stop
 * 60's four reads added: the arrest denied in plain words is ROSC ("not in arrest", "no he has a pulse"), a bare "no
 * arrest" neither (it may be "no, arrest"); after a ROSC word only a new loss is the arrest ("rosc x2 min then lost",
 * not "rosc, 2 shocks given in arrest", "vf gone", "lost sats"); a pulse made by CPR is the arrest; a reply asking its
 * own drug ("lost pulse again, epi?") carries that drug, not the one asked before; amiodarone's question is read too.
 */
import type { ChatTurn } from "./dosing_types.ts";
import { findMedications } from "./chat_names.ts";
import { circulationSaid, lostIn } from "./chat_circulation_now.ts";
import { arrestSaidPlainly } from "./chat_arrest_said_plainly.ts";
import {
  AGAIN,
  ARREST_NO,
  ARREST_TOLD_ALL,
  CPR_MADE_PULSE,
  DOUBTED,
  ENDED_ALL,
  KEPT_ALL,
  NEGATED_ROSC,
  NEGATED_ROSC_ALL,
  NEGATION,
  OVER,
  OVER_ALL,
  PULSE_OX_ALL,
  PUSH_DOSE_DECLINED_ALL,
  RHYTHM_DENIED_ALL,
  ROSC,
  ROSC_ALL,
  ROSC_AWAITED,
  STILL,
  STOP_NEGATED,
  TERMINATED,
  TOLD_BEFORE,
} from "./chat_arrest_answer_words.ts";

/** A check for ROSC ("rosc check", "rosc checks"). */
const ROSC_CHECK_ALL = /(?<![\w'’-])rosc\s*checks?(?![\w'’-])/gi;
/** Push-dose epinephrine asked for in the reply ("push dose?", "push dose epi?", "push dose? yes"). */
const PUSH_DOSE_ASKED_ALL =
  /(?<![\w'’-])push[\s-]*dose(?:\s+epi\w*)?\s*\?+(?:\s*[:=-]?\s*(?:yes|y|yeah|yep|ok|okay|sure|please)(?![\w'’-]))?/gi;

/** The chat's arrest question, in the assistant's reply. */
const ASKED = /\bis the heart (?:still )?stopped\? (?:Say 'arrest'|Amiodarone is for)/;
/** Its form where no arrest was said before it: a pulse alone (chat_denied_defaults.ts). */
const PULSE_ONLY = /\bis the heart stopped\? /;

type Answer = "arrest" | "rosc" | undefined;

/**
 * What `said` answers to the arrest question (see the module's doc); `child`: the question was a child's or a
 * newborn's (TP 1210-P, TP 1216-P), so a rate under 60 is CPR's.
 */
export function arrestAnswer(said: string, child = false): Answer {
  // push-dose declined says nothing of the pulse ("rosc, push dose? no" is ROSC; "no push dose" alone neither), and
  // asked beside another answer it is a request ("arrest, push dose?" is the arrest), alone a ROSC ("push dose?")
  const undeclined = said.replace(PUSH_DOSE_DECLINED_ALL, " ").replace(/^[\s,.;:!-]+/, "");
  const unasked = undeclined.replace(PUSH_DOSE_ASKED_ALL, " ");
  if (/\w/.test(unasked) && unasked !== undeclined) return arrestAnswer(unasked, child);
  // the medication named is no answer ("epi 1mg", "arrest, epi?")
  const named = findMedications(undeclined).reduce((text, m) => text.replace(m.mention, " "), undeclined);
  // ROSC or a pulse asked and answered in the reply ("rosc? no", "pulse? none") is "rosc: no"; never "heart stopped? no"
  const whole = named.replace(/\?+\s*$/, "").replace(
    /(?<=\b(?:rosc|pulses?|push[\s-]*dose))\s*\?+\s*(?=(?:no|none|nope|neg\w*|absent)\b)/gi,
    ": ",
  );
  if (/^\s*CA\s*$/.test(whole)) return "arrest";
  if (TERMINATED.test(whole)) return undefined;
  // a "yes" or "no" first answers the question itself ("no, rosc"; "yes, still pulseless"); what follows must agree
  // a correction says what the reply means: only what follows it is read ("push dose? cancel, pulseless")
  const correction = [...whole.matchAll(CORRECTION_ALL)].at(-1);
  const corrected = correction ? whole.slice(correction.index + correction[0].length) : "";
  if (/\w/.test(corrected)) return arrestAnswer(corrected, child);
  if (CANCEL_UNCLEAR.test(whole)) return undefined; // "rosc nvm arrest", "rosc, cancel code": either, asked again
  const lead = LEAD.exec(whole);
  const reply = lead ? whole.slice(lead[0].length) : whole;
  const answer = readAnswer(reply, child);
  if (!lead) return answer;
  const no = /^\s*(?:no|nope|nah|negative)/i.test(lead[0]);
  if (!/\S/.test(reply)) return no ? undefined : "arrest";
  // "no, rosc" and "no, still pulseless" (no ROSC) both say what follows; "yes, rosc" says both, so neither
  return no ? answer : answer === "arrest" ? "arrest" : undefined;
}

/**
 * A plain "yes" or "no" opening the reply, with its punctuation ("no, rosc", "yes - still pea"), or before the
 * patient or the crew named ("no he has a pulse" is "no, he has a pulse": the eighth read, W1).
 */
/**
 * A correction in the reply: "wait", "no wait", "correction" before anything ("arrest no wait rosc"; never "wait for
 * rosc"), "cancel", "never mind", "nvm", "scratch that" standing alone ("push dose? cancel, pulseless").
 */
const CANCEL = "cancel(?:\\s+that)?|never\\s*mind|nvm|scratch\\s+that|disregard\\s+that";
const CORRECTION_ALL = new RegExp(
  "(?<![\\w'’-])(?:(?:no\\s+wait|wait(?!\\s+(?:for|till|until|on|to|a)\\b)|correction)(?![\\w'’-])|" +
    `(?:${CANCEL})(?![\\w'’-])(?=\\s*(?:[,.;:!-]|$|no\\b|actually\\b)))[\\s,.;:!-]*`,
  "gi",
);
/** "cancel" and its kin before a word with no article: the thing cancelled or a new answer ("rosc nvm arrest"). */
const CANCEL_UNCLEAR = new RegExp(
  `(?<![\\w'’-])(?:${CANCEL})\\s+(?!(?:the|that|this|my|a|an|his|her|it)\\b)\\w`,
  "i",
);
const LEAD = new RegExp(
  "^\\s*(?:yes|yeah|yea|yeh|yah|yep|yup|ya|y|correct|affirm\\w*|no|nope|nah|negative)" +
    // "no ma'am pulse is back": after a form of address any space ends the lead
    "(?:\\s+(?:sir|ma['’]?am|maam|doc|boss)(?:\\s*[,.;:!-]+\\s*|\\s+|$)|" +
    "\\s*[,.;:!-]+\\s*|\\s*$|\\s+(?=(?:he|she|they|we|it|pt|patient|hes|shes|he['’]s|she['’]s|theres|there['’]s|i|still|has|have|got)\\b))",
  "i",
);

/** What the reply without a leading yes or no says: the arrest, ROSC or neither (see the module's doc). */
function readAnswer(heard: string, child: boolean): Answer {
  // a check for ROSC is no ROSC, nor an arrest ("rosc check", "rosc check done, no change": either, so neither; read
  // W: "no, pulse check unchanged" had been the arrest; never "pulse check no…", a loss)
  const said = heard.replace(ROSC_CHECK_ALL, "status check");
  // "no arrest", "arrest: no" may be "no, arrest" typed fast: neither (the eighth read, W1: read as the arrest)
  if (ARREST_NO.test(said)) return undefined;
  // a rhythm denied says nothing of the pulse ("no vf" may be asystole): the rest decides, if anything is left
  // nor does a rhythm ended ("vf gone", "vf resolved with shock") or a pulse oximeter's reading ("lost pulse ox")
  const reply = said.replace(RHYTHM_DENIED_ALL, " ").replace(ENDED_ALL, " ").replace(PULSE_OX_ALL, " ")
    .replace(KEPT_ALL, " rosc ");
  if (!/\w/.test(reply)) return undefined;
  const roscWord = ROSC.test(reply) || OVER.test(reply);
  if (roscWord) {
    // a ROSC or a pulse denied where it is said ("dont have a pulse", "no rosc", "rosc: no", "not out of arrest",
    // "isnt perfusing") is the arrest, unless a pulse is said too ("no rosc needed, he has a pulse": neither); a
    // negation elsewhere ("pulse back, no need for cpr") is neither; the arrest's own denial is a word of ROSC
    if (NEGATED_ROSC.test(reply)) {
      // a ROSC denied or taken back beside a pulse or a pressure said ("scratch the rosc, typo. pulse strong, bp
      // 110/70", "wait on rosc, bp 110/70"): either, so neither (read V, W1: calcium 1 g had been given)
      if (circulationSaid(reply.replace(NEGATED_ROSC_ALL, " ")) !== undefined) return undefined;
      // a ROSC said after the denial is both ("no rosc needed, he has a pulse"); before it, lost since ("rosc, then no
      // pulse")
      const denied = [...reply.matchAll(NEGATED_ROSC_ALL)];
      const lastDenied = denied.at(-1)!.index;
      const rest = reply.replace(NEGATED_ROSC_ALL, (m) => " ".repeat(m.length));
      const roscAfter = [...rest.matchAll(ROSC_ALL)].some((m) => m.index > lastDenied);
      return STOP_NEGATED.test(reply) || roscAfter ? undefined : "arrest";
    }
    // a pulse made by CPR is the arrest's ("he has a pulse with cpr", "rosc during cpr?"); "rosc with cpr" may be
    // either (with CPR only, or won by it): neither
    if (CPR_MADE_PULSE.test(reply)) return "arrest";
    if (
      /\brosc\s+(?:with|w\/|on|from|by)\s+(?:the\s+)?(?:cpr|compressions?|lucas|autopulse)\b/i.test(reply)
    ) {
      return undefined;
    }
    if (NEGATION.test(reply.replace(OVER_ALL, " ")) || DOUBTED.test(reply) || ROSC_AWAITED.test(reply)) {
      return undefined;
    }
    // the arrest said after it is the state now ("had rosc, rearrested", "rosc but now in vf"); "rosc after cpr",
    // "rosc following 2 shocks" tell what came before it
    const text = reply.replace(OVER_ALL, " rosc ");
    const rosc = [...text.matchAll(ROSC_ALL)].at(-1);
    const after = rosc ? text.slice(rosc.index + rosc[0].length) : "";
    const told = after.replace(/\b(?:after|following|from|post|s\/p|since)\b[^,;.]*/gi, " ")
      .replace(ENDED_ALL, " ").split(/[,;.]/).filter((clause) => !TOLD_BEFORE.test(clause)).join(", ");
    // only words of a new loss: the arrest told as history ("rosc, 2 shocks in arrest", "he coded for 10 min", "pea
    // resolved") had been read as the heart stopped again and given 1 mg (the eighth read, W1)
    return AGAIN.test(told) || lostIn(told.replace(ARREST_TOLD_ALL, " "), child) ? "arrest" : "rosc";
  }
  if (circulationSaid(reply) !== undefined || STOP_NEGATED.test(reply) || DOUBTED.test(reply)) {
    return undefined;
  }
  if (STILL.test(reply) && /\S/.test(reply)) return "arrest";
  return lostIn(reply, child) ? "arrest" : undefined;
}

/** A pressure or a weight said in a clause of the arrest or ROSC ("rosc bp 140/90", "rosc, tape says 6kg"). */
const VITALS =
  /(?:s?bp|b\/p)\s*:?\s*\d{2,3}(?:\s*\/\s*\d{1,3})?|(?<![\d/])\d{2,3}\s*\/\s*\d{1,3}(?![\d/])|\d+(?:\.\d+)?\s*kg\b/gi;

/** A drug told as given in the reply, not asked ("rosc after amio", "epi given", "had 2 epi"). */
const TOLD = /\b(?:given|gave|after|pushed|had|during|before|earlier|with|resolved)\b/i;
/**
 * Any word of the arrest, its end, ROSC or a loss ("heart stopped? no", "lost it briefly, rosc now" are read as
 * neither: none of it is kept, so "lost it" cannot say the arrest again in the rewritten reply: Stop 60's final read).
 */
const ANY_WORD =
  /arrest|stopped|pulse|rosc|cod(?:e|ing)|cpr|compressions|lucas|perfus|asys|pea\b|vf|fib|shock|joules?\b|\blost\b|\bgone\b|\bback\b|push[\s-]*dose/i;

/** The conversation with each reply to the arrest question read as its answer, carrying the medication asked about. */
export function withArrestAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant" || !ASKED.test(before.content)) return turn;
    // the medication asked about: the newest the medic named before the question ("epi and calcium?")
    const asked = turns.slice(0, i).reverse().find((t) =>
      t.role === "user" && findMedications(t.content).length
    );
    // amiodarone is carried only where the message before the question asked for it: a question raised on a later
    // message ("vf arrest || amio? || rosc") had its reply ("asystole now") answered 300 mg again, unasked (Stop 60's
    // final read; MCG 1317.5 repeats 150 mg once)
    const askedJustBefore = turns[i - 2]?.role === "user" && turns[i - 2] === asked;
    // push-dose declined: epinephrine is not carried ("rosc, no push dose needed" had been given the arrest's 1 mg)
    const undeclined = turn.content.replace(PUSH_DOSE_DECLINED_ALL, " ");
    const declined = undeclined !== turn.content;
    const mentions = asked
      ? findMedications(asked.content).filter((m) =>
        (askedJustBefore || m.id !== "amiodarone") && !(declined && m.id === "epinephrine")
      ).map((m) => m.mention).join(" and ")
      : "";
    // "is the heart stopped?" with no "still": asked with no arrest said before it (a pulse alone, amiodarone's), so
    // only plain words of the arrest are it (chat_arrest_said_plainly.ts); a ROSC is read as anywhere
    const pulseOnly = PULSE_ONLY.test(before.content);
    const answer = !pulseOnly
      ? arrestAnswer(turn.content, /TP 121[06]-P/.test(before.content))
      : arrestSaidPlainly(turn.content)
      ? "arrest"
      : arrestAnswer(turn.content) === "rosc"
      ? "rosc"
      : undefined;
    // the reply's other facts stay ("rosc, bp 130/80", "tape says 6kg"); its words of the arrest or ROSC do not, so
    // the answer alone decides ("out of arrest, was in vf" is ROSC)
    // (to the question asked beside a pulse alone, a reply that is no answer keeps its vitals only: "no hr change after
    // adenosine", "rate went down", "artifact" had been read again as a loss, and the dose given: Stop 61's read T)
    const facts = turn.content.split(/[,;.\n]/).map((c) => c.trim()).flatMap((c) =>
      !c
        ? []
        : !ANY_WORD.test(c) && !(pulseOnly && answer === undefined)
        ? [c]
        : [...c.matchAll(VITALS)].map((m) => m[0])
    );
    const words = [answer === "arrest" ? "cardiac arrest" : answer ?? "", ...facts].filter((w) => w);
    // the medication asked about goes with every answer, beside one the reply names with "too" ("arrest, ns too");
    // one asked alone replaces it ("lost pulse again, epi?" after amiodarone's question is epinephrine's: carrying
    // amiodarone had answered it alone, and again; Stop 60's third read, W1)
    // "rosc, push dose?" names push-dose epinephrine alone (never "push dose? no, still coding": the arrest)
    const own = !/\?/.test(turn.content) && TOLD.test(turn.content)
      ? ""
      : findMedications(undeclined).map((m) => m.mention).join(" and ") ||
        (answer === "rosc" && /\bpush[\s-]*dose\b/i.test(undeclined) ? "push dose epi" : "");
    const beside = /\b(?:too|also|as\s+well|plus|and)\b/i.test(turn.content);
    const carried = own && !beside ? own : mentions;
    const drugs = carried ? [`${carried}?`] : [];
    return { ...turn, content: [...words, ...drugs].join(", ") };
  });
}
