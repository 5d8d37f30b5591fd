/**
 * From what the medic describes to what the dosing engine can answer, with no I/O and no hand list of
 * questions: a presentation ("adult with chest pain, what do I give?") → the medications the formulary
 * lists for that indication. Questions about shocks are chat_shock_kinds.ts's.
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { blankAll, blankMatch, wordPattern } from "./chat_names.ts";
import { indicationPhrases } from "./chat_indication_patterns.ts";
import { readDenials, saidInDoubt } from "./chat_denials.ts";
import { FEARED_ARREST, heartStoppedSaid } from "./chat_heart_stopped_words.ts";
import { arrestOver, PERFUSING, roscEnd } from "./chat_rosc.ts";

export interface Presented {
  readonly id: string;
  /** The name calculateDose is asked with (the formulary id). */
  readonly mention: string;
  readonly at: number;
  readonly indication?: string;
}

/**
 * Aliases that qualify an indication rather than name a presentation: DuoDote's exposure grades
 * ("severe pain" is not a nerve-agent exposure) and lidocaine's route ("IO" is not a complaint).
 */
const QUALIFIERS = new Set(["mild", "moderate", "severe", "io", "intraosseous", "io infusion pain"]);

interface PresentationEntry {
  readonly drugId: string;
  readonly indication: string;
  /** Where the indication sits in the drug's list: its first indication is what it is mainly for. */
  readonly rank: number;
  readonly order: number;
  readonly phrase: string;
  readonly pattern: RegExp;
}

/** Every indication phrase of the formulary, longest first, so "chest pain" is not read as "pain". */
const PRESENTATIONS: readonly PresentationEntry[] = FORMULARY.flatMap((drug, order) =>
  drug.indications.flatMap((ind, rank) =>
    indicationPhrases(ind)
      .filter((p) => p.replace(/[^a-z0-9]/gi, "").length >= 3 && !QUALIFIERS.has(p.toLowerCase()))
      .map((phrase) => ({
        drugId: drug.id,
        indication: ind.id,
        rank,
        order,
        phrase,
        pattern: wordPattern(phrase),
      }))
  )
).sort((a, b) => b.phrase.length - a.phrase.length);

/** Each phrase as a name of its indication, for the denial reader. */
const DENIABLE = PRESENTATIONS.map((e) => ({ id: e.indication, patterns: [e.pattern] }));

/** crush-hyperkalemia's names: denied or doubted in their clause, it is hyperkalaemia alone (chat_indication_rules.ts). */
const CRUSH_HYPERKALEMIA = PRESENTATIONS.filter((e) => e.indication === "crush-hyperkalemia").map((e) =>
  e.pattern
);

/** TP 1210's presentation. */
const ARREST = "cardiac-arrest";

/** The question asks what to give, not only what the protocol says. */
const ASKS_FOR_TREATMENT =
  /\b(?:doses?|dosing|dosage|how much|give|giving|meds?|medications?|drugs?|treat|treatment|mg|mcg|what (?:do|can|should|would) (?:i|we))\b/i;

/**
 * The medications the formulary lists for the presentations named in `text`, those mainly for it
 * first (aspirin before fentanyl for chest pain), at most `limit`; none unless a treatment is asked for.
 * An arrest only feared, or firmly over, lists none of the arrest's drugs.
 */
export function medicationsForPresentation(text: string, limit: number): Presented[] {
  if (!ASKS_FOR_TREATMENT.test(text)) return [];
  // A presentation named only in a denial ("no chest pain, what do I give?") is none (chat_denials.ts).
  const said = readDenials(text, DENIABLE).text;
  const notFeared = blankAll(said, FEARED_ARREST);
  let rest = notFeared !== said && onlyFeared(notFeared) ? notFeared : said;
  const over = arrestFirmlyOver(text);
  const matched = new Map<string, { at: number; phrase: string }>(); // longest phrase wins its span
  for (const entry of PRESENTATIONS) {
    if (over && entry.indication === ARREST) continue;
    const m = entry.pattern.exec(rest);
    if (!m) continue;
    matched.set(entry.phrase, { at: m.index, phrase: entry.phrase });
    rest = blankMatch(rest, m);
  }
  const byDrug = new Map<string, PresentationEntry & { at: number }>();
  for (const entry of PRESENTATIONS) {
    const hit = matched.get(entry.phrase);
    if (!hit) continue;
    const best = byDrug.get(entry.drugId);
    if (!best || entry.rank < best.rank || (entry.rank === best.rank && hit.at < best.at)) {
      byDrug.set(entry.drugId, { ...entry, at: hit.at });
    }
  }
  return [...byDrug.values()]
    .sort((a, b) => a.rank - b.rank || a.at - b.at || a.order - b.order)
    .slice(0, limit)
    .map((e) => ({
      id: e.drugId,
      mention: e.drugId,
      at: e.at,
      indication: crushDoubted(e.indication, text),
    }));
}

