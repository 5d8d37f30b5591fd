/**
 * Stop 58: a VF doubted with a question mark before it ("?vf") is no plain VF, so a count of shocks beside it
 * ("zapped x1") is of either kind, as "vf?" and "possible vf" already were (chat_shock_kinds.ts, VF_DOUBTED: its "?"
 * had needed a word character before it). Fails on the code before the change.
 */
import { chatAnswers, checkRows, type Dosed, type Row } from "../support/chat_answers.ts";

/** The shock's kind beside its energy: the line says which the medic sets the defibrillator to. */
const kindAndEnergy = ({ request, result }: Dosed) =>
  `${request.medication} ${result.dose.value} ${result.dose.unit}` +
  (request.dosesGiven === undefined ? "" : ` after ${request.dosesGiven}`);

const DOUBTED_VF_COUNT: readonly Row[] = [
  // the zap may have been a cardioversion: the next one is TP 1213-P's second (2 J/kg), not its first
  [["4yo 16kg pt in ?vf, zapped x1", "cardioversion energy?"], ["-: cardioversion 32 J after 1"]],
  [["4yo 16kg ?vf, zapped x1", "energy?"], [
    "-: defibrillation 64 J after 1",
    "-: cardioversion 32 J after 1",
  ]],
  // VF named plainly: the zap was a defibrillation, as before
  [["4yo 16kg vf, zapped x1", "energy?"], ["-: defibrillation 64 J after 1", "-: cardioversion 16 J"]],
];

Deno.test("a count beside a VF doubted with '?' before it is of either kind (TP 1210-P, TP 1213-P)", () =>
  checkRows(DOUBTED_VF_COUNT, (messages) => chatAnswers(messages, kindAndEnergy)));
