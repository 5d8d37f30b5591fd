/**
 * A poisoning's own antidote asked right after it, with no I/O: "ccb overdose calcium chloride", "tca od bicarb".
 * The drug after the overdose word there is the treatment asked, not what the patient took: TP 1241 step 15 (child:
 * TP 1241-P step 13) gives calcium chloride for a calcium-channel or beta-blocker overdose and sodium bicarbonate for
 * a tricyclic overdose, on a base order. Medical director's sixteenth read, H7: "60yo ccb overdose calcium chloride"
 * had withheld the dose and said the patient overdosed on calcium chloride. Naloxone (TP 1241 step 4) is never read
 * as the drug taken (chat_own_drugs.ts), so it needs no row here.
 */
import { DRUGS_BY_INDICATION } from "./chat_overdose_words.ts";

/** Each poisoning's TP 1241 antidote (formulary ids), by the indication's id. */
const ANTIDOTE_OF: Readonly<Record<string, string>> = {
  "calcium-channel-blocker-overdose": "calcium-chloride",
  "tricyclic-overdose": "sodium-bicarbonate",
};
/** The drug classes a medic names the poisoning by; the single drugs come from chat_overdose_words.ts. */
const CLASSES: Readonly<Record<string, string>> = {
  "calcium-channel-blocker-overdose":
    "ccbs?|calcium[\\s-]*channel[\\s-]*blockers?|beta[\\s-]*blockers?|b[\\s-]*blockers?",
  "tricyclic-overdose": "tcas?|tricyclics?|tricyclic\\s+antidepressants?",
};
/** Each poisoning as a medic names it, ending the text before the overdose word, and the id of its antidote. */
const ANTIDOTES: readonly { readonly poison: RegExp; readonly antidote: string }[] = Object.entries(
  ANTIDOTE_OF,
)
  .map(([indication, antidote]) => ({
    poison: new RegExp(
      `(?<![\\w-])(?:${CLASSES[indication]}|${DRUGS_BY_INDICATION[indication].join("|")})\\s*$`,
      "i",
    ),
    antidote,
  }));

/** The overdose word itself, with nothing else, between the poisoning and the drug ("overdose ", "od "). */
const OVERDOSE_WORD_ONLY = /^(?:od|o\.d\.?|overdos\w*|ingest\w*)\s+$/i;

/**
 * Whether the drug `id`, after `between` (the overdose word that reads it as taken), is the antidote of the
 * poisoning `before` ends with ("ccb " before "overdose calcium chloride"): then it is the dose asked.
 */
export function isAntidoteAsked(before: string, between: string, id: string): boolean {
  if (!OVERDOSE_WORD_ONLY.test(between)) return false;
  return ANTIDOTES.some((a) => a.antidote === id && a.poison.test(before));
}
