/**
 * What this patient's messages say was already given of one medication asked about, with no I/O: the count
 * (chat_dose_counts.ts: said, carried, labelled, or one dose of a drug named as given), whether it is unclear (the
 * chat asks how many in all), and the total (chat_total_given.ts). Doses given belong to one medication: a count is
 * read only when one is asked about, or the one the client sent; among several, a drug named as given is still at
 * least one dose (ninth read, M1: "epi given, … albuterol? and epi").
 */
import type { DoseRequest } from "../../domain/dosing/mod.ts";
import { type DoseCount, doseCount, namedGivenCount, type NamedOnce } from "./chat_dose_counts.ts";
import { shocksGivenSaid, shocksPastSeriesSaid } from "./chat_shock_counts.ts";
import { asksOrdinal, placeAskedCount } from "./chat_ordinal_counts.ts";
import {
  afterNameAsDose,
  amountIsOneDose,
  asAutoinjectors,
  beforeNameAsCount,
  inDoseUnit,
  partOfOneDose,
  totalGivenSaid,
  totalReachesLimit,
  type TotalSaid,
} from "./chat_total_given.ts";
import { packagesAsDoses } from "./chat_count_packages.ts";
import { namedInAnotherCourse } from "./chat_named_given.ts";

export interface GivenSoFar {
  readonly dosesGiven?: number;
  /** The total to send (the engine checks its unit against the dose's: withTotal). */
  readonly total?: TotalSaid;
  /** A total said as one ("narcan 4 mg total"): said with the answer (totalNote). */
  readonly totalSaid?: TotalSaid;
  /** The count came from an earlier message. */
  readonly carried: boolean;
  /** Named as given with no count: one dose read, said in the note. */
  readonly atLeast?: NamedOnce;
  /** What was said, where no count can be read: the chat asks how many in all (DOSES_GIVEN_UNCLEAR). */
  readonly unclear?: readonly string[];
  /** With `unclear`: a volume of saline said given that is only part of one bolus (its mL, and the bolus's). */
  readonly partOfDose?: PartOfDose;
}

export interface PartOfDose {
  readonly givenMl: number;
  readonly doseMl: number;
}

export interface GivenQuestion {
  readonly medicationId: string;
  /** As the medic named it ("versed"). */
  readonly mention: string;
  readonly indication: string | undefined;
  readonly child: boolean;
  /** The only medication asked about. */
  readonly alone: boolean;
  /** The request without route or counts: an amount said is one dose only if no more than its dose. */
  readonly asked: DoseRequest;
  /** patient.dosesGiven as the client sent it: never questioned. */
  readonly sent?: number;
  /** "pt 2"'s own count, said before the turn to them (chat_labelled_counts.ts). */
  readonly labelled?: () => DoseCount | undefined;
}

/**
 * The count a place asked alone says ("second adenosine?": one given), as a count read from the messages; none where a
 * message names the drug in another course ("adenosine given yesterday at urgent care || adenosine #2?": Stop 61's
 * read V, W1: the repeat's 12 mg had been answered for this call's first dose).
 */
function placeAsked(userTextsNewestFirst: readonly string[], medicationId: string): DoseCount | undefined {
  if (userTextsNewestFirst.some((t) => namedInAnotherCourse(t, medicationId))) return undefined;

  const dosesGiven = placeAskedCount(userTextsNewestFirst[0] ?? "", medicationId);
  return dosesGiven === undefined ? undefined : { dosesGiven, earlier: false };
}

