/**
 * A reader for the treatment protocols and MCGs in ../shared (adult, and the paediatric -P protocols the
 * child rules follow), so a dosing test can show that each expected value is what the document says,
 * without the repository holding a copy of it.
 * Text is compared after collapsing whitespace and dropping the circled footnote marks (❶…⓴).
 */

const DOCUMENTS = new URL("../../../shared/data/la-county-ems/documents/", import.meta.url);

/** Reference → the markdown file of its current revision. */
export const ADULT_DOCUMENTS: Readonly<Record<string, string>> = {
  "TP 1202": "1040379_1202GeneralMedical2018-04-25.md",
  "TP 1203": "1040380_1203DiabeticEmergencies2018-05-30.md",
  "TP 1204": "1040381_1204FeverSepsis2018-04-24.md",
  "TP 1207": "1040509_1207Shock-Hypotension.md",
  "TP 1209": "1040386_1209Behavioral_PsychiatricCrisis2018-04-25.md",
  "TP 1210": "1040387_1210CardiacArrest2018-05-30.md",
  "TP 1211": "1040388_1211CardiacChestPain2018-04-25.md",
  "TP 1212": "1040389_1212CardiacDysrhythmia-Bradycardia2018-04-25.md",
  "TP 1213": "1040391_1213CardiacDysrhythmia-Tachycardia2018-04-29.md",
  "TP 1214": "1040395_1214PulmonaryEdema2018-04-25.md",
  "TP 1217": "1040397_1217PregnancyComplication2018-04-29.md",
  "TP 1219": "1040399_1219Allergy2018-05-30.md",
  "TP 1220": "1040400_1220Burns2018-04-24.md",
  "TP 1231": "1040410_1231Seizure2018-04-25.md",
  "TP 1234": "1040413_1234Airwayobstruction2018-04-24.md",
  "TP 1236": "1179870_1236InhalationInjury.md",
  "TP 1237": "1179872_1237RespDistress.md",
  "TP 1239": "1040417_1239DystonicReaction2018-04-24.md",
  "TP 1240": "1179876_1240HAZMAT.md",
  "TP 1241": "206108_1241.md",
  "TP 1242": "1179878_1242CrushInjury.md",
  "TP 1243": "1040421_1243TraumaticArrest2018-04-25.md",
  "TP 1244": "1179880_1244TraumaticInjury.md",
  "MCG 1345": "1040600_1345-PainManagement.md",
  "Ref. 227.1": "1031386_227.1EMSDispatchGuidelines.md",
  "MCG 1317.1": "1053422_1317.1-Adenosine2018-07-01.md",
  "MCG 1317.25": "1188049_1317.25-Midazolam.md",
  "MCG 1317.29": "1053948_1317.29-Noloxone2019-04-01.md",
  "MCG 1317.27": "1053947_1317.27-Morphine2019-04-01.md",
  "MCG 1317.7": "1053958_1317.7-Aspirin2018-07-01.md",
  "MCG 1317.32": "1129225_1317.32-Olanzapine.md",
  "MCG 1317.33": "1053952_1317.33-Ondansetron2018-07-01.md",
  "MCG 1317.23": "1053944_1317.23-Lidocaine2018-07-01.md",
};

/** The paediatric protocols and drug cards the child rules follow (beyond MCG 1309's table). */
export const PEDIATRIC_DOCUMENTS: Readonly<Record<string, string>> = {
  "TP 1204-P": "1040457_1204-PFeverSepsis2018-04-24.md",
  "TP 1207-P": "1040510_1207-PShock-Hypotension.md",
  "TP 1203-P": "1040456_1203-PDiabeticEmergencies2018-05-30.md",
  "TP 1209-P": "1040462_1209-PBehavioralPsychCrisis2018-04-24.md",
  "TP 1210-P": "1179867_1210-PCardiacArrest.md",
  "TP 1212-P": "1040512_1212-PCardiacDysrhythmia-Bradycardia.md",
  "TP 1213-P": "1179868_1213-PCardiacDysrhythmia-Tachycardia.md",
  "TP 1219-P": "1040515_1219-PAllergy.md",
  "TP 1231-P": "1179869_1231-PSeizure.md",
  "TP 1234-P": "1040485_1234-PAirwayObstruction2018-04-25.md",
  "TP 1237-P": "1179873_1237-PRespiratoryDistress.md",
  "TP 1240-P": "1179877_1240-PHAZMAT.md",
  "TP 1239-P": "1040490_1239-PDystonicReaction2018-04-24.md",
  "TP 1241-P": "1040492_1241-POverdose_Poisoning_Ingestion2018-04-25.md",
  "TP 1243-P": "1040494_1243-PTraumaticArrest2018-04-25.md",
  "TP 1242-P": "1179879_1242-PCrushInjury-Syndrome.md",
  "MCG 1309": "1179884_1309-ColorCodeDrugDoses.md",
  "MCG 1317.3": "1053949_1317.3-Albuterol2018-07-01.md",
  "MCG 1317.9": "1053959_1317.9-Atropine2019-04-01.md",
  "MCG 1317.11": "1053936_1317.11-CalciumChloride2018-07-01.md",
  "MCG 1317.17": "1053940_1317.17-Epinephrine2018-07-01.md",
  "MCG 1317.37": "1053955_1317.37-PralidoximeChloride2018-07-01.md",
  "MCG 1317.39": "1053956_1317.39-SodiumBicarbonate2018-07-01.md",
  "MCG 1345": "1040600_1345-PainManagement.md",
  "MCG 1350": "1040601_1350-PediatricPatients.md",
};

export function normalise(text: string): string {
  return text.replace(/[\u2776-\u277F\u24EB-\u24F4]/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
}

const cache = new Map<string, string>();

/** The normalised text of a reference's document (read once); adult or paediatric (-P) references. */
export async function readAdultDocument(ref: string): Promise<string> {
  const file = ADULT_DOCUMENTS[ref] ?? PEDIATRIC_DOCUMENTS[ref];
  if (!file) throw new Error(`No document mapped for ${ref}`);
  let text = cache.get(ref);
  if (text === undefined) {
    text = normalise(await Deno.readTextFile(new URL(file, DOCUMENTS)));
    cache.set(ref, text);
  }
  return text;
}

/** The same reader, named for the paediatric tests. */
export const readDocument = readAdultDocument;

/** `ref`'s normalised text, after asserting it says each phrase (compared normalised). */
export async function says(ref: string, ...phrases: string[]): Promise<string> {
  const text = await readDocument(ref);
  for (const phrase of phrases) {
    if (!text.includes(normalise(phrase))) throw new Error(`${ref} should say "${phrase}"`);
  }
  return text;
}
