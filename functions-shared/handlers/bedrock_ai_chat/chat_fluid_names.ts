/**
 * The chat's own short names for two formulary drugs, with no I/O: "NS" and "fluids" for normal saline, "lido" for
 * lidocaine. The formulary's "ns" is too short to read everywhere ("NSR", "ns" for no show or not significant), and
 * "fluid" is mostly no treatment ("fluid in lungs", "amniotic fluid"), so both are read only where they stand as a
 * fluid given: beside "bolus", a volume or a route, after "how much" or "give", asked ("ns?"), or ending their clause
 * ("80kg sepsis, ns", "bp 80/40 fluids"), never as a fluid already given ("after 1L ns"). Medical director's
 * sixteenth read, H6: "80kg sepsis NS bolus", "70yo sepsis bp 80/40 fluids" and "io lido 20kg kid" had no request
 * and no note, though TP 1204 step 6 / TP 1204-P give the fluid and TP 1220-P step 9 / MCG 1309 the IO lidocaine.
 */

export interface ChatName {
  /** The word as the medic writes it (its length orders it among the formulary's names). */
  readonly word: string;
  /** A regular-expression source, no groups, that matches the word only where it names the drug. */
  readonly source: string;
  /** The formulary name asked of the dosing engine for it. */
  readonly mention: string;
  readonly medicationId: string;
}

/** A volume before the fluid ("1L", "500 ml", "20 ml/kg", a bare "500"; never "80/40"). */
const VOLUME =
  "(?:\\d+(?:\\.\\d+)?\\s*(?:l|liters?|litres?|ml|mls|cc)(?:\\s*\\/\\s*kg)?|(?<![\\d/.])\\d{3,4})";
/** Words before the fluid that give it ("how much ns", "give fluids", "iv fluids", "500 ml of ns"). */
const GIVING_BEFORE = `(?:\\b(?:how\\s+much|give|giving|hang|hanging|start|run|running|more|another|push|` +
  `pushing|iv|io|bolus)|${VOLUME})\\s+(?:of\\s+)?`;
/** Words after the fluid that give it ("ns bolus", "ns 2L", "ns wide open", "fluids iv", "ns?"). */
const GIVING_AFTER = "\\s*(?:bolus\\w*|wide\\s+open|challenge|infusion|drip|(?:iv|io)(?![\\w-])|\\d|\\?)";
/** The word stands alone in its clause ("80kg sepsis, ns"). */
const CLAUSE_START = "(?<=(?:^|[,;!?\\n])\\s*)";
const CLAUSE_END = "(?=\\s*(?:$|[,;!?.\\n]))";

/**
 * A fluid already given is no dose asked: "after epi im and 1L NS, push dose epi?", "done with the IV fluids, versed?"
 * ask for the other drug only (tests/unit/chat_shock_and_svt.test.ts, chat_corrections.test.ts).
 */
const NOT_GIVEN_BEFORE =
  "(?<!\\b(?:after|post|s\\/p|done\\s+with|finished|got|had|received|gave|given)\\b[^,;!?\\n]*)";
const NOT_GIVEN_AFTER =
  "(?!\\s*(?:given|infused|done|completed|running|hung|already|pta|in\\s*(?:$|[,;.!?\\n])))";

/**
 * "NS" after a rhythm, a study, a monitor, an exam or the patient is "normal sinus", "not significant" or "no show",
 * also after a colon ("12 lead: ns 80", "ekg: ns") and after "monitor (shows)" (medical director's 17th read, M3).
 */
const NS_NOT_AFTER =
  "(?<!\\b(?:ekg|ecg|12[\\s-]*lead|rhythm|sinus|monitor|monitor\\s+shows|shows|showing|cxr|x-?ray|ct|pt|" +
  "patient|labs?|exam|findings?|results?|was|is|were|appt|appointment)(?:\\s*:\\s*|\\s+))";
/**
 * "NS" before a bare two-digit or 1xx number is normal sinus at that heart rate ("ns 88, 140/90"): a volume says its
 * unit or is a bag's size ("ns 1L", "ns 500"). 17th read, M3.
 */
const NS_NOT_RATE = "(?!\\s*(?:[1-9]\\d|1\\d\\d)(?![\\d.]|\\s*(?:l|liters?|litres?|ml|mls|cc)(?![a-z])))";
/** "NS" ending its clause is the fluid asked ("20kg kid sepsis ns"), as is one beside a giving word. */
const NS =
  `(?<![\\w/-])${NS_NOT_AFTER}${NOT_GIVEN_BEFORE}(?:(?<=${GIVING_BEFORE})ns(?![\\w/-])|ns(?![\\w/-])(?=${GIVING_AFTER})|` +
  `ns${CLAUSE_END})${NOT_GIVEN_AFTER}${NS_NOT_RATE}`;

/** Fluid that is the patient's, a body's or drunk: no treatment ("drinking fluids", "chf fluid", "amniotic fluid"). */
const FLUID_NOT_AFTER = "(?<!\\b(?:drink\\w*|drank|oral|po|clear|amniotic|chf|tolerat\\w*|taking|keep\\w*|" +
  "losing|lost|body|spinal|csf)\\s+)";
/** "fluids" ending its clause is a treatment ("bp 80/40 fluids"); a lone "fluid" only as its whole clause. */
const FLUIDS =
  `(?<![\\w/-])${FLUID_NOT_AFTER}${NOT_GIVEN_BEFORE}(?:(?<=${GIVING_BEFORE})fluids?(?![\\w/-])|` +
  `fluids?(?![\\w/-])(?=${GIVING_AFTER})|fluids${CLAUSE_END}|${CLAUSE_START}fluid${CLAUSE_END})${NOT_GIVEN_AFTER}`;

export const CHAT_NAMES: readonly ChatName[] = [
  { word: "lido", source: "(?<![\\w-])lido(?![\\w-])", mention: "lidocaine", medicationId: "lidocaine" },
  { word: "ns", source: NS, mention: "normal saline", medicationId: "normal-saline" },
  { word: "fluids", source: FLUIDS, mention: "normal saline", medicationId: "normal-saline" },
];
