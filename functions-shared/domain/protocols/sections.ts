/**
 * Splits a document body into sections that keep their heading: a search hit then points at the part
 * of a long document that matched (and the chat quotes that part, not 40 pages). Headings are the
 * county's all-capitals lines ("SPECIAL CONSIDERATIONS", "V-FIB/PULSELESS V-TACH:", "I. PURPOSE");
 * long stretches are cut at paragraph breaks near TARGET_CHARS.
 */
import type { KnowledgeSection } from "./types.ts";
import { titleCase } from "./title.ts";

export const TARGET_CHARS = 1400;
const MAX_CHARS = 2400;

/** An all-capitals line of a few words (optionally numbered "I." / "A."), not a dose or a list item. */
export function isHeading(line: string): boolean {
  const text = line.trim();
  if (text.length < 4 || text.length > 70) return false;
  const letters = text.replace(/[^A-Za-z]/g, "");
  if (letters.length < 4) return false;
  const upper = letters.replace(/[^A-Z]/g, "").length;
  if (upper / letters.length < 0.85) return false;
  if (/^\d+\.\s/.test(text)) return false; // numbered treatment steps
  if (/\d\s*(mg|mcg|ml|kg|j)\b/i.test(text)) return false;
  return !/^(DEPARTMENT|COUNTY|REVISED|EFFECTIVE|SUPERSEDES|APPROVED|PAGE)\b/.test(text);
}

function headingText(line: string): string {
  return titleCase(line.trim().replace(/[:\s]+$/, ""));
}

/** Body text → sections; the first one is "Overview" until a heading appears. */
export function splitSections(body: string, firstHeading = "Overview"): KnowledgeSection[] {
  const sections: KnowledgeSection[] = [];
  let heading = firstHeading;
  let paragraphs: string[] = [];
  let size = 0;

  const flush = () => {
    const content = paragraphs.join("\n\n").trim();
    if (content) sections.push({ heading, content });
    paragraphs = [];
    size = 0;
  };

  for (const paragraph of body.split(/\n\s*\n/)) {
    const lines = paragraph.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    // A heading may open a paragraph: "SPECIAL CONSIDERATIONS\n❶ Patients may …".
    if (isHeading(lines[0])) {
      flush();
      heading = headingText(lines[0]);
      lines.shift();
      if (lines.length === 0) continue;
    }
    const text = lines.map((l) => l.trim()).join("\n");
    if (size > 0 && size + text.length > TARGET_CHARS) flush();
    for (const piece of cut(text)) {
      paragraphs.push(piece);
      size += piece.length;
      if (size >= MAX_CHARS) flush();
    }
  }
  flush();
  return sections;
}

/** A single paragraph longer than MAX_CHARS (tables, run-on text) → pieces at line breaks. */
function cut(text: string): string[] {
  if (text.length <= MAX_CHARS) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (current.length + line.length > TARGET_CHARS && current) {
      pieces.push(current);
      current = "";
    }
    current += (current ? "\n" : "") + line;
    while (current.length > MAX_CHARS) {
      pieces.push(current.slice(0, TARGET_CHARS));
      current = current.slice(TARGET_CHARS);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
