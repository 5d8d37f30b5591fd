/**
 * Which shocks a message asks about or counts, with no I/O: a question about shocks ("20 kg child in VF, joules?") →
 * the engine's defibrillation or synchronized-cardioversion energies, and the kind a count of shocks given is of. The
 * formulary doses energy without indications, so the rhythm is read with the words of the antiarrhythmic given for it:
 * amiodarone's (VF / pulseless VT, after defibrillation) call for defibrillation; adenosine's (SVT, wide-complex
 * tachycardia, with a pulse) for synchronized cardioversion (TP 1210 / 1210-P and TP 1213 / 1213-P say the same).
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { blankAll, wordPattern } from "./chat_names.ts";
import { indicationPhrases } from "./chat_indication_patterns.ts";
import { FEARED_ARREST, heartStoppedSaid } from "./chat_heart_stopped_words.ts";
import { arrestOver, arrestOverAt } from "./chat_rosc.ts";

export type ShockKind = "defibrillation" | "cardioversion";

/** The shocks, among the ids a question asks: dosed by the pads, never by a route. */
export const SHOCKS: ReadonlySet<string> = new Set<ShockKind>(["defibrillation", "cardioversion"]);

function rhythmPatterns(drugId: string, indications?: readonly string[]): RegExp[] {
  const drug = FORMULARY.find((d) => d.id === drugId);
  if (!drug) throw new Error(`the formulary has no ${drugId}`);
  return drug.indications
    .filter((i) => !indications || indications.includes(i.id))
    .flatMap(indicationPhrases)
    .sort((a, b) => b.length - a.length)
    .map(wordPattern);
}

const SHOCKABLE = rhythmPatterns("amiodarone", ["cardiac-arrest"]);
const TACHYCARDIA = rhythmPatterns("adenosine");

/**
 * Words that ask for an energy outright ("low energy" is a symptom and an energy drink a history, not a question about
 * joules), and the word "shock" used as an action on a rhythm.
 */
const ENERGY_WORDS = /\b(?:joules?|(?<!\b(?:low|no|little|less)\s)energ(?:y|ies)(?!\s+drinks?)|\d+\s?J)\b/i;
const SHOCK_WORD = /\b(?:shocks?|shocking|shocked|shockable)\b/i;
/**
 * "Shock" that asks for no energy: a state of shock ("septic shock", "in shock") and a rhythm said to take none ("no
 * shock advised", "non-shockable"). Never a count ("aed no shock yet": none given so far).
 */
const NO_SHOCK_ASKED = new RegExp(
  "\\b(?:(?:septic|anaphylactic|cardiogenic|hypovola?emic|ha?emorrhagic|spinal|neurogenic|distributive|obstructive|" +
    "compensated|decompensated|insulin|irreversible)\\s+shock|(?:in|into)\\s+(?:\\w+\\s+)?shock|" +
    "(?:signs?|sx|s\\/s|symptoms?)\\s+of\\s+shock|shock\\s+index|(?:non|not|un)[\\s-]*shockable|" +
    "no\\s+shock\\s+(?:advised|indicated|advisory)|shock\\s+not\\s+(?:advised|indicated)|" +
    "(?:aed|monitor)\\s*(?::|said|says|advised|advises)?\\s*no\\s+shock(?!\\s+(?:yet|given|delivered|so\\s+far)))\\b",
  "gi",
);
/** A ventricular rhythm or a tachycardia named: the rhythm, not the word "shock", decides (Stop 56's read, H1, H4). */
const VENTRICULAR =
  /\b(?:v[\s-]?fib\w*|vf|ventricular|v[\s-]?tach\w*|vt|pvt|torsades?|polymorphic|wide[\s-]+complex)\b/i;
const DEFIB_WORD = /\bdefib\w*/i;
const CARDIOVERT_WORD = /\b(?:cardiover\w*|sync(?:hroni[sz]ed)?\s+shock\w*)/i;

