/**
 * Field vocabulary, written for this project: what crews type (abbreviations, brand names, slang,
 * common misspellings) → the words the documents use, and the protocols it most often means.
 * Applied to queries only, so editing it needs no index rebuild. `protocols` are hints that lift a
 * document; they never pin it (an exact reference number in the query does that).
 */

import { foldApostrophes, tokenize } from "./text.ts";

export interface VocabularyEntry {
  /** Lower-case spellings as a user would type them; multi-word entries match as phrases. */
  readonly terms: readonly string[];
  /** Words added to the query in their place (lower weight than what the user typed). */
  readonly expand: string;
  readonly protocols?: readonly string[];
}

export const VOCABULARY: readonly VocabularyEntry[] = [
  // Cardiovascular
  {
    terms: ["stemi", "nstemi"],
    expand: "st elevation myocardial infarction stemi 12-lead",
    protocols: ["1211"],
  },
  {
    terms: ["mi", "ami", "heart attack", "acs"],
    expand: "myocardial infarction cardiac chest pain",
    protocols: ["1211"],
  },
  { terms: ["cp", "chest pain", "chest pressure"], expand: "chest pain cardiac", protocols: ["1211"] },
  { terms: ["svt", "psvt"], expand: "supraventricular tachycardia narrow complex", protocols: ["1213"] },
  {
    terms: ["vt", "vtach", "v-tach", "v tach"],
    expand: "ventricular tachycardia wide complex",
    protocols: ["1213"],
  },
  {
    terms: ["vf", "vfib", "v-fib", "v fib"],
    expand: "ventricular fibrillation defibrillate",
    protocols: ["1210"],
  },
  {
    terms: ["afib", "a-fib", "a fib", "aflutter"],
    expand: "atrial fibrillation tachycardia",
    protocols: ["1213"],
  },
  { terms: ["brady", "slow heart rate", "heart block"], expand: "bradycardia", protocols: ["1212"] },
  { terms: ["tachy", "fast heart rate", "palpitations"], expand: "tachycardia", protocols: ["1213"] },
  { terms: ["pea"], expand: "pulseless electrical activity cardiac arrest", protocols: ["1210"] },
  {
    terms: ["asystole", "flatline", "code", "full arrest", "ohca", "pulseless", "no pulse"],
    expand: "cardiac arrest",
    protocols: ["1210"],
  },
  {
    terms: ["cpr", "compressions"],
    expand: "cardiopulmonary resuscitation cardiac arrest",
    protocols: ["1210"],
  },
  {
    terms: ["rosc", "post arrest", "post-arrest"],
    expand: "return of spontaneous circulation cardiac arrest",
    protocols: ["1210"],
  },
  { terms: ["ecpr", "ecmo"], expand: "ecpr extracorporeal", protocols: ["1318"] },
  {
    terms: ["chf", "pulm edema", "ape", "fluid overload", "crackles", "rales"],
    expand: "pulmonary edema congestive heart failure",
    protocols: ["1214"],
  },
  { terms: ["htn", "high blood pressure"], expand: "hypertension", protocols: ["1202"] },
  {
    terms: ["hypotension", "hypotensive", "low blood pressure", "low bp"],
    expand: "shock hypotension",
    protocols: ["1207"],
  },
  {
    terms: ["lvad", "vad", "mcs"],
    expand: "ventricular assist device mechanical circulatory support",
    protocols: ["1325"],
  },
  { terms: ["tcp", "pacing", "pace"], expand: "transcutaneous pacing", protocols: ["1365"] },
  {
    terms: ["12 lead", "12-lead", "ekg", "ecg"],
    expand: "12-lead ecg cardiac monitoring",
    protocols: ["1308"],
  },
  { terms: ["cath lab"], expand: "cath lab activation stemi", protocols: ["1303"] },
  // Respiratory and airway
  {
    terms: [
      "sob",
      "dib",
      "short of breath",
      "shortness of breath",
      "cant breathe",
      "dyspnea",
      "trouble breathing",
    ],
    expand: "respiratory distress shortness of breath",
    protocols: ["1237"],
  },
  { terms: ["copd", "emphysema"], expand: "copd bronchospasm respiratory distress", protocols: ["1237"] },
  {
    terms: ["asthma", "wheezing", "bronchospasm"],
    expand: "asthma bronchospasm wheezing respiratory distress",
    protocols: ["1237"],
  },
  { terms: ["cpap", "bipap"], expand: "continuous positive airway pressure cpap", protocols: ["1315"] },
  {
    terms: ["choking", "fbao", "foreign body"],
    expand: "airway obstruction foreign body choking",
    protocols: ["1234"],
  },
  {
    terms: ["croup", "stridor", "epiglottitis"],
    expand: "stridor croup airway obstruction",
    protocols: ["1234"],
  },
  {
    terms: ["bvm", "bag mask", "igel", "i-gel", "sga", "king airway", "ett", "intubation", "intubate"],
    expand: "airway management bag-mask ventilation supraglottic airway",
    protocols: ["1302"],
  },
  {
    terms: ["etco2", "capno", "end tidal"],
    expand: "capnography waveform end-tidal co2",
    protocols: ["1305"],
  },
  { terms: ["trach", "tracheostomy"], expand: "tracheostomy", protocols: ["1234"] },
  {
    terms: ["needle decompression", "needle decomp", "tension pneumo", "tension pneumothorax"],
    expand: "needle thoracostomy tension pneumothorax",
    protocols: ["1335"],
  },
  // Neurology
  {
    terms: ["cva", "tia", "stroke", "facial droop", "slurred speech", "one sided weakness"],
    expand: "stroke cva tia",
    protocols: ["1232"],
  },
  { terms: ["lams", "mlapss", "lapss"], expand: "stroke scale lams mlapss", protocols: ["1232"] },
  // The treatment protocols say "TPA" (TP 1232, 1230); the stroke documents that list its exclusions
  // (Ref. 650) say "thrombolytic" and "alteplase".
  {
    terms: ["tpa", "rtpa", "alteplase", "tenecteplase", "tnk"],
    expand: "thrombolytic alteplase tpa",
    protocols: ["1232"],
  },
  {
    terms: ["aloc", "ams", "loc", "altered", "unresponsive", "confused", "obtunded"],
    expand: "altered level of consciousness aloc",
    protocols: ["1229"],
  },
  {
    terms: ["syncope", "passed out", "fainted", "fainting", "syncopal"],
    expand: "syncope near syncope",
    protocols: ["1233"],
  },
  {
    terms: [
      "sz",
      "seizure",
      "seizing",
      "seizures",
      "convulsions",
      "convulsing",
      "status epilepticus",
      "febrile seizure",
    ],
    expand: "seizure",
    protocols: ["1231"],
  },
  {
    terms: ["dizzy", "dizziness", "vertigo", "lightheaded"],
    expand: "dizziness vertigo",
    protocols: ["1230"],
  },
  { terms: ["brue", "alte"], expand: "brief resolved unexplained event brue", protocols: ["1235-P"] },
  // Medical
  { terms: ["diabetic", "diabetes"], expand: "diabetic", protocols: ["1203"] },
  {
    terms: ["dka", "hyperglycemia", "high blood sugar", "high sugar"],
    expand: "diabetic hyperglycemia",
    protocols: ["1203"],
  },
  {
    terms: [
      "hypoglycemia",
      "hypoglycemic",
      "low blood sugar",
      "low sugar",
      "low bgl",
      "low glucose",
      "bgl",
      "bg",
      "insulin shock",
    ],
    expand: "hypoglycemia diabetic glucose",
    protocols: ["1203"],
  },
  { terms: ["sepsis", "septic", "fever", "febrile"], expand: "fever sepsis", protocols: ["1204"] },
  {
    terms: ["n/v", "nausea", "vomiting", "gi bleed", "abd pain", "abdominal pain", "belly pain"],
    expand: "gi gu abdominal nausea vomiting",
    protocols: ["1205"],
  },
  {
    terms: ["anaphylaxis", "anaphylactic", "allergic reaction", "allergy", "hives", "angioedema"],
    expand: "allergy anaphylaxis",
    protocols: ["1219"],
  },
  { terms: ["eps", "dystonia", "dystonic"], expand: "dystonic reaction", protocols: ["1239"] },
  {
    terms: ["epistaxis", "nosebleed", "nose bleed", "toothache", "dental"],
    expand: "ent dental epistaxis",
    protocols: ["1226"],
  },
  {
    terms: ["device malfunction", "insulin pump", "vp shunt", "feeding tube"],
    expand: "medical device malfunction",
    protocols: ["1206"],
  },
  // Toxicology and environmental
  {
    terms: ["od", "o.d.", "overdose", "overdosed", "ingestion", "poisoning", "poisoned"],
    expand: "overdose poisoning ingestion",
    protocols: ["1241"],
  },
  {
    terms: ["swallowed", "ingested", "took pills", "pills", "ate"],
    expand: "ingestion overdose poisoning",
    protocols: ["1241"],
  },
  {
    terms: ["opioid", "opiate", "heroin", "pinpoint pupils"],
    expand: "opioid overdose naloxone",
    protocols: ["1241"],
  },
  { terms: ["etoh", "drunk", "intoxicated"], expand: "alcohol intoxication", protocols: ["1241"] },
  { terms: ["co", "carbon monoxide"], expand: "carbon monoxide", protocols: ["1238"] },
  { terms: ["smoke inhalation", "house fire"], expand: "inhalation injury smoke", protocols: ["1236"] },
  {
    terms: ["hazmat", "nerve agent", "organophosphate", "chemical exposure"],
    expand: "hazmat exposure",
    protocols: ["1240"],
  },
  {
    terms: ["heat stroke", "heat exhaustion", "hyperthermia", "heat illness"],
    expand: "hyperthermia environmental heat",
    protocols: ["1222"],
  },
  {
    terms: ["hypothermia", "frostbite", "cold exposure"],
    expand: "hypothermia cold injury",
    protocols: ["1223"],
  },
  { terms: ["drowning", "near drowning", "drowned"], expand: "submersion drowning", protocols: ["1225"] },
  {
    terms: ["snake bite", "snakebite", "rattlesnake", "bee sting", "scorpion", "spider bite"],
    expand: "stings venomous bites",
    protocols: ["1224"],
  },
  {
    terms: ["electrocution", "electrical injury", "lightning", "electric shock"],
    expand: "electrocution",
    protocols: ["1221"],
  },
  { terms: ["burn", "burns", "burned", "scald"], expand: "burns", protocols: ["1220"] },
  // Trauma
  {
    terms: ["mvc", "mva", "car accident", "gsw", "gunshot", "stab", "stabbing", "fall", "assault", "trauma"],
    expand: "traumatic injury",
    protocols: ["1244"],
  },
  { terms: ["tbi", "head injury", "head trauma"], expand: "head injury traumatic", protocols: ["1244"] },
  { terms: ["traumatic arrest", "trauma arrest"], expand: "traumatic arrest", protocols: ["1243"] },
  {
    terms: ["crush", "crush injury", "entrapment", "pinned"],
    expand: "crush injury syndrome",
    protocols: ["1242"],
  },
  {
    terms: ["tourniquet", "bleeding control", "hemorrhage control", "hemostatic"],
    expand: "traumatic hemorrhage control tourniquet",
    protocols: ["1370"],
  },
  {
    terms: ["smr", "c-spine", "c spine", "backboard", "spinal immobilization", "c collar"],
    expand: "spinal motion restriction",
    protocols: ["1360"],
  },
  { terms: ["trauma center", "trauma triage"], expand: "trauma triage", protocols: ["506"] },
  // Obstetrics and newborn
  { terms: ["ob", "pregnant", "pregnancy", "contractions"], expand: "pregnancy", protocols: ["1217"] },
  {
    terms: ["labor", "delivery", "childbirth", "crowning", "imminent delivery"],
    expand: "childbirth labor delivery",
    protocols: ["1215"],
  },
  {
    terms: ["pph", "postpartum hemorrhage", "postpartum bleeding"],
    expand: "postpartum hemorrhage childbirth",
    protocols: ["1215"],
  },
  {
    terms: ["eclampsia", "preeclampsia", "pre-eclampsia"],
    expand: "eclampsia pregnancy complication",
    protocols: ["1217"],
  },
  {
    terms: ["newborn", "neonate", "neonatal", "nrp", "neonatal resuscitation"],
    expand: "newborn neonatal resuscitation",
    protocols: ["1216-P"],
  },
  // Behavioral
  { terms: ["psych", "5150", "psychiatric"], expand: "behavioral psychiatric crisis", protocols: ["1209"] },
  { terms: ["suicidal", "si", "suicide"], expand: "suicide risk behavioral", protocols: ["1306"] },
  {
    terms: ["agitated", "combative", "violent", "excited delirium"],
    expand: "agitation behavioral",
    protocols: ["1307"],
  },
  { terms: ["restraint", "restraints", "restrain"], expand: "patient restraints", protocols: ["838"] },
  // Medications (brand and street names → the drug reference)
  { terms: ["epi", "epipen", "adrenaline"], expand: "epinephrine", protocols: ["1317.17"] },
  { terms: ["narcan"], expand: "naloxone", protocols: ["1317.29"] },
  { terms: ["ntg", "nitro"], expand: "nitroglycerin", protocols: ["1317.31"] },
  { terms: ["asa"], expand: "aspirin", protocols: ["1317.7"] },
  { terms: ["d10", "d50", "d25", "sugar water"], expand: "dextrose", protocols: ["1317.13"] },
  { terms: ["zofran"], expand: "ondansetron", protocols: ["1317.33"] },
  { terms: ["versed"], expand: "midazolam", protocols: ["1317.25"] },
  { terms: ["benadryl"], expand: "diphenhydramine", protocols: ["1317.15"] },
  { terms: ["toradol"], expand: "ketorolac", protocols: ["1317.22"] },
  { terms: ["txa"], expand: "tranexamic acid", protocols: ["1317.41"] },
  { terms: ["amio"], expand: "amiodarone", protocols: ["1317.5"] },
  { terms: ["bicarb"], expand: "sodium bicarbonate", protocols: ["1317.39"] },
  { terms: ["cyanokit"], expand: "hydroxocobalamin", protocols: ["1317.21"] },
  { terms: ["duodote", "2-pam", "2 pam"], expand: "pralidoxime", protocols: ["1317.37"] },
  { terms: ["zyprexa"], expand: "olanzapine", protocols: ["1317.32"] },
  { terms: ["neb", "duoneb", "ventolin", "proventil"], expand: "albuterol nebulized", protocols: ["1317.3"] },
  { terms: ["o2"], expand: "oxygen" },
  // Procedures and operations
  { terms: ["io", "iv access", "intraosseous"], expand: "vascular access intraosseous", protocols: ["1375"] },
  { terms: ["taser", "cew"], expand: "conducted electrical weapon", protocols: ["1310"] },
  { terms: ["analgesia", "pain control", "pain meds"], expand: "pain management", protocols: ["1345"] },
  {
    terms: ["broselow", "broslow", "length based tape", "color code", "peds dose", "pediatric dose"],
    expand: "color code drug doses",
    protocols: ["1309"],
  },
  { terms: ["vitals", "vital signs"], expand: "vital signs", protocols: ["1380"] },
  { terms: ["ppe"], expand: "personal protective equipment", protocols: ["1357"] },
  { terms: ["dnr", "polst", "do not resuscitate"], expand: "dnr polst", protocols: ["815"] },
  {
    terms: ["doa", "obvious death", "pronounce", "pronouncement"],
    expand: "determination of death",
    protocols: ["814"],
  },
  {
    terms: ["ama", "refusal", "refuses transport", "against medical advice"],
    expand: "patient refusal treatment transport",
    protocols: ["834"],
  },
  {
    terms: ["mci", "mass casualty", "start triage"],
    expand: "multiple casualty incident",
    protocols: ["519"],
  },
  {
    terms: ["base contact", "base hospital", "base station"],
    expand: "base contact requirements",
    protocols: ["1200.2"],
  },
  { terms: ["bls upgrade"], expand: "bls upgrade als assessment", protocols: ["1200.4"] },
  { terms: ["scope of practice"], expand: "scope of practice" },
  { terms: ["bp", "sbp"], expand: "blood pressure" },
  { terms: ["hr"], expand: "heart rate" },
  { terms: ["rr"], expand: "respiratory rate" },
  { terms: ["spo2", "sat", "sats"], expand: "oxygen saturation" },
  { terms: ["pt", "pts"], expand: "patient" },
  { terms: ["hx"], expand: "history" },
  { terms: ["tx"], expand: "treatment" },
];

