/**
 * A contraindication the medic wrote holds the dose (chat_contraindications.ts, CONTRAINDICATION_NAMED): the
 * medical director's twelfth read found ketorolac dosed in cardiac chest pain and on eliquis (H6), olanzapine beside
 * ondansetron and in dementia (H8), aspirin and oral glucose by mouth for an unresponsive patient, aspirin with
 * hematemesis, ondansetron in pregnancy (H9), and adenosine in atrial fibrillation or after a heart transplant (H3).
 * Rows both ways: each contraindication said, denied, a relative's, a history where only the current state counts,
 * a state that has changed, and another drug's words.
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

/** MCG 1345 guideline 7 and TP 1211 note 5: ketorolac. */
const KETOROLAC_ROWS: readonly Row[] = [
  [["cp 60yo pain 8/10 toradol?"], HELD],
  [["60yo chest pain 8/10 ketorolac?"], HELD],
  [["60yo chest pressure 7/10, toradol"], HELD],
  [["60yo non cardiac chest pain, rib fx, pain 8/10 toradol?"], KETOROLAC(60)],
  [["60yo denies chest pain, ankle fx pain 8/10 toradol?"], KETOROLAC(60)],
  [["45yo mvc multisystem trauma pain 9 toradol"], HELD],
  [["45yo mvc ankle fx pain 9 toradol"], KETOROLAC(45)], // a collision alone is no multi-system trauma
  [["35yo head injury pain 8 toradol"], HELD],
  [["35yo fell and hit his head, wrist fx pain 8, toradol?"], HELD],
  [["35yo fell, didnt hit head, wrist fx pain 8, toradol?"], KETOROLAC(35)],
  [["35yo wrist fx pain 8 no head injury toradol"], KETOROLAC(35)],
  [["28yo female abd pain 8/10 pregnant toradol?"], HELD],
  [["28yo f flank pain 8/10 possibly pregnant toradol"], HELD], // "known or suspected"
  [["28yo f flank pain 8/10 not pregnant toradol"], KETOROLAC(28)],
  [["28yo f flank pain 8/10 pregnancy test negative, toradol"], KETOROLAC(28)],
  [["28yo f flank pain 8/10 denies pregnancy, toradol"], KETOROLAC(28)],
  [["40yo m back pain 8/10, wife is pregnant, toradol?"], KETOROLAC(40)], // not the patient
  [["40yo back pain 8/10 on eliquis toradol?"], HELD],
  [["40yo back pain 8/10 takes xarelto, toradol?"], HELD],
  [["40yo back pain 8/10 on blood thinners toradol"], HELD],
  [["40yo back pain 8/10 hx afib on coumadin toradol?"], HELD],
  [["40yo back pain 8/10, on eliquis", "toradol?"], HELD], // an earlier message's
  [["40yo back pain 8/10 not on blood thinners toradol?"], KETOROLAC(40)],
  [["40yo back pain 8/10 on plavix toradol?"], KETOROLAC(40)], // an antiplatelet, not anticoagulation
  [["40yo ankle fx pain 8/10 hx asthma wheezing ketorolac?"], HELD],
  [["40yo ankle fx pain 8/10 wheezing", "toradol?"], HELD],
  [["40yo ankle fx pain 8/10 hx asthma, no wheezing, toradol?"], KETOROLAC(40)],
  [["40yo ankle fx pain 8/10 hx asthma toradol?"], KETOROLAC(40)], // "active wheezing", not asthma
  [["35yo fever hr 120 sepsis flank pain 8/10 toradol"], HELD],
  [["35yo flank pain 8/10 r/o sepsis toradol"], HELD], // "suspected sepsis"
  [["35yo flank pain 8/10 hx sepsis toradol"], KETOROLAC(35)],
  [["40yo back pain 8/10 hx gi bleed toradol"], HELD], // a history counts for ketorolac
  [["40yo back pain 8/10 hx pud toradol"], HELD],
  [["40yo back pain 8/10 denies gi bleed toradol"], KETOROLAC(40)],
  [["50yo back pain 8/10 on dialysis toradol"], HELD],
  [["50yo back pain 8/10 hx ckd toradol"], HELD],
  [["50yo back pain 8/10 kidney transplant toradol"], HELD],
  [["50yo back pain 8/10 on prednisone toradol"], HELD],
  [["50yo back pain 8/10 not on steroids toradol"], KETOROLAC(50)],
  [["40yo lac arm, active bleeding, pain 8/10 toradol?"], HELD],
  // another drug's words: ketorolac's contraindications hold no other drug (TP 1211 note 3 gives aspirin on anticoagulants)
  [["40yo femur fx pain 9 on eliquis fentanyl?"], ["pain: 50 mcg IV/IO/IM @40 yo", "pain: 50 mcg IN @40 yo"]],
  [["cp 60yo on eliquis asa?"], dosed(60, "325 mg PO")],
  [["55yo svt 180 on eliquis adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
];

/** MCG 1317.32, MCG 1317.33, TP 1209 steps 9–10: olanzapine and ondansetron. */
const AGITATION_NAUSEA_ROWS: readonly Row[] = [
  [["30yo agitated zofran given 10 min ago, olanzapine?"], HELD],
  // ondansetron given 10 min ago is not asked (thirteenth read, V1: chat_named_not_asked.ts); olanzapine is held
  [["30yo agitated got zofran 10 min ago, olanzapine?"], HELD],
  [["30yo agitated cooperative vomiting zofran and olanzapine?"], [
    ...dosed(30, "4 mg PO", "4 mg IV/IM"),
    ...HELD,
  ]],
  [["30yo agitated cooperative, olanzapine?"], dosed(30, "10 mg PO")],
  [["80yo dementia agitated olanzapine?"], HELD],
  [["80yo agitated hx alzheimers olanzapine?"], HELD],
  [["50yo agitated, mom has dementia, olanzapine?"], dosed(50, "10 mg PO")],
  [["30yo agitated pregnant olanzapine?"], HELD],
  [["30yo f agitated not pregnant olanzapine?"], dosed(30, "10 mg PO")],
  [["30yo agitated combative uncooperative olanzapine?"], HELD],
  [["30yo agitated combative olanzapine"], HELD],
  [["30yo agitated was combative, now calm and cooperative, olanzapine?"], dosed(30, "10 mg PO")],
  [["30yo agitated combative", "now cooperative, olanzapine?"], dosed(30, "10 mg PO")],
  [["30yo agitated vomiting olanzapine?"], dosed(30, "10 mg PO")],
  [["cp 60yo vomiting pregnant zofran?"], HELD],
  [["28yo vomiting not pregnant zofran?"], dosed(28, "4 mg PO", "4 mg IV/IM")],
  [["30yo agitated olanzapine 10mg given 20 min ago, now vomiting, zofran?"], HELD],
  [["30yo nausea zofran?"], dosed(30, "4 mg PO", "4 mg IV/IM")],
];

/** TP 1211 step 5 and note 3, TP 1203 step 7, TP 1203-P step 6: by mouth only awake and alert; no aspirin in a GI bleed. */
const BY_MOUTH_ROWS: readonly Row[] = [
  [["cp 60yo unresponsive asa?"], HELD],
  [["cp 60yo pt obtunded gcs 8 asa?"], HELD],
  [["cp 60yo gcs 15 asa?"], dosed(60, "325 mg PO")],
  [["cp 60yo gcs 14 asa?"], dosed(60, "325 mg PO")],
  [["cp 60yo was unresponsive now a&ox4 asa?"], dosed(60, "325 mg PO")],
  [["cp 60yo, pain unresponsive to rest, asa?"], dosed(60, "325 mg PO")], // the pain's, not the patient's
  [["cp 60yo vomiting blood asa?"], HELD],
  [["cp 60yo coffee ground emesis asa?"], HELD],
  [["cp 60yo hx gi bleed asa?"], dosed(60, "325 mg PO")], // note 3 withholds for active bleeding only
  [["cp 60yo denies gi bleed asa?"], dosed(60, "325 mg PO")],
  [["cp 60yo vomiting asa?"], dosed(60, "325 mg PO")],
  [["55yo bgl 42 unresponsive oral glucose?"], HELD],
  [["55yo bgl 42 gcs 9 glucopaste?"], HELD],
  [["55yo bgl 42 cant swallow oral glucose?"], HELD],
  [["6yo 20kg bgl 40 unresponsive oral glucose?"], HELD],
  [["55yo bgl 42 found unresponsive", "now awake and alert, oral glucose?"], dosed(55, "15 g PO")],
  [["55yo bgl 42 a&ox4 oral glucose?"], dosed(55, "15 g PO")],
  [["55yo bgl 42 unresponsive d10?"], dosed(55, "125 mL IV/IO")], // the IV dextrose TP 1203 gives instead
];

/** TP 1213 notes 3, 4, 6, 7; TP 1213-P note 2; MCG 1317.1: adenosine. */
const ADENOSINE_ROWS: readonly Row[] = [
  [["55yo sinus tach hr 160 adenosine?"], HELD],
  [["55yo afib rvr hr 170 adenosine?"], HELD],
  [["55yo svt hr 180 afib adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  [["55yo a flutter 150 adenosine?"], HELD],
  [["55yo svt 200 hx wpw adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  [["55yo svt 200 on tegretol adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  [["55yo svt 200 heart transplant pt adenosine"], ["svt: CONTRAINDICATION_NAMED"]],
  [["55yo irregular wide complex tach 180 adenosine?"], ["wide-complex-tachycardia: CONTRAINDICATION_NAMED"]],
  [["55yo svt 190 hx sick sinus adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  [["55yo svt 190 hx 2nd degree block adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  [["5yo 20kg sinus tach hr 190 adenosine?"], HELD],
  [["5yo 20kg svt hr 230 hx sick sinus adenosine?"], ["svt: CONTRAINDICATION_NAMED"]],
  // a past rhythm is no rhythm now (note 6 is of atrial fibrillation now); denied; a paced block (MCG 1317.1)
  [["55yo svt 180 hx afib adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt hr 190", "hx afib", "adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt hr 180 not afib adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt hr 190 denies wpw adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt hr 190, no tegretol, adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt 190 hx 3rd degree block has pacemaker adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo svt hr 190 adenosine?"], ["svt: 6 mg IV/IO @55 yo"]],
  [["55yo regular wide complex tach hr 180 adenosine?"], ["wide-complex-tachycardia: 6 mg IV/IO @55 yo"]],
  [["40yo ankle fx sinus tach 110 pain 8 toradol"], KETOROLAC(40)], // adenosine's words hold no other drug
];

const messageOf = (message: string) =>
  dosingForConversation(turns([message])).outcomes.map((o) => o.refusal?.message);

Deno.test("chat: a contraindication written holds ketorolac (MCG 1345 guideline 7, TP 1211 note 5); denied, a relative's or another drug's does not", async () => {
  await says("MCG 1345", "avoid in cardiac chest pain", "current anticoagulation therapy", "active wheezing");
  await says(
    "MCG 1345",
    "history of upper gi bleeding or peptic ulcer disease",
    "known or suspected pregnancy",
  );
  await says(
    "TP 1211",
    "do not administer ketorolac",
    "even if they already took aspirin at home or are prescribed",
  );
  check(KETOROLAC_ROWS);
  assert.deepEqual(messageOf("cp 60yo pain 8/10 toradol?"), [
    "You wrote 'cp': no ketorolac in cardiac chest pain (TP 1211 note 5; MCG 1345 guideline 6). No toradol dose is " +
    "given; morphine or fentanyl for pain after nitroglycerin (TP 1211 step 8). If the pain is not cardiac, say " +
    "'non-cardiac'.",
  ]);
});

Deno.test("chat: olanzapine is held with ondansetron, dementia, pregnancy or an uncooperative patient; ondansetron in pregnancy or after olanzapine", async () => {
  await says("MCG 1317.32", "dementia related psychosis", "ondansetron co-administration (qt prolongation)");
  await says("MCG 1317.33", "pregnancy, regardless of gestational age");
  await says("TP 1209", "for cooperative patients", "for uncooperative patients");
  check(AGITATION_NAUSEA_ROWS);
  assert.deepEqual(messageOf("30yo agitated zofran given 10 min ago, olanzapine?"), [
    "You wrote 'zofran': olanzapine is contraindicated with ondansetron, given or to be given (QT prolongation; MCG " +
    "1317.32). No olanzapine dose is given; not both: for an uncooperative patient, midazolam (TP 1209 step 10).",
  ]);
});

Deno.test("chat: aspirin and oral glucose by mouth are held for a patient not awake and alert; aspirin in active GI bleeding", async () => {
  await says("TP 1211", "aspirin 325mg chewable tablets po if alert", "active gastrointestinal bleeding");
  await says("TP 1203", "15gm po if patient awake and alert");
  await says("TP 1203-P", "15gm po (4 years or older) if patient awake and alert");
  await says("MCG 1317.7", "bleeding gi ulcers");
  check(BY_MOUTH_ROWS);
  assert.deepEqual(messageOf("55yo bgl 42 unresponsive oral glucose?"), [
    "You wrote 'unresponsive': oral glucose only if awake and alert (TP 1203 step 7; TP 1203-P step 6). No oral " +
    "glucose dose is given; dextrose 10% IV/IO, or glucagon IM without vascular access.",
  ]);
  // The child's answer carries the condition the adult's does (the engine's warning).
  const [child] = dosingForConversation(turns(["6yo 20kg bgl 40 oral glucose?"])).outcomes;
  assert.ok(child.result?.warnings.some((w) => w.includes("awake and alert") && w.includes("TP 1203-P")));
});

Deno.test("chat: adenosine is held where TP 1213 / 1213-P and MCG 1317.1 withhold it; a past rhythm, a denial or a pacemaker does not", async () => {
  await says(
    "TP 1213",
    "sinus tachycardia does not respond to adenosine",
    "heart transplant",
    "carbamazepine",
  );
  await says("TP 1213", "adenosine should not be used for irregular wide complex tachycardia");
  await says("TP 1213-P", "history of sick sinus syndrome");
  await says("MCG 1317.1", "degree heart block without pacemaker");
  check(ADENOSINE_ROWS);
  assert.deepEqual(messageOf("55yo afib rvr hr 170 adenosine?"), [
    "You wrote 'rvr': adenosine does not slow or end atrial fibrillation or flutter (TP 1213 note 6). No adenosine " +
    "dose is given; for poor perfusion, contact base (TP 1213 step 14).",
  ]);
});

Deno.test("engine: morphine held for hypotension never suggests ketorolac in cardiac chest pain or trauma (TP 1211 note 5, MCG 1345 guideline 7)", async () => {
  await says("MCG 1345", "adults with sbp <90mmhg");
  const [chest] = messageOf("chest pain 60yo bp 85/50 morphine?");
  assert.ok(chest?.includes("fentanyl with caution") && chest.includes("never in cardiac chest pain"), chest);
  assert.ok(!chest?.includes("consider ketorolac"), chest);
  const [trauma] = messageOf("45yo multisystem trauma bp 80/50 morphine");
  assert.ok(trauma?.includes("no ketorolac with head or multi-system trauma"), trauma);
});
