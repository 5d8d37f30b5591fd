/**
 * The medic's "yes" or "no" to the chat's "seizing now?" (chat_denied_defaults.ts: "You wrote 'seizing', then
 * 'mom crying': seizing now?" or "... If it is seizing now, say so."), with no I/O. A bare "yes" names no seizure,
 * so the question came back again and again while a child seized (medical director's seventh read, Medium 1); a
 * bare "no" was asked again too where no dose is right (TP 1231-P step 5, TP 1231 step 6: Seizure – Post). A reply
 * that starts with a plain yes or no right after the question is read as the condition said now or no longer, and
 * names the medication asked about when it names none, as any other answer to it does ("still seizing" alone gave
 * no outcome: the medication is read from the newest message or the one before). Anywhere else "yes" and "no" are
 * left as written. A "no" followed by a seizure's signs ("no, just twitching") is no end: left as written, it is
 * asked (chat_state_now.ts); the signs said to go on with no "no" ("still twitching") are a yes (eighth read), but
 * not with the patient awake, calm or cold ("still twitching a little but talking to us", "still shaky but alert",
 * "still shaking from the cold"): asked too (ninth read, Medium 1). A bare sign ("twitching", "posturing, calm
 * breathing") is a yes as well, and only the patient's awake or calm words ask ("we are calm", "calm environment",
 * "awake? no" do not: tenth read, M2). A "yes" stays a yes whatever follows it.
 */
import type { ChatTurn } from "./dosing_types.ts";
import { findMedications } from "./chat_names.ts";
import { turnsToAnotherPatient } from "./chat_patient_turns.ts";
import { saysLiveSigns, saysSeizureGoesOn, unclearSigns } from "./chat_state_now.ts";

/** The condition the reply asked about as it is now, as the question quoted it ("seizing", "chest pain"). */
const ASKED_NOW = [
  /\bYou wrote '[^'\n]*', then '[^'\n]*': ([^'?\n]{1,40}?) now\?/,
  /\bIf it is (seizing) now, say so\./,
];
const YES =
  /^\s*(?:yes|yeah|yep|yup|ya|yea|affirmative|correct|still\s+is|she\s+is|he\s+is|it\s+is)(?:[\s,]+(?:still|she\s+is|he\s+is|it\s+is))*(?=$|[\s.,;:!?-])/i;
const NO =
  /^\s*(?:no|nope|nah|negative|not\s+(?:now|anymore|any\s+more)|no\s+longer)(?:[\s,]+(?:not\s+(?:now|anymore)|it\s+stopped|stopped))*\s*(?=$|[.,;:!?\n-])/i;
const SEIZURE = /seiz|\bsz|convuls|fitting/i;

function askedNow(reply: string): string | undefined {
  for (const pattern of ASKED_NOW) {
    const asked = pattern.exec(reply)?.[1]?.trim();
    if (asked) return asked;
  }
  return undefined;
}

/** The conversation with each plain yes or no to the chat's "<condition> now?" read as said. */
export function withStateAnswers(turns: readonly ChatTurn[]): ChatTurn[] {
  return turns.map((turn, i) => {
    const before = turns[i - 1];
    if (turn.role !== "user" || before?.role !== "assistant") return turn;
    const asked = askedNow(before.content);
    if (asked === undefined) return turn;
    const seizure = SEIZURE.test(asked);
    const yes = YES.exec(turn.content);
    const plainNo = yes ? null : NO.exec(turn.content);
    // "no, just twitching": a seizure may go on in another form; "still twitching but talking to us": focal activity
    // is a seizure only with an altered level of consciousness (TP 1231-P note 2). Left as written and asked.
    const unclear = seizure && unclearSigns(turn.content) !== undefined;
    const no = unclear ? null : plainNo;
    // "still twitching", "jerking again", "posturing, calm breathing": the seizure goes on, a yes.
    const goesOn = !yes && !plainNo && !unclear && seizure &&
      (saysSeizureGoesOn(turn.content) || saysLiveSigns(turn.content));
    const rest = goesOn ? ` ${turn.content}` : turn.content.slice((yes ?? no)?.[0].length ?? 0);
    const now = yes || goesOn ? `${asked} now` : no ? seizure ? "no longer seizing" : `no ${asked} now` : "";
    if (findMedications(rest).length > 0) return { ...turn, content: `${now}${rest}` };
    // The medication the question was about: the newest one the medic named before it.
    const named = turns.slice(0, i).reverse().find((t) =>
      t.role === "user" && findMedications(t.content).length
    );
    const mention = named ? findMedications(named.content)[0].mention : undefined;
    // A reply that turns to another patient is theirs: the question's medication is not carried to them.
    if (!mention || turnsToAnotherPatient(rest)) return { ...turn, content: `${now}${rest}` };
    // Any answer to the question is about the medication it asked for ("still seizing" alone gave no outcome).
    return { ...turn, content: now ? `${now}, ${mention}?${rest}` : `${rest.trimEnd()}, ${mention}?` };
  });
}
