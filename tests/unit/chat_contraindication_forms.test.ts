/**
 * The forms medics write a contraindication in, and the ones that only look like one (chat_contraindications.ts,
 * CONTRAINDICATION_NAMED). The medical director's thirteenth read found the hold missing the commonest shorthand
 * (H3 "AMS", "e2v2m5"; H4 "angina", "g1p0", "20 wks"; H5 "black stools", "brbpr") and firing on past, resolved,
 * unsure or unrelated words (H6 "finished xarelto last year", "gcs 15, previously gcs 8"; H7 "non combative",
 * "zofran yesterday", "on eliquis for afib", "a flutter in her chest"; M2 "could be pregnant" for ondansetron;
 * L1 WPW without atrial fibrillation quoted as if it had been said). Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";
import { says } from "../support/adult_protocols.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const HELD = ["-: CONTRAINDICATION_NAMED"];
const dosed = (age: number, ...doses: string[]) => doses.map((d) => `-: ${d} @${age} yo`);
const KETOROLAC = (age: number) => dosed(age, "15 mg IV/IO", "30 mg IM");
const ASPIRIN = dosed(60, "325 mg PO");
const GLUCOSE = dosed(55, "15 g PO");
const ONDANSETRON = dosed(30, "4 mg PO", "4 mg IV/IM");
const ADENOSINE = ["svt: 6 mg IV/IO @55 yo"];
const SVT_HELD = ["svt: CONTRAINDICATION_NAMED"];

/** TP 1203 step 7, TP 1203-P step 6, TP 1211 step 5: by mouth only awake and alert (thirteenth read, H3, H6). */
const NOT_ALERT_ROWS: readonly Row[] = [
  [["55yo bgl 42 AMS oral glucose?"], HELD],
  [["55yo bgl 42 altered oral glucose?"], HELD],
  [["55yo bgl 42 lethargic oral glucose"], HELD],
  [["55yo bgl 42 pt not following commands oral glucose?"], HELD],
  [["6yo 20kg bgl 40 AMS oral glucose?"], HELD],
  [["cp 60yo ALOC asa"], HELD],
  [["cp 60yo AMS asa?"], HELD],
  [["cp 60yo unresp asa?"], HELD],
  [["cp 60yo only responsive to pain asa?"], HELD],
  [["cp 60yo responsive to voice asa?"], HELD],
  [["cp 60yo avpu P asa?"], HELD],
  [["cp 60yo avpu: v asa?"], HELD],
  [["cp 60yo not responding asa?"], HELD],
  [["cp 60yo e2v2m5 asa?"], HELD], // GCS 9
  [["cp 60yo e3v4m6 asa?"], HELD], // GCS 13
  // near misses: alert, a total of 14 or 15, a drug that failed, a state said as before a now
  [["cp 60yo e4v5m6 asa?"], ASPIRIN],
  [["cp 60yo e4 v4 m6 asa?"], ASPIRIN],
  [["cp 60yo alert and responsive asa?"], ASPIRIN],
  [["cp 60yo a&ox4 following commands asa?"], ASPIRIN],
  [["55yo bgl 42 awake, alert, avpu A, oral glucose?"], GLUCOSE],
  [["55yo bgl 42 altered, now a&ox4, oral glucose?"], GLUCOSE],
  [["cp 60yo, gcs 15, previously gcs 8, asa?"], ASPIRIN],
  [["cp 60yo, initially unresponsive, gcs 15 now, asa?"], ASPIRIN],
  [["cp 60yo previously gcs 8 asa?"], HELD], // no state now said: the GCS 8 stands
  [["cp 60yo, gcs 8, previously gcs 15, asa?"], HELD],
];

/** TP 1211 note 3, MCG 1317.7: aspirin in active GI bleeding (thirteenth read, H5); ketorolac, MCG 1345 guideline 7. */
const GI_BLEED_ROWS: readonly Row[] = [
  [["cp 60yo vomiting bright red blood asa?"], HELD],
  [["cp 60yo black stools asa?"], HELD],
  [["cp 60yo black tarry stools asa?"], HELD],
  [["cp 60yo bloody stools asa?"], HELD],
  [["cp 60yo brbpr asa"], HELD],
  [["cp 60yo hematochezia asa?"], HELD],
  [["cp 60yo GIB asa?"], HELD],
  [["40yo kidney stone 8/10 brbpr toradol"], HELD], // active bleeding
  [["cp 60yo vomiting, no blood, asa?"], ASPIRIN],
  [["cp 60yo vomiting no blood asa?"], ASPIRIN],
  [["cp 60yo vomiting blood sugar 140 asa?"], ASPIRIN],
  [["cp 60yo denies black stools asa?"], ASPIRIN],
  [["cp 60yo hx gib asa?"], ASPIRIN], // note 3 withholds for ACTIVE bleeding
];

