/**
 * The indication a medication is asked for, read from this patient's messages with no I/O: the one named (its
 * names in chat_indication_patterns.ts, the per-drug rules that narrow it in chat_indication_rules.ts), or those
 * named only to be denied, said to have ended or named as history (chat_denials.ts), for the question back.
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { type NotSaidReading, readDenials, seizuresNamed } from "./chat_denials.ts";
import { PAST_EVENT_INDICATIONS } from "./chat_history_cues.ts";
import { findMedications, wordPattern } from "./chat_names.ts";
import { stateEnds, type StateNow, stateNowSaid, widerState } from "./chat_state_now.ts";
import { glucoseNotLow } from "./chat_glucose_now.ts";
import { hyperglycemiaFromGlucose } from "./chat_hyperglycemia_saline.ts";
import { arrestOver, indicationAfterRosc } from "./chat_rosc.ts";
import { type IndicationPatterns, INDICATIONS } from "./chat_indication_patterns.ts";
import { firstSaid } from "./chat_first_said.ts";
import { OWN_DOUBT_RULE, ruledIndication } from "./chat_indication_rules.ts";
import { newbornNamed, newbornRead } from "./chat_newborn_words.ts";
import { crushWordsFor } from "./chat_injury_words.ts";
import {
  arrestOnlyFeared,
  type AskedConversation,
  causeThenArrest,
  withoutOtherArrests,
} from "./chat_cardiac_arrest_said.ts";
import { arrestNameAlone } from "./chat_heart_stopped_words.ts";
import { findPatientFacts } from "./chat_patient_mentions.ts";
import { circulationAfter, circulationSaid, lostIn } from "./chat_circulation_now.ts";
import { everyMatch } from "./chat_every_match.ts";
import { pulseWithoutArrest, withoutPulseShocks } from "./chat_amiodarone_pulse.ts";
import { arrestSaidPlainly } from "./chat_arrest_said_plainly.ts";

/**
 * Shorthand read only where it is denied ("denies cp, sob, nitro?"): said, "cp" may be cerebral palsy, so it never
 * names chest pain; denied, it still withholds the dose given with no indication (chat_denied_defaults.ts).
 */
const DENIED_SHORTHAND: Readonly<Record<string, readonly string[]>> = { "chest-pain": ["cp", "c/p"] };

/**
 * A 12-lead's finding among an indication's names: "12 lead no stemi" denies the STEMI, not the chest pain, and TP
 * 1211 step 6 gives nitroglycerin for chest pain after the 12-lead whatever it shows (note 1: an MI with or without
 * ST elevation; medical director's tenth read, M3, where it was asked which indication).
 */
const FINDINGS: Readonly<Record<string, RegExp>> = { "chest-pain": /^stemi$/i };

/** What the messages say of a medication's indication: the one read, or those named only to be denied. */
export interface IndicationReading {
  readonly indication?: string;
  /** With no indication read: those the messages read deny, say have ended or name only as history (chat_denials.ts). */
  readonly denied: readonly string[];
  /** How each of `denied` was said, the newest message's first: what the question back quotes. */
  readonly readings?: ReadonlyMap<string, NotSaidReading>;
  /**
   * The medic is to be asked which indication (chat_cardiac_arrest_said.ts): nothing is inferred in its place, and the
   * request carries no route or formulation that has one indication's row only (chat_requests.ts).
   */
  readonly asked?: true;
}

/**
 * `texts`: newest first. `child`: the patient is known to be a child (tape weight or colour); decides which
 * refinements apply. A name said only in a denial ("no seizure", "hyperkalemia: neg"), a seizure said to have
 * ended ("seizure stopped", "postictal"), or a condition named only as history ("hx of seizures") is not read
 * (chat_denials.ts), so another indication said decides or the engine asks; an indication a newer message denies
 * or ends is not read from an older one either ("seizing" then "no more seizure now, versed?", "post ictal now,
 * versed again?" or, naming none, "it stopped, versed again?" is asked), while another the older one says still
 * is, and so is a seizure a newer message says started again ("restarted in rig, versed?"). History in a newer
 * message leaves an older one's indication as it was. A condition said to have resolved is read as a denial is
 * ("cp resolved" then "nitro 60yo?" is asked), until a newer message says it is back ("cp back").
 * dosing_context.ts gives every message of this patient's (since a turn to another), however old. A newer message
 * that describes the state now naming none ("now awake and crying", "symptoms resolved") stops an older one's
 * indication being read, and a glucose of 60 or above said newest is no hypoglycemia (chat_state_now.ts).
 */
