/**
 * A contraindication to the drug asked about, written in this patient's messages, with no I/O: the words of
 * chat_contraindication_words.ts read as said of this patient now. The dosing engine cannot carry these facts (a
 * rhythm, a home medicine, pregnancy, the mental state), so the chat holds the dose itself (CONTRAINDICATION_NAMED,
 * chat_own_refusals.ts), as it does an allergy (chat_allergies.ts). Medical director's twelfth read, H3, H6, H8, H9.
 *
 * A name is read only where it is said of this patient and not denied:
 *   - the denials, ends and histories of chat_denials.ts ("no wheezing", "pregnancy test negative", "cp resolved",
 *     "hx afib"), and a few more before it in its clause ("not on eliquis", "didn't hit head", "stopped xarelto");
 *   - a history counts only where the document says so (WPW, a transplant, renal disease, a GI bleed for
 *     ketorolac); "hx afib" is no current rhythm (TP 1213 note 6 is of the rhythm now);
 *   - a relative's ("wife is pregnant", "mom has dementia") is not the patient's;
 *   - a state ("unresponsive", "combative") said to have changed after it ("now a&ox4", "now cooperative") is not;
 *   - of several messages, the newest that speaks of it decides ("wheezing" then "no wheezing now").
 */
import { hyperglycemiaGlucoseHold } from "./chat_hyperglycemia_saline.ts";
import { readDenials } from "./chat_denials.ts";
import { everyMatch } from "./chat_every_match.ts";
import { clauseEnd, clauseStart } from "./chat_seizure_ends.ts";
import { namedAsGiven } from "./chat_named_given.ts";
import { type Contraindication, CONTRAINDICATION_WORDS } from "./chat_contraindication_words.ts";
import { ADENOSINE_CONTRAINDICATIONS } from "./chat_rhythm_contraindications.ts";
import { LIDOCAINE_CONTRAINDICATIONS } from "./chat_lidocaine_rhythms.ts";
import { KETOROLAC_CONTRAINDICATIONS } from "./chat_ketorolac_contraindications.ts";
import {
  AMIODARONE_TRAUMA,
  EPINEPHRINE_TRAUMA,
  TXA_CONTRAINDICATIONS,
} from "./chat_trauma_contraindications.ts";
import { txaCriteriaUnmet } from "./chat_txa_criteria.ts";
import { FENTANYL_HEAD_INJURY, MORPHINE_HEAD_INJURY } from "./chat_head_injury_opioids.ts";
import { FORMULARY } from "../../domain/dosing/mod.ts";
import { PAST_STATE_AFTER, PAST_STATE_BEFORE } from "./chat_state_words.ts";

/** By medication id, the contraindications a message may name. */
const CONTRAINDICATIONS: Readonly<Record<string, readonly Contraindication[]>> = {
  ...CONTRAINDICATION_WORDS,
  ketorolac: KETOROLAC_CONTRAINDICATIONS,
  adenosine: ADENOSINE_CONTRAINDICATIONS,
  lidocaine: LIDOCAINE_CONTRAINDICATIONS,
  epinephrine: EPINEPHRINE_TRAUMA,
  amiodarone: AMIODARONE_TRAUMA,
  "tranexamic-acid": TXA_CONTRAINDICATIONS,
  // a head injury below GCS 15: base orders for pain (TP 1244 step 25; eighteenth read, P1)
  fentanyl: FENTANYL_HEAD_INJURY,
  morphine: MORPHINE_HEAD_INJURY,
};

/** A contraindication said: the words as written, and the document's reason and alternative. */
export interface NamedContraindication {
  /** The entry's id ("chest-pain"): which condition was said, for a caller that answers one differently. */
  readonly id: string;
  readonly said: string;
  readonly why: string;
  readonly instead?: string;
  /** Held only for these indications, or a request naming none (chat_trauma_contraindications.ts). */
  readonly indications?: readonly string[];
}

/** Whether `named` holds a request for `indication` (an id or alias; none named: it holds). */
export function holdsFor(named: NamedContraindication, medicationId: string, indication?: string): boolean {
  if (!named.indications || !indication) return true;
  const key = indication.trim().toLowerCase();
  const id = FORMULARY.find((drug) => drug.id === medicationId)?.indications.find((ind) =>
    ind.id === key || (ind.aliases ?? []).some((alias) => alias.toLowerCase() === key)
  )?.id;
  return named.indications.includes(id ?? key);
}

/** Denials chat_denials.ts leaves to the drug's own words: "not on eliquis", "didn't hit head", "stopped xarelto". */
const NEGATED_BEFORE = new RegExp(
  "(?:\\b(?:not|no|never|off|stopped|quit|discontinued|denies|denied|without|w\\/o|neg(?:ative)?\\s+for|" +
    "(?:did|does|do|is|was|has|had|have|are|were)nt)|n['’]t)" +
    "(?:\\s+(?:on|taking|take|takes|using|use|uses|any|his|her|their|the|a|an|been|have|has|had|hit|longer|" +
    "currently|hx|history|of|possibility|chance|being|be|could))*\\s*$",
  "i",
);
/** A relative's fact, not the patient's ("wife pregnant", "mom has dementia", "family hx of wpw"). */
const RELATIVE_BEFORE = new RegExp(
  "\\b(?:mom|mother|dad|father|wife|husband|spouse|partner|girlfriend|sister|brother|son|daughter|grandma|" +
    "grandmother|grandpa|grandfather|family|fhx|fh|fam)\\b(?:\\s+(?:is|was|has|had|hx|history|of|with|also|too|" +
    "members?))*\\s*:?\\s*$",
  "i",
);
/** Words after a name that deny it and chat_denials.ts does not read ("eliquis stopped", "zofran not given"). */
const NEGATED_AFTER = new RegExp(
  "^\\s*[:-]?\\s*(?:not\\s+(?:given|taken|on\\s+it)|stopped|discontinued|d\\/c['’]?d|held|" +
    // "sepsis screen negative" (thirteenth read, H6)
    "(?:screen(?:ing)?|criteria|work[\\s-]?up)?\\s*(?:is\\s+|was\\s+)?(?:neg(?:ative)?|-ve|ruled\\s+out))\\b",
  "i",
);

