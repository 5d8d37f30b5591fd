/**
 * From what the medic describes to what the dosing engine can answer, with no I/O and no hand list of
 * questions: a presentation ("adult with chest pain, what do I give?") → the medications the formulary
 * lists for that indication. Questions about shocks are chat_shock_kinds.ts's.
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { blankMatch, wordPattern } from "./chat_names.ts";
import { indicationPhrases } from "./chat_indication_patterns.ts";
import { readDenials, saidInDoubt } from "./chat_denials.ts";
import { arrestOver } from "./chat_rosc.ts";
import { circulationAfter, circulationSaid, lostIn } from "./chat_circulation_now.ts";

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

/** The question asks what to give, not only what the protocol says. */
const ASKS_FOR_TREATMENT =
  /\b(?:doses?|dosing|dosage|how much|give|giving|meds?|medications?|drugs?|treat|treatment|mg|mcg|what (?:do|can|should|would) (?:i|we))\b/i;

/**
 * The medications the formulary lists for the presentations named in `text`, those mainly for it
 * first (aspirin before fentanyl for chest pain), at most `limit`; none unless a treatment is asked for. `newer`: a
 * newer message of this patient's, whose word of the arrest or its end is the state now.
 */
export function medicationsForPresentation(text: string, limit: number, newer?: string): Presented[] {
  if (!ASKS_FOR_TREATMENT.test(text)) return [];
  // A presentation named only in a denial ("no chest pain, what do I give?") is none (chat_denials.ts).
  let rest = readDenials(text, DENIABLE).text;
  const matched = new Map<string, { at: number; phrase: string }>(); // longest phrase wins its span
  for (const entry of PRESENTATIONS) {
    const m = entry.pattern.exec(rest);
    if (!m) continue;
    matched.set(entry.phrase, { at: m.index, phrase: entry.phrase });
    rest = blankMatch(rest, m);
  }
  const byDrug = new Map<string, PresentationEntry & { at: number }>();
  const over = newer === undefined
    ? arrestEnded(text, matched)
    : stateNow(newer) ?? arrestEnded(text, matched);
  for (const entry of PRESENTATIONS) {
    const hit = matched.get(entry.phrase);
    if (!hit || (over && entry.indication === CARDIAC_ARREST)) continue;
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

const CARDIAC_ARREST = "cardiac-arrest";
/** The arrest's phrases, to find where its name ends. */
const ARREST_PHRASES = new Set(
  PRESENTATIONS.filter((e) => e.indication === CARDIAC_ARREST).map((e) => e.phrase),
);

/**
 * The arrest named, then over in the same message: ROSC said after it, or a sign of circulation after a word of change
 * ("vf arrest, rosc, bp 70/40, what doses?" had listed amiodarone 300 mg and epinephrine 1 mg for the arrest: Stop 60's
 * reads; TP 1210 step 18 treats a low pressure after ROSC, MCG 1317.5 gives amiodarone to the pulseless only).
 */
function arrestEnded(text: string, matched: ReadonlyMap<string, { at: number; phrase: string }>): boolean {
  const ends = [...matched.values()].filter((m) => ARREST_PHRASES.has(m.phrase)).map((m) =>
    m.at + m.phrase.length
  );
  if (!ends.length) return false;
  return roscSure(text) || circulationAfter(text, Math.max(...ends)) !== undefined;
}

/** ROSC asked, doubted, awaited, aimed at or taken back ("rosc?", "possible rosc", "goal rosc", "scratch the rosc"). */
const ROSC_UNSURE = new RegExp(
  "(?<![\\w'’-])(?:(?:possible|possibly|maybe|questionable|probable|hoping\\s+for|wait\\w*\\s+(?:for|on)|until|till|" +
    "scratch|cancel|ignore|disregard|strike|goal|target|aim\\w*\\s+for|working\\s+(?:on|towards?)|need|want|for|" +
    "close\\s+to|almost|near(?:ly)?|" +
    "(?:hop\\w*|working|chasing|expect\\w*|trying)(?:\\s+(?:to|for))?(?:\\s+(?:get|achieve|obtain))?)\\s+" +
    "(?:the\\s+|that\\s+|a\\s+)?rosc|rosc\\s*\\?|rosc\\s+(?:is\\s+)?(?:the\\s+)?goal)",
  "i",
);
/** ROSC said after the arrest with no doubt beside it (Stop 61's read T: "rosc?", "wait for rosc" had dropped its drugs). */
const roscSure = (text: string): boolean => arrestOver(text) && !ROSC_UNSURE.test(text);

/**
 * A newer message's word of the arrest's end (true: ROSC with no loss after it, a sign of circulation) or of the heart
 * stopped (false: "rosc briefly then lost", "back in arrest"), or undefined where it says neither.
 */
function stateNow(newer: string): boolean | undefined {
  if (roscSure(newer)) return true;
  if (lostIn(newer)) return false;
  return circulationSaid(newer) !== undefined ? true : undefined;
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
