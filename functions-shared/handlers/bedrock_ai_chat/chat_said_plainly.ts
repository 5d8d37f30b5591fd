/**
 * Whether a module's words are said plainly in a message, with no I/O: every place its pattern matches, and whether
 * any one of them stands neither denied nor doubted. Five modules had kept their own copy of this (a hand-written
 * denial before the match, the first match only, a 24-character window), so a denial rule fixed in one stayed
 * broken in the others: "no shock earlier, now hypotensive" read only "no shock" and found no poor perfusion.
 *
 * A match is denied where chat_denials.ts deniedAt says so (the chat's one reading of "no", "denies", "negative
 * for", "seizure: neg"), or where words a module adds stand beside it in its clause: a module that must also read
 * a doubt ("medical cause unlikely", "likely medical? no": chat_medical_arrest.ts) or a denial deniedAt leaves
 * said ("didn't hit head": chat_head_injury_opioids.ts) passes them as DoubtWords.
 */
import { deniedAt } from "./chat_denials.ts";
import { everyMatch } from "./chat_every_match.ts";
import { clauseStart } from "./chat_seizure_ends.ts";

/** A module's own denial or doubt words, beside deniedAt's. */
export interface DoubtWords {
  /** Tested on the match's clause up to the match (so it ends with `$`): "not a", "doubt", "didn't hit". */
  readonly before?: RegExp;
  /** Tested on all the text after the match (so it starts with `^`): "unlikely", "? no", "ruled out". */
  readonly after?: RegExp;
}

/** True when the words at text[at, end) are denied (deniedAt) or denied or doubted by `doubt`. */
export function deniedOrDoubted(text: string, at: number, end: number, doubt: DoubtWords = {}): boolean {
  return deniedAt(text, at, end) ||
    (doubt.before?.test(text.slice(clauseStart(text, at), at)) ?? false) ||
    (doubt.after?.test(text.slice(end)) ?? false);
}

/** The first words of `pattern` said plainly in `text` (any match neither denied nor doubted), or undefined. */
export function plainWords(text: string, pattern: RegExp, doubt?: DoubtWords): string | undefined {
  return everyMatch(pattern, text).find((m) => !deniedOrDoubted(text, m.index, m.index + m[0].length, doubt))
    ?.[0];
}

/** True when `pattern` finds words in `text` that no denial or doubt stands beside. */
export function saidPlainly(text: string, pattern: RegExp, doubt?: DoubtWords): boolean {
  return plainWords(text, pattern, doubt) !== undefined;
}
