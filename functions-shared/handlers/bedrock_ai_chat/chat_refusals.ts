/**
 * A dosing-engine refusal as a medic in a hurry should read it, with no I/O: where the engine asks for a choice
 * (which indication: a child's IM epinephrine is anaphylaxis, airway swelling or bronchospasm, TP 1219-P,
 * 1234-P, 1237-P), the question leads and says no dose comes before it; the engine's reasons follow. The
 * engine's own message (the dosing function's 400) ends with the choices, after a long sentence of reasons.
 * Where the chat says why the indication named was not read (a seizure ended, a denial, a history), that short
 * line leads instead and the engine's reasons are left out (medical director's fifth read).
 */
import type { DosingRefusal } from "./dosing_types.ts";

const words = (ids: readonly string[]) => {
  const said = ids.map((id) => id.replace(/-/g, " "));
  return said.length < 2 ? said.join("") : `${said.slice(0, -1).join(", ")} or ${said.at(-1)}`;
};

/** `medication`: as the medic named it ("epi"), so that with several drugs each question says whose it is. */
export function refusalText(refusal: DosingRefusal | undefined, medication: string): string {
  if (!refusal) return "The dosing engine gave no answer.";
  // The engine's tape question (a heavy child under 12, MCG 1309): a bare colour word is not read as the tape's.
  if (refusal.code === "FACT_REQUIRED" && refusal.field === "color") {
    return `${refusal.details.reason ?? refusal.message} Measure with the tape, then say "<colour> tape" ` +
      `("orange tape") or "longer than tape". No dose until you say.`;
  }
  // The engine's question for the total given (TP 1241's 8 mg of naloxone over every route): what to say in chat.
  if (refusal.code === "FACT_REQUIRED" && refusal.field === "totalGiven") {
    const unit = /\((mg|mcg|mL|g)\)|\bin (mg|mcg|mL|g)\b/.exec(refusal.message);
    return `${
      refusal.details.reason ?? refusal.message
    } Say the total given so far ("${medication} total <amount> ` +
      `${unit?.[1] ?? unit?.[2] ?? "mg"}"). No dose until you say.`;
  }
  const choices = refusal.code === "AMBIGUOUS_INDICATION" ? refusal.details.indications : undefined;
  if (!Array.isArray(choices) || choices.length === 0) return refusal.message;
  // Why the indication named was not read comes first, then the choice, short (chat_denied_defaults.ts).
  const said = refusal.details.said as { how?: string } | undefined;
  if (said?.how === "ended" || said?.how === "breathing") return `${refusal.message} No dose until you say.`;
  if (said) {
    return `${refusal.message} Which is the ${medication} for: ${
      words(choices as string[])
    }? No dose until you say.`;
  }
  return `Which indication is the ${medication} for: ${words(choices as string[])}? No dose is given until ` +
    `it is said. ${refusal.message}`;
}
