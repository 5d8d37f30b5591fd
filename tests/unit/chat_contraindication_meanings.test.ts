/**
 * Contraindication words read in their meaning only (chat_contraindications.ts, CONTRAINDICATION_NAMED). The medical
 * director's fourteenth read found the second round's words firing outside it: H5 "altered taste", "altered gait",
 * "bowel habits altered" held aspirin and oral glucose as if the mental state were altered; M5 "expecting a call
 * back" and "expecting police" held ondansetron and olanzapine as a known pregnancy, "g3p2" alone held them though
 * G > P is a possible pregnancy only, and "prior MI" held ketorolac as cardiac chest pain now. Rows both ways.
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";
import { says } from "../support/adult_protocols.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const HELD = ["-: CONTRAINDICATION_NAMED"];
const dosed = (age: number, ...doses: string[]) => doses.map((d) => `-: ${d} @${age} yo`);
const ASPIRIN = dosed(60, "325 mg PO");
const GLUCOSE = dosed(55, "15 g PO");

/** TP 1211 step 5, TP 1203 step 7: "altered" is the mental state alone or with its words, never a sense or a habit. */
export const ALTERED_ROWS: readonly Row[] = [
  [["cp 60yo altered taste asa"], ASPIRIN],
  [["cp 60yo altered diet asa"], ASPIRIN],
  [["cp 60yo altered gait asa"], ASPIRIN],
  [["cp 60yo bowel habits altered asa"], ASPIRIN],
  [["cp 60yo pt altered vision asa"], ASPIRIN],
  [["cp 60yo gcs 15, altered sensation left arm, asa"], ASPIRIN],
  [["cp 60yo pt alert, altered lab values asa"], ASPIRIN],
  [["55yo bgl 42 altered vision oral glucose?"], GLUCOSE],
  // a stated GCS 15 or "alert" beats a bare "altered", whichever is said first
  [["cp 60yo gcs 15, altered, asa?"], ASPIRIN],
  [["cp 60yo alert, family says altered, asa?"], ASPIRIN],
  // near misses: the mental state, alone or by its words; a GCS or alert said as before; "now altered"
  [["cp 60yo altered asa"], HELD],
  [["cp 60yo pt altered asa"], HELD],
  [["cp 60yo pt is altered, asa?"], HELD],
  [["cp 60yo altered mental status asa"], HELD],
  [["cp 60yo altered LOC asa"], HELD],
  [["cp 60yo altered level of consciousness asa"], HELD],
  [["55yo bgl 42 altered consciousness oral glucose"], HELD],
  [["55yo bgl 42 altered oral glucose?"], HELD],
  [["cp 60yo gcs 15, altered mental status, asa?"], HELD],
  [["cp 60yo was alert, now altered, asa"], HELD],
  [["cp 60yo gcs 15 earlier, now altered asa"], HELD],
  [["cp 60yo not alert, altered, asa"], HELD],
  [["cp 60yo altered taste, AMS, asa"], HELD],
];

Deno.test("chat: 'altered' holds aspirin and oral glucose as the mental state only, not a sense, a habit or labs; a stated GCS 15 or alert beats a bare 'altered'", async () => {
  await says("TP 1211", "aspirin 325mg chewable tablets po if alert");
  await says("TP 1203", "15gm po if patient awake and alert");
  check(ALTERED_ROWS);
});
