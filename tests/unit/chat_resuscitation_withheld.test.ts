/**
 * A DNR or POLST (Ref. No. 815) or a sign of obvious death (Ref. No. 814) beside an arrest: the arrest's drug is
 * dosed, with a note saying resuscitation may be withheld (chat_resuscitation_withheld.ts). "80yo dnr found
 * pulseless, no cpr || ns?" had been given TP 1210's litre with no word of it.
 */
import assert from "node:assert/strict";
import { chatAnswers, doseForWho, notesOf } from "../support/chat_answers.ts";

const DNR =
  /^You wrote 'dnr': with a valid DNR, or a POLST that declines CPR, resuscitation .* \(Ref\. No\. 815\)/;
const DEATH = /^You wrote 'lividity': a sign of obvious death is determined per Ref\. No\. 814/;
const noted = (messages: string[], pattern: RegExp) => notesOf(messages).some((n) => pattern.test(n));

Deno.test("a DNR or obvious death beside an arrest is said with the arrest's dose (Ref. No. 815, Ref. No. 814)", () => {
  const dnr = ["80yo 60kg dnr found pulseless, no cpr", "ns?"];
  assert.ok(noted(dnr, DNR));
  assert.deepEqual(chatAnswers(dnr, doseForWho), ["cardiac-arrest: 1000 mL IV/IO @60 kg"]);
  assert.ok(noted(["65yo 80kg asystolic arrest, obvious lividity", "epi?"], DEATH));
});

Deno.test("no note where the directive is void or asks for CPR, the sign is denied, or no arrest is said", () => {
  for (
    const messages of [
      ["80yo 60kg found pulseless, no bystander cpr", "epi?"],
      ["80yo 60kg pulseless, cpr in progress, dnr not found", "epi?"],
      ["65yo 80kg pulseless, polst says full treatment, cpr", "epi?"],
      ["65yo 80kg asystole, no lividity, no rigor, cpr", "epi?"],
      ["70yo 70kg dnr, anaphylaxis, wheezing", "epi?"],
      // void, asked, another's, a POLST for CPR, a sign denied in a list or after it (the fourth read)
      ["80yo 60kg pulseless, dnr cancelled, cpr", "epi?"],
      ["80yo 60kg pulseless", "dnr? no", "epi?"],
      ["80yo 60kg pulseless, wife has polst, cpr", "epi?"],
      ["80yo 60kg pulseless, polst box a cpr", "epi?"],
      ["65yo 80kg asystole, no lividity or rigor, cpr", "epi?"],
      ["65yo 80kg asystole, lividity absent, cpr", "epi?"],
    ]
  ) assert.ok(!noted(messages, /Ref\. No\. 81[45]/), messages.join(" / "));
});
