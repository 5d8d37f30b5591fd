/**
 * A dose the dosing engine gives with no indication, withheld when the medic named an indication only to deny it,
 * with no I/O. Some medications are dosed with no indication said (nitroglycerin, naloxone, albuterol: their first
 * indication's row), and that row is often the very one denied: "no chest pain, nitro adult" got chest pain's
 * 0.4 mg SL, "not opioid overdose, naloxone 20kg" 2 mg (medical director's third read). The medic is asked which
 * indication instead. The engine is unchanged: what the message denies is the chat's reading (chat_denials.ts).
 */
import { FORMULARY } from "../../domain/dosing/mod.ts";
import type { DosingOutcome } from "./dosing_types.ts";

const words = (ids: readonly string[]) => {
  const said = ids.map((id) => id.replace(/-/g, " "));
  return said.length < 2 ? said.join("") : `${said.slice(0, -1).join(", ")} or ${said.at(-1)}`;
};

/**
 * `denied`: by medication id, the indications the messages read only deny or say have ended, where none was read.
 * The doses given with no indication for such a medication become one INDICATION_DENIED refusal (the chat's own),
 * listing the medication's other indications; refusals and doses with an indication stay as they are.
 */
export function withoutDeniedDefaults(
  outcomes: readonly DosingOutcome[],
  denied: ReadonlyMap<string, readonly string[]>,
): DosingOutcome[] {
  const refused = new Set<string>(); // one question per medication, not one per route
  return outcomes.flatMap((outcome) => {
    const { request, result } = outcome;
    const ids = result && request.indication === undefined ? denied.get(result.medication.id) : undefined;
    if (!result || !ids?.length) return [outcome];
    if (refused.has(result.medication.id)) return [];
    refused.add(result.medication.id);
    const others = (FORMULARY.find((d) => d.id === result.medication.id)?.indications ?? [])
      .map((i) => i.id).filter((id) => !ids.includes(id));
    return [{
      request,
      refusal: {
        code: "INDICATION_DENIED",
        field: "indication",
        message:
          `Which indication is the ${request.medication} for? The message names ${
            words(ids)
          } only to deny it or to say it has ended, so the dose the dosing engine gives when no indication is ` +
          `said is not given until one is${others.length ? ` (its others: ${words(others)})` : ""}.`,
        details: { field: "indication", denied: [...ids], indications: others },
      },
    }];
  });
}
