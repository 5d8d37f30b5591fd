/**
 * A total of a medication already given, said as one ("narcan 4 mg total", "total of 6 mg so far", "given 4mg in
 * all"), with no I/O. A child's naloxone after a count asks the total (TP 1241-P: 8 mg before base, and an earlier
 * dose may have been a 4 mg spray), and so do an adult's doses given as a range; the chat never read one, so in chat
 * that question had no answer (medical director's eighth read, H4). Only a total said with a total word and its
 * unit is read: the chat never adds doses up ("2 mg x2" is no total) and never converts units, so a total whose unit
 * is not the dose's (totalUnitAgrees) is not sent.
 */
import { calculateDose, type DoseRequest, DosingError, listMedications } from "../../domain/dosing/mod.ts";
import { clausesWithMarks, findMedications, withoutMarks } from "./chat_names.ts";
import type { AmountGiven } from "./chat_named_given.ts";
import type { ChatTurn } from "./dosing_types.ts";

const TOTAL_WORD = /\b(?:total|in\s+all|so\s+far|altogether|combined|cumulative)\b/i;
const AMOUNT = /(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)\s*(mg|mcg|g|ml)(?![\w])/gi;
/** A question or a limit, not a history ("max total 8 mg?", "can I give 4 mg total", "what's the total"). */
const NOT_HISTORY =
  /\?|\b(?:max(?:imum)?|limit|allowed|up\s+to|can|could|should|may|what|how|need|want|plan\w*|give|giving|will)\b/i;
/** None given, or another person's ("mom took 4 mg total"). */
const NOT_OURS =
  /\b(?:no|not|never|none|mom|mother|dad|father|wife|husband|family|home|own|self|took|taken|ingest\w*|pills?|bottle)\b/i;
/** A message that is only a total ("4 mg total", "total 4mg", "4mg so far"): the answer to the engine's question. */
const BARE_TOTAL =
  /^\s*(?:(?:total|in\s+all)(?:\s+of)?\s+)?\d{1,4}(?:\.\d{1,3})?\s*(?:mg|mcg|g|ml)\s*(?:total|in\s+all|so\s+far|altogether)?[\s.!]*$/i;

export interface TotalSaid {
  readonly value: number;
  /** As the medic wrote it, lower case ("mg", "mcg", "ml", "g"). */
  readonly unit: string;
  /** The clause that said it, as written. */
  readonly quote: string;
}

/**
 * The newest total of `medicationId` said in this patient's messages: a clause with a total word and one amount with
 * its unit, naming the drug, or a message that is only the total ("4 mg total" answering the engine's question).
 * Never a question or a limit, nor another person's or another drug's.
 */
export function totalGivenSaid(
  userTextsNewestFirst: readonly string[],
  medicationId: string,
): TotalSaid | undefined {
  for (const text of userTextsNewestFirst) {
    for (const clause of clausesWithMarks(text).map((c) => c.trim()).reverse()) {
      if (!TOTAL_WORD.test(clause) || NOT_HISTORY.test(clause) || NOT_OURS.test(clause)) continue;
      const named = findMedications(clause).map((m) => m.id);
      // The clause names the drug, or the message is the bare answer ("4 mg total"): another drug's total ("took 2 mg
      // total of xanax", "keppra 500 mg total") is never this one's (tenth read, H2).
      const ours = named.length > 0 ? named.length === 1 && named[0] === medicationId : BARE_TOTAL.test(text);
      const amounts = [...clause.matchAll(AMOUNT)];
      if (!ours || amounts.length !== 1) continue;
      const quote = withoutMarks(clause);
      return { value: Number(amounts[0][1]), unit: amounts[0][2].toLowerCase(), quote };
    }
  }
  return undefined;
}

/** A first dose: its least, its most (a range's top, a choice's largest: TP 1213 step 10's "6 or 12 mg"), its unit. */
interface FirstDose {
  readonly value: number;
  readonly most: number;
  readonly options?: readonly number[];
  readonly unit: string;
}

/**
 * The first dose of the medication for this patient by each route that answers: with none asked, the routes the
 * engine answers or asks between without one. A route it gives only when asked for is not the dose asked about: the
 * push-dose of anaphylactic shock (10 mcg IV/IO, TP 1219 step 7) is not what "epi 0.5mg im given" is weighed
 * against for anaphylaxis (medical director's twelfth read, H4).
 */
