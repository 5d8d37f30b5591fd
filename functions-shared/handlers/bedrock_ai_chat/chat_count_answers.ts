/**
 * The medic's answer to the chat's "How many nitro doses in all?" (DOSES_GIVEN_UNCLEAR, chat_own_refusals.ts), with
 * no I/O. Typed on a phone the answer is a bare number ("3", "3 total", "three in all"), which the count reader
 * (findDosesGiven) does not read as a count of any drug; the question would then be asked again and again. A reply
 * that starts with a bare count right after the question is read as that drug's count given in all ("nitro x3
 * given"), so the count stays read in later messages too. A reply that says more is left as written.
 */
import type { ChatTurn } from "./dosing_types.ts";
import { DRUG_NAME, findMedications } from "./chat_names.ts";

/** The drug the reply's question asked about, as the question named it. */
const ASKED = /\bhow\s+many\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+doses\s+in\s+all\s*\?/i;
const COUNT_WORDS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
/**
 * "3", "3 total", "3 in all", "three doses", "3 given", "x3", "3x", "3 nitro total" (the drug asked, named): the whole
 * reply, or its first clause. "x3" and "3 nitro total" were asked again (medical director's seventh read, Medium 4).
 */
const BARE = new RegExp(
  "^\\s*(?:[x×]\\s*(?=\\d))?(\\d{1,2}|one|two|three|four|five)(?:\\s*[x×](?![\\w.]))?" +
    `(?:\\s+(?<drug>${DRUG_NAME})s?(?![\\w-]))?` +
    "(?:\\s+(?:doses?|total|in\\s+all|so\\s+far|given|altogether|now))*\\s*(?=$|[.,;:!\\n])",
  "i",
);

/** The conversation with each bare-count answer to the chat's question read as the drug's count given. */
export function withCountAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant") return turn;
    const drug = ASKED.exec(before.content)?.[1];
    const bare = drug === undefined ? null : BARE.exec(turn.content);
    // "3 epi total" answers no question about nitro.
    const named = bare?.groups?.drug && findMedications(bare.groups.drug)[0]?.id;
    if (!bare || (named && !findMedications(drug!).some((m) => m.id === named))) return turn;
    const said = bare[1].toLowerCase();
    const n = COUNT_WORDS[said] ?? Number(said);
    return { ...turn, content: `${drug} x${n} given${turn.content.slice(bare[0].length)}` };
  });
}
