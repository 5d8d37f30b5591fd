/**
 * The formulary's medication names as a medic's words, with no I/O: whole-word patterns for each id, name
 * and alias, the medications a text names, and one pattern that matches any of them (for the readers that
 * look at what stands next to a drug: counts, series of doses, routes).
 */
import { listMedications } from "../../domain/dosing/mod.ts";
import { CHAT_NAMES } from "./chat_fluid_names.ts";

/**
 * A message's clauses, each with the mark that ends it ("versed given?" keeps its "?": a question); a decimal point
 * ends none ("0.5 epi"). Joined again they are the message.
 */
export const clausesWithMarks = (text: string): string[] => text.split(/(?<=[,;!?\n]|\.(?!\d))/);

/** A clause as written, without the marks that end it. */
export const withoutMarks = (clause: string): string => clause.replace(/[,;!?\n.]+$/, "").trim();

/**
 * A vital sign's or score's name as a medic writes it ("bp", "b/p", "hr", "spo2", "gcs", "pain", "etco2"): the number
 * after it is that reading, never a count or an amount (a regular-expression source, no groups).
 */
export const VITAL_NAME =
  "(?:bp|b\\/p|sbp|dbp|map|hr|pr|pulse|rate|rr|resp|spo2|sp02|sao2|o2|sats?|gcs|pain|bgl|cbg|glucose|temp|etco2|co2|" +
  "score)";

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A whole-word, case-insensitive pattern; hyphens and spaces in a name match either. */
export function wordPattern(name: string): RegExp {
  const body = escapeRegExp(name.trim()).replace(/(?:\\-|\s)+/g, "[\\s-]*");
  return new RegExp(`(?<![\\w-])${body}(?![\\w-])`, "i");
}

/** `text` with every match of the global `pattern` replaced by spaces, so later readers' positions still hold. */
export const blankAll = (text: string, pattern: RegExp): string =>
  text.replace(pattern, (m) => " ".repeat(m.length));

/** `text` with `match` replaced by spaces: what a longer phrase covered is not found again inside it. */
export function blankMatch(text: string, match: RegExpExecArray | RegExpMatchArray): string {
  const at = match.index ?? 0;
  return text.slice(0, at) + " ".repeat(match[0].length) + text.slice(at + match[0].length);
}

interface NameEntry {
  readonly pattern: RegExp;
  /** The name as written (its length orders the entries). */
  readonly name: string;
  /** A regular-expression source for it, no groups. */
  readonly source: string;
  /** The formulary name asked of the dosing engine when it is found. */
  readonly mention: string;
  readonly medicationId: string;
}

/** Aliases too common in conversation to mean the drug ("blood glucose 40" is not oral glucose). */
const TOO_GENERIC = new Set(["glucose"]);

/** Every id, name and alias of the formulary, longest first (so "push dose epinephrine" beats "epi"). */
const NAMES: readonly NameEntry[] = (() => {
  const entries: NameEntry[] = [];
  for (const med of listMedications()) {
    for (const name of new Set([med.id, med.name, ...med.aliases])) {
      if (name.replace(/[^a-z0-9]/gi, "").length < 3 || TOO_GENERIC.has(name.toLowerCase())) continue;
      const source = escapeRegExp(name).replace(/(?:\\-|\s)+/g, "[\\s-]*");
      entries.push({ pattern: wordPattern(name), name, source, mention: name, medicationId: med.id });
    }
  }
  // The chat's own short names, read only where they name the drug ("ns bolus", "fluids?", "lido": chat_fluid_names.ts).
  for (const n of CHAT_NAMES) {
    entries.push({ pattern: new RegExp(n.source, "i"), name: n.word, ...n });
  }
  return entries.sort((a, b) => b.name.length - a.name.length);
})();

/** A medication's name or alias (any in the formulary), longest first: a regular-expression source. */
export const DRUG_NAME = `(?:${NAMES.map((n) => n.source).join("|")})`;

/** Medications named in `text`, in order of first mention: the formulary name matched, its id, where. */
export function findMedications(text: string): { id: string; mention: string; at: number }[] {
  const found: { id: string; mention: string; at: number }[] = [];
  let rest = text;
  for (const entry of NAMES) {
    const match = entry.pattern.exec(rest);
    if (!match) continue;
    if (!found.some((f) => f.id === entry.medicationId)) {
      found.push({ id: entry.medicationId, mention: entry.mention, at: match.index });
    }
    // Blank the match so a shorter alias inside it ("epi" in "push dose epi") is not found again.
    rest = blankMatch(rest, match);
  }
  return found.sort((a, b) => a.at - b.at);
}