export function givenSoFar(userTextsNewestFirst: readonly string[], q: GivenQuestion): GivenSoFar {
  const { medicationId, indication, child, alone } = q;
  // Shocks said as shocks ("shocked x2", "2 shocks") are the shock's own count, beside a drug asked too (MD12 M5).
  const shocks = medicationId === "defibrillation" || medicationId === "cardioversion"
    ? shocksGivenSaid(userTextsNewestFirst, medicationId)
    : undefined;
  const shocksCount: DoseCount | undefined = shocks && { dosesGiven: shocks.count, earlier: shocks.earlier };
  // A count past the shock series ("cardioverted x4", "5 cardioversions given") is asked, never a limit (MD14 H1).
  const pastSeries =
    shocks === undefined && (medicationId === "defibrillation" || medicationId === "cardioversion")
      ? shocksPastSeriesSaid(userTextsNewestFirst, medicationId)
      : undefined;
  const shocksAsked: DoseCount | undefined = pastSeries
    ? { earlier: false, unclear: [pastSeries] }
    : undefined;
  const counted = q.sent !== undefined ? undefined : alone
    ? shocksAsked ??
      doseCount(userTextsNewestFirst, medicationId, indication, child) ?? // the newest said, maybe an earlier's
      shocksCount ??
      q.labelled?.() ??
      namedGivenCount(userTextsNewestFirst, medicationId, indication, child) ?? // "D10 given": at least one
      placeAsked(userTextsNewestFirst, medicationId) // "second adenosine?": one given
    : shocksCount ?? shocksAsked ?? namedGivenCount(userTextsNewestFirst, medicationId, indication, child) ??
      placeAsked(userTextsNewestFirst, medicationId); // "shocked x3, repeat amio?": the place names its drug
  // An amount said with it is one dose only if no more than one dose's amount ("already gave 2 mg of epi" in arrest
  // is two): else the chat asks how many in all (ninth read, H1).
  // An amount that is already the most allowed before base ("fent 150mcg total given", "d10 250ml given") needs no
  // count: it is sent as the total, and the engine refuses LIMIT_REACHED (twelfth read, M6).
  // A number right after the name ("fentanyl 50 given") is in the unit of the dose it equals, else no one dose
  // (thirteenth read, M3).
  // A number right before the name ("gave 3 nitro", "2 epi given" in arrest) is a count where it cannot be an
  // amount; a number beside the name that is no one dose ("fentanyl 150 given", "gave 10 versed"), in the dose's unit,
  // is read only as the maximum reached (fourteenth read, M2: MCG 1345's 150 mcg; TP 1231's 10 mg).
  const said = counted?.amount;
  // A child's bare number may be the volume given, the dose by weight (TP 1210-P: 0.1 mL/kg): asked, as is a place
  // asked that disagrees ("gave 2 nitro, 4th?" settles nothing).
  // "1 kit", "1 amp", "1 neb" of the drug's own package: that many doses where one is the package (sixteenth read,
  // M5: TP 1240 step 26; MCG 1317.39; MCG 1317.3), else asked.
  const asCount = said?.packages
    ? packagesAsDoses(medicationId, child, said.value)
    : said?.beforeName && !child && !asksOrdinal(userTextsNewestFirst[0] ?? "")
    ? beforeNameAsCount(q.asked, said.value)
    : undefined;
  // 1 to 3 beside the name is a count or asked, never a total ("gave 2 nitro, 4th?", "nitro 2 given": no 2 mg).
  const countLike = said !== undefined && said.value >= 1 && said.value <= 3;
  const bare = (said?.afterName || said?.beforeName) && !countLike && !child
    ? inDoseUnit(q.asked, { value: said!.value })
    : undefined;
  const amount = said?.afterName
    ? afterNameAsDose(q.asked, said.value)
    : said?.beforeName || said?.packages
    ? undefined
    : said;
  const overOne = said !== undefined && asCount === undefined &&
    (amount === undefined || !amountIsOneDose(q.asked, amount));
  const limitAmount = amount ?? bare;
  const atMost = overOne && limitAmount !== undefined && totalReachesLimit(q.asked, limitAmount);
  // A series said given whose amounts add up to the maximum ("amio 300 and 150 given": TP 1210 step 11's 450 mg) is
  // sent as the total, and the engine refuses LIMIT_REACHED; short of it, how many is asked (thirteenth read, M3).
  const sum = counted?.seriesSum && inDoseUnit(q.asked, counted.seriesSum);
  const seriesAtMost = sum !== undefined && totalReachesLimit(q.asked, sum);
  // "2 duodote given": autoinjectors, the dose's own unit, sent as the total (TP 1240 steps 14 to 17: 3 in all).
  const injectors = (said?.afterName || said?.beforeName) && !child
    ? asAutoinjectors(q.asked, said!.value)
    : undefined;
  // Part of one saline bolus ("250 ml ns given" of sepsis's 1 L): the engine counts boluses, not what is left of one,
  // so the chat holds with the reason rather than read it as the whole (eighteenth read, H5: TP 1204 step 6, TP 1219
  // step 6, TP 1204-P).
  const partOf = medicationId === "normal-saline" && amount?.unit === "ml" && asCount === undefined
    ? partOfOneDose(q.asked, amount)
    : undefined;
  const partOfDose = partOf !== undefined ? { givenMl: amount!.value, doseMl: partOf } : undefined;
  const count: DoseCount | undefined = partOfDose
    ? { earlier: false, unclear: [counted!.atLeast!] }
    : injectors
    ? { earlier: counted!.earlier, atLeast: counted!.atLeast!, amount: injectors }
    : seriesAtMost
    ? { earlier: false, atLeast: counted!.unclear![0], amount: sum }
    : asCount !== undefined
    ? { dosesGiven: asCount, earlier: counted!.earlier }
    : atMost
    ? { earlier: counted!.earlier, atLeast: counted!.atLeast!, amount: limitAmount }
    : overOne
    ? { earlier: false, unclear: [counted!.atLeast!] }
    : counted && amount
    ? { ...counted, amount }
    : counted;
  // A total said as one ("narcan 4 mg total"), else the amount said with the one dose named as given ("versed 10mg
  // IM given": TP 1231's 10 mg counts every route).
  const fromAmount = count?.amount?.unit
    ? { value: count.amount.value, unit: count.amount.unit, quote: count.atLeast! }
    : undefined;
  // Autoinjectors read are said as a total read from words (totalNote), not as one dose read.
  const totalSaid = alone
    ? totalGivenSaid(userTextsNewestFirst, medicationId) ?? (injectors && fromAmount)
    : undefined;
  const total = alone ? totalSaid ?? fromAmount : undefined;
  const dosesGiven = alone ? q.sent ?? count?.dosesGiven : count?.dosesGiven;
  return {
    ...(dosesGiven !== undefined ? { dosesGiven } : {}),
    ...(total ? { total } : {}),
    ...(totalSaid ? { totalSaid } : {}),
    carried: alone && (count?.earlier ?? false),
    ...(count?.atLeast && !atMost && !seriesAtMost && !injectors
      ? { atLeast: { medication: q.mention, clause: count.atLeast, earlier: count.earlier } }
      : {}),
    ...(count?.unclear ? { unclear: count.unclear } : {}),
    ...(partOfDose ? { partOfDose } : {}),
  };
}
