/**
 * The indication read from a medic's own words (medical director's sixteenth read, H3, H5, M1, M4): a trauma's
 * mechanism (chat_injury_words.ts), a crush said as "crushed"/"pinned"/"entrapped" and hyperkalaemia's ECG signs,
 * an overdose said as "od" or by the drug's name (chat_overdose_words.ts), "septic", and heat, cold and dehydration.
 * Each had been read as no indication (a needless question) or as the wrong one. Rows both ways.
 */
import { chatAnswers, checkRows, type Dosed, type Row } from "../support/chat_answers.ts";

const doseRoute = ({ result }: Dosed) => `${result.dose.value} ${result.dose.unit} ${result.route}`;
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseRoute));

/** H3: TP 1244 step 15: NS 250 mL for a hypotensive trauma patient, then base; never the medical 1 L row. */
const TRAUMA: readonly Row[] = [
  [["gsw abd 30yo sbp 70 fluid bolus"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["mvc 35yo sbp 70 hr 130 fluid bolus"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["gsw 30yo hypotensive 80/50 poor perfusion normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["30yo stabbed chest bp 78/40, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["mvc 35yo hypotensive sbp 70, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  // near misses: a trauma only in the history, or none, keeps the medical 1 L row (TP 1207 / TP 1205)
  [["70yo hx of mvc years ago, dehydrated bp 88/50, fluid bolus"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["70yo bp fell to 70, poor perfusion, fluid bolus"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["trauma 30yo sbp 80, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
];

/** H5: TP 1242 step 10 / TP 1212 step 7 (continuous neb), step 14 (before extrication); never the wheezing row or an MDI. */
const ALBUTEROL: readonly Row[] = [
  [["80kg crush injury albuterol"], ["crush-injury: AMBIGUOUS_INDICATION"]], // ECG signs or extrication?
  [["80kg crush injury, albuterol"], ["crush-injury: AMBIGUOUS_INDICATION"]],
  [["crush injury 80kg peaked t's albuterol"], ["crush-hyperkalemia: 5 mg NEB"]],
  [["40yo crush 2 hrs peaked t waves, albuterol"], ["crush-hyperkalemia: 5 mg NEB"]],
  // near misses: signs denied leave the crush asked; dialysis with no ECG sign is no hyperkalaemia
  [["40yo crush injury no peaked t waves, albuterol"], ["crush-injury: AMBIGUOUS_INDICATION"]],
  [["70yo dialysis tomorrow wheezing albuterol"], ["bronchospasm: 5 mg NEB", "bronchospasm: 360 mcg MDI"]],
];

/** M1: TP 1241 step 15 (notes 3–4): calcium chloride / bicarbonate for its overdoses, on a base order. */
const OVERDOSE: readonly Row[] = [
  [["55yo took a bottle of amlodipine hr 40 bp 70/40 calcium chloride"], [
    "calcium-channel-blocker-overdose: 1 g IV",
  ]],
  [["60yo metoprolol od brady 38 hypotensive 76/40 calcium?"], [
    "calcium-channel-blocker-overdose: 1 g IV",
  ]],
  [["beta blocker od 70kg hr 40 bp 70 palp cacl"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["ccb od 70kg base ordered calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["55yo amlodipine od, calcium chloride"], ["calcium-channel-blocker-overdose: 1 g IV"]],
  [["20kg kid ate grandmas verapamil hr 60 bp 60/30 calcium"], [
    "calcium-channel-blocker-overdose: 400 mg IV",
  ]],
  [["35yo amitriptyline od qrs wide 0.14 bicarb"], ["tricyclic-overdose: 50 mEq IV/IO"]],
  [["elavil overdose 50yo qrs 140ms sodium bicarbonate"], ["tricyclic-overdose: 50 mEq IV/IO"]],
  [["amitriptyline od 70kg wide qrs bicarb"], ["tricyclic-overdose: 50 mEq IV/IO"]], // not agitation (TP 1209)
  // near misses: a home medicine with no overdose word is no overdose
  [["70yo takes amlodipine, 80kg, calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
];

/** M4: "septic" (TP 1204), heat, cold, dehydration (1 L). */
const WORDS: readonly Row[] = [
  [["80kg septic normal saline"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo vomiting diarrhea 3 days dehydrated bp 88/50 normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["heat stroke 40yo temp 106 hypotensive 80/40 normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["hypothermia 30yo 80kg sbp 80, normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  // near misses: "not septic" is no sepsis; "dialysis tomorrow" with no ECG sign names no hyperkalaemia
  [["80kg not septic, dehydrated, normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  [["70yo dialysis tomorrow, calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
  [["80kg not septic, normal saline"], ["-: AMBIGUOUS_INDICATION"]],
];

Deno.test("md16 H3: a hypotensive trauma patient's saline is TP 1244's 250 mL, not the 1 L bolus", () =>
  check(TRAUMA));
Deno.test("md16 H5: albuterol in a crush or hyperkalaemia is TP 1242 / 1212's nebuliser", () =>
  check(ALBUTEROL));
Deno.test("md16 M1: overdose words and drug names read as TP 1241's indication", () => check(OVERDOSE));
Deno.test("md16 M4: crush, hyperkalaemia, septic, heat, cold and dehydration words", () => check(WORDS));
