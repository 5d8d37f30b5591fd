/**
 * A minimal RFC 4180 reader (quoted cells, doubled quotes, CRLF between records), for tests that prove
 * what the exports write reads back to the same values. Strict: the text must end with a record's line end
 * (an unterminated record or an open quote is an error, not a record dropped).
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (record.push(cell), cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(cell), records.push(record), record = [], cell = "", i++;
    } else cell += ch;
  }
  if (quoted || cell !== "" || record.length > 0) {
    throw new Error(`the CSV does not end with a line end after record ${records.length}`);
  }
  return records;
}
