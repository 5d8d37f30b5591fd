/**
 * The note beside an arrest's drug where the messages say resuscitation may be withheld, with no I/O (read by
 * chat_context_notes.ts): a DNR or POLST (Ref. No. 815: a valid one withholds resuscitation; in doubt, or where
 * the family objects, it begins and base is contacted), or a sign of obvious death (Ref. No. 814: decapitation,
 * decomposition, incineration; rigor mortis or lividity with the assessment it describes). "80yo dnr found pulseless,
 * no cpr || ns?" had been given TP 1210's litre with no word of it (Stop 59's list). A note, never a hold: the medic
 * on scene judges the directive and the signs, and a resuscitation under way gets its dose.
 */
import { heartStoppedSaid } from "./chat_heart_stopped_words.ts";

/** A directive that withholds resuscitation, by name. */
const DIRECTIVE_WORDS =
  "dnr|dnar|polst|ahcd|do\\s+not\\s+resuscitate|allow\\s+natural\\s+death|no\\s+code(?!\\s+blue)";
const DIRECTIVE = new RegExp(`(?<![\\w/-])(?:${DIRECTIVE_WORDS})(?![\\w/-])`, "i");
/**
 * The directive denied, void or asking for CPR ("no dnr", "full code", "dnr revoked", "dnr not found", "polst says
 * full treatment", "attempt cpr").
 */
const DIRECTIVE_VOID = new RegExp(
  `(?<![\\w/-])(?:(?:no|not|without|denies|negative|unknown|unsure)\\s+(?:\\w+\\s+){0,2}?(?:${DIRECTIVE_WORDS})|` +
    `(?:${DIRECTIVE_WORDS})\\s+(?:\\w+\\s+){0,2}?(?:revoked|rescinded|invalid|not\\s+valid|unsigned|expired|unknown|` +
    "not\\s+(?:found|available|present|on\\s+scene|signed))|full\\s+(?:code|treatment)|attempt\\s+(?:cpr|resuscitation))" +
    "(?![\\w/-])",
  "i",
);
/** A sign of obvious death (Ref. No. 814 I.A), not denied ("no lividity"). */
const OBVIOUS_DEATH =
  /(?<!\b(?:no|not|without|denies|negative\s+for)\s+(?:\w+\s+)?)\b(?:decapitat\w*|decompos\w*|incinerat\w*|rigor\s+mortis|rigor(?!s)|(?:post[\s-]*mortem\s+)?lividity|obvious(?:ly)?\s+(?:death|dead)|injur(?:y|ies)\s+incompatible\s+with\s+life)\b/i;

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
  const death = said(OBVIOUS_DEATH);
  if (death) {
    return `You wrote '${death}': a sign of obvious death is determined per Ref. No. 814 (rigor mortis or lividity ` +
      "with the assessment it describes), and resuscitation is not begun. Say this with the dose, which is for a " +
      "resuscitation under way.";
  }
  return undefined;
}