/** Any word of a pulse, a rhythm or a resuscitation: beside a feared arrest, the heart may be said stopped. */
const CIRCULATION_WORD = new RegExp(
  "(?<=(?:->|→)\\s*)ca\\b|\\b(?:pu\\w{1,5}less\\w*|puls\\w*|carotids?|femorals?|brachials?|radials?|heart\\w*|hr|" +
    "cpr|compressions?|asystol\\w*|pea|v[\\s-]?fib\\w*|vf|v[\\s-]?tach\\w*|vt|pvt|rhythm\\w*|monitor|standstill|" +
    "signs?\\s+of\\s+life|agonal|cod(?:e|ed|ing)|arrest\\w*|ohca|ihca|dead|died|doa|rosc|lucas|aed|shocked|defib\\w*|" +
    "flat\\s*line\\w*)\\b",
  "i",
);
/** After a ROSC, any word that it was lost, brief or not had: the arrest may go on. */
const NOT_FIRMLY_OVER = new RegExp(
  "\\b(?:lost|los(?:e|ing)|again|back\\s+on|resumed?|restart\\w*|brief\\w*|transient\\w*|intermittent\\w*|" +
    "momentar\\w*|sustain\\w*|unlikely|doubt\\w*|goal|hope\\w*|cpr|compressions?|pulseless|no\\s+pulses?|arrest\\w*|" +
    "cod(?:e|ed|ing)|flat\\s*line\\w*|asystol\\w*|pea|v[\\s-]?fib\\w*|vf|v[\\s-]?tach\\w*|vt|died|dead|x\\s*\\d+\\s*s)\\b",
  "i",
);

/** A pulse or a heart rate of 60 or more ("hr 130"): below it a child's CPR may be due (TP 1210-P). */
const RATE = /\b(?:hr|pulse|heart\s*rate)\s*(?:of\s*|is\s*|[:=]\s*)?(?:[6-9]\d|[1-2]\d\d)(?!\d)/i;

/**
 * Whether the arrest `notFeared` had blanked (FEARED_ARREST) was only feared: nothing else in the message speaks of a
 * pulse, a rhythm or a resuscitation, or a pulse or a pressure is said and the heart never said stopped. "respiratory
 * arrest" and "near arrest, in shock" had been offered amiodarone 300 mg and epinephrine 1 mg (TP 1210 is for the
 * pulseless); "resp arrest, no palpable carotid" keeps the arrest's list (Stop 58's third read, H1).
 */
function onlyFeared(notFeared: string): boolean {
  if (!CIRCULATION_WORD.test(notFeared)) return true;
  return (PERFUSING.test(notFeared) || RATE.test(notFeared)) && !heartStoppedSaid(notFeared);
}

/**
 * ROSC said and a pulse or a pressure after it, and nothing after it that the ROSC was lost, brief or not had ("cpr
 * until rosc at 1412, bp 70/40"): the arrest's drugs are not the patient's (amiodarone 300 mg had been listed). A ROSC
 * asked, aimed at, doubted or lost again keeps them (Stop 58's gate reads: "pea arrest, rosc? what meds", "asystole,
 * what do i give to get rosc", "rosc, then lost it" had lost epinephrine).
 */
function arrestFirmlyOver(text: string): boolean {
  const end = arrestOver(text) ? roscEnd(text) : undefined;
  if (end === undefined) return false;
  const after = text.slice(end);
  return PERFUSING.test(after) && !NOT_FIRMLY_OVER.test(after);
}

/**
 * "possible crush hyperkalemia", "crush hyperkalemia?": the same rule as the indication finder's (crushDoubted),
 * so a presentation questioned never gives a child TP 1242-P's crush doses.
 */
function crushDoubted(indication: string, text: string): string {
  return indication === "crush-hyperkalemia" && saidInDoubt(text, CRUSH_HYPERKALEMIA)
    ? "hyperkalemia"
    : indication;
}
