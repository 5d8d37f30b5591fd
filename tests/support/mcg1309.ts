/**
 * A reader for the markdown conversion of LA County MCG 1309 (Color Code Drug Doses) in ../shared, so
 * tests can compare the dosing engine with the guideline as printed without the repository holding a
 * copy of it.
 *
 * The conversion flattened the per-weight tables: each weight page prints two table columns side by
 * side, so one text line holds up to two rows ("<name> <dose> <mL> <name> <dose> <mL>"); a long cell
 * wraps onto the next lines ("125-\n140mL"); the weight header is sometimes split one character per
 * line ("1\n3\n \nKg"); and page headers can fall in the middle of a weight's block. The reader
 * therefore works on tokens, not lines: it drops the page headers, finds each weight block by its
 * "Length … cm" line, joins the block's table into one token stream and cuts it into rows wherever a
 * value token (dose) is followed by a second value token (mL).
 *
 * Every parse is checked by the caller against expected counts (see EXPECTED_* below), so a change of
 * layout that confuses the reader fails loudly instead of silently checking fewer rows.
 */

export const MCG_1309_URL = new URL(
  "../../../shared/data/la-county-ems/documents/1179884_1309-ColorCodeDrugDoses.md",
  import.meta.url,
);

/** A printed cell: a number with its unit, a range ("125-140mL"), a count ("1 dose") or a marker. */
export type PrintedValue =
  | { kind: "amount"; value: number; unit: string; upTo?: number }
  | { kind: "count"; value: number; unit: "dose" | "tablet" }
  | { kind: "none" } // "NA" or "-"
  | { kind: "pedidose" }; // the age-based PediDOSE chart applies

export interface PrintedRow {
  /** The row's label as printed, whitespace normalised (e.g. "Midazolam Seizure ≥12mo IN/IM"). */
  readonly label: string;
  readonly dose: PrintedValue;
  readonly volume: PrintedValue;
  /** The raw cells, for messages. */
  readonly raw: { dose: string; volume: string };
}

export interface PrintedWeight {
  readonly weightKg: number;
  /** Upper-case colour as printed (GREY, PINK, …). */
  readonly color: string;
  /** Cardioversion and defibrillation energies, joules, as printed (three shocks each). */
  readonly cardioversionJ: readonly number[];
  readonly defibrillationJ: readonly number[];
  readonly rows: readonly PrintedRow[];
  /** Footnotes printed under the table (e.g. "*4 years or older"), whitespace normalised. */
  readonly footnotes: readonly string[];
}

/** The weights MCG 1309 (07-01-25) prints a page section for, in order. */
export const EXPECTED_WEIGHTS = [
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  22,
  24,
  26,
  28,
  30,
  32,
  34,
  36,
] as const;

/** How many medication rows each weight's table prints (counted by hand from the guideline). */
export const EXPECTED_ROW_COUNTS: Readonly<Record<number, number>> = {
  3: 24,
  4: 24,
  5: 24,
  6: 24,
  7: 24,
  8: 25,
  9: 25,
  10: 25,
  11: 25,
  12: 24,
  13: 24,
  14: 24,
  15: 29,
  16: 29,
  17: 29,
  18: 29,
  19: 28,
  20: 28,
  22: 28,
  24: 28,
  26: 28,
  28: 28,
  30: 28,
  32: 28,
  34: 28,
  36: 28,
};

const PAGE_HEADER = [
  /^SUBJECT: COLOR CODE DRUG DOSES REFERENCE NO\. 1309\s*$/,
  /^REVISED: \d\d-\d\d-\d\d PAGE \d+ OF \d+\s*$/,
];

export async function readMcg1309(): Promise<string> {
  return await Deno.readTextFile(MCG_1309_URL);
}

/** Every weight section of MCG 1309, in document order. */
export function parseMcg1309(text: string): PrintedWeight[] {
  const lines = text.split(/\r?\n/).filter((line) => !PAGE_HEADER.some((re) => re.test(line)));
  const start = lines.findIndex((line) => /^COLOR CODE DRUG DOSES:\s*$/.test(line.trim()));
  const adult = lines.findIndex((line) => /^ADULT\s*$/.test(line.trim()));
  if (start < 0 || adult < 0 || adult < start) throw new Error("MCG 1309: per-weight section not found");
  const section = lines.slice(start + 1, adult);

  const lengthLines = section.flatMap((line, i) => /^Length .* cm/.test(line.trim()) ? [i] : []);
  const weights: PrintedWeight[] = [];
  let blockStart = 0;
  for (let b = 0; b < lengthLines.length; b++) {
    const at = lengthLines[b];
    const nextAt = b + 1 < lengthLines.length ? lengthLines[b + 1] : section.length;
    // The weight header is the text just before "Length": everything since the previous block's
    // footnotes, joined without whitespace ("1", "3", "Kg" → "13Kg").
    const header = section.slice(blockStart, at).map((l) => l.replace(/\s+/g, "")).join("");
    const kg = header.match(/(\d+)Kg$/);
    if (!kg) throw new Error(`MCG 1309: no weight header before line "${section[at].trim()}"`);
    // The block runs to the header of the next weight: find where this block's footnotes end.
    const body = section.slice(at + 1, nextAt);
    const end = lastFootnoteLine(body);
    weights.push(parseBlock(Number(kg[1]), body.slice(0, end + 1)));
    blockStart = at + 1 + end + 1;
  }
  return weights;
}

function lastFootnoteLine(body: string[]): number {
  let last = -1;
  body.forEach((line, i) => {
    if (/^\s*\*/.test(line)) last = i;
  });
  if (last < 0) throw new Error("MCG 1309: a weight block without footnotes");
  return last;
}

