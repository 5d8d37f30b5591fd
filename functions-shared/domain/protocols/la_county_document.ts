/**
 * One LA County document (markdown converted from the county's PDF) → a knowledge-base document:
 * reference number from the header ("REFERENCE NO. 1309", "Ref. No. 1221", "Ref. No. 1317.22"), the
 * file name as fallback; title, revision date, type; the repeated page headers removed; sections.
 * Returns a reason instead when the file cannot be a document of its own.
 */
import { categoryOf } from "./categories.ts";
import { canonicalNumber } from "./reference.ts";
import { splitSections } from "./sections.ts";
import { titleCase } from "./title.ts";
import type { DocumentType, KnowledgeDocument } from "./types.ts";

export type ParseOutcome =
  | { readonly ok: true; readonly document: KnowledgeDocument }
  | { readonly ok: false; readonly reason: string };

const REF_NUMBER = String.raw`(\d{3,4}(?:\.\d{1,2}[a-zA-Z]?)?(?:\s*-\s*P\b)?)`;
const HEADER_REF = new RegExp(String.raw`(?:REFERENCE|Ref\.?)\s*NO\.?\s*:?\s*${REF_NUMBER}`, "i");
const PAGE_LINE = /PAGE\s+\d+\s+OF\s+\d+/i;
const MIN_LETTERS = 40;
const MAX_TITLE = 160;
/** More distinct numbers than this in page headers: a bound compilation of other documents. */
const MAX_NUMBERS_IN_ONE_FILE = 3;

