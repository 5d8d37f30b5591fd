/**
 * Every place a pattern matches a text, with no I/O. The chat reads the same patterns in every message of every
 * turn, so each pattern's global twin is made once here (a pattern written without the "g" flag cannot be passed to
 * matchAll, and a new RegExp per call was rebuilt for every message). One cache for the modules that read every match
 * (chat_denials.ts, chat_said_plainly.ts, chat_contraindications.ts).
 */

const GLOBAL = new WeakMap<RegExp, RegExp>();

/** `pattern` with the global flag, made once; never the pattern itself, so no caller's lastIndex is shared. */
function globalOf(pattern: RegExp): RegExp {
  let global = GLOBAL.get(pattern);
  if (!global) GLOBAL.set(pattern, global = new RegExp(pattern.source, pattern.flags.replace("g", "") + "g"));
  return global;
}

/** Every match of `pattern` in `text`, in order, whatever flags the pattern was written with. */
export function everyMatch(pattern: RegExp, text: string): RegExpExecArray[] {
  // matchAll reads a copy of the global twin, whose lastIndex is never moved: the cache holds no state.
  return [...text.matchAll(globalOf(pattern))];
}