function parseBlock(weightKg: number, body: string[]): PrintedWeight {
  const vitals = body.findIndex((line) => /^Normal Vital Signs/.test(line.trim()));
  if (vitals < 0) throw new Error(`MCG 1309 ${weightKg} kg: no vital signs line`);
  const color = body.slice(0, vitals).map((l) => l.replace(/\s+/g, "")).join("");
  if (!/^[A-Z]+$/.test(color)) throw new Error(`MCG 1309 ${weightKg} kg: unreadable colour "${color}"`);

  const joules = (label: string) => {
    const line = body.find((l) => l.trim().startsWith(`${label}:`));
    const values = [...(line ?? "").matchAll(/(\d+) joules/g)].map((m) => Number(m[1]));
    if (values.length !== 3) throw new Error(`MCG 1309 ${weightKg} kg: ${label} not three energies`);
    return values;
  };

  const tableHeader = body.findIndex((line) => /^Medication Dose mLs Medication Dose mLs/.test(line.trim()));
  if (tableHeader < 0) throw new Error(`MCG 1309 ${weightKg} kg: no medication table`);
  const firstFootnote = body.findIndex((line, i) => i > tableHeader && /^\s*\*/.test(line));
  const tableLines = body.slice(tableHeader + 1, firstFootnote);
  const footnotes = body.slice(firstFootnote).map((l) => l.trim().replace(/\s+/g, " ")).filter((l) => l);

  return {
    weightKg,
    color,
    cardioversionJ: joules("Cardioversion"),
    defibrillationJ: joules("Defibrillation"),
    rows: parseRows(weightKg, tableLines),
    footnotes,
  };
}

/** Joins wrapped cells back together, then cuts the token stream into (label, dose, mL) rows. */
function parseRows(weightKg: number, lines: string[]): PrintedRow[] {
  const raw = lines.join(" ").split(/\s+/).filter((t) => t !== "");
  const tokens: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i];
    const next = raw[i + 1];
    // "125-" "140mL" → "125-140mL"; "1" "dose" → "1 dose"; "1" "tablet" → "1 tablet".
    if (/^\d+(\.\d+)?-$/.test(token) && next !== undefined && /^\d/.test(next)) {
      tokens.push(token + next);
      i++;
    } else if (/^\d+$/.test(token) && next !== undefined && /^(doses?|tablet)$/.test(next)) {
      tokens.push(`${token} ${next}`);
      i++;
    } else {
      tokens.push(token);
    }
  }

  const rows: PrintedRow[] = [];
  let label: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const dose = parseValue(tokens[i]);
    const volume = i + 1 < tokens.length ? parseValue(tokens[i + 1]) : undefined;
    if (dose && volume && label.length > 0) {
      rows.push({ label: label.join(" "), dose, volume, raw: { dose: tokens[i], volume: tokens[i + 1] } });
      label = [];
      i++;
    } else {
      label.push(tokens[i]);
    }
  }
  if (label.length > 0) {
    throw new Error(`MCG 1309 ${weightKg} kg: trailing text without values: "${label.join(" ")}"`);
  }
  return rows;
}

const UNITS: Record<string, string> = { mg: "mg", mcg: "mcg", gm: "g", mEq: "mEq", mL: "mL" };

/** A table cell's value, or undefined when the token is part of a label ("0.1mg/mL", "2%", "IV"). */
export function parseValue(token: string): PrintedValue | undefined {
  if (token === "NA" || token === "-") return { kind: "none" };
  if (/^PediDose$/i.test(token)) return { kind: "pedidose" };
  const count = token.match(/^(\d+) (doses?|tablet)$/);
  if (count) {
    return { kind: "count", value: Number(count[1]), unit: count[2] === "tablet" ? "tablet" : "dose" };
  }
  const amount = token.match(/^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(mg|mcg|gm|mEq|mL)$/);
  if (!amount) return undefined;
  return {
    kind: "amount",
    value: Number(amount[1]),
    unit: UNITS[amount[3]],
    ...(amount[2] === undefined ? {} : { upTo: Number(amount[2]) }),
  };
}

/** MCG 1309's PediDOSE chart (midazolam IN/IM for seizure from 12 months): dose and volume per band. */
export interface PediDoseChart {
  /** The under-12-months column as printed (a per-kg dose, "see colour code" for the volume). */
  readonly infantDose: string;
  /** 12–16 months, 17 months–5 years, 6–11 years, 12 years or older, in that order. */
  readonly bands: readonly { readonly doseMg: number; readonly volumeMl: number }[];
}

export function parsePediDoseChart(text: string): PediDoseChart {
  const start = text.indexOf("*PediDOSE");
  const end = text.indexOf("If age is", start);
  if (start < 0 || end < 0) throw new Error("MCG 1309: PediDOSE chart not found");
  const chart = text.slice(start, end).replace(/\s+/g, " ");
  const doseRow = chart.match(/Midazolam Dose IN\/IM (\S+) (.*?) Volume IN\/IM (.*)$/);
  if (!doseRow) throw new Error("MCG 1309: PediDOSE rows not found");
  const doses = [...doseRow[2].matchAll(/(\d+(?:\.\d+)?) ?mg\b/g)].map((m) => Number(m[1]));
  const volumes = [...doseRow[3].matchAll(/(\d+(?:\.\d+)?) ?mL\b/g)].map((m) => Number(m[1]));
  if (doses.length !== 4 || volumes.length !== 4) {
    throw new Error(
      `MCG 1309: PediDOSE chart has ${doses.length} doses and ${volumes.length} volumes, not 4`,
    );
  }
  return {
    infantDose: doseRow[1],
    bands: doses.map((doseMg, i) => ({ doseMg, volumeMl: volumes[i] })),
  };
}
