/** Titles as the county prints them ("STROKE/CVA/TIA") → readable ("Stroke/CVA/TIA"). */

const KEEP_UPPER = new Set(
  ("aloc als bls brue cva tia ems emt micn mcg mci ecg ekg cpr cpap stemi src gi gu ent hazmat dnr polst " +
    "ppe cew tcp mcs iv io ift sct sart edap pmc apot ed icu ama eoa lpc drc brc rmrt qi tp pi ce ecpr " +
    "txa nemsis pcr co covid-19 ii iii iv vi vii viii ix xi ca la usc lac dhs ita thac pedac pucc " +
    "etco2 smr ct mou").split(" "),
);
const KEEP_LOWER = new Set("a an and as at by for in of on or the to with vs".split(" "));

export function titleCase(raw: string): string {
  const text = raw.replace(/\s+/g, " ").trim();
  // Mixed-case titles were written that way on purpose.
  if (/[a-z]/.test(text)) return text;
  let first = true;
  return text.replace(/[A-Za-z][A-Za-z0-9'-]*/g, (word) => {
    const lower = word.toLowerCase();
    const out = KEEP_UPPER.has(lower)
      ? word.toUpperCase()
      : !first && KEEP_LOWER.has(lower)
      ? lower
      : lower.charAt(0).toUpperCase() + lower.slice(1);
    first = false;
    return out;
  });
}