export function parseLaCountyDocument(
  fileName: string,
  markdown: string,
  sourceUrl: string | null = null,
): ParseOutcome {
  const lines = plainText(markdown).split("\n")
    .filter((line, i) => !(i === 0 && line.startsWith("# ")) && !/^# Page \d+\s*$/.test(line));
  const head = lines.slice(0, 45).join("\n");

  const headerNumber = HEADER_REF.exec(head)?.[1];
  const protocolNumber = canonicalNumber(headerNumber?.replace(/\s+/g, "") ?? "") ??
    numberFromFileName(fileName);
  if (!protocolNumber) return { ok: false, reason: "no reference number in the header or the file name" };

  const { body, numbersInHeaders } = cleanBody(lines);
  if (numbersInHeaders.size > MAX_NUMBERS_IN_ONE_FILE) {
    return {
      ok: false,
      reason: `a compilation of ${numbersInHeaders.size} reference numbers (each is imported on its own)`,
    };
  }

  const changeLog = /changelog/i.test(fileName) || /^\s*CHANGE LOG\s*$/m.test(head);
  const documentType = typeOf(protocolNumber, head, changeLog);
  const printedTitle = titleFromHeader(head) ?? titleFromFileName(fileName);
  const title = changeLog ? `Change Log – ${printedTitle}` : printedTitle;
  if (body.replace(/[^A-Za-z]/g, "").length < MIN_LETTERS) {
    return { ok: false, reason: "no usable text (an image-only page or an empty form)" };
  }
  return {
    ok: true,
    document: {
      key: changeLog ? `${protocolNumber}#change-log` : protocolNumber,
      protocolNumber,
      title,
      documentType,
      category: categoryOf(protocolNumber),
      revisedDate: revisedDate(head),
      sourceFile: fileName,
      sourceUrl,
      keywords: [],
      sections: splitSections(body),
    },
  };
}

/** Line breaks normalised; control characters (NUL from PDF conversion) and no-break spaces removed. */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ")
    // deno-lint-ignore no-control-regex -- removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/** "1040387_1210CardiacArrest2018-05-30.md" → "1210"; "1163174_ChangeLog1210-PCardiacArrest.md" → "1210-P". */
export function numberFromFileName(fileName: string): string | null {
  const stem = fileName.replace(/\.md$/i, "").replace(/^(?:cms1_)?\d+_/, "");
  const m =
    /^(?:ChangeLog)?(?:MCG)?(?:Ref(?:erence)?\.?(?:No\.?)?)?\s*(\d{3,4}(?:[._]\d{1,2}(?:[a-z](?![a-z]))?)?(?:-P)?)(?!\d)/
      .exec(stem);
  // Years ("2014EMSAnnualDataReport") are not reference numbers.
  if (!m || /^(19|20)\d\d$/.test(m[1])) return null;
  return canonicalNumber(m[1].replace("_", "."));
}

function typeOf(protocolNumber: string, head: string, changeLog: boolean): DocumentType {
  if (changeLog) return "change_log";
  const base = Number(/^\d+/.exec(protocolNumber)![0]);
  if (/^1317\.\d/.test(protocolNumber)) return "drug_reference";
  if (/Treatment Protocol\s*:/i.test(head) || (base >= 1200 && base < 1300)) return "treatment_protocol";
  if (/Medical Control Guideline\s*:/i.test(head) || (base >= 1300 && base < 1400)) {
    return "medical_control_guideline";
  }
  if (/SUBJECT\s*:/i.test(head) || /department\s+of\s+health\s+services/i.test(head)) return "policy";
  return "other";
}

const FIELD_LINE =
  /^\s*(?:PURPOSE|DEFINITIONS?|PRINCIPLES|POLICY|EFFECTIVE|REVISED|PAGE|SUPERSEDES|APPROVED|AUTHORITY)\b/i;

function titleFromHeader(head: string): string | null {
  const lines = head.split("\n");
  // "Treatment Protocol: CARDIAC ARREST Ref. No. 1210", or a title that wraps onto the next line.
  const typedAt = lines.findIndex((l) => /(?:Treatment Protocol|Medical Control Guideline)\s*:/i.test(l));
  if (typedAt >= 0) {
    let title = lines[typedAt].replace(/^.*?(?:Treatment Protocol|Medical Control Guideline)\s*:/i, "");
    const refOnLine = HEADER_REF.test(title);
    title = title.replace(new RegExp(HEADER_REF.source + "[\\s\\S]*$", "i"), "");
    const next = lines[typedAt + 1] ?? "";
    if (!refOnLine && next.trim() && !/[a-z]/.test(next) && !FIELD_LINE.test(next)) title += ` ${next}`;
    if (/[A-Za-z]{3}/.test(title)) return clean(title);
  }
  // "SUBJECT: MANAGEMENT OF MULTIPLE   REFERENCE NO. 519\n  CASUALTY INCIDENTS\n\n"
  const subject =
    /SUBJECT\s*:\s*([\s\S]*?)\n\s*(?:\n|(?:EFFECTIVE|REVISED|PAGE|PURPOSE|APPROVED|SUPERSEDES)\b)/i
      .exec(head);
  if (subject && /[A-Za-z]{3}/.test(subject[1].replace(HEADER_REF, ""))) return clean(subject[1]);
  // "POLICY REVIEW – COMMITTEE ASSIGNMENT  REFERENCE NO. 202.1"
  const refLine = lines.find((l) => HEADER_REF.test(l));
  const before = refLine?.slice(0, refLine.search(HEADER_REF)).replace(
    /county\s+of\s+los\s+angeles|department\s+of\s+health\s+services/i,
    "",
  );
  if (before && /[A-Za-z]{3}/.test(before)) return clean(before);
  return null;
}

function clean(raw: string): string {
  const text = raw
    .replace(new RegExp(HEADER_REF.source, "gi"), " ")
    .replace(/\((?:EMT|PARAMEDIC|MICN|RN|ALS|BLS)(?:\s*[,/]\s*[A-Z-]+)*\s*\)/g, " ")
    .replace(/[\u2460-\u24ff\u2776-\u2793_]+/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s:–-]+|[\s:–-]+$/g, "")
    .trim();
  // A subject that runs into the body text is cut at a word, well before the database's 300 chars.
  const short = text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE).replace(/\s+\S*$/, "")} …` : text;
  return titleCase(short);
}

/** "1040395_1214PulmonaryEdema2018-04-25.md" → "Pulmonary Edema". */
function titleFromFileName(fileName: string): string {
  const stem = fileName.replace(/\.md$/i, "").replace(/^(?:cms1_)?\d+_/, "")
    .replace(
      /^(?:ChangeLog)?(?:MCG)?(?:Ref(?:erence)?\.?(?:No\.?)?)?\s*\d{3,4}(?:[._]\d{1,2}(?:[a-z](?![a-z]))?)?(?:-P)?/,
      "",
    )
    .replace(/\d{2,4}[-_]\d{2}[-_]\d{2,4}.*$|\d{6,}.*$/, "");
  const words = stem.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim();
  return words || fileName.replace(/\.md$/i, "");
}

function revisedDate(head: string): string | null {
  const m = /REVISED(?:\s*\(PDF\))?\s*:?\s*(\d{1,2})[-/](\d{1,2})[-/](\d{2,4})/i.exec(head) ??
    /EFFECTIVE(?:\s*DATE)?\s*:?\s*(\d{1,2})[-/](\d{1,2})[-/](\d{2,4})/i.exec(head);
  if (!m) return null;
  const [month, day] = [Number(m[1]), Number(m[2])];
  let year = Number(m[3]);
  if (year < 100) year += year > 60 ? 1900 : 2000;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The body without the block the county repeats on every page (department, subject or protocol
 * line, reference number, dates, page count, approval lines), with whitespace tidied; and the
 * reference numbers those page blocks carry.
 */
function cleanBody(lines: readonly string[]): { body: string; numbersInHeaders: Set<string> } {
  const out: string[] = [];
  const numbersInHeaders = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const department = /^\s*department\s+of\s+health\s+services/i.test(lines[i]);
    // Later pages often repeat only the subject or protocol line, the number and the page count.
    const repeated = !department &&
      /^\s*(?:SUBJECT\s*:|(?:Treatment Protocol|Medical Control Guideline)\s*:)/i.test(lines[i]) &&
      lines.slice(i, i + 10).some((l) => PAGE_LINE.test(l));
    if (department || repeated) {
      const end = lines.slice(i, i + 18).findIndex((l) => PAGE_LINE.test(l));
      const refEnd = lines.slice(i, i + 10).findIndex((l) => HEADER_REF.test(l));
      const skipTo = end >= 0 ? i + end : refEnd >= 0 ? i + refEnd : i;
      const ref = HEADER_REF.exec(lines.slice(i, skipTo + 1).join("\n"))?.[1];
      const number = ref ? canonicalNumber(ref.replace(/\s+/g, "")) : null;
      if (number) numbersInHeaders.add(number);
      i = skipTo;
      while (
        i + 1 < lines.length &&
        /^\s*$|^\s*(REVISED|SUPERSEDES|EFFECTIVE)\b|^\s*APPROVED\s*:|Director,\s*EMS Agency/i.test(
          lines[i + 1],
        )
      ) i++;
      continue;
    }
    out.push(lines[i].replace(/[ \t]+/g, " ").trim());
  }
  return { body: out.join("\n").replace(/\n{3,}/g, "\n\n").trim(), numbersInHeaders };
}