function firstDoses(request: DoseRequest): FirstDose[] {
  const { dosesGiven: _count, totalGiven: _total, ...first } = request;
  const routes = first.route !== undefined ? [first.route] : routesWithoutOneAsked(first);
  return routes.flatMap((route) => {
    try {
      const { dose } = calculateDose({ ...first, route });
      return [{
        value: dose.value,
        most: Math.max(dose.upTo ?? dose.value, ...(dose.options ?? [])),
        ...(dose.options ? { options: dose.options } : {}),
        unit: dose.unit.toLowerCase(),
      }];
    } catch {
      return []; // a route this patient is not dosed by
    }
  });
}

/** The routes the engine answers by, or asks between, with no route asked; every route of the drug otherwise. */
function routesWithoutOneAsked(request: DoseRequest): readonly string[] {
  try {
    return calculateDose(request).route.split("/");
  } catch (error) {
    if (error instanceof DosingError && error.code === "AMBIGUOUS_ROUTE") {
      return error.details().routes as string[];
    }
    const id = findMedications(request.medication)[0]?.id;
    return listMedications().find((m) => m.id === id)?.routes ?? [];
  }
}

/**
 * True when the medication's first dose for this patient is in the total's unit (the engine reads totalGiven in the
 * dose's unit). With no route asked, every route that answers must agree ("narcan 4 mg total": IN, IM and IV are mg).
 */
export function totalUnitAgrees(request: DoseRequest, unit: string): boolean {
  const units = firstDoses(request).map((d) => d.unit);
  return units.length > 0 && units.every((u) => u === unit);
}

/**
 * True when an amount said given with a drug named once ("epi 0.5mg im given") is no more than one dose of it for this
 * patient by some route, in its unit: "already gave 2 mg of epi" in arrest is two doses, so it is asked (ninth read,
 * H1). With no dose the engine gives, it stands as one: the engine's own question comes first.
 */
export function amountIsOneDose(request: DoseRequest, amount: AmountGiven): boolean {
  const doses = firstDoses(request);
  if (doses.length === 0) return true;
  if (amount.unit !== undefined && doses.some((d) => d.unit !== amount.unit)) return false;
  return amount.value <= Math.max(...doses.map((d) => d.most)) + 1e-9;
}

/**
 * The one dose (its least, in the amount's unit) that an amount said given is only part of, or undefined: "250 ml ns
 * given" is a quarter of sepsis's 1 L (TP 1204 step 6), "200 ml" half a 20 kg child's 20 mL/kg (TP 1204-P). Read as
 * the whole dose, the rest of the bolus had been refused LIMIT_REACHED (eighteenth read, H5).
 */
export function partOfOneDose(request: DoseRequest, amount: AmountGiven): number | undefined {
  const doses = firstDoses(request);
  if (amount.unit === undefined || doses.length === 0 || doses.some((d) => d.unit !== amount.unit)) {
    return undefined;
  }
  const least = Math.min(...doses.map((d) => d.value));
  return amount.value > 0 && amount.value < least - 1e-9 ? least : undefined;
}

/**
 * A whole number said right after the drug's name in a clause of doses given ("fentanyl 50 given", "adenosine 6
 * given") as an amount in the unit of this patient's first dose, when it is one: the dose itself, a choice of it, or
 * within its range (MCG 1345: fentanyl 50 mcg; TP 1213 step 10: adenosine 6 or 12 mg). Any other number ("nitro 2
 * given", "fentanyl 150 given") is no one dose, and undefined: the chat asks how many (thirteenth read, M3).
 */
export function afterNameAsDose(request: DoseRequest, value: number): AmountGiven | undefined {
  const doses = firstDoses(request).filter((d) =>
    d.options
      ? d.options.some((o) => Math.abs(o - value) < 1e-9)
      : value >= d.value - 1e-9 && value <= d.most + 1e-9
  );
  const units = new Set(doses.map((d) => d.unit));
  return units.size === 1 ? { value, unit: [...units][0] } : undefined;
}

/**
 * The count a whole number right before the drug's name in a clause of doses given is ("gave 3 nitro", "2 epi given"
 * in arrest), or undefined when it may be an amount. 1 to 3 is a count where it cannot be an amount of this patient's
 * doses in their unit: neither part of one dose (down to a tenth of it) nor one to three doses' worth (nitro 0.4 mg:
 * "3 nitro" is three; fentanyl 50 mcg: "3 fentanyl" is three), or where the two readings agree (epinephrine 1 mg in
 * arrest: "2 epi" is two doses either way). Else the chat asks ("gave 2 versed" may be 2 mg): fourteenth read, M2 (TP 1211 step 6;
 * TP 1210 step 9; MCG 1345).
 */
