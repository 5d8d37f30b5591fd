/**
 * A poisoning's own antidote asked right after it, with no I/O: "ccb overdose calcium chloride", "tca od bicarb".
 * The drug after the overdose word there is the treatment asked, not what the patient took: TP 1241 step 15 (child:
 * TP 1241-P step 13) gives calcium chloride for a calcium-channel or beta-blocker overdose and sodium bicarbonate for
 * a tricyclic overdose, on a base order. Medical director's sixteenth read, H7: "60yo ccb overdose calcium chloride"
 * had withheld the dose and said the patient overdosed on calcium chloride. Naloxone (TP 1241 step 4) is never read
 * as the drug taken (chat_own_drugs.ts), so it needs no row here.
 */

/** Each poisoning as a medic names it, and the formulary id of its TP 1241 antidote. */
const ANTIDOTES: readonly { readonly poison: string; readonly antidote: string }[] = [
  {
    poison: "ccbs?|calcium[\\s-]*channel[\\s-]*blockers?|beta[\\s-]*blockers?|b[\\s-]*blockers?|amlodipine|" +
      "verapamil|diltiazem|nifedipine|metoprolol|propranolol|atenolol|carvedilol|labetalol",
    antidote: "calcium-chloride",
  },
  {
    poison:
      "tcas?|tricyclics?|tricyclic\\s+antidepressants?|amitriptyline|elavil|nortriptyline|imipramine|doxepin",
    antidote: "sodium-bicarbonate",
  },
];

/** The overdose word itself, with nothing else, between the poisoning and the drug ("overdose ", "od "). */
const OVERDOSE_WORD_ONLY = /^(?:od|o\.d\.?|overdos\w*|ingest\w*)\s+$/i;

/**
 * Whether the drug `id`, after `between` (the overdose word that reads it as taken), is the antidote of the
 * poisoning `before` ends with ("ccb " before "overdose calcium chloride"): then it is the dose asked.
 */
export function isAntidoteAsked(before: string, between: string, id: string): boolean {
  if (!OVERDOSE_WORD_ONLY.test(between)) return false;
  return ANTIDOTES.some((a) =>
    a.antidote === id && new RegExp(`(?<![\\w-])(?:${a.poison})\\s*$`, "i").test(before)
  );
}