export function readIndication(
  medicationId: string,
  texts: readonly string[],
  child = false,
): IndicationReading {
  const all = INDICATIONS.get(medicationId) ?? [];
  const onlyHypoglycemia = all.length < 2 && FORMULARY.find((d) => d.id === medicationId)?.indications
    .every((i) => i.id === HYPOGLYCEMIA);
  // A crush said in context ("pinned under") is read for an adult only (chat_injury_words.ts, TP 1242).
  const read = onlyHypoglycemia
    ? { denied: [] }
    : readIndicationNamed(medicationId, crushWordsFor(all, child, texts), texts, child);
  // Saline beside a glucose above 200 with no indication named is hyperglycaemia's (chat_hyperglycemia_saline.ts).
  const fromGlucose = read.indication === undefined && read.denied.length === 0 && !read.asked
    ? hyperglycemiaFromGlucose(medicationId, texts, child)
    : undefined;
  if (fromGlucose) return { indication: fromGlucose, denied: [] };
  if (!onlyHypoglycemia && read.indication !== HYPOGLYCEMIA) return read;
  const glucose = glucoseNotLow(texts);
  if (!glucose) return read;
  const { value: _, ...reading } = glucose;
  return { denied: [HYPOGLYCEMIA], readings: new Map([[HYPOGLYCEMIA, { how: "glucose", ...reading }]]) };
}

const HYPOGLYCEMIA = "hypoglycemia";
const SEIZURE = "seizure";
/** Midazolam's other indications, which a seizure said now outranks wherever it stands in the message. */
const SEIZURE_OUTRANKS: ReadonlySet<string> = new Set(["agitation", "behavioral-crisis", "sedation"]);
/**
 * A seizure going on, in present words ("seizing", "convulsing", "in status"); never one over, past or feared ("was
 * seizing", "seizing earlier", "after seizure", "seizure disorder": the last read found the noun outranking agitation).
 */
const SEIZING_NOW = new RegExp(
  "(?<!\\b(?:was|were|been|after|stopped|no\\s+longer|not|post|had)\\s+)\\b(?:seizing|convulsing|in\\s+status|" +
    "status\\s+epilepticus|actively\\s+seizing)\\b(?!\\s+(?:earlier|before|prior|ago|yesterday|last|then\\s+stopped))",
  "i",
);
const CARDIAC_ARREST = "cardiac-arrest";
const AMIODARONE = "amiodarone";
/** The arrest's drugs with no indication after ROSC (TP 1210 step 18 gives saline and push-dose epinephrine). */
const NO_CARE_AFTER_ROSC = new Set(["calcium-chloride", "sodium-bicarbonate", "amiodarone"]);
/** Saline's and naloxone's indication after ROSC, read by its words ("rosc", "after rosc"). */
const POST_ROSC = "post-rosc";
/** An adult's age or weight said in a message. */
function adultFacts(text: string): boolean {
  const { ageYears, weightKg } = findPatientFacts(text);
  return (ageYears ?? 0) >= 15 || (weightKg ?? 0) >= 40;
}
/** A message quoted in the question back, short enough for a phone. */
const quoted = (said: string) => said.replace(/\s+/g, " ").trim().slice(0, 40);
/** Neither the cause nor the arrest is picked; a child's saline is not hyperglycaemia's either (Stop 56's read, H1). */
const ASKED: IndicationReading = { denied: [], asked: true };

