/**
 * The relevance set: field queries as crews type them (abbreviations, brand names, typos, ages,
 * pediatric and adult phrasing) → the LA County document that must come back. Written for this
 * project; scored against the full corpus in ../shared by tests/integration/protocol_relevance.test.ts.
 */
export interface RelevanceCase {
  readonly query: string;
  /** The protocol number that should rank first (and must rank in the top 3). */
  readonly expect: string;
}

export const RELEVANCE_SET: readonly RelevanceCase[] = [
  // Reference numbers, however they are written
  { query: "TP 1210", expect: "1210" },
  { query: "MCG 1309", expect: "1309" },
  { query: "ref 1317.17", expect: "1317.17" },
  { query: "1210", expect: "1210" },
  { query: "1231p", expect: "1231-P" },
  { query: "tp 1210 peds", expect: "1210-P" },
  // Cardiovascular
  { query: "STEMI", expect: "1211" },
  { query: "chest pain nitro", expect: "1211" },
  { query: "cardiac arrest", expect: "1210" },
  { query: "pediatric cardiac arrest", expect: "1210-P" },
  { query: "vfib defib", expect: "1210" },
  { query: "post ROSC care", expect: "1210" },
  { query: "svt adenosine", expect: "1213" },
  { query: "symptomatic brady atropine", expect: "1212" },
  { query: "bradycardia infant", expect: "1212-P" },
  { query: "tachycardia 3 month old", expect: "1213-P" },
  { query: "CHF crackles cpap", expect: "1214" },
  { query: "shock hypotension", expect: "1207" },
  { query: "LVAD pt no pulse", expect: "1325" },
  { query: "cath lab activation", expect: "1303" },
  // Neurology
  { query: "peds siezure", expect: "1231-P" },
  { query: "seizure", expect: "1231" },
  { query: "febrile seizure 2 year old", expect: "1231-P" },
  { query: "adult status epilepticus versed", expect: "1231" },
  { query: "CVA", expect: "1232" },
  { query: "facial droop slurred speech", expect: "1232" },
  { query: "stroke kid", expect: "1232-P" },
  { query: "ALOC", expect: "1229" },
  { query: "syncope", expect: "1233" },
  { query: "vertigo", expect: "1230" },
  { query: "BRUE", expect: "1235-P" },
  // A medic's "tpa exclusion" (2026-12-06) gave TP 1230 first. The criteria (exclusions, contraindications)
  // are listed in Ref. 650; TP 1232 only says the last known well time decides eligibility for TPA.
  { query: "tpa exclusion", expect: "650" },
  { query: "tpa exclusions", expect: "650" },
  { query: "thrombolytic exclusion criteria", expect: "650" },
  { query: "stroke tpa contraindications", expect: "1232" },
  // Medical
  { query: "unresponsive diabetic low sugar", expect: "1203" },
  { query: "hypoglycemia child", expect: "1203-P" },
  { query: "DKA", expect: "1203" },
  { query: "sepsis", expect: "1204" },
  { query: "abd pain vomiting", expect: "1205" },
  { query: "insulin pump malfunction", expect: "1206" },
  { query: "anaphalaxis", expect: "1219" },
  { query: "allergic reaction kid epi", expect: "1219-P" },
  { query: "rattlesnake bite", expect: "1224" },
  { query: "dystonic reaction", expect: "1239" },
  { query: "nosebleed", expect: "1226" },
  // Respiratory
  { query: "SOB wheezing copd", expect: "1237" },
  { query: "6 yo asthma", expect: "1237-P" },
  { query: "croup barking cough child", expect: "1234-P" },
  { query: "choking adult", expect: "1234" },
  // Toxicology and environmental
  { query: "OD heroin", expect: "1241" },
  { query: "toddler swallowed pills", expect: "1241-P" },
  { query: "CO poisoning", expect: "1238" },
  { query: "smoke inhalation", expect: "1236" },
  { query: "hazmat nerve agent", expect: "1240" },
  { query: "heat stroke", expect: "1222" },
  { query: "hypothermia frostbite", expect: "1223" },
  { query: "near drowning", expect: "1225" },
  { query: "electrocution", expect: "1221" },
  // Obstetrics and newborn
  { query: "newborn not breathing", expect: "1216-P" },
  { query: "imminent delivery crowning", expect: "1215" },
  { query: "pregnant seizure eclampsia", expect: "1217" },
  // Trauma
  { query: "GSW chest", expect: "1244" },
  { query: "traumatic arrest", expect: "1243" },
  { query: "crush injury", expect: "1242" },
  { query: "burns 9 year old", expect: "1220-P" },
  { query: "tourniquet", expect: "1370" },
  { query: "needle decompression", expect: "1335" },
  { query: "spinal motion restriction", expect: "1360" },
  // Behavioral
  { query: "5150 psych", expect: "1209" },
  { query: "verbal de-escalation agitation", expect: "1307.2" },
  { query: "agitated combative patient", expect: "1307" },
  // Medications and procedures
  { query: "narcan dose", expect: "1317.29" },
  { query: "ketorolac", expect: "1317.22" },
  { query: "TXA", expect: "1317.41" },
  { query: "broselow tape", expect: "1309" },
  { query: "capnography", expect: "1305" },
  { query: "12 lead", expect: "1308" },
  { query: "pain management fentanyl", expect: "1345" },
  // Policies
  { query: "DNR POLST", expect: "815" },
  { query: "pronounce death in the field", expect: "814" },
  { query: "AMA refusal", expect: "834" },
  { query: "MCI triage", expect: "519" },
  { query: "base contact requirements", expect: "1200.2" },
];
