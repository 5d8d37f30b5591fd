/**
 * The tape colour a message says with the tape named, with no I/O (MCG 1309's colour bands). A colour is the
 * tape's only said next to "tape", "broselow", "band" or "length-based", joined by a few words ("purple on the
 * tape", "tape says green", "Broselow colour is gray"); a bare answer to the chat's tape question is
 * chat_tape_answers.ts's. A skin's colour never is (medical director's eighth read: "skin color pink" was read as
 * the pink band and refused a 20 kg child, "cyanotic, blue lips, green on tape" dosed the blue band): "colour" alone
 * names no tape, and no other word may stand between the colour and the tape's name. A colour said with a weight
 * and no tape word ("pink, 6kg") is not read either: the weight doses, as said.
 *
 * Nor is a colour the tape's where those words name something else (ninth read, Medium 2): a zone is the tape's only
 * as its own ("broselow zone", "tape zone", "colour zone", "red zone on the tape"), never an asthma action plan's
 * ("yellow zone of her asthma plan" dosed the yellow band); a band is not next to a wristband's words ("purple band on
 * wrist (DNR?)", "red band allergy to pcn"); a tape is not one that secures ("IV secured with white tape"). "blue
 * band" alone stays the tape's, as MCG 1309 names its colours so.
 */
const COLORS = "grey|gray|pink|red|purple|yellow|white|blue|orange|green";
const S = "[^\\S\\n]";
const TAPE = `tape|band|broselow|length[- ]based|colou?r${S}+zone`;
/** A skin or a body part after the colour ("blue lips", "pink skin", "grey face"): not the tape's. */
const NOT_TAPES =
  `(?!${S}*(?:lips?|skin|face|mucosa|extremit\\w*|nail\\w*|fingers?|toes?|ears?|tinge|tint|hue|-?ish)\\b)`;
/** "orange tape", "purple on the broselow tape", "green (broselow)", "red zone on the tape", "blue per length-based tape". */
const COLOR_THEN_TAPE = new RegExp(
  `(?<![\\w-])(${COLORS})(?![\\w-])${NOT_TAPES}` +
    `(?:${S}+(?:on|per|by|in|from|of|the|a|his|her|peds|pediatric|colou?r|zone|according${S}+to)(?![\\w-]))*` +
    `${S}*\\(?${S}*(?:${TAPE})(?![\\w-])`,
  "gi",
);
/**
 * "tape says green", "read it off the tape: orange", "fits on tape, green", "tape colour white", "broselow = red",
 * "tape length red" (the colour had gone unread and a weight said beside it dosed alone).
 */
const TAPE_THEN_COLOR = new RegExp(
  `(?<![\\w-])(?:${TAPE})(?![\\w-])` +
    `(?:${S}*[,:=(-]?${S}*(?:is|says|said|reads|read|shows|showed|puts|put|places|colou?r|zone|band|length|measures|` +
    `measured|at|in|as|the|him|her|them|pt|patient|kid|child|he['’]?s|she['’]?s|hes|shes|he|she|was|of)(?![\\w'’-]))*` +
    `${S}*[,:=(-]?${S}*(${COLORS})(?![\\w-])${NOT_TAPES}`,
  "gi",
);

/** A wristband's words in the clause ("on wrist", "allergy", "fall risk", "DNR"): that band is not the tape. */
const WRISTBAND = new RegExp(
  `(?<![\\w-])(?:wrists?|arms?|ankles?|allerg\\w*|pcn|penicillin|nkda|fall|falls|dnr|dnar|polst|id|hospital|bracelet|` +
    `risk|alert|name)(?![\\w-])`,
  "i",
);
/** A tape that secures ("IV secured with white tape", "white tape holding the ETT", "white medical tape"). */
const SECURING = new RegExp(
  `(?<![\\w-])(?:secur\\w*|taped|taping|holding|held|dressing|tegaderm|gauze|bandage\\w*|splint\\w*)(?![\\w-])`,
  "i",
);
const TAPE_MATERIAL =
  /(?<![\w-])(?:medical|silk|cloth|paper|duct|athletic|surgical|adhesive|transpore|micropore)[^\S\n]+tape(?![\w-])/i;

/** The clause around `at` (between , ; . ! ? and line ends). */
function clauseAround(text: string, at: number): string {
  const start = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const end = at + text.slice(at).search(/[,;.!?\n]|$/);
  return text.slice(start, end);
}

/** True when the tape word in `match` names something else in its clause (a wristband, a securing tape). */
function namesSomethingElse(text: string, match: RegExpExecArray): boolean {
  const word = /(?<![\w-])(band|tape)(?![\w-])/i.exec(match[0]);
  if (!word) return false;
  const clause = clauseAround(text, match.index + word.index);
  return word[1].toLowerCase() === "band"
    ? WRISTBAND.test(clause)
    : SECURING.test(clause) || TAPE_MATERIAL.test(clause);
}

/** The tape colour `text` says ("grey" for gray), or undefined. */
export function tapeColorSaid(text: string): string | undefined {
  for (const pattern of [COLOR_THEN_TAPE, TAPE_THEN_COLOR]) {
    for (const m of text.matchAll(pattern)) {
      if (namesSomethingElse(text, m)) continue;
      const said = m[1].toLowerCase();
      return said === "gray" ? "grey" : said;
    }
  }
  return undefined;
}