export function beforeNameAsCount(request: DoseRequest, value: number): number | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 3) return undefined;
  const doses = firstDoses(request);
  if (doses.length === 0) return undefined;
  if (doses.every((d) => d.value === 1 && d.most === 1)) return value;
  // Part of one dose, or one to three whole doses' worth (each within the dose's range).
  const mayBeAmount = (d: FirstDose) =>
    (value >= d.value / 10 - 1e-9 && value < d.value) ||
    [1, 2, 3].some((k) => value >= k * d.value - 1e-9 && value <= k * d.most + 1e-9);
  return doses.some(mayBeAmount) ? undefined : value;
}

/**
 * A whole number said beside the name of a drug dosed in autoinjectors ("2 duodote given") as that many autoinjectors,
 * the dose's own unit, or undefined. TP 1240 steps 14 to 17 count DuoDote one injector at a time, 3 in all; read as a
 * count or a part of one dose, "adult nerve agent severe 2 duodote given" asked how many (sixteenth read, M5).
 */
export function asAutoinjectors(request: DoseRequest, value: number): AmountGiven | undefined {
  const units = firstDoses(request).map((d) => d.unit);
  return Number.isInteger(value) && value >= 1 && units.length > 0 && units.every((u) => u === "autoinjector")
    ? { value, unit: "autoinjector" }
    : undefined;
}

/** An amount in its unit, or with none said, in the unit of every first dose of this patient's (undefined if they differ). */
export function inDoseUnit(request: DoseRequest, amount: AmountGiven): AmountGiven | undefined {
  if (amount.unit !== undefined) return amount;
  const units = new Set(firstDoses(request).map((d) => d.unit));
  return units.size === 1 ? { value: amount.value, unit: [...units][0] } : undefined;
}

/**
 * True when an amount said given ("fent 150mcg total given", "d10 250ml given") is, as a total in the dose's unit, the
 * most the document allows before base contact by every route that answers: the engine refuses LIMIT_REACHED (MCG
 * 1345: fentanyl 150 mcg; TP 1203 step 7: D10 250 mL). Then no count is needed to say no more may be given (twelfth
 * read, M6: the chat had asked how many doses). Short of it, the count is still asked: the chat never adds doses up.
 */
export function totalReachesLimit(request: DoseRequest, amount: AmountGiven): boolean {
  if (amount.unit === undefined || !totalUnitAgrees(request, amount.unit)) return false;
  const { dosesGiven: _count, totalGiven: _total, ...first } = request;
  const id = findMedications(request.medication)[0]?.id;
  const routes = first.route !== undefined
    ? [first.route]
    : listMedications().find((m) => m.id === id)?.routes ?? [];
  const refusals = routes.flatMap((route) => {
    try {
      calculateDose({ ...first, route });
    } catch {
      return []; // a route this patient is not dosed by
    }
    try {
      calculateDose({ ...first, route, totalGiven: amount.value });
      return ["dosed"];
    } catch (error) {
      return [error instanceof DosingError ? error.code : "error"];
    }
  });
  return refusals.length > 0 && refusals.every((code) => code === "LIMIT_REACHED");
}

/** The request with the total said, where it is in the dose's unit; else as it was. */
export function withTotal(total: TotalSaid | undefined, request: DoseRequest): DoseRequest {
  return total && totalUnitAgrees(request, total.unit) ? { ...request, totalGiven: total.value } : request;
}

/** Said with the answer: a total read from words misses what was given since. */
export const totalNote = (total: TotalSaid) =>
  `The total already given (${total.value} ${total.unit}) was read in "${total.quote}": anything given since is ` +
  "not in it, and if the maximum has been reached no further dose is allowed.";

/** The chat's question for the total (chat_refusals.ts) or the engine's own words, as the assistant's turn quotes it. */
const TOTAL_ASKED = /Say the total given so far|total so far|Send totalGiven/i;
/** A bare number answering it with no unit ("5 total", "5"): a total of what unit? Never a count of doses. */
const NO_UNIT_TOTAL =
  /^\s*(?:total\s+(?:of\s+)?)?\d{1,4}(?:\.\d{1,3})?\s*(?:total|in\s+all|so\s+far|altogether)?[\s.!]*$/i;

/**
 * The turns with a unitless answer to the chat's total question made plain: "5 total" after it had been read as five
 * doses given (tenth read, M5). The engine asks the total again, its text naming the unit.
 */
export function withTotalAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) =>
    turn.role === "user" && i > 0 && turns[i - 1].role === "assistant" &&
      TOTAL_ASKED.test(turns[i - 1].content) &&
      NO_UNIT_TOTAL.test(turn.content)
      ? { ...turn, content: "a total given with no unit" }
      : turn
  );
}