/** MCG 1345 guideline 7, TP 1211 note 5: ketorolac (thirteenth read, H4, H6). */
const KETOROLAC_ROWS: readonly Row[] = [
  [["58yo angina 9/10 toradol?"], HELD],
  [["58yo mi pain 9/10 toradol"], HELD],
  [["60yo epigastric pain 9/10 diaphoretic 12 lead st elevation toradol?"], HELD],
  [["60yo abd pain 9/10 12 lead ste toradol?"], HELD],
  [["30yo f abd pain 8/10 g1p0 toradol?"], HELD],
  [["30yo f abd pain 8/10 20 wks toradol?"], HELD],
  [["30yo f 32 weeks abd pain 8/10 toradol"], HELD],
  [["30yo f 3rd trimester abd pain 8/10 toradol"], HELD],
  [["30yo f flank pain 8/10 could be pregnant toradol?"], HELD], // "known or suspected"
  [["40yo kidney stone 8/10 hx ulcer toradol"], HELD],
  [["40yo kidney stone 8/10 on coumadin toradol?"], HELD],
  [["40yo kidney stone 8/10 hx dvt on xarelto toradol?"], HELD],
  [["40yo kidney stone 8/10 on xarelto, last dose this am, toradol?"], HELD],
  [["40yo kidney stone 8/10 on prednisone toradol?"], HELD],
  [["40yo kidney stone 8/10 lungs clear, now wheezing, toradol"], HELD],
  [["40yo kidney stone 8/10 sepsis toradol"], HELD],
  // a past cardiac history; not a woman's weeks, how long, or no pregnancy going on; a skin ulcer
  [["58yo kidney stone 9/10 hx mi toradol?"], KETOROLAC(58)],
  [["30yo m abd pain 8/10 20 wks toradol?"], KETOROLAC(30)],
  [["30yo f abd pain for 3 weeks 8/10 toradol?"], KETOROLAC(30)],
  [["30yo f g2p2 abd pain 8/10 toradol?"], KETOROLAC(30)],
  [["30yo f g2p1a1 abd pain 8/10 toradol?"], KETOROLAC(30)],
  [["40yo kidney stone 8/10 hx diabetic foot ulcer toradol"], KETOROLAC(40)],
  // past, resolved or negative (H6)
  [["40yo kidney stone 8/10 finished xarelto last year toradol?"], KETOROLAC(40)],
  [["40yo kidney stone 8/10 was on coumadin, off it 2 yrs, toradol?"], KETOROLAC(40)],
  [["40yo kidney stone 8/10 took prednisone last month toradol?"], KETOROLAC(40)],
  [["40yo kidney stone 8/10 wheezing earlier, lungs clear now, toradol"], KETOROLAC(40)],
  [["40yo kidney stone 8/10 sepsis screen negative toradol"], KETOROLAC(40)],
];

/** MCG 1317.32, MCG 1317.33: known pregnancy (thirteenth read, H4, M2). */
const PREGNANCY_ROWS: readonly Row[] = [
  [["30yo f vomiting 1st trimester zofran"], HELD],
  [["30yo f n/v morning sickness zofran"], HELD],
  [["30yo f hyperemesis g1p0 zofran"], HELD],
  [["30yo f vomiting expecting zofran"], HELD],
  [["30yo f vomiting 10 wks zofran?"], HELD], // a gestation, not a second age
  [["30yo f vomiting pregnant zofran?"], HELD],
  [["30yo f agitated 3rd trimester olanzapine"], HELD],
  [["30yo f n/v, pregnancy unknown, zofran?"], ONDANSETRON],
  [["30yo f vomiting, could be pregnant, zofran?"], ONDANSETRON],
  [["30yo f vomiting, recently pregnant, miscarried last month, zofran?"], ONDANSETRON],
  [["30yo f agitated cooperative possibly pregnant olanzapine?"], dosed(30, "10 mg PO")],
];

/** Olanzapine's outcomes alone: what else the message asks is the asked-reader's (dosing_context.ts askedIn). */
const olanzapine = (message: string) =>
  dosingForConversation(turns([message])).outcomes.filter((o) => /olanz/i.test(o.request.medication))
    .map((o) =>
      o.result ? `${o.result.dose.value} ${o.result.dose.unit} ${o.result.route}` : o.refusal?.code
    );

