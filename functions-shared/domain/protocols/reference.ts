/**
 * LA County reference numbers: "1210", "1210-P" (pediatric variant), "1317.17" (drug reference),
 * "519.6a" (policy attachment). One canonical spelling everywhere — the knowledge base, the index,
 * the API — so that "TP 1210p", "ref. 1210 - P" and "1210-p" are the same document.
 */
import type { KnowledgeSection } from "./types.ts";

/** 3–4 digits, an optional dotted part with an optional letter, an optional pediatric suffix. */
export const PROTOCOL_NUMBER = /^\d{3,4}(\.\d{1,2}[a-z]?)?(-P)?$/;

const LOOSE = /^(\d{3,4})(?:\s*\.\s*(\d{1,2})([a-z])?)?(?:\s*-?\s*(p))?$/i;

/** "1210p", "1210 - P", "1317.17", "519.6A" → canonical, or null when it is not a reference number. */
export function canonicalNumber(text: string): string | null {
  const m = LOOSE.exec(text.trim());
  if (!m) return null;
  const [, base, dotted, letter, peds] = m;
  return `${base}${dotted ? `.${dotted}${letter?.toLowerCase() ?? ""}` : ""}${peds ? "-P" : ""}`;
}

export function isPediatricNumber(protocolNumber: string): boolean {
  return protocolNumber.endsWith("-P");
}

/** "1210-P" → "1210"; other numbers unchanged. */
export function adultNumber(protocolNumber: string): string {
  return protocolNumber.replace(/-P$/, "");
}

/** Sort order for numbers: numeric by part ("1317.3" before "1317.17"), adult before pediatric. */
export function compareNumbers(a: string, b: string): number {
  const parts = (n: string) => {
    const m = /^(\d+)(?:\.(\d+)([a-z]?))?(-P)?$/.exec(n);
    return m ? [Number(m[1]), Number(m[2] ?? -1), m[3] ?? "", m[4] ? 1 : 0] as const : [0, 0, n, 0] as const;
  };
  const [a1, a2, a3, a4] = parts(a);
  const [b1, b2, b3, b4] = parts(b);
  return a1 - b1 || a2 - b2 || a3.localeCompare(b3) || a4 - b4;
}

/** Words that announce a reference number in a query or a document ("TP 1210", "Ref. No. 1309"). */
const PREFIX = String.raw`(?:tp|mcg|ref(?:erence)?\.?(?:\s*no\.?)?|policy|protocol|guideline|#)`;
const NUMBER = String.raw`(\d{3,4}(?:\.\d{1,2}[a-z]?)?(?:\s?-\s?p\b|p\b)?)`;
const PREFIXED = new RegExp(String.raw`\b${PREFIX}\s*${NUMBER}`, "gi");
const BARE = new RegExp(
  String.raw`(?<![\w.])${NUMBER}(?![\w.])(?!\s*(?:mg|mcg|kg|g|ml|l|j|mmhg|%|min|sec|units?)\b)`,
  "gi",
);

export interface ReferenceMention {
  readonly number: string;
  /** Announced by TP/MCG/Ref/… rather than a bare number (which may be a dose or a count). */
  readonly prefixed: boolean;
  readonly start: number;
  readonly end: number;
}

/** Reference numbers mentioned in free text, in order of appearance. */
export function findReferences(text: string): ReferenceMention[] {
  const found: ReferenceMention[] = [];
  const taken = (start: number) => found.some((f) => start >= f.start && start < f.end);
  for (const m of text.matchAll(PREFIXED)) {
    const number = canonicalNumber(m[1]);
    if (number) found.push({ number, prefixed: true, start: m.index!, end: m.index! + m[0].length });
  }
  for (const m of text.matchAll(BARE)) {
    const number = canonicalNumber(m[1]);
    if (number && !taken(m.index!)) {
      found.push({ number, prefixed: false, start: m.index!, end: m.index! + m[0].length });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** How many treatment protocols (TP 12xx, adult numbers, its own excepted) a document's text cites. */
export function citedProtocols(protocolNumber: string, sections: readonly KnowledgeSection[]): number {
  const cited = new Set<string>();
  const own = adultNumber(protocolNumber);
  for (const section of sections) {
    for (const { number } of findReferences(section.content)) {
      const adult = adultNumber(number);
      if (/^12\d\d$/.test(adult) && adult !== own) cited.add(adult);
    }
  }
  return cited.size;
}

/** The protocol a reference as people write it names ("1210", "TP 1210", "Ref. 814.2"), or null. */
export function referencedNumber(text: string): string | null {
  return canonicalNumber(text) ?? findReferences(text)[0]?.number ?? null;
}
