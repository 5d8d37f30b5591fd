/**
 * Clinical opposites: prefixes naming the two ends of one measure, too much / too little (hyper-, hypo-)
 * and too fast / too slow (tachy-, brady-). Hypertension and hypotension are two edits apart, so the fuzzy
 * match (term_dictionary.ts) and the spelling corrector (spelling.ts) would read either as the other; to a
 * medic that is not a near miss but the opposite condition, treated the opposite way ("hypertension" put TP
 * 1207 Shock / Hypotension second; "hyponatremia", which the corpus lacks, was corrected to
 * "hypernatremia"). So a word that begins with one prefix of a pair is never read as a word that begins
 * with the other: not among a term's fuzzy neighbours (taken at build time), not in the trie walk of a
 * typed word the corpus lacks, not as a correction.
 *
 * Only the prefixes are compared, never the rest of the words: hyper- and hypo- are two edits apart, so
 * every pair the fuzzy match could join (two edits at most) has the same rest, and the corrector's third
 * edit (ten letters or more) is a typo in the rest ("hypotenion" ~ "hypertension"); a plural, -ic for -ia
 * or a typo is still the same end. It also catches "hyperoxia" ~ "hypoxia" (the o shared by hypo- and
 * -oxia), which a same-rest rule would miss. Tachy- and brady- are four edits apart and join nothing
 * today; they are here so that a longer edit budget cannot join them either.
 *
 * Considered and left out (the fuzzy pairs of the LA County index, scripts/kb/word_collisions.ts): a
 * negation against the bare word (unresponsive ~ responsive, unstable ~ stable, inadequate ~ adequate,
 * irregular ~ regular, abnormal ~ normal, asymptomatic ~ symptomatic, decompensation ~ compensation,
 * dehydration ~ hydration): one side is the normal state or a qualifier, with no protocol of its own,
 * and the corpus also negates with words ("not responsive"); as prefixes against nothing they would also
 * part infusion ~ fusion, atrial ~ trial. Directions, phases, procedures and places (increased ~
 * decreased, inhalation ~ exhalation, intubation ~ extubation, internal ~ external, intracranial ~
 * extracranial): not clinical states; the state is in the word they qualify, matched as typed.
 */
export const OPPOSITE_PREFIXES: readonly (readonly [string, string])[] = [
  ["hyper", "hypo"],
  ["tachy", "brady"],
];

/** Whether the two words begin with the two prefixes of one pair, either way round. */
export function opposite(a: string, b: string): boolean {
  for (const [x, y] of OPPOSITE_PREFIXES) {
    if ((a.startsWith(x) && b.startsWith(y)) || (a.startsWith(y) && b.startsWith(x))) return true;
  }
  return false;
}