function readIndicationNamed(
  medicationId: string,
  all: readonly IndicationPatterns[],
  texts: readonly string[],
  child: boolean,
): IndicationReading {
  // nothing to choose, but for the arrest's own drug (amiodarone, MCG 1317.5: VF or pulseless VT only), whose arrest
  // said before a pulse, said only as history or denied is asked as epinephrine's is (Stop 60's reads: 300 mg had been
  // given to patients awake after ROSC, and to "prior cardiac arrest")
  if (all.length < 2 && all[0]?.id !== CARDIAC_ARREST) return { denied: [] };
  const named = all.map((i) => ({
    id: i.id,
    patterns: [...i.patterns, ...i.formulationPatterns],
    deniedOnly: (DENIED_SHORTHAND[i.id] ?? []).map(wordPattern),
    ...(FINDINGS[i.id] ? { finding: FINDINGS[i.id] } : {}),
  }));
  const deniedNewer = new Set<string>();
  const readings = new Map<string, NotSaidReading>();
  let stateNow: StateNow | undefined; // a newer message's "now awake": older indications are not the state now
  // a newer message's "pulse present", "bp 80/40": an older message's cardiac arrest is asked (chat_circulation_now.ts)
  let circulationNow: string | undefined;
  let stoppedSince: string | undefined; // a newer message's "no pulse on recheck": what it said
  // that loss is newer than any sign read ("rosc" sets both: HEART_STOPPED reads an arrest behind it)
  let lossNewest = false;
  let signAt = 0; // the message of circulationNow
  // read only for the arrest's drugs: no other indication is asked after a sign of circulation
  const arrestDrug = all.some((i) => i.id === CARDIAC_ARREST);
  // the patient known a child (true) or an adult (false: a baby's or a child's signs beside its arrest are another's)
  let known: { readonly child: boolean | undefined } | undefined;
  const childKnown = () => (known ??= { child: child || (texts.some(adultFacts) ? false : undefined) }).child;
  const arrestKind = () => newbornNamed(texts) ? "newborn" as const : "child-or-adult" as const;
  // "awake", "gcs 15" say no seizure now, nothing of chest pain ("A&Ox4, bp 140/90").
  const changedBy = (id: string): Pick<NotSaidReading, "quote" | "arrest"> | undefined =>
    stateNow && stateEnds(stateNow, id, seizuresNamed(id.replace(/-/g, " "), named).includes(id))
      ? { quote: stateNow.quote }
      : id === CARDIAC_ARREST && circulationNow !== undefined
      ? { quote: circulationNow, arrest: arrestKind() }
      : undefined;
  const otherArrestsBlanked = withoutOtherArrests(texts);
  const namesDrug = (t: string) => findMedications(t).some((m) => m.id === medicationId);
  // every message as the loop reads it, made only when a cause or the arrest is read beside a drug's arrest indication
  let everyRead: readonly string[] | undefined;
  const conversation = () =>
    everyRead ??= texts.map((t) =>
      otherArrestsBlanked(readDenials(t, named, OWN_DOUBT_RULE, PAST_EVENT_INDICATIONS).text)
    );
  for (const [n, said] of texts.entries()) {
    const { text: read, readings: here, earlier, returned } = readDenials(
      said,
      named,
      OWN_DOUBT_RULE,
      PAST_EVENT_INDICATIONS,
    );
    const text = otherArrestsBlanked(read);
    const indications = all.filter((i) => !deniedNewer.has(i.id));
    // A bare end or restart is said of the newest older message that names a seizure, not only the next one
    // ("seizing 20kg" / "versed given" / "it stopped, versed again?" is asked).
    const older = texts.slice(n + 1).map((t) => seizuresNamed(t, named)).find((ids) => ids.length > 0) ?? [];
    for (const [id, reading] of here) {
      if (!readings.has(id)) readings.set(id, reading);
      if (reading.how !== "history") deniedNewer.add(id);
    }
    // After ROSC the arrest is over: not read, and the post-ROSC care's indication is (chat_rosc.ts, TP 1210 step 18).
    const afterRosc = indicationAfterRosc(medicationId, said, texts[n - 1]);
    // A newborn's resuscitation decides when said with its pulse or compressions (chat_newborn_words.ts, TP 1216-P).
    const newborn = newbornRead(
      afterRosc ? indications.filter((i) => i.id !== CARDIAC_ARREST) : indications,
      text,
      texts.slice(0, n),
    );
    const live = newborn.live;
    // A condition named anywhere decides; a formulation's words only when no condition is named. A message that is
    // the arrest's name alone ("no pulse", "code"), as a reply most often is, names it (chat_heart_stopped_words.ts).
    const named1st = firstSaid(live, text, (i) => i.patterns) ??
      (arrestNameAlone(text) && live.some((i) => i.id === CARDIAC_ARREST) ? CARDIAC_ARREST : undefined);
    // a seizure said now outranks the agitation said before it ("agitated and seizing": TP 1231's dose, not TP 1209's
    // 5 mg; Stop 60's last read, where a past seizure read as history left "agitated" first)
    const seizingNow = named1st !== undefined && SEIZURE_OUTRANKS.has(named1st) &&
      live.some((i) => i.id === SEIZURE) && SEIZING_NOW.test(text);
    const first = seizingNow ? SEIZURE : named1st;
    // A cause named, then an arrest said now, or an arrest said only as a respiratory or feared one ("respiratory
    // arrest", "near arrest"): the medic is asked which (chat_cardiac_arrest_said.ts).
    const split: AskedConversation = {
      newer: () => conversation().slice(0, n + 1),
      older: () => conversation().slice(n + 1),
      // the question is asked only where a message named this drug (the fifth read, M3)
      olderAsked: () =>
        texts.slice(n + 1).some(namesDrug) &&
        readIndicationNamed(medicationId, all, texts.slice(n + 1), child).asked === true,
    };
    if (
      !newborn.first &&
      (causeThenArrest(medicationId, live, text, first, split) || arrestOnlyFeared(live, first, split))
    ) {
      return ASKED;
    }
    const best = newborn.first ?? first ?? firstSaid(live, text, (i) => i.formulationPatterns) ?? afterRosc;
    // ROSC, then the heart said stopped in a newer message in words no indication names ("rosc || no pulse on recheck,
    // epi?" had been given push-dose 10 mcg): asked, as the arrest then a pulse is (Stop 59's fourth read, F1)
    if (best !== undefined && (best === afterRosc || best === POST_ROSC) && stoppedSince !== undefined) {
      readings.set(CARDIAC_ARREST, {
        how: "changed",
        quote: stoppedSince,
        was: quoted(said),
        arrest: arrestKind(),
      });
      return { denied: [...readings.keys()], readings };
    }
    // the arrest, then a sign after a word of change in the same message ("vf arrest, now awake and talking")
    const signSince = best === CARDIAC_ARREST && stoppedSince === undefined
      ? signAfterArrest(live, text, said, childKnown(), NO_CARE_AFTER_ROSC.has(medicationId))
      : undefined;
    if (signSince !== undefined) {
      const was = nameSaid(all, best!, said, text);
      readings.set(CARDIAC_ARREST, { how: "changed", quote: signSince, was, arrest: arrestKind() });
      return { denied: [...readings.keys()], readings };
    }
    const changed = best && changedBy(best);
    if (best && changed) {
      if (!readings.has(best)) {
        readings.set(best, { how: "changed", ...changed, was: nameSaid(all, best, said, text) });
      }
      // the arrest is asked here: an older message's ROSC or cause is not the state now either (a re-arrest after
      // "rosc" had been given push-dose 10 mcg: the first read, F1)
      if (changed.arrest) return { denied: [...readings.keys()], readings };
      deniedNewer.add(best);
      continue;
    }
    if (best) {
      if (all.length < 2) return { denied: [] }; // the arrest's own drug needs no indication sent
      const indication = ruledIndication(medicationId, indications, text, texts.slice(n + 1), best, child);
      return { indication, denied: [] };
    }
    // "cp back": the chest pain an older message said resolved is the indication again (chat_pain_ends.ts).
    const back = returned?.find((id) => indications.some((i) => i.id === id));
    // Naming no seizure, a message may still say the older message's seizure ended or started again.
    const restarted = earlier?.kind === "restart" ? older.find((id) => !deniedNewer.has(id)) : undefined;
    const again = back ?? restarted;
    const changedAgain = again && changedBy(again);
    if (again && changedAgain) {
      const was = back ? quoted(said) : earlier!.quote;
      if (!readings.has(again)) readings.set(again, { how: "changed", ...changedAgain, was });
      deniedNewer.add(again);
      continue;
    }
    if (again) return { indication: again, denied: [] };
    if (earlier && earlier.kind !== "restart") {
      for (const id of older) {
        deniedNewer.add(id);
        if (!readings.has(id)) {
          readings.set(id, { how: earlier.kind === "end" ? "ended" : "breathing", quote: earlier.quote });
        }
      }
    }
    stateNow = widerState(stateNow, stateNowSaid(said));
    // only where no newer message says the heart stopped since ("pulse 110 || now no pulse, epi")
    if (arrestDrug && stoppedSince === undefined) {
      const sign = circulationSaid(said, childKnown());
      // calcium and bicarbonate have no care after ROSC to turn to: a ROSC said is a sign too (the fourth read, F3)
      // quoted by its first clause: a reply to the question is rewritten ("rosc, amio?"), and its first words are the answer
      const roscSign = NO_CARE_AFTER_ROSC.has(medicationId) && arrestOver(said)
        ? quoted(said.split(/[,;]/)[0])
        : undefined;
      if (circulationNow === undefined && (sign ?? roscSign) !== undefined) signAt = n;
      circulationNow ??= sign ?? roscSign;
      // the heart said stopped with no sign read after it ("radial pulses absent, bp 68/40" is the sign's)
      if (sign === undefined && lostIn(said, child)) {
        stoppedSince = quoted(said);
        // amiodarone's: a synchronized or an ICD's shock, an arrest feared, or a child's slow rate (TP 1210-P gives it
        // in the shockable arm only) is no loss (chat_amiodarone_pulse.ts)
        const lost = medicationId !== AMIODARONE || lostIn(withoutPulseShocks(said), false);
        lossNewest = lost && circulationNow === undefined;
      }
    }
  }
  // amiodarone with no arrest read: ROSC or a sign of circulation said, or a pulse with no word of an arrest anywhere
  // ("rosc, amio?", "vt with pulse 180, amio?", "afib rvr"), is asked, never dosed (MCG 1317.5: VF or pulseless VT only)
  // (a newer message than the sign saying the arrest plainly, in words the loss reader lacks, is the state now: "vt 180,
  // bp 100/60 || he's down || amio?")
  const pulse = medicationId === AMIODARONE && readings.size === 0 && !lossNewest &&
      !texts.slice(0, signAt).some(arrestSaidPlainly)
    ? circulationNow ?? pulseWithoutArrest(texts)
    : undefined;
  if (pulse !== undefined) {
    readings.set(CARDIAC_ARREST, { how: "changed", quote: quoted(pulse), arrest: arrestKind() });
  }
  const denied = [...readings.keys()];
  return denied.length ? { denied, readings } : { denied };
}

