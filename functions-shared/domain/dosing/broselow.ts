/**
 * Length-based tape colours and the kilogram weights MCG 1309 (rev. 07-01-25) prints a page for.
 * Children measured longer than the tape get adult doses; MCG 1309 covers 3–36 kg only.
 */

export const TAPE_COLORS = [
  "grey",
  "pink",
  "red",
  "purple",
  "yellow",
  "white",
  "blue",
  "orange",
  "green",
] as const;
export type TapeColor = typeof TAPE_COLORS[number];

/** MCG 1309: the weights printed for each colour (note: no 21, 23, 25, 27, 29, 31, 33 or 35 kg). */
export const WEIGHTS_BY_COLOR: Readonly<Record<TapeColor, readonly number[]>> = {
  grey: [3, 4, 5],
  pink: [6, 7],
  red: [8, 9],
  purple: [10, 11],
  yellow: [12, 13, 14],
  white: [15, 16, 17, 18],
  blue: [19, 20, 22],
  orange: [24, 26, 28],
  green: [30, 32, 34, 36],
};

export const TAPE_WEIGHTS: readonly number[] = TAPE_COLORS.flatMap((color) => WEIGHTS_BY_COLOR[color]);
export const MIN_TAPE_WEIGHT_KG = 3;
export const MAX_TAPE_WEIGHT_KG = 36;

/** Colour inputs that mean "longer than the tape" (MCG 1309 marks its adult page black). */
const ADULT_COLOR_INPUTS = new Set(["adult", "black", "longer-than-tape", "longer than tape"]);

export type ColorInput = { kind: "tape"; color: TapeColor } | { kind: "adult" };

/** Case-insensitive; "gray" is accepted for grey. Undefined when not a colour we know. */
export function parseColor(input: string): ColorInput | undefined {
  const text = input.trim().toLowerCase().replace(/[_\s]+/g, " ");
  if (ADULT_COLOR_INPUTS.has(text) || ADULT_COLOR_INPUTS.has(text.replace(/ /g, "-"))) {
    return { kind: "adult" };
  }
  const color = text === "gray" ? "grey" : text;
  return (TAPE_COLORS as readonly string[]).includes(color)
    ? { kind: "tape", color: color as TapeColor }
    : undefined;
}

/** The colour of a printed tape weight; undefined for any other weight. */
export function colorOfWeight(weightKg: number): TapeColor | undefined {
  return TAPE_COLORS.find((color) => WEIGHTS_BY_COLOR[color].includes(weightKg));
}

/** The printed weights either side of a weight that is not printed (for a helpful refusal). */
export function nearestTapeWeights(weightKg: number): number[] {
  const below = TAPE_WEIGHTS.filter((w) => w < weightKg).at(-1);
  const above = TAPE_WEIGHTS.find((w) => w > weightKg);
  return [below, above].filter((w): w is number => w !== undefined);
}

export const COLOR_INPUT_VALUES: readonly string[] = [
  ...TAPE_COLORS,
  "gray",
  ...ADULT_COLOR_INPUTS,
];

/**
 * The normal systolic pressure MCG 1309 prints on each colour's pages (its "normal vital signs", in mmHg:
 * above this): the target the paediatric protocols titrate push-dose epinephrine to (TP 1207-P, 1210-P).
 */
export const NORMAL_SBP_ABOVE_BY_COLOR: Readonly<Record<TapeColor, number>> = {
  grey: 60,
  pink: 70,
  red: 70,
  purple: 70,
  yellow: 70,
  white: 75,
  blue: 80,
  orange: 80,
  green: 90,
};

/**
 * The ages MCG 1309 prints beside the weights of each colour (its per-weight pages), in months from and
 * before: an estimate of the band for a child whose age is known but who has not been measured.
 */
export const AGE_MONTHS_BY_COLOR: Readonly<Record<TapeColor, readonly [number, number]>> = {
  grey: [0, 3], // under 3 months
  pink: [3, 7], // 3–4 and 5–6 months
  red: [7, 11], // 7–8 and 9–10 months
  purple: [11, 19], // 11–14 and 15–18 months
  yellow: [19, 36], // 19–35 months
  white: [36, 60], // 3–4 years
  blue: [60, 84], // 5–6 years
  orange: [84, 120], // 7–9 years
  green: [120, 156], // 10–12 years
};

/**
 * An age's completed months, as MCG 1309's age column counts them ("7 - 8 months"); the small tolerance keeps
 * a month count sent as years (7 / 12) from falling a hair short of its month.
 */
export function completedMonths(ageYears: number): number {
  return Math.floor(ageYears * 12 + 1e-9);
}

/** The colour whose printed ages include this age (completed months); undefined from 13 years. */
export function colorOfAge(ageYears: number): TapeColor | undefined {
  const months = completedMonths(ageYears);
  return TAPE_COLORS.find((c) => months >= AGE_MONTHS_BY_COLOR[c][0] && months < AGE_MONTHS_BY_COLOR[c][1]);
}
