/**
 * Adenosine's contraindications a medic writes, with no I/O (read by chat_contraindications.ts): the rhythm now
 * (sinus tachycardia, atrial fibrillation or flutter, an irregular wide-complex tachycardia: TP 1213 notes 3, 6, 7)
 * and what the patient has or takes, said now or as history (WPW, carbamazepine, a heart transplant, sick sinus
 * syndrome, a 2nd/3rd degree block without a pacemaker: TP 1213 note 4, TP 1213-P note 2, MCG 1317.1). Medical
 * director's twelfth read, H3: "55yo afib rvr hr 170 adenosine?" had been given 6 mg.
 */
import { type Contraindication, re } from "./chat_contraindication_words.ts";

/** For adenosine: contact base to discuss cardioversion when adenosine is contraindicated (TP 1213, after step 11). */
const ADENOSINE_BASE = "contact base to discuss synchronized cardioversion (TP 1213).";
export const ADENOSINE_CONTRAINDICATIONS: readonly Contraindication[] = [
  {
    id: "sinus-tachycardia",
    names: [re("sinus\\s+tach\\w*|s[\\s-]?tach")],
    why: "sinus tachycardia does not respond to adenosine (TP 1213 note 3; MCG 1317.1)",
    instead: "treat the cause; normal saline for poor perfusion (TP 1213 step 9; TP 1213-P steps 6–7).",
  },
  {
    id: "atrial-fibrillation",
    names: [
      re(
        "a[\\s-]?fib\\w*|atrial\\s+fib\\w*|a[\\s-]?flutter|atrial\\s+flutter|flutter|rvr|af|irregularly\\s+irregular",
      ),
    ],
    why: "adenosine does not slow or end atrial fibrillation or flutter (TP 1213 note 6)",
    instead: "for poor perfusion, contact base (TP 1213 step 14).",
  },
  {
    id: "irregular-wide-complex",
    names: [
      re(
        "irregular(?:ly)?\\s+(?:\\w+\\s+){0,2}?(?:wide|wct)|(?:wide|wct)\\s+(?:\\w+\\s+){0,2}?irregular|polymorphic",
      ),
    ],
    why: "no adenosine for an irregular wide-complex tachycardia (TP 1213 note 7)",
    instead: "contact base; for poor perfusion, synchronized cardioversion (TP 1213 steps 18–19).",
  },
  {
    id: "wpw",
    names: [re("wpw|wolf{1,2}[\\s-]+parkinson[\\s-]+white|pre[\\s-]?excitation|delta\\s+waves?")],
    history: true,
    why:
      "adenosine is contraindicated with WPW and atrial fibrillation: it may cause a fatal rhythm (TP 1213 note 4; " +
      "MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "carbamazepine",
    names: [re("tegretol|carbamazepine|carbatrol|epitol")],
    history: true,
    why: "adenosine is contraindicated with carbamazepine (TP 1213 note 4; MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "heart-transplant",
    names: [re("(?:heart|cardiac)\\s+(?:transplant\\w*|tx)|transplanted\\s+heart")],
    history: true,
    why: "adenosine is contraindicated after a heart transplant (TP 1213 note 4; MCG 1317.1)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "sick-sinus",
    names: [
      re("sick\\s+sinus(?:\\s+syndrome)?|sss|sinus\\s+node\\s+(?:disease|dysfunction)|tachy[\\s-]?brady"),
    ],
    history: true,
    why: "adenosine is contraindicated with sick sinus syndrome (TP 1213 note 4; TP 1213-P note 2)",
    instead: ADENOSINE_BASE,
  },
  {
    id: "heart-block",
    names: [
      re(
        "(?:2nd|second|3rd|third|[23])[\\s-]*(?:degree|deg|°)\\s*(?:av\\s+)?(?:heart\\s+)?(?:block|hb|avb)|" +
          "complete\\s+heart\\s+block|chb|mobitz(?:\\s+(?:i{1,2}|[12]|type\\s+(?:i{1,2}|[12])))?|wenckebach",
      ),
    ],
    history: true,
    notWith: re("(?<!(?:no|without|w/o)\\s+)(?:pacemaker|paced|ppm)"),
    why:
      "adenosine is contraindicated with 2nd or 3rd degree heart block without a pacemaker (MCG 1317.1; TP " +
      "1213-P note 2)",
    instead: "contact base.",
  },
];