/** Misspellings seen in field queries → the spelling the documents use. */
export const MISSPELLINGS: Readonly<Record<string, string>> = {
  siezure: "seizure",
  sezure: "seizure",
  seizue: "seizure",
  siezures: "seizures",
  anaphalaxis: "anaphylaxis",
  anaphylaxsis: "anaphylaxis",
  anaphalactic: "anaphylactic",
  anafalaxis: "anaphylaxis",
  hypoglycimia: "hypoglycemia",
  hypoglycemic: "hypoglycemia",
  diabetik: "diabetic",
  asma: "asthma",
  athsma: "asthma",
  asthmatic: "asthma",
  epinepherine: "epinephrine",
  epinephrin: "epinephrine",
  epinephrone: "epinephrine",
  naloxon: "naloxone",
  nalaxone: "naloxone",
  nitroglycerine: "nitroglycerin",
  pediatirc: "pediatric",
  paediatric: "pediatric",
  bradicardia: "bradycardia",
  tachicardia: "tachycardia",
  unconcious: "unconscious",
  breating: "breathing",
  overdoes: "overdose",
  overdos: "overdose",
  cardic: "cardiac",
  pnuemothorax: "pneumothorax",
  amiodorone: "amiodarone",
  fentanil: "fentanyl",
  fentanly: "fentanyl",
  midazolan: "midazolam",
  ondansatron: "ondansetron",
  hemorage: "hemorrhage",
  hemmorhage: "hemorrhage",
  hemorrage: "hemorrhage",
  unresponsve: "unresponsive",
  strok: "stroke",
  dislocaton: "dislocation",
  sycope: "syncope",
  syncopy: "syncope",
  hypothermia: "hypothermia",
  hyperthermia: "hyperthermia",
  dextrose: "dextrose",
  glucogon: "glucagon",
  albuteral: "albuterol",
  respitory: "respiratory",
  resperatory: "respiratory",
  tourniquette: "tourniquet",
  turniquet: "tourniquet",
  eclampsia: "eclampsia",
  newbourn: "newborn",
  allergick: "allergic",
  alergic: "allergic",
  alergy: "allergy",
};

/**
 * A phrase as the phrase tables and the query read words: apostrophes folded, tokenised, known
 * misspellings fixed (a phrase written "cant breathe" or "siezure" meets the query's words).
 */
export function phraseWords(phrase: string): string[] {
  return tokenize(foldApostrophes(phrase)).map((t) => MISSPELLINGS[t] ?? t);
}