/** A word that says a dose was given, where a quote of it starts ("gave olanzapine"). */
const GIVING_WORD = /\b(?:gave|given|administered|pushed|received)\b/i;

/** Each place one of `patterns` matches `text` (every drug asked, every message, each chat turn). */
function matches(patterns: readonly RegExp[], text: string): { at: number; end: number }[] {
  return patterns.flatMap((p) =>
    everyMatch(p, text).map((m) => ({
      at: m.index,
      end: m.index + m[0].length,
    }))
  );
}

/** The last of `c`'s names as written in `text`. */
function nameIn(c: Contraindication, text: string): string | undefined {
  const last = matches(c.names, text).sort((a, b) => a.at - b.at).at(-1);
  return last && text.slice(last.at, last.end);
}

type Reading = { said?: string; ended?: true };

/** How one message speaks of `c`: said (as written), ended (denied, resolved, a state changed since), or not. */
function readingIn(text: string, c: Contraindication): Reading {
  if (c.notWith?.test(text) || (c.onlyWith && !c.onlyWith.test(text))) return {};
  if (c.endedBy?.test(text)) return { ended: true };
  if (c.givenDrug) {
    const given = namedAsGiven(text, c.givenDrug);
    if (!given) return {};
    // from the giving word or the drug's name, whichever comes first ("gave olanzapine", "olanzapine 10mg given")
    const at = Math.min(
      ...matches([...c.names, GIVING_WORD], given.clause).map((m) => m.at),
      given.clause.length,
    );
    return { said: given.clause.slice(at) };
  }
  const denials = readDenials(text, [{ id: c.id, patterns: c.names }]);
  const named = matches(c.names, denials.text).filter(({ at, end }) => {
    const before = text.slice(clauseStart(text, at), at);
    return !NEGATED_BEFORE.test(before) && !RELATIVE_BEFORE.test(before) &&
      !NEGATED_AFTER.test(text.slice(end));
  });
  // Past, unsure or another course's ("finished xarelto last year", "could be pregnant", "zofran yesterday"): ended.
  const notNow = (at: number, end: number) =>
    c.notNow?.before?.test(text.slice(clauseStart(text, at), at)) || c.notNow?.after?.test(text.slice(end));
  // A state marked past ("gcs 15, previously gcs 8") where the patient is also said to be so no longer: the now decides.
  const markedPast = ({ at, end }: { at: number; end: number }) =>
    PAST_STATE_BEFORE.test(text.slice(clauseStart(text, at), at)) ||
    PAST_STATE_AFTER.test(text.slice(end, clauseEnd(text, end)));
  const now = c.undoneBy && matches([c.undoneBy], text).filter((m) => !markedPast(m)).at(-1);
  const past = (at: number, end: number) => now !== undefined && markedPast({ at, end });
  const said = named.filter(({ at, end }) => !notNow(at, end) && !past(at, end)).sort((a, b) => a.at - b.at);
  if (said.length === 0 && named.length > 0) return { ended: true };
  const last = said.at(-1);
  if (now && (!last || now.at > last.at)) return { ended: true };
  if (last) return { said: text.slice(last.at, last.end) };
  const reading = denials.readings.get(c.id);
  // said only as history: the name as written ("hx wpw" quotes "wpw"), where a history counts
  if (reading?.how === "history") return c.history ? { said: nameIn(c, text) ?? reading.quote } : {};
  return reading || matches(c.names, text).length > 0 ? { ended: true } : {};
}

/** The newest message that speaks of `c` decides (`userTexts` newest first). */
function saidOf(userTexts: readonly string[], c: Contraindication): string | undefined {
  for (const text of userTexts) {
    const { said, ended } = readingIn(text, c);
    if (said) return said;
    if (ended) return undefined;
  }
  return undefined;
}

/**
 * The first contraindication to `medicationId` said in this patient's messages (newest first), or undefined. `child`:
 * the patient is known to be a child (hyperglycaemia's saline holds at a child's glucose, not an adult's);
 * `systolicBp`: the pressure read for the request (an adult's below 90 lifts that hold: MCG 1355, TP 1203 step 8).
 */
export function contraindicationNamed(
  userTexts: readonly string[],
  medicationId: string,
  child = false,
  systolicBp?: number,
): NamedContraindication | undefined {
  for (const c of CONTRAINDICATIONS[medicationId] ?? []) {
    const said = saidOf(userTexts, c);
    if (said) {
      return {
        id: c.id,
        said: said.replace(/\s+/g, " ").trim(),
        why: c.why,
        ...(c.instead ? { instead: c.instead } : {}),
        ...(c.indications ? { indications: c.indications } : {}),
      };
    }
  }
  // TXA's vitals criteria, where those written meet none (sixteenth read, H2; chat_txa_criteria.ts)
  if (medicationId === "normal-saline") return hyperglycemiaGlucoseHold(userTexts, child, systolicBp); // MD18 M1, MD20 H2
  return medicationId === "tranexamic-acid" ? txaCriteriaUnmet(userTexts) : undefined;
}

/** The CONTRAINDICATION_NAMED refusal's words: short, on a phone. */
export const contraindicationHeldMessage = (
  { said, why, instead }: NamedContraindication,
  medication: string,
) => `You wrote '${said}': ${why}. No ${medication} dose is given${instead ? `; ${instead}` : "."}`;