/**
 * A sign said after the arrest's last name in `said` (`blanked`: its readDenials text), with a word of change. A
 * ROSC said after the name is ROSC's (chat_rosc.ts: "cardiac arrest, then rosc, bp 70/40, ns?" is step 18's litre),
 * except for a drug with no care after ROSC (`roscIsSign`), which is asked ("arrest, now rosc, calcium?").
 */
function signAfterArrest(
  live: readonly IndicationPatterns[],
  blanked: string,
  said: string,
  child: boolean | undefined,
  roscIsSign: boolean,
): string | undefined {
  const arrest = live.find((i) => i.id === CARDIAC_ARREST);
  const ends = (arrest?.patterns ?? []).flatMap((p) =>
    everyMatch(p, blanked).map((m) => m.index + m[0].length)
  );
  if (!ends.length) return undefined;
  const from = Math.max(...ends);
  const rest = said.slice(from);
  if (arrestOver(rest)) {
    const clauses = rest.split(/[,;.]/).map((c) => c.trim()).filter((c) => c);
    return roscIsSign ? quoted(clauses.find((c) => /rosc|pulse|perfus|back/i.test(c)) ?? rest) : undefined;
  }
  return circulationAfter(said, from, child);
}

/** The words that name `id` in `said` (`blanked`: its readDenials text, the same length), for the question back. */
function nameSaid(all: readonly IndicationPatterns[], id: string, said: string, blanked: string): string {
  const ind = all.find((i) => i.id === id);
  for (const pattern of [...ind?.patterns ?? [], ...ind?.formulationPatterns ?? []]) {
    const m = pattern.exec(blanked);
    if (m) return said.slice(m.index, m.index + m[0].length).trim();
  }
  // a message that is the arrest's name alone ("no pulse") is quoted as written
  return id === CARDIAC_ARREST && arrestNameAlone(said) ? said.trim() : id.replace(/-/g, " ");
}

/** The indication read (readIndication), or undefined. */
export function findIndication(
  medicationId: string,
  texts: readonly string[],
  child = false,
): string | undefined {
  return readIndication(medicationId, texts, child).indication;
}
