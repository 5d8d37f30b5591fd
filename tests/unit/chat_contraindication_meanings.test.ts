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
const ONDANSETRON = dosed(30, "4 mg PO", "4 mg IV/IM");
const OLANZAPINE = dosed(30, "10 mg PO");
const KETOROLAC = (age: number) => dosed(age, "15 mg IV/IO", "30 mg IM");

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

/**
 * MCG 1317.33, MCG 1317.32: ondansetron and olanzapine are held in KNOWN pregnancy; MCG 1345 guideline 7: ketorolac
 * in known or suspected pregnancy. "Expecting" with an object is no pregnancy; G > P alone is a possible one.
 */
export const PREGNANCY_ROWS: readonly Row[] = [
  [["30yo f vomiting expecting a call back zofran"], ONDANSETRON],
  [["30yo f agitated expecting police olanzapine"], OLANZAPINE],
  [["30yo f agitated cooperative expecting police olanzapine"], OLANZAPINE],
  [["30yo f flank pain 8/10 expecting her ride toradol"], KETOROLAC(30)],
  [["30yo f g3p2 vomiting zofran"], ONDANSETRON],
  [["30yo f g2p1 s/p miscarriage vomiting zofran"], ONDANSETRON],
  [["30yo f agitated cooperative g2p1 olanzapine"], OLANZAPINE],
  // near misses: expecting a baby, or with no object; G > P for ketorolac; pregnancy said beside G > P
  [["30yo f vomiting expecting zofran"], HELD],
  [["30yo f vomiting, is expecting, zofran"], HELD],
  [["30yo f vomiting, expecting her 2nd, zofran"], HELD],
  [["30yo f vomiting expecting twins zofran"], HELD],
  [["30yo f g3p2 flank pain 8/10 toradol"], HELD],
  [["30yo f g2p1 abd pain 8/10 toradol?"], HELD],
  [["30yo f g2p1 pregnant vomiting zofran"], HELD],
  [["30yo f g2p1 20 wks vomiting zofran"], HELD],
  [["30yo f g2p2 vomiting zofran"], ONDANSETRON],
];

/** TP 1211 note 5, MCG 1345 guideline 6: no ketorolac in cardiac chest pain NOW; a past MI is history. */
export const PAST_MI_ROWS: readonly Row[] = [
  [["60yo ankle fx 8/10 hx cabg, prior MI, toradol?"], KETOROLAC(60)],
  [["60yo ankle fx 8/10 old MI toradol"], KETOROLAC(60)],
  [["60yo ankle fx 8/10 previous MI toradol"], KETOROLAC(60)],
  [["60yo ankle fx 8/10 prior stemi toradol"], KETOROLAC(60)],
  // near misses: chest pain now beside a past MI; an age's "old"; "prior to arrival"
  [["60yo prior MI, now cp 9/10 toradol"], HELD],
  [["60 year old mi pain 9/10 toradol"], HELD],
  [["60yo ankle fx 8/10 cp prior to arrival toradol"], HELD],
  [["58yo mi pain 9/10 toradol"], HELD],
];

Deno.test("chat: 'altered' holds aspirin and oral glucose as the mental state only, not a sense, a habit or labs; a stated GCS 15 or alert beats a bare 'altered'", async () => {
  await says("TP 1211", "aspirin 325mg chewable tablets po if alert");
  await says("TP 1203", "15gm po if patient awake and alert");
  check(ALTERED_ROWS);
});

Deno.test("chat: 'expecting' with an object is no pregnancy; G > P alone holds ketorolac (suspected) but not ondansetron or olanzapine (known)", async () => {
  await says("MCG 1317.33", "known to be pregnant, regardless of gestational age");
  await says("MCG 1317.32", "known to be pregnant, regardless of gestational age");
  await says("MCG 1345", "known or suspected pregnancy");
  check(PREGNANCY_ROWS);
});

Deno.test("chat: 'prior MI', 'old MI', 'previous MI' are history, not the cardiac chest pain that holds ketorolac", async () => {
  await says("MCG 1345", "avoid in cardiac chest pain");
  check(PAST_MI_ROWS);
});
