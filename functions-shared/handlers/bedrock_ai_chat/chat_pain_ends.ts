/**
 * Where a medic's message says a condition has resolved ("cp resolved", "chest pain gone", "pain free now"), with
 * no I/O. Nitroglycerin is for chest pain now (TP 1211 step 6, "prn"): chest pain that has resolved is no
 * indication, and reading its name alone dosed it (medical director's fifth read, Medium 5). chat_denials.ts reads
 * a condition's name followed by these words as resolved, unless the condition is said to be back later in the
 * sentence ("cp resolved then came back") or named again after ("cp resolved, now chest pain again"); a seizure's
 * ends are chat_seizure_ends.ts's. A resolution over-read only asks the medic; one missed doses what has ended.
 */

const GAP = "[^\\S\\n]+";
/** Words that may stand between the name and the end ("cp has completely resolved", "chest pain: gone now"). */
const FILLER = "has|have|had|is|was|now|since|then|completely|fully|totally|all|just|finally|entirely";
/** The end itself: never "unresolved", "partially relieved" (a word between) or "not gone" (a negation between). */
const END =
  "resolved|resolving|gone|went[^\\S\\n]+away|subsided|abated|dissipated|relieved|free|0[^\\S\\n]*\\/[^\\S\\n]*10";
/** Sticky at a name's end: the words that say it resolved. */
const RESOLVED_AFTER = new RegExp(
  `(?:[^\\S\\n]*[:=–—-])?(?:${GAP}|-)(?:(?:${FILLER})${GAP}){0,3}(?:${END})(?![\\w/-])`,
  "iy",
);

/** Words before a bare "pain" that make it another pain ("abd pain resolved", "back pain gone"): none allowed but these. */
const PAIN_OWNER =
  "(?:(?<=(?:^|[^\\w'])(?:the|his|her|their|pt'?s|patient'?s|all|and|but|now|cardiac)[^\\S\\n]+)|" +
  "(?<=(?:^|[,;:.!?(\\n])[^\\S\\n]*))";
/** "pain gone", "pain free now", "pain has resolved", "pain-free": a pain said to have resolved, its kind unnamed. */
const BARE_PAIN_END = new RegExp(
  `${PAIN_OWNER}(?:pain|discomfort)(?=(?:[^\\S\\n]*[:=–—-])?(?:${GAP}|-)(?:(?:${FILLER})${GAP}){0,3}(?:${END})(?![\\w/-]))`,
  "gi",
);

/** Said after the end in its sentence: the pain is back ("cp resolved then came back"; never "back pain"). */
const BACK = new RegExp(
  "(?<![\\w/-])(?:back(?![^\\S\\n]*(?:pain|ache|of|board|to|up)\\b)|returned|returning|returns|recurr\\w*|" +
    "re-?start\\w*|worse|worsening)(?![\\w/-])",
  "i",
);

/** Where the sentence holding `at` ends. */
const sentenceEnd = (text: string, at: number) => {
  const m = /[\n!?]|\.(?!\d)/.exec(text.slice(at));
  return m ? at + m.index : text.length;
};

/** Where the words saying the name at text[.., end) resolved end, or undefined: not said, or said to be back. */
export function resolvedAfter(text: string, end: number): number | undefined {
  RESOLVED_AFTER.lastIndex = end;
  if (!RESOLVED_AFTER.test(text)) return undefined;
  const after = RESOLVED_AFTER.lastIndex;
  return BACK.test(text.slice(after, sentenceEnd(text, after))) ? undefined : after;
}

/** Each bare "pain"/"discomfort" said to have resolved, where "pain" stands (the name of no condition). */
export function painEnds(text: string): { at: number; end: number; quoteEnd: number }[] {
  return [...text.matchAll(BARE_PAIN_END)].flatMap((m) => {
    const end = m.index + m[0].length;
    const quoteEnd = resolvedAfter(text, end);
    return quoteEnd === undefined ? [] : [{ at: m.index, end, quoteEnd }];
  });
}

/**
 * "cp back", "pain is back", "chest pain returned", "pain again", "pain 6/10": the pain said to be back, so a
 * resolution said before (in this message or an older one) no longer holds. "cp" alone names nothing (it may be
 * cerebral palsy), and a bare "pain" is another's when a word owns it ("back pain again" is not the chest pain).
 */
const PAIN_BACK = new RegExp(
  `(?:(?<![\\w/-])(?:cp|c\\/p|chest[^\\S\\n]+(?:pain|pressure|discomfort))|${PAIN_OWNER}(?:pain|discomfort))` +
    "(?:[^\\S\\n]+(?:is|has|now|just|all|then))*[^\\S\\n]+(?:" +
    "back|returned|recurred|recurring|came[^\\S\\n]+back|coming[^\\S\\n]+back|started[^\\S\\n]+again|again|" +
    // A score above nothing is pain now ("pain 6/10 again", "pain now 6/10"); "0/10" is a resolution (END).
    "(?:[1-9]|10)[^\\S\\n]*\\/[^\\S\\n]*10)(?![\\w/-])",
  "gi",
);

/** Each place the pain is said to be back. */
export function painReturns(text: string): { at: number; end: number }[] {
  return [...text.matchAll(PAIN_BACK)].map((m) => ({ at: m.index, end: m.index + m[0].length }));
}
