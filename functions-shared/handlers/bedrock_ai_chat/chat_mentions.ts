/**
 * What a medic's message names, with no I/O, in one place for the chat's entry (dosing_context.ts): medications by
 * the formulary's names (chat_names.ts), the patient facts that decide a dose (chat_patient_mentions.ts), the
 * indication a medication is asked for (chat_indications.ts, its names chat_indication_patterns.ts) and doses
 * already given (chat_doses_given.ts). Nothing here computes a dose or converts a unit.
 */
export { blankMatch, findMedications, wordPattern } from "./chat_names.ts";
export { findPatientFacts, type PatientFacts, systolicPressuresSaid } from "./chat_patient_mentions.ts";
export { indicationPhrases, SPOKEN_FORMS } from "./chat_indication_patterns.ts";
export { findIndication, type IndicationReading, readIndication } from "./chat_indications.ts";
export { findDosesGiven, mentionsDosesGiven } from "./chat_doses_given.ts";
