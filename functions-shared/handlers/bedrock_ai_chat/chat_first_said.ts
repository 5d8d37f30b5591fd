/**
 * Which of several named things a text says first, with no I/O: the indication a message names (chat_indications.ts,
 * chat_indication_rules.ts) and the cause that outranks a mechanism (chat_mechanism_outranked.ts) read it alike.
 * Kept apart from chat_indication_patterns.ts so those readers import it without an import circle.
 */

/** The id of the one of `named` said first in `text` (the longer phrase where two start at the same place). */
export function firstSaid<T extends { readonly id: string }>(
  named: readonly T[],
  text: string,
  patternsOf: (i: T) => readonly RegExp[],
): string | undefined {
  let best: { at: number; length: number; id: string } | undefined;
  for (const one of named) {
    for (const pattern of patternsOf(one)) {
      const m = pattern.exec(text);
      if (m && (!best || m.index < best.at || m.index === best.at && m[0].length > best.length)) {
        best = { at: m.index, length: m[0].length, id: one.id };
      }
    }
  }
  return best?.id;
}
