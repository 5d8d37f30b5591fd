/**
 * The chat's dosing answers for a medic's messages, as the chat's phrase tables read them (tests/unit/chat_*.test.ts):
 * each message after the first follows an assistant's reply (a question, say), and every dose the chat gives is
 * checked to be the engine's own answer to the request it built (calculateDose): the tables judge the reading only.
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  type DosingOutcome,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

/** The medic's messages, each after the first following an assistant's reply. */
export const medicTurns = (messages: readonly string[]): ChatTurn[] =>
  messages.flatMap((content, i): ChatTurn[] => [
    ...(i > 0 ? [{ role: "assistant" as const, content: "Which indication?" }] : []),
    { role: "user", content },
  ]);

/** An outcome the engine dosed. */
export type Dosed = DosingOutcome & { readonly result: NonNullable<DosingOutcome["result"]> };

/** One line per outcome: "indication: REFUSAL_CODE", or "indication: " and what `dosed` says of the dose. */
export function chatAnswers(messages: readonly string[], dosed: (outcome: Dosed) => string): string[] {
  return dosingForConversation(medicTurns(messages)).outcomes.map((o) => {
    const indication = o.request.indication ?? "-";
    if (!o.result) return `${indication}: ${o.refusal?.code}`;
    assert.deepEqual(o.result, calculateDose(o.request), messages.join(" / "));
    return `${indication}: ${dosed(o as Dosed)}`;
  });
}

/** [the medic's messages (assistant turns between), the answers]. */
export type Row = readonly [readonly string[], readonly string[]];

/** "dose unit route @who", who being the weight, else the tape colour, else the age the request was made for. */
export function doseForWho({ request, result }: Dosed): string {
  const who = request.weightKg !== undefined
    ? `${request.weightKg} kg`
    : request.color ?? `${request.ageYears} yo`;
  return `${result.dose.value} ${result.dose.unit} ${result.route} @${who}`;
}

/** Each row's messages read by `answers`, against the row's answers. */
export function checkRows(rows: readonly Row[], answers: (messages: readonly string[]) => string[]): void {
  for (const [messages, expected] of rows) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
}

/** "dose unit", without the route. */
export const doseOnly = ({ result }: Dosed): string => `${result.dose.value} ${result.dose.unit}`;

/** "dose unit route", and "after N" where the request carries a count of doses given. */
export function doseAfterCount({ request, result }: Dosed): string {
  const after = request.dosesGiven === undefined ? "" : ` after ${request.dosesGiven}`;
  return `${result.dose.value} ${result.dose.unit} ${result.route}${after}`;
}

/** "dose unit route", "after N" for a count sent, "of T given" for a total sent. */
export const doseAfterGiven = ({ request, result }: Dosed): string =>
  `${result.dose.value} ${result.dose.unit} ${result.route}` +
  (request.dosesGiven === undefined ? "" : ` after ${request.dosesGiven}`) +
  (request.totalGiven === undefined ? "" : ` of ${request.totalGiven} given`);

/** The notes the chat's dosing step gives beside its answer to `messages` (the medic's, oldest first). */
export const notesOf = (messages: readonly string[]): readonly string[] =>
  dosingForConversation(medicTurns(messages)).notes;

/** The chat asks how many doses were given ("-": no indication read). */
export const countAsked = (indication = "-") => [`${indication}: DOSES_GIVEN_UNCLEAR`];
/** The card's limit is reached: no more doses. */
export const limitReached = (indication = "-") => [`${indication}: LIMIT_REACHED`];

/** Each outcome as "indication: value unit" for a dose, else the refusal's message (what the medic reads). */
export const doseOrMessage = (turns: readonly ChatTurn[]): (string | undefined)[] =>
  dosingForConversation(turns).outcomes.map((o) =>
    o.result ? `${o.result.indication}: ${o.result.dose.value} ${o.result.dose.unit}` : o.refusal?.message
  );

/**
 * The chat's reply to each of the medic's messages, each reply the assistant's turn before the next message (so a
 * reply to the chat's own question is read as in production): a dose as "indication value unit", else the refusal's
 * message, one line per outcome.
 */
export function chatDialogue(messages: readonly string[]): string[] {
  const turns: ChatTurn[] = [];
  const replies: string[] = [];
  for (const content of messages) {
    turns.push({ role: "user", content });
    const reply = dosingForConversation(turns).outcomes.map((o) =>
      o.result
        ? `${o.request.indication ?? "-"} ${o.result.dose.value} ${o.result.dose.unit}`
        : o.refusal!.message
    ).join("\n");
    replies.push(reply);
    turns.push({ role: "assistant", content: reply || "ok" });
  }
  return replies;
}

/** The chat's own "seizing now?" after a seizing child was said to be awake (the state-now tables' conversation). */
export const SEIZING_NOW = "You wrote 'seizing', then 'now awake and crying': seizing now?";

/** The medic's reply to the chat's "seizing now?", one dose of versed given to a 20 kg child before: the outcomes. */
export const repliedToSeizingNow = (reply: string) =>
  doseOrMessage([
    { role: "user", content: "seizing 20kg, versed given" },
    { role: "assistant", content: "Which indication?" },
    { role: "user", content: "now awake and crying, versed?" },
    { role: "assistant", content: SEIZING_NOW },
    { role: "user", content: reply },
  ]);

/** The chat's question where a seizure's signs follow a "no" (TP 1231-P special consideration 2). */
export const signsAsked = (quote: string) =>
  `You wrote 'seizing', then '${quote}': seizing now? Twitching, jerking or eye deviation may be a seizure going ` +
  "on (TP 1231-P).";

/** The state-now tables' seizing child: 20 kg, the blue band. */
export const SEIZING = "seizing 20kg kid versed";
/** Its dose as `doseForWho` shows it (TP 1231-P, MCG 1309 at 20 kg, blue). */
export const CHILD_SEIZURE = ["seizure: 5 mg IN/IM @20 kg"];
/** The chat asks which indication (or "seizing now?") once, with no dose. */
export const ASKED_ONCE = ["-: AMBIGUOUS_INDICATION"];
/** A contraindication said held the one dose asked (no indication named). */
export const HELD_ONCE = ["-: CONTRAINDICATION_NAMED"];
/** The arrest dose held (a traumatic arrest: TP 1243). */
export const ARREST_HELD = ["cardiac-arrest: CONTRAINDICATION_NAMED"];

/** True when the answer's notes ask how many doses were given (a count not read, or one dose read from a naming). */
export const asksHowMany = (messages: readonly string[]) =>
  dosingForConversation(medicTurns(messages)).notes.some((n) => /not read from|ask how many/i.test(n));

/** The adult's ketorolac (MCG 1345: 15 mg IV/IO, 30 mg IM) and fentanyl (50 mcg by either route) as doseAfterCount reads. */
export const KETOROLAC_ADULT = ["-: 15 mg IV/IO", "-: 30 mg IM"];
export const FENTANYL_ADULT = ["-: 50 mcg IV/IO/IM", "-: 50 mcg IN"];
