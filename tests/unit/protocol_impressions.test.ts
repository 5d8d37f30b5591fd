/**
 * Provider impressions → search keywords (impressions.ts): the name, the keywords and the part of the
 * guideline that says what the impression covers, never the part that sends the call elsewhere.
 */
import assert from "node:assert/strict";
import { impressionData } from "../../functions-shared/domain/protocols/mod.ts";

Deno.test("a guideline adds what the impression covers, not what it sends to another impression", () => {
  const { keywordsByNumber } = impressionData([
    {
      pi_name: "Upper GI Bleeding",
      tp_code: "1205",
      tp_code_pediatric: "1205-P",
      keywords: ["hematemesis"],
      guidelines: "For vomiting blood or coffee ground emesis, and for melena (i.e., black, tarry stools).",
    },
    {
      pi_name: "Vaginal Bleeding",
      tp_code: "1205",
      guidelines:
        "For vaginal bleeding in the NON-pregnant patient. For vaginal bleeding in pregnancy use PI " +
        "Pregnancy Complications.",
    },
    {
      pi_name: "Fever",
      tp_code: "1204",
      guidelines: "For reported or tactile fever that is NOT suspected sepsis. For sepsis use PI Sepsis.",
    },
    { pi_name: "Cough", tp_code: "1202" },
  ]);
  assert.deepEqual(keywordsByNumber.get("1205-P"), [
    "Upper GI Bleeding",
    "hematemesis",
    "For vomiting blood or coffee ground emesis, and for melena (i.e., black, tarry stools).",
  ]);
  const adult = keywordsByNumber.get("1205")!.join(" | ");
  assert.match(adult, /in the NON-pregnant patient\./);
  assert.doesNotMatch(adult, /in pregnancy|Pregnancy Complications/);
  assert.deepEqual(keywordsByNumber.get("1204"), ["Fever", "For reported or tactile fever that is "]);
  assert.deepEqual(keywordsByNumber.get("1202"), ["Cough"], "no guideline, nothing added");
});
