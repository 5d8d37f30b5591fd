import { says } from "../support/adult_protocols.ts";
import { chatAnswers, checkRows, type Row } from "../support/chat_answers.ts";
import type { Dosed } from "../support/chat_answers.ts";

const doseOnly = ({ result }: Dosed) => `${result.dose.value} ${result.dose.unit} ${result.route}`;
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseOnly));

/**
 * Lidocaine asked for a ventricular rhythm (seventeenth read, L3): LA County gives it only for IO infusion pain and
 * lists ventricular arrhythmias as not authorized for EMS (MCG 1317.23). Held with that said; the IO dose is given.
 */
const LIDOCAINE_RHYTHMS: readonly Row[] = [
  [["70kg vt with pulse bp 120/80, lido?"], ["-: CONTRAINDICATION_NAMED"]],
  [["70kg vt with pulse bp 120/80, lidocaine?"], ["-: CONTRAINDICATION_NAMED"]],
  [["70kg vf arrest, lidocaine"], ["-: CONTRAINDICATION_NAMED"]],
  // Near misses: the IO spoken of, or no ventricular rhythm, is lidocaine's own use (40 mg IO)
  [["70kg vt with pulse, io placed, responsive to pain, lido?"], ["-: 40 mg IO"]],
  [["io lidocaine 70kg"], ["-: 40 mg IO"]],
  [["70kg pt with io, pain with infusion, lidocaine?"], ["-: 40 mg IO"]],
];

Deno.test("MD17 L3: lidocaine for a ventricular rhythm is held: LA County gives it for IO pain only", async () => {
  await says("MCG 1317.23", "Not authorized for EMS administration in LA County", "Ventricular arrhythmias");
  check(LIDOCAINE_RHYTHMS);
});

/**
 * Eighteenth read, M6: "vf arrest, io placed, lidocaine" was given the IO-pain dose. MCG 1317.23 gives lidocaine to a
 * patient responsive to pain with IO access; in arrest or unresponsive there is no such patient, IO or not.
 */
const NOT_RESPONSIVE: readonly Row[] = [
  [["70kg vf arrest, io placed, lidocaine"], ["-: CONTRAINDICATION_NAMED"]],
  [["70kg pt unresponsive io placed lidocaine"], ["-: CONTRAINDICATION_NAMED"]],
  [["70kg cpr in progress, io in, lido?"], ["-: CONTRAINDICATION_NAMED"]],
  // Near misses: a patient responsive to pain, or one whose unresponsiveness is denied, gets the IO dose
  [["70kg not unresponsive, io placed, lidocaine for io pain"], ["-: 40 mg IO"]],
  [["70kg io in, alert, infusion pain, lidocaine"], ["-: 40 mg IO"]],
];

Deno.test("MD18 M6: lidocaine for IO pain is held in arrest or unresponsive (MCG 1317.23: responsive to pain)", async () => {
  await says("MCG 1317.23", "responsive to pain");
  check(NOT_RESPONSIVE);
});