/** The first match of any pattern: where, or -1. */
function firstAt(text: string, patterns: readonly RegExp[]): number {
  let at = -1;
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

/**
 * The shocks the question asks about: named outright ("defibrillate", "cardioversion"), or an energy
 * or "shock" with the rhythm deciding which (pulseless first: "pulseless VT" is not a tachycardia
 * with a pulse). An energy asked for with no rhythm gets both, each labelled by the engine. "Shock"
 * said only as a state or a no-shock verdict asks for no defibrillation (onlyNoShockSaid).
 */
export function shocksAskedFor(text: string): ShockKind[] {
  const kinds = shockKindsSaid(text);
  return kinds.length === 1 && kinds[0] === "defibrillation" && onlyNoShockSaid(text) ? [] : kinds;
}

/**
 * Whether the defibrillation read from `text` rests only on "shock" said as no energy asked, in an arrest with no
 * ventricular rhythm or tachycardia named: "cardiac arrest, asystole, no shock advised, epi" and "cardiac arrest,
 * septic shock, ns" had been answered with an energy beside the dose (Stop 56; TP 1210 shocks no asystole or PEA).
 */
function onlyNoShockSaid(text: string): boolean {
  if (ENERGY_WORDS.test(text) || DEFIB_WORD.test(text) || VENTRICULAR.test(text)) return false;
  if (firstAt(text, TACHYCARDIA) >= 0) return false;
  const rest = blankAll(text, NO_SHOCK_ASKED);
  return rest !== text && !SHOCK_WORD.test(rest);
}

/**
 * The shocks a message's words call for, "shock" said in any sense: named outright, or an energy or "shock" with the
 * rhythm deciding which.
 */
function shockKindsSaid(text: string): ShockKind[] {
  const named = shocksNamed(text);
  if (named.length > 0) return named;
  const energy = ENERGY_WORDS.test(text);
  if (!energy && !SHOCK_WORD.test(text)) return [];
  return rhythmShockKinds(text, energy);
}

/**
 * Any word of an arrest, feared, past or now, typos too ("puleless"): beside a tachycardia, a count's kind is not plain
 * (with chat_heart_stopped_words.ts's: "vtach without a pulse", "pulses absent", "cant feel a pulse").
 */
const ANY_ARREST_WORD = new RegExp(
  "\\b(?:\\w*arrest\\w*|pu\\w{1,5}less\\w*|no\\s+(?:\\w+\\s+)?pulses?|cpr|compressions|cod(?:e|ed|ing)|asystol\\w*|pea|" +
    "vf|v[\\s-]?fib\\w*|ventricular\\s+fib\\w*|pvt|rosc|lucas|a?icd|defibrillator|flat\\s*line\\w*|dead)\\b",
  "i",
);
/** A narrow-complex tachycardia by name. */
const SVT = /\b(?:p?svt|supraventricular|narrow[\s-]+complex)\b/i;
/**
 * VF said not to be, or in doubt: "not vf", "r/o vf", "vf?", "?vf", "possible vf". (The "?" before it had needed a word
 * character before it, so "pt in ?vf, zapped x1" was counted as defibrillations: Stop 58.)
 */
const VF_DOUBTED = new RegExp(
  "(?:\\b(?:not|no|non|r\\/o|rule\\s+out|possible|poss|maybe|questionable)|\\?)\\s*(?:v[\\s-]?fib\\w*|vf)\\b|" +
    "\\b(?:v[\\s-]?fib\\w*|vf)\\s*\\?|" +
    // a rhythm with a pulse beside it, or the monitor wrong ("aflutter 150, monitor read as vf by mistake")
    "\\b(?:a[\\s-]?flutter|flutter|a[\\s-]?fib|rvr|artifact|mistake\\w*|misread|false)\\b",
  "i",
);
/** VF or pulseless VT by name. */
const VF_PLAINLY =
  /\b(?:vf|v[\s-]?fib\w*|ventricular\s+fib\w*|pvt|pulseless\s+(?:v[\s-]?tach\w*|vt|ventricular\s+tach\w*))\b/i;
/** Words of a history: "pmh", "hx", "prior", "previous". */
const PAST_WORDS = "pmh|hx|history|h\\/o|prior|previous|past";
/** A past word a few words before: "hx of cardiac arrest", "prior vf". */
const PAST_RIGHT_BEFORE = new RegExp(`\\b(?:${PAST_WORDS}|old)\\b(?:\\s+[\\w/-]+){0,2}\\s*$`, "i");
/** An implanted device's shocks. */
const DEVICE_WORDS = "a?icd|defibrillator|implant\\w*";
const DEVICE = new RegExp(`\\b(?:${DEVICE_WORDS})\\b`, "i");
/** A past rhythm or an implanted device's shocks: "pmh vfib arrest with icd", "hx of vf". */
const PAST_OR_DEVICE = new RegExp(
  `\\b(?:${DEVICE_WORDS}|${PAST_WORDS}|ago|last\\s+(?:year|month|week))\\b`,
  "i",
);

/**
 * The shocks a count in `text` is of: as the message's words call for them (shockKindsSaid), else, where no word of a
 * shock or an energy is written ("zapped x1"), the one kind its rhythm alone says. "svt 240, zapped x1" had been
 * counted as a defibrillation, so a child's first shock in the VF that followed was 4 J/kg, not 2 (Stop 56's second
 * read, P3; TP 1210-P step 14), and "vf arrest, zapped x2 || rosc || now svt" as cardioversions. Either kind, as
 * before, wherever the rhythm is not plain (Stop 57's read, H3 and H4: "svt, zapped x2, near arrest", "vtach no pulse
 * cpr zapped x1", an ICD's shocks).
 */
export function shockKindsOfCount(text: string): ShockKind[] {
  // shocks said before a ROSC that followed VF are VF's ("vf arrest, shocked x2, rosc, now svt 180" had counted them
  // as the SVT's cardioversions: the fifth read, C1)
  const rosc = arrestOverAt(text);
  if (rosc !== undefined && shocksNamed(text).length === 0) {
    const before = text.slice(0, rosc);
    if (firstAt(before, SHOCKABLE) >= 0 && /\b(?:shock(?:s|ed)?|zapped)\b/i.test(before)) {
      return ["defibrillation"];
    }
  }
  const said = shockKindsSaid(text);
  if (said.length > 0) return said;
  // only a narrow-complex tachycardia: a VT or a wide complex may have lost its pulse in words no list has (Stop 57's
  // second read, A-H1: "v tach on aed, zapped x1")
  if (SVT.test(text)) return ANY_ARREST_WORD.test(text) || heartStoppedSaid(text) ? [] : ["cardioversion"];
  // VF named before the shocks, never negated or doubted ("aflutter 150, not vf, zapped x1": A-M1)
  const vf = text.search(VF_PLAINLY);
  const zapped = text.search(/\bzapp/i);
  // and no ROSC between ("vf arrest, rosc, then hr 200 unstable, zapped x1" are cardioversions: the third read, A-M1)
  const plainVf = vf >= 0 && (zapped < 0 || vf < zapped) && !VF_DOUBTED.test(text) &&
    !arrestOver(zapped < 0 ? text : text.slice(0, zapped));
  return plainVf && firstAt(text, TACHYCARDIA) < 0 && !PAST_OR_DEVICE.test(text) ? ["defibrillation"] : [];
}

function shocksNamed(text: string): ShockKind[] {
  const named: ShockKind[] = [];
  if (DEFIB_WORD.test(text)) named.push("defibrillation");
  if (CARDIOVERT_WORD.test(text)) named.push("cardioversion");
  return named;
}

const BOTH: readonly ShockKind[] = ["defibrillation", "cardioversion"];
/** A shock said given, which names no arrest beside a tachycardia ("svt 240 shocked x1" is a cardioversion). */
const SHOCK_GIVEN =
  /\b(?:(?:aed\s+)?shocked|defibrillated|(?:no\s+)?shock\s+advised|advised\s+(?:a\s+)?shock)\b/gi;

/**
 * Pulseless first: "pulseless VT" is not a tachycardia with a pulse; a tachycardia after ROSC, or beside an arrest only
 * feared ("svt 240, near arrest"), is one. A tachycardia beside an arrest said otherwise, past or in other words, is not
 * plain, so both, each labelled by the engine: "svt 200 hx of cardiac arrest, energy?" had been given 200 J
 * unsynchronized, "vtach no pulse, energy?" 120 J synchronized (Stop 57's reads, P2, P3; TP 1210 defibrillates VF and
 * pulseless VT, TP 1213 cardioverts a tachycardia with a pulse). An energy with no rhythm is either.
 */
function rhythmShockKinds(text: string, energy: boolean): ShockKind[] {
  const tachycardia = firstAt(text, TACHYCARDIA) >= 0;
  if (!tachycardia) return firstAt(text, SHOCKABLE) >= 0 ? ["defibrillation"] : energy ? [...BOTH] : [];
  // VF said after the ROSC is an arrest again for chat_rosc.ts ("rosc, then svt 180, now ventricular fibrillation":
  // the third read), VF told as the past is not ("rosc after vf, now svt 180": the fourth read)
  if (arrestOver(text)) return ["cardioversion"];
  const now = blankAll(text, FEARED_ARREST);
  const at = firstAt(now, SHOCKABLE);
  if (at < 0) return heartStoppedSaid(blankAll(now, SHOCK_GIVEN)) ? [...BOTH] : ["cardioversion"];
  // a past word right before the arrest's, or a device in its clause ("svt 200 hx of cardiac arrest"), never one
  // elsewhere ("pulseless vt, hx of mi", "pulseless vtach with prior mi": the third and fourth reads, B-M1, M4)
  const clause = clauseAt(text, at);
  const device = DEVICE.test(clause) && !VF_PLAINLY.test(clause);
  return !PAST_RIGHT_BEFORE.test(text.slice(0, at)) && !device ? ["defibrillation"] : [...BOTH];
}

/** The clause of `text` around `at` (between commas, semicolons, full stops, question marks or lines). */
function clauseAt(text: string, at: number): string {
  const start = text.slice(0, at).search(/[^,;.!?\n]*$/);
  const end = text.slice(at).search(/[,;.!?\n]|$/);
  return text.slice(start, at + end);
}
