/**
 * How medics name a DVT or PE, with no I/O: the words TXA's thrombotic-disease holds read
 * (chat_trauma_contraindications.ts). MCG 1317.41 lists "active known thrombotic disease (e.g., DVT, PE)" as a
 * contraindication. Medical director's twentieth read, H3: "dvt years ago, pe last month", "dvt resolved, pe now",
 * "currently being treated for pe", "clot in lung, on eliquis" and "blood clot in leg last week" were given 1 g: a PE
 * was read only with a word before it ("active pe", "has a pe"), and a clot was not read by where it is.
 */

/**
 * "PE" as a pulmonary embolism, never the physical exam heading ("PE: abd rigid", "PE reveals 3 wounds"); bare, it
 * is read only beside words that make it a diagnosis (seventeenth read, H4; MCG 1317.41 "active known").
 */
export const PE =
  "pe(?!\\s*[:=]|\\s+(?:reveals?|revealed|shows?|showed|unremarkable|wnl|notable|remarkable|significant|" +
  "findings?|exam\\w*|normal|otherwise|positive|negative|neg|within|as|noted|performed|done))";

/** A clot by where it is: "clot in lung", "blood clot in her left leg" (never "clot in the leg wound"). */
const CLOT_IN_PLACE = "(?:blood\\s+)?clots?\\s+in\\s+(?:(?:the|his|her|their|a|both|left|right|l|r)\\s+)*" +
  "(?:lungs?|legs?|calf|calves|thigh)(?!\\s+(?:wound|lac\\w*|cut|abrasion)s?\\b)";

/**
 * Within months, said right after the PE: "2 weeks ago", "last month", "now" (said at the end of its clause, so never
 * "PE now reveals"). A PE that recent is still treated: active (MCG 1317.41). "years ago" is not (chat_thrombosis_past.ts).
 */
const RECENTLY =
  "(?:(?:\\d+|a|one|two|three|four|five|six|few|several|couple(?:\\s+of)?)\\s*(?:days?|d|weeks?|wks?|months?|mos?)" +
  "\\s+ago|(?:last|this|past)\\s+(?:week|month)|yesterday|" +
  "(?:now|currently|recently)(?=\\s*(?:[,.;?!\\n]|$|and\\b|on\\b|with\\b)))";

/** A PE named with its time ("pe last month", "pe 2 weeks ago", "pe now"). */
const PE_RECENTLY = `${PE}\\s+(?:(?:was|is|dx\\w*|diagnosed|about|approx\\w*|~)\\s*)*${RECENTLY}`;

/**
 * A DVT or PE named as a diagnosis: held bare, except where chat_thrombosis_past.ts reads it as over ("dvt years
 * ago"). The list "dvt/pe" is read first, so "dvt and pe years ago" is one name that the years make past.
 */
export const THROMBOSIS_NAMED = `dvt\\s*(?:\\/|or|and|&|\\+)\\s*${PE}|` +
  "(?:(?:active|current|known|acute|new)\\s+)?(?:dvt|deep\\s+vein\\s+thromb\\w*|pulmonary\\s+embol\\w*)|" +
  `(?:active|current|known|acute|new|recent|dx|diagnosed\\s+with|has\\s+a|with\\s+a)\\s+${PE}|` +
  `${PE}\\s+(?:was\\s+|just\\s+|recently\\s+)?(?:dx\\w*|diagnosed)|${PE_RECENTLY}|${CLOT_IN_PLACE}`;

/** What a treated clot is named as, after "on eliquis for" or "being treated for". */
export const CLOT_TREATED =
  `dvt|${PE}|deep\\s+vein\\s+thromb\\w*|pulmonary\\s+embol\\w*|${CLOT_IN_PLACE}|clots?|blood\\s+clots?`;

/** A DVT or PE under treatment now: "currently being treated for pe", "on treatment for a dvt". */
export const THROMBOSIS_BEING_TREATED =
  "(?:(?:being|getting|currently|still|now)\\s+(?:treated|tx['’]?d|managed)|(?:on|under|receiving)\\s+" +
  `treatment)\\s+for\\s+(?:(?:a|an|his|her|their|the)\\s+)?(?:${CLOT_TREATED})`;
