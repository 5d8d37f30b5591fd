/**
 * Lidocaine asked for a ventricular rhythm, with no I/O (read by chat_contraindications.ts). LA County gives
 * lidocaine for one thing: the pain of IO infusion in a patient responsive to pain; its card lists ventricular
 * arrhythmias among the indications not authorized for EMS here (MCG 1317.23). Medical director's seventeenth read,
 * L3: "70kg vt with pulse bp 120/80, lido?" was dosed 40 mg IO for IO pain with no word that this is no VT treatment.
 * The chat holds it and says so; a message that speaks of the IO ("io placed", "intraosseous", "infusion pain") asks
 * for the IO dose, which is given.
 */
import type { Contraindication } from "./chat_contraindication_words.ts";
import { PEA_RHYTHM, re } from "./chat_state_words.ts";

/** A ventricular rhythm by name ("vt", "v-tach", "vfib", "wide complex tachycardia", "pvcs"). */
const VENTRICULAR = re(
  "vt|v[\\s-]?tach\\w*|vf|v[\\s-]?fib\\w*|ventricular\\s+(?:tach\\w*|fib\\w*|arrhythmi\\w*|dysrhythmi\\w*|ectopy)|" +
    "wide[\\s-]+complex(?:\\s+tach\\w*)?|wct|pvcs?|torsades?|pulseless\\s+vt",
);

/** Words of the IO that lidocaine's one LA County use is for. */
const IO_SPOKEN_OF = re("io|intraosseous|infusion\\s+pain|io\\s+pain|ez[\\s-]?io");

/** A patient in arrest or unresponsive: not "responsive to pain", the one patient MCG 1317.23 gives it to. */
const NOT_RESPONSIVE = re(
  "(?:cardiac|respiratory|traumatic|vf|vt|pea|asystolic|in|full)\\s+arrest|cpr|pulseless|asystol\\w*|" +
    `${PEA_RHYTHM}|code\\s+blue|unresponsive|` +
    "unconscious|gcs\\s*(?:of\\s*)?3",
);

export const LIDOCAINE_CONTRAINDICATIONS: readonly Contraindication[] = [
  // Eighteenth read, M6: "vf arrest, io placed, lidocaine" was given the IO-pain dose; the IO does not make it one.
  {
    id: "not-responsive-to-pain",
    names: [NOT_RESPONSIVE],
    why:
      "lidocaine is given here only for IO infusion pain in a patient responsive to pain (MCG 1317.23), and " +
      "in arrest or unresponsive there is none to treat",
    instead: "for VF or pulseless VT, TP 1210 (amiodarone).",
  },
  {
    id: "ventricular-rhythm",
    names: [VENTRICULAR],
    notWith: IO_SPOKEN_OF,
    why:
      "LA County gives lidocaine only for the pain of IO infusion; ventricular arrhythmias are not an EMS " +
      "indication for it here (MCG 1317.23)",
    instead: "for a wide-complex tachycardia with a pulse, TP 1213 steps 15–17 (adenosine, synchronized " +
      "cardioversion, base contact); for VF or pulseless VT, TP 1210 (amiodarone). For IO infusion pain, say 'IO'.",
  },
];