/** TP 1209 step 9, MCG 1317.32 (thirteenth read, H7): [message, olanzapine's answer]. */
const OLANZAPINE_ROWS: readonly [string, string][] = [
  ["30yo agitated, non combative, olanzapine?", "10 mg PO"],
  ["30yo agitated non-combative olanzapine?", "10 mg PO"],
  ["30yo agitated cooperative, zofran yesterday at urgent care, olanzapine?", "10 mg PO"],
  ["30yo agitated cooperative, wants to avoid zofran, olanzapine?", "10 mg PO"],
  ["30yo agitated cooperative allergic to zofran, olanzapine?", "10 mg PO"],
  ["30yo agitated combative olanzapine?", "CONTRAINDICATION_NAMED"],
  ["30yo agitated zofran given 10 min ago, olanzapine?", "CONTRAINDICATION_NAMED"],
  ["30yo agitated got zofran 10 min ago, olanzapine?", "CONTRAINDICATION_NAMED"],
  ["30yo agitated cooperative vomiting zofran and olanzapine?", "CONTRAINDICATION_NAMED"],
];

/** TP 1213 notes 4, 6, 7; MCG 1317.1: adenosine (thirteenth read, H7, L1). */
const ADENOSINE_ROWS: readonly Row[] = [
  [["55yo svt 190 on eliquis for afib adenosine?"], ADENOSINE],
  [["55yo svt 190 takes metoprolol for afib adenosine?"], ADENOSINE],
  [["55yo svt 190 feels a flutter in her chest adenosine?"], ADENOSINE],
  [["55yo svt 190 c/o chest flutter adenosine?"], ADENOSINE],
  [["55yo svt 190 a. fib adenosine?"], SVT_HELD],
  [["55yo on scene for afib 170 adenosine?"], HELD],
  [["55yo a flutter 150 adenosine?"], HELD],
  [["55yo svt 200 hx wpw and afib adenosine?"], SVT_HELD],
  [["55yo wide complex tach 200 hx wpw adenosine?"], ["wide-complex-tachycardia: CONTRAINDICATION_NAMED"]],
  [["55yo svt 200 hx wpw adenosine?"], SVT_HELD],
];

const messageOf = (message: string) =>
  dosingForConversation(turns([message])).outcomes.map((o) => o.refusal?.message);

Deno.test("chat: oral glucose and aspirin are held for the shorthand of a patient not alert; a GCS said as before is not the GCS now", async () => {
  await says("TP 1203", "15gm po if patient awake and alert");
  await says("TP 1211", "aspirin 325mg chewable tablets po if alert");
  check(NOT_ALERT_ROWS);
});

Deno.test("chat: aspirin is held for active GI bleeding in plain words (TP 1211 note 3)", async () => {
  await says("TP 1211", "active gastrointestinal bleeding");
  check(GI_BLEED_ROWS);
});

Deno.test("chat: ketorolac is held for angina, MI, ST elevation, pregnancy's forms and an ulcer; not for past use, resolved wheezing or a negative screen", async () => {
  await says(
    "MCG 1345",
    "current anticoagulation therapy",
    "active wheezing",
    "suspected sepsis or septic shock",
  );
  await says(
    "MCG 1345",
    "known or suspected pregnancy",
    "peptic ulcer disease",
    "avoid in cardiac chest pain",
  );
  check(KETOROLAC_ROWS);
});

Deno.test("chat: ondansetron and olanzapine are held in known pregnancy only (MCG 1317.33, MCG 1317.32)", async () => {
  await says("MCG 1317.33", "known to be pregnant, regardless of gestational age");
  await says("MCG 1317.32", "known to be pregnant, regardless of gestational age");
  check(PREGNANCY_ROWS);
});

Deno.test("chat: olanzapine is held for ondansetron given now or asked now, not yesterday's, avoided or an allergy's; 'non combative' is cooperative", async () => {
  await says("MCG 1317.32", "ondansetron co-administration (qt prolongation)");
  for (const [message, answer] of OLANZAPINE_ROWS) assert.deepEqual(olanzapine(message), [answer], message);
});

Deno.test("chat: adenosine: a medicine's reason and a palpitation are no rhythm now; WPW is held as MCG 1317.1 names it", async () => {
  await says(
    "MCG 1317.1",
    "wolff-parkinson-white (wpw) syndrome and atrial fibrillation (wide-complex, irregular rhythm)",
  );
  await says("TP 1213", "history of wolf-parkinson-white (wpw) syndrome and atrial fibrillation");
  check(ADENOSINE_ROWS);
  const [alone] = messageOf("55yo svt 200 hx wpw adenosine?");
  assert.ok(alone?.includes("none was said") && !alone.includes("contraindicated with WPW and"), alone);
  const [withAf] = messageOf("55yo svt 200 hx wpw irregular adenosine?");
  assert.ok(withAf?.includes("contraindicated with WPW and atrial fibrillation"), withAf);
});
