/**
 * Pregnancy as a medic writes it, with no I/O (read by chat_contraindication_words.ts, and by chat_age_shorthand.ts:
 * weeks in a woman's report are a gestation, not an age). The medical director's thirteenth read (H4) found ketorolac, olanzapine and ondansetron
 * dosed for "3rd trimester", "g1p0", "20 wks" in a woman's report, "morning sickness", "hyperemesis" and
 * "expecting"; and (M2) ondansetron withheld for "could be pregnant", though its card withholds it in known pregnancy.
 */
import { re } from "./chat_state_words.ts";

/**
 * "g1p0", "G2 P1", "g3p1a1": more pregnancies than births and losses written. Miscarriages and abortions are not
 * always written as A, so this is a possible pregnancy, not a known one (fourteenth read, M5).
 */
function gravidaPara(): string {
  const forms: string[] = [];
  for (let g = 1; g <= 9; g++) {
    for (let p = 0; p < g; p++) {
      const abortions = Array.from({ length: g - p }, (_, a) => a).join("");
      forms.push(`g\\s*${g}\\s*,?\\s*p\\s*${p}(?:\\s*,?\\s*a\\s*[${abortions}])?`);
    }
  }
  return forms.join("|");
}

/**
 * "Expecting" of a baby only: "expecting a baby", "expecting twins", "expecting her 2nd", or with no object ("is
 * expecting", "expecting, vomiting", "vomiting expecting zofran"); never "expecting a call back" or "expecting police"
 * (fourteenth read, M5). The drugs pregnancy holds may follow it, as the thing asked.
 */
const EXPECTING = "expecting(?:\\s+(?:a\\s+)?(?:baby|child|twins|triplets)|\\s+(?:her|their|a|the)\\s+" +
  "(?:first|second|third|fourth|\\d+(?:st|nd|rd|th))\\b|(?=\\s*(?:$|[^\\w\\s]|(?:and|&|with|now|but|in|at|since|" +
  "zofran|ondansetron|olanzapine|zyprexa|toradol|ketorolac|\\d)\\b)))";

/** Pregnancy said now, known (MCG 1345 guideline 7; MCG 1317.32; MCG 1317.33). */
export const PREGNANT = re(
  "pregnan(?:t|cy)(?:\\s+test)?|preg(?:nant)?\\s+test|preggo|preggers|preg|gravid|iup|" +
    "\\d{1,2}\\s*(?:wks?|weeks?)\\s*(?:pregnant|gestation|ga|pg)|(?:upt|hcg)(?:\\s+(?:is\\s+)?(?:pos\\w*|\\+))|" +
    "(?:1st|2nd|3rd|first|second|third)\\s+(?:tri|trimester)|trimester|morning\\s+sickness|" +
    "hyperemesis(?:\\s+gravidarum)?|" + EXPECTING,
);
/**
 * G > P alone: a possible pregnancy, enough for ketorolac's "known or suspected" (MCG 1345 guideline 7), not for the
 * KNOWN pregnancy that withholds ondansetron and olanzapine (MCG 1317.33, MCG 1317.32).
 */
export const POSSIBLY_PREGNANT = re(gravidaPara());
/**
 * "20 wks", "32 weeks": in a woman's report, a gestation (thirteenth read, H4); read only with WOMAN and not as how
 * long ("for 3 weeks", "2 wks ago"), an infant's age ("8 weeks old") or the time since a delivery ("2 wks pp").
 */
export const GESTATION_WEEKS = re("(?:[4-9]|[1-3]\\d|4[0-2])\\s*(?:wks?|weeks?)");
export const NOT_GESTATION_BEFORE =
  /\b(?:x|for|since|past|last|over|within|q|every|about|in|after|before|around|~|x\s*\d+)\s*$/i;
export const NOT_GESTATION_AFTER =
  /^\s*(?:-?\s*old|ago|of|sober|clean|post[\s-]?partum|pp|post[\s-]?op|postop|since|prior|straight|in\s+a\s+row|now\s+of)\b/i;
/** A woman's report: an adult age with F ("30yo f", "30F", "30 y/o female") or "woman" / "lady". */
export const WOMAN =
  /(?<![\w./])(?:1[2-9]|[2-5]\d)\s*(?:yo|y\/o|yr?s?(?:\s+old)?|years?\s+old|y)?\s*-?\s*(?:f|female)(?![\w/])|\b(?:woman|lady)\b/i;
/** Beside a pregnancy word, a past one ("recently pregnant", "previously pregnant"): not pregnant now. */
export const PAST_PREGNANCY_BEFORE = /\b(?:recently|previously|formerly|was|prior)\s*$/i;
/**
 * Beside a pregnancy word, a doubt ("could be pregnant", "pregnancy unknown", "possibly pregnant"): not KNOWN
 * pregnancy, which is all MCG 1317.32 and MCG 1317.33 withhold olanzapine and ondansetron for; ketorolac's "known
 * or suspected" (MCG 1345 guideline 7) still holds on these.
 */
export const UNSURE_BEFORE =
  /\b(?:could|might|may|possibly|possible|poss|maybe|suspected?|r\/o|rule\s+out|unsure\s+if|not\s+sure\s+if|\?)\s*(?:be\s+)?$/i;
export const UNSURE_AFTER =
  /^\s*(?:status\s+)?(?:[:-]\s*)?(?:unknown|unk|unsure|uncertain|not\s+known|possible|\?|test\s+pending|pending|unclear)/i;
