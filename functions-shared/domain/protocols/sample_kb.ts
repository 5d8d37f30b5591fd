/**
 * SAMPLE knowledge base for local development — NOT FOR CLINICAL USE.
 *
 * A handful of short protocol summaries written for this project in our own words, so that `deno task
 * dev` has something to search without ../shared. They are deliberately incomplete: no doses, no
 * criteria tables. The real knowledge base is imported from the LA County documents
 * (`deno task kb import --source ../shared/data/la-county-ems/documents`).
 */
import { categoryOf } from "./categories.ts";
import type { DocumentType, ImpressionHint, KnowledgeDocument } from "./types.ts";

export const SAMPLE_KB_VERSION = "sample-1";

const NOTICE = "SAMPLE SUMMARY for development only — not for clinical use. Follow the current LA County " +
  "document with this reference number.";

function sample(
  protocolNumber: string,
  title: string,
  documentType: DocumentType,
  keywords: string[],
  sections: [heading: string, content: string][],
): KnowledgeDocument {
  return {
    key: protocolNumber,
    protocolNumber,
    title: `${title} (sample)`,
    documentType,
    category: categoryOf(protocolNumber),
    revisedDate: null,
    sourceFile: null,
    sourceUrl: null,
    keywords,
    sections: [
      { heading: "About this sample", content: NOTICE },
      ...sections.map(([heading, content]) => ({
        heading,
        content,
      })),
    ],
  };
}

export const SAMPLE_DOCUMENTS: readonly KnowledgeDocument[] = [
  sample("1210", "Cardiac Arrest", "treatment_protocol", ["cardiac arrest", "pulseless", "cpr", "rosc"], [
    [
      "Overview",
      "For an adult without a pulse: start high-quality chest compressions without delay, attach the " +
      "monitor, and keep pauses short. Shockable rhythms (ventricular fibrillation, pulseless ventricular " +
      "tachycardia) are defibrillated; the airway is managed with the least invasive device that works, " +
      "with waveform capnography throughout.",
    ],
    [
      "After return of spontaneous circulation",
      "Once a pulse returns (ROSC), support oxygenation and blood pressure, obtain a 12-lead ECG and " +
      "transport according to the destination policy for cardiac arrest patients.",
    ],
  ]),
  sample("1210-P", "Cardiac Arrest", "treatment_protocol", ["pediatric cardiac arrest", "child cpr"], [
    [
      "Overview",
      "For a child or infant without a pulse, effective bag-mask ventilation matters as much as " +
      "compressions: most pediatric arrests start with a breathing problem. Doses and equipment sizes " +
      "come from the length-based color code (MCG 1309).",
    ],
  ]),
  sample("1211", "Cardiac Chest Pain", "treatment_protocol", ["chest pain", "stemi", "heart attack"], [
    [
      "Overview",
      "Chest pain that may be cardiac: acquire and transmit a 12-lead ECG early, notify a STEMI receiving " +
      "center when the ECG shows ST elevation, and treat pain and nausea while watching blood pressure.",
    ],
  ]),
  sample("1219", "Allergy", "treatment_protocol", ["anaphylaxis", "allergic reaction", "hives"], [
    [
      "Overview",
      "Mild allergic reactions with hives only are observed and treated for comfort. Anaphylaxis — airway " +
      "swelling, wheezing or low blood pressure after an exposure — is treated with intramuscular " +
      "epinephrine without delay.",
    ],
  ]),
  sample("1231", "Seizure", "treatment_protocol", ["seizure", "convulsion", "status epilepticus"], [
    [
      "Overview",
      "Protect the patient from injury, support the airway and check blood glucose. A seizure that lasts " +
      "several minutes or recurs before the patient wakes is treated with a benzodiazepine.",
    ],
  ]),
  sample("1231-P", "Seizure", "treatment_protocol", ["febrile seizure", "pediatric seizure"], [
    [
      "Overview",
      "In children, fever is a common trigger. Check glucose, cool a febrile child, and treat an ongoing " +
      "seizure using the weight-based dose from the color code (MCG 1309).",
    ],
  ]),
  sample("1232", "Stroke / CVA / TIA", "treatment_protocol", ["stroke", "cva", "tia", "facial droop"], [
    [
      "Overview",
      "Note the time the patient was last known well, check glucose, and use the county's stroke scales " +
      "to decide on a stroke center. Notify the receiving center early.",
    ],
  ]),
  sample("1241", "Overdose / Poisoning / Ingestion", "treatment_protocol", [
    "overdose",
    "opioid",
    "poisoning",
  ], [
    [
      "Overview",
      "Support breathing first. For suspected opioid overdose with slow or absent breathing, give naloxone " +
      "and ventilate. Bring containers or pill bottles and contact poison control when useful.",
    ],
  ]),
  sample("1309", "Color Code Drug Doses", "medical_control_guideline", ["broselow", "length based tape"], [
    [
      "Overview",
      "Pediatric drug doses are read from the patient's measured length or known weight, using the " +
      "county's color-coded table, rather than calculated on scene.",
    ],
  ]),
];

/** A few complaint phrases pointing to the sample protocols. */
export const SAMPLE_HINTS: readonly ImpressionHint[] = [
  { phrase: "not breathing", protocols: ["1210", "1210-P"] },
  { phrase: "shaking", protocols: ["1231", "1231-P"] },
  { phrase: "bee sting", protocols: ["1219"] },
  { phrase: "slurred speech", protocols: ["1232"] },
];
