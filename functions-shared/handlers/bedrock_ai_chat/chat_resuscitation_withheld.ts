/**
 * The note beside an arrest's drug where the messages say resuscitation may be withheld, with no I/O (read by
 * chat_context_notes.ts): a DNR or POLST (Ref. No. 815: a valid one withholds resuscitation; in doubt, or where
 * the family objects, it begins and base is contacted), or a sign of obvious death (Ref. No. 814: decapitation,
 * decomposition, incineration; rigor mortis or lividity with the assessment it describes). "80yo dnr found pulseless,
 * no cpr || ns?" had been given TP 1210's litre with no word of it (Stop 59's list). A note, never a hold: the medic
 * on scene judges the directive and the signs, and a resuscitation under way gets its dose.
 */
import { heartStoppedSaid } from "./chat_heart_stopped_words.ts";

/** A directive that withholds resuscitation, by name ("dnr", "dnr/dni", "polst"). */
const DIRECTIVE_WORDS =
  "dnr|dnar|polst|ahcd|do\\s+not\\s+resuscitate|allow\\s+natural\\s+death|no\\s+code(?!\\s+blue)";
const DIRECTIVE = new RegExp(`(?<![\\w-])(?:${DIRECTIVE_WORDS})(?![\\w-])`, "i");
/** Words that void a directive or say it asks for CPR, before or after it. */
const VOID_AFTER =
  "revoked|rescinded|cancel+ed|withdrawn|torn|invalid|void|not\\s+valid|unsigned|expired|unknown|none|" +
  "no|neg\\w*|not\\s+(?:found|available|present|on\\s+scene|signed)|(?:box\\s+a|section\\s+a)|cpr\\s+yes|" +
  "(?:says\\s+|orders?\\s+|for\\s+)?(?:full\\s+(?:code|treatment)|attempt\\s+(?:cpr|resuscitation))";
/** Another person's directive ("mom has a dnr", "wife has polst"). */
const ANOTHER =
  "(?:mom|mother|dad|father|wife|husband|spouse|son|daughter|brother|sister|neighbou?r|roommate|friend)['’]?s?";
/**
 * The directive denied, void, asked about or asking for CPR, or another's ("no dnr", "full code", "dnr revoked", "dnr
 * cancelled", "dnr: no", "dnr? no", "polst says full treatment", "polst box a cpr", "wife has a dnr").
 */
const DIRECTIVE_VOID = new RegExp(
  `(?<![\\w/-])(?:(?:no|not|without|denies|negative|unknown|unsure|invalid|void|cancel+ed|asked\\s+about|tore|ripped|destroyed)\\s+` +
    `(?:\\w+\\s+){0,2}?(?:${DIRECTIVE_WORDS})|(?:${DIRECTIVE_WORDS})[\\s:?=-]+(?:[\\w/]+\\s+){0,3}?(?:${VOID_AFTER})|` +
    `${ANOTHER}\\s+(?:has|have|had|with|holds?)\\s+(?:a\\s+|an\\s+)?(?:${DIRECTIVE_WORDS})|full\\s+(?:code|treatment)|` +
    "attempt\\s+(?:cpr|resuscitation))(?![\\w-])",
  "i",
);
/** A sign of obvious death (Ref. No. 814 I.A). */
const OBVIOUS_DEATH = new RegExp(
  "\\b(?:decapitat\\w*|decompos\\w*|incinerat\\w*|rigor\\s+mortis|rigor(?!s)|(?:post[\\s-]*mortem\\s+)?lividity|" +
    "livor(?:\\s+mortis)?|obvious(?:ly)?\\s+(?:death|dead)|injur(?:y|ies)\\s+incompatible\\s+with\\s+life)\\b",
  "i",
);
/**
 * The sign denied, asked or not met ("no lividity or rigor", "no signs of obvious death", "lividity absent", "lividity:
 * none", "rigor? no", "obvious death criteria not met"): no sign said.
 */
const SIGN = OBVIOUS_DEATH.source.slice(2, -2);
const DEATH_DENIED = new RegExp(
  `\\b(?:no|not|without|denies|negative\\s+for|absent)\\s+(?:[\\w/]+\\s+){0,3}?${SIGN}(?:\\s*(?:,|or|nor|and|/)\\s*${SIGN})*|` +
    `\\b${SIGN}[\\s:?=()-]*(?:[\\w/]+[\\s?:]+){0,3}?(?:absent|negative|neg|none|no|not\\s+(?:met|present|seen))\\b`,
  "gi",
);

/** The note for an arrest's drug (`userTexts` the patient's messages, newest first), or undefined. */
export function resuscitationWithheldNote(userTexts: readonly string[]): string | undefined {
  if (!userTexts.some((text) => heartStoppedSaid(text))) return undefined;
  const said = (pattern: RegExp) =>
    userTexts.map((text) => pattern.exec(text)?.[0]).find((m) => m !== undefined);
  const directive = userTexts.some((text) => DIRECTIVE_VOID.test(text)) ? undefined : said(DIRECTIVE);
  if (directive) {
    return `You wrote '${directive}': with a valid DNR, or a POLST that declines CPR, resuscitation (CPR, defibrillation and the arrest's ` +
      "drugs) is withheld (Ref. No. 815); where its validity is in doubt or the family objects, resuscitation begins " +
      "and base is contacted. Say this with the dose, which is for a resuscitation under way.";
  }
  const death = userTexts.map((text) =>
    OBVIOUS_DEATH.exec(text.replace(DEATH_DENIED, (m) => " ".repeat(m.length)))?.[0]
  )
    .find((m) => m !== undefined);
  if (death) {
    return `You wrote '${death}': a sign of obvious death is determined per Ref. No. 814 (rigor mortis or lividity ` +
      "with the assessment it describes), and resuscitation is not begun. Say this with the dose, which is for a " +
      "resuscitation under way.";
  }
  return undefined;
}
