/**
 * The tape colour a message says with the tape named, with no I/O (MCG 1309's colour bands). A colour is the
 * tape's only said next to "tape", "broselow", "band", "zone" or "length-based", joined by a few words ("purple on
 * the tape", "tape says green", "Broselow colour is gray"); a bare answer to the chat's tape question is
 * chat_tape_answers.ts's. A skin's colour never is (medical director's eighth read: "skin color pink" was read as
 * the pink band and refused a 20 kg child, "cyanotic, blue lips, green on tape" dosed the blue band): "colour" alone
 * names no tape, and no other word may stand between the colour and the tape's name. A colour said with a weight
 * and no tape word ("pink, 6kg") is not read either: the weight doses, as said.
 */
const COLORS = "grey|gray|pink|red|purple|yellow|white|blue|orange|green";
const TAPE = "tape|zone|band|broselow|length[- ]based";
const S = "[^\\S\\n]";
/** A skin or a body part after the colour ("blue lips", "pink skin", "grey face"): not the tape's. */
const NOT_TAPES =
  `(?!${S}*(?:lips?|skin|face|mucosa|extremit\\w*|nail\\w*|fingers?|toes?|ears?|tinge|tint|hue|-?ish)\\b)`;
/** "orange tape", "purple on the broselow tape", "green (broselow)", "blue per length-based tape". */
const COLOR_THEN_TAPE = new RegExp(
  `(?<![\\w-])(${COLORS})(?![\\w-])${NOT_TAPES}` +
    `(?:${S}+(?:on|per|by|in|from|of|the|a|his|her|peds|pediatric|colou?r|according${S}+to)(?![\\w-]))*` +
    `${S}*\\(?${S}*(?:${TAPE})(?![\\w-])`,
  "i",
);
/** "tape says green", "read it off the tape: orange", "fits on tape, green", "tape colour white", "broselow = red". */
const TAPE_THEN_COLOR = new RegExp(
  `(?<![\\w-])(?:${TAPE})(?![\\w-])` +
    `(?:${S}*[,:=(-]?${S}*(?:is|says|said|reads|read|shows|showed|puts|put|places|colou?r|zone|band|measures|` +
    `measured|at|in|as|the|him|her|them|pt|patient|kid|child|he['’]?s|she['’]?s|hes|shes|he|she|was|of)(?![\\w'’-]))*` +
    `${S}*[,:=(-]?${S}*(${COLORS})(?![\\w-])${NOT_TAPES}`,
  "i",
);

/** The tape colour `text` says ("grey" for gray), or undefined. */
export function tapeColorSaid(text: string): string | undefined {
  const said = (COLOR_THEN_TAPE.exec(text) ?? TAPE_THEN_COLOR.exec(text))?.[1]?.toLowerCase();
  return said === "gray" ? "grey" : said;
}
