/**
 * Routes read like a medic (issue 19): a route the medic lacks is ruled out, however it is said and
 * wherever it sits in the question; a route asked for outright wins; an open route gets one engine
 * answer per formulation rather than one picked. The phrasings are ours, written per route and tried
 * in both orders (the lacked route before and after the one asked for).
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  findRoute,
  unavailableRoutes,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

const ROUTES = ["IV", "IO", "IM", "IN"] as const;
type Route = typeof ROUTES[number];
const WORD: Readonly<Record<Route, string>> = {
  IV: "intravenous",
  IO: "intraosseous",
  IM: "intramuscular",
  IN: "intranasal",
};

/** Ways to say a route is not there, for any route ({R}: the code or the word). */
const LACKED = [
  "no {R}",
  "no {R} access",
  "without an {R}",
  "{R} not established",
  "{R} not possible",
  "{R} not an option",
  "couldn't get an {R}",
  "can't get {R}",
  "unable to obtain {R}",
  "{R} failed",
  "{R} attempts x2 failed",
  "failed {R} x2",
  "{R} unsuccessful",
];

/** Phrasings that name no route code but mean the medic has no IV. */
const NO_IV = [
  "no line",
  "couldn't get a line",
  "can't get access",
  "unable to obtain access",
  "IV infiltrated",
  "lost the IV",
  "IV blown",
];

/**
 * How a route is asked for: the code in capitals or lowercase (after the drug: "midazolam im?"), the word;
 * lowercase "in" only with the nose ("midazolam in?" may be "it went in").
 */
const ASKED = (q: Route) => [q, WORD[q], q === "IN" ? "in the nose" : q.toLowerCase()];

/** A lacked IV or IO in lowercase is read wherever it is said to be lacked ("no iv", "io failed"). */
const lackedPhrases = (r: Route) => [
  ...LACKED.flatMap((t) => [
    t.replace("{R}", r),
    t.replace("{R}", WORD[r]),
    ...(r === "IV" || r === "IO" ? [t.replace("{R}", r.toLowerCase())] : []),
  ]),
  ...(r === "IV" ? NO_IV : []),
];

Deno.test("a lacked route never chooses the route; the route asked for wins, in both orders", () => {
  let checked = 0;
  for (const lacked of ROUTES) {
    for (const phrase of lackedPhrases(lacked)) {
      assert.ok(unavailableRoutes(phrase).includes(lacked), `"${phrase}" rules out ${lacked}`);
      assert.equal(findRoute(phrase), undefined, `"${phrase}" asks for no route`);
      for (const asked of ROUTES.filter((r) => r !== lacked)) {
        for (const askedAs of ASKED(asked)) {
          for (
            const question of [
              `${phrase}. midazolam ${askedAs}?`, // lacked first
              `midazolam ${askedAs}? ${phrase}`, // lacked last
            ]
          ) {
            assert.equal(findRoute(question), asked, question);
            assert.ok(unavailableRoutes(question).includes(lacked), question);
            assert.ok(!unavailableRoutes(question).includes(asked), question);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 500, `${checked} questions`);
});

Deno.test("'no vascular access' rules out IV and IO; a list after 'no' rules out each; NPO rules out PO", () => {
  assert.deepEqual(unavailableRoutes("no vascular access, fentanyl IN?"), ["IV", "IO"]);
  assert.deepEqual(unavailableRoutes("no IV or IO, midazolam IN"), ["IV", "IO"]);
  assert.deepEqual(unavailableRoutes("no IV/IO"), ["IV", "IO"]);
  assert.deepEqual(unavailableRoutes("NPO, ondansetron?"), ["PO"]);
  assert.deepEqual(unavailableRoutes("IO access failed"), ["IO"], "IO's access is not an IV line");
});

Deno.test("words that are not routes: first-line, 'in', an IV the medic has", () => {
  assert.equal(findRoute("first-line treatment for pain"), undefined);
  assert.deepEqual(unavailableRoutes("first-line treatment for pain"), []);
  assert.equal(findRoute("give it in the thigh"), undefined);
  assert.deepEqual(unavailableRoutes("IV established, fentanyl IV"), []);
  assert.equal(findRoute("IV established, fentanyl IV"), "IV");
  // Asked for and ruled out in the same breath: asked for nothing.
  assert.equal(findRoute("IV fentanyl? IV not established"), undefined);
});

/** Routes of every answer the chat gives for a question, each split into codes. */
function answeredRoutes(question: string, turns: ChatTurn[] = []): string[] {
  const { outcomes } = dosingForConversation([...turns, user(question)]);
  assert.ok(outcomes.length > 0, question);
  for (const o of outcomes) {
    assert.ok(o.result, `${question}: ${o.refusal?.message}`);
    assert.deepEqual(o.result, calculateDose(o.request), "exactly the engine's answer");
  }
  return outcomes.flatMap((o) => o.result!.route.split("/"));
}

Deno.test("an open route: one engine answer per formulation, none by a lacked route, in both orders", () => {
  assert.deepEqual(answeredRoutes("18 kg child, fentanyl dose?"), ["IV", "IO", "IM", "IN"]);
  for (const lacked of ROUTES) {
    for (const phrase of lackedPhrases(lacked)) {
      for (
        const question of [`${phrase}. 18 kg child, fentanyl dose?`, `18 kg child, fentanyl dose? ${phrase}`]
      ) {
        const routes = answeredRoutes(question);
        assert.ok(!routes.includes(lacked), `${question} → ${routes}`);
        assert.deepEqual(
          routes.sort(),
          ROUTES.filter((r) => r !== lacked).sort(),
          `${question}: every other route is listed`,
        );
      }
    }
  }
});

Deno.test("the route asked for is the only answer, whatever else is ruled out", () => {
  for (const lacked of ROUTES) {
    for (const asked of ROUTES.filter((r) => r !== lacked)) {
      for (
        const question of [
          `no ${lacked}. 18 kg, fentanyl ${asked}?`,
          `18 kg, fentanyl ${asked}? no ${lacked}`,
        ]
      ) {
        assert.deepEqual(answeredRoutes(question), [asked], question);
      }
    }
  }
});

Deno.test("a route ruled out in an earlier turn stays ruled out; one asked for now wins", () => {
  const earlier = [user("18 kg child, no IV"), { role: "assistant" as const, content: "Which medication?" }];
  assert.ok(!answeredRoutes("fentanyl dose?", earlier).includes("IV"));
  assert.deepEqual(answeredRoutes("got the IV now, fentanyl IV?", earlier), ["IV"]);
});

Deno.test("every route of the medication ruled out: a refusal that says so, no dose", () => {
  for (
    const question of [
      "20 kg, VF, amiodarone? no IV or IO",
      "no vascular access. amiodarone for a 20 kg child",
    ]
  ) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 1, question);
    assert.equal(outcomes[0].result, undefined, question);
    assert.equal(outcomes[0].refusal?.code, "ROUTE_NOT_AVAILABLE");
    assert.match(outcomes[0].refusal!.message, /only by IV or IO, which the medic said they do not have/);
  }
});

Deno.test("a formulation given by one open route after the lacked one is left out is asked for by it", () => {
  // Diphenhydramine is one formulation, IV/IM: with no IV, the answer is the engine's IM answer.
  assert.deepEqual(answeredRoutes("20 kg child hives, diphenhydramine? no IV"), ["IM"]);
  assert.deepEqual(answeredRoutes("20 kg child hives, diphenhydramine?"), ["IV", "IM"]);
});

/**
 * Route codes in lowercase (medics on phones), read only where the words make them a route: "im" is also "I'm"
 * and "in" the preposition. [message, the route asked for (undefined: none), the routes ruled out]
 */
const LOWERCASE: [string, string | undefined, string[]][] = [
  // Read: after a drug or an amount with its unit, after give/given/via/route, before a drug.
  ["epi 0.3 mg im", "IM", []],
  ["45 yo anaphylaxis, epi im", "IM", []],
  ["give it im", "IM", []],
  ["given im, 20 kg child, narcan", "IM", []],
  ["epi im for anaphylaxis", "IM", []],
  ["epi im x1, 20 kg", "IM", []],
  ["epi im 0.3 mg", "IM", []],
  ["epi im 0.3mg, 30kg", "IM", []],
  ["epi im 0.3 x1, 30kg", "IM", []],
  ["zofran 4 mg po", "PO", []],
  ["epi 0.5mg im now", "IM", []],
  ["epi im in the thigh", "IM", []],
  ["im epi 0.3?", "IM", []],
  ["im worried, epi im?", "IM", []],
  ["Epi Im?", "IM", []],
  ["versed in or im?", "IN", []],
  ["versed 4 mg in/im 20kg", "IN", []],
  ["versed im or in", "IM", []],
  ["fentanyl via in", "IN", []],
  ["route: in, fentanyl", "IN", []],
  ["give narcan in nose", "IN", []],
  ["versed in the nose 20kg seizing", "IN", []],
  ["2 mg in each nostril, narcan", "IN", []],
  ["fentanyl iv", "IV", []],
  ["fentanyl 50 mcg iv", "IV", []],
  ["iv fentanyl?", "IV", []],
  ["push it iv", "IV", []],
  ["Fentanyl Iv", "IV", []],
  ["route: io", "IO", []],
  ["via io, epi", "IO", []],
  ["zofran po", "PO", []],
  ["zofran odt", "PO", []],
  ["nitro 0.4 mg sl", "SL", []],
  ["nitro sl", "SL", []],
  // "im" before a weight, an age, a bare amount and a weight, a ratio, or a time ago (medical director's second
  // review: d839b76 had left these unread).
  ["narcan im 80kg", "IM", []],
  ["narcan im 2 80kg", "IM", []],
  ["epi im 20kg anaphylaxis", "IM", []],
  ["epi im 20 kg anaphylaxis", "IM", []],
  ["epi im 1:1000 0.3 adult", "IM", []],
  ["epi im 1:1000 20kg", "IM", []],
  ["versed im 45yo seizing", "IM", []],
  ["epi im 6yo anaphylaxis", "IM", []],
  ["epi im 3 min ago 20kg anaphylaxis", "IM", []],
  ["versed im 5 min ago, 45yo still seizing", "IM", []],
  ["epi 0.15 im 20kg", "IM", []],
  ["versed 10 im 45yo", "IM", []],
  // Not routes: "I'm", the preposition, a numeral, an interval.
  ["im worried about this kid, fentanyl?", undefined, []],
  ["im on scene, 20 kg child, fentanyl", undefined, []],
  ["im going to give fentanyl", undefined, []],
  ["epi im not sure what dose", undefined, []],
  ["im at the hospital with him, versed?", undefined, []],
  ["Im giving epi", undefined, []],
  ["no, im not sure, epi?", undefined, []],
  ["give it in the thigh", undefined, []],
  ["fentanyl in the left arm", undefined, []],
  ["versed in a 20 kg child", undefined, []],
  ["versed 5 mg in 10 mL", undefined, []],
  ["what is the versed dose in peds", undefined, []],
  ["give it in", undefined, []],
  ["zofran in 5 minutes", undefined, []],
  ["pt is in pain, fentanyl", undefined, []],
  ["stage iv cancer pain, fentanyl", undefined, []],
  ["no in", undefined, []],
  // "im" before minutes is "I'm N minutes out"; "po" after "by" is the police (medical director's review).
  ["adult arrest epi im 3 min out", undefined, []],
  ["versed im 10 min away, 45yo seizing", undefined, []],
  ["epi im 2 min out, anaphylaxis 20kg", undefined, []],
  ["narcan im 5 out 80kg", undefined, []],
  ["epi im 5 eta", undefined, []],
  ["adult arrest epi 1 im 3 min out", undefined, []],
  ["versed im 5 min out 45yo seizing", undefined, []],
  ["adult arrest, im 2 min out, epi?", undefined, []],
  ["pt found down by po, narcan? 80kg", undefined, []],
  ["narcan given by po, 80kg, repeat?", undefined, []],
  ["narcan by po x1, 80kg, next?", undefined, []],
  ["po zofran?", undefined, []],
  // "in" at a clause's end after a drug or an amount is as often "went in" (medical director's review).
  ["versed in", undefined, []],
  ["20 kg seizing, versed in", undefined, []],
  ["midaz 5 mg in?", undefined, []],
  ["narcan 2 mg in, no change", undefined, []],
  ["versed 2 mg in, still seizing, 20kg, repeat?", undefined, []],
  ["fentanyl 20 mcg in, pain still 8, 20kg, repeat?", undefined, []],
  ["45 yo seizing, versed 5mg in, repeat?", undefined, []],
  ["adult arrest, epi 1mg in, still vf, next epi?", undefined, []],
  ["narcan given in", undefined, []],
  ["pt has blood in nose, narcan?", undefined, []],
  // Ruled out in lowercase: iv and io wherever they are said to be lacked.
  ["no iv", undefined, ["IV"]],
  ["no iv access, 20 kg", undefined, ["IV"]],
  ["iv failed", undefined, ["IV"]],
  ["couldn't get an iv", undefined, ["IV"]],
  ["iv infiltrated", undefined, ["IV"]],
  ["no io", undefined, ["IO"]],
  ["io failed x2", undefined, ["IO"]],
  ["no iv/io", undefined, ["IV", "IO"]],
  ["no iv or io, versed in the nose", "IN", ["IV", "IO"]],
  ["no iv or io, versed in", undefined, ["IV", "IO"]],
  ["iv failed, fentanyl in?", undefined, ["IV"]],
  ["fentanyl iv? iv not established", undefined, ["IV"]],
  // IV drug use is a history, not a route (medical director's review: "no iv drug use" ruled out IV).
  ["no iv drug use, narcan 80kg", undefined, []],
  ["No IV drug use. narcan 80kg", undefined, []],
  ["hx iv drug abuse, narcan iv", "IV", []],
  ["no iv du, narcan", undefined, []],
];

Deno.test("lowercase route codes are read only where the words make them a route; 'I'm' and 'in the' never", () => {
  for (const [text, route, lacked] of LOWERCASE) {
    assert.equal(findRoute(text), route, text);
    assert.deepEqual(unavailableRoutes(text), lacked, text);
  }
});

Deno.test("lowercase routes reach the dosing engine: the route asked for is the answer, a lacked one is left out", () => {
  assert.deepEqual(answeredRoutes("18 kg child, fentanyl in the nose"), ["IN"]);
  assert.deepEqual(answeredRoutes("18 kg child, give fentanyl im"), ["IM"]);
  assert.deepEqual(answeredRoutes("18 kg child, fentanyl 20 mcg iv"), ["IV"]);
  assert.deepEqual(answeredRoutes("no iv. 18 kg child, fentanyl dose?").sort(), ["IM", "IN", "IO"]);
  // "I'm" asks for no route: every open route is answered.
  assert.deepEqual(answeredRoutes("im worried, 18 kg child, fentanyl dose?").sort(), [
    "IM",
    "IN",
    "IO",
    "IV",
  ]);
});

/**
 * Medics write "in" for "the dose went in" (medical director's review): read as intranasal it offered the
 * repeat by IN ("versed 2 mg in, still seizing" → IN 5 mg) and refused epinephrine in arrest for route IN. Left
 * unread, every open route is answered and the answer says "in" was not read as intranasal.
 */
Deno.test("'in' after a dose is never the nasal route: every open route is answered and the unread 'in' is said", () => {
  const IN_UNREAD = /^"in" was not read as intranasal/;
  const cases: [string, string[]][] = [
    ["versed 2 mg in, still seizing, 20kg, repeat?", ["IN/IM"]],
    ["fentanyl 20 mcg in, pain still 8, 20kg, repeat?", ["IN", "IV/IO/IM"]],
    ["45 yo seizing, versed 5mg in, repeat?", ["IN/IM", "IV/IO"]],
    ["adult arrest, epi 1mg in, still vf, next epi?", ["IV/IO"]],
  ];
  for (const [text, routes] of cases) {
    const { outcomes, notes } = dosingForConversation([{ role: "user", content: text }]);
    assert.deepEqual(outcomes.map((o) => o.result?.route).sort(), [...routes].sort(), text);
    assert.ok(notes.some((n) => IN_UNREAD.test(n)), `${text}: ${notes.join(" | ")}`);
  }
  for (
    const text of ["versed in the nose 20kg seizing", "20kg seizing versed", "versed 4 mg in/im 20kg seizing"]
  ) {
    const { notes } = dosingForConversation([{ role: "user", content: text }]);
    assert.ok(!notes.some((n) => IN_UNREAD.test(n)), text);
  }
});

/** An "im" beside a drug left unread is said, as the unread "in" is (medical director's second review). */
Deno.test("an unread 'im' beside a drug is said; one read as the route, or 'I'm' away from a drug, is not", () => {
  const IM_UNREAD = /^"im" was not read as intramuscular/;
  for (
    const text of [
      "adult arrest epi im 3 min out",
      "versed im 10 min away, 45yo seizing",
      "20kg, epi im 5 eta",
    ]
  ) {
    const { notes } = dosingForConversation([{ role: "user", content: text }]);
    assert.ok(notes.some((n) => IM_UNREAD.test(n)), `${text}: ${notes.join(" | ")}`);
  }
  for (const text of ["narcan im 80kg", "im on scene, 20 kg child, fentanyl", "epi IM 20kg anaphylaxis"]) {
    const { notes } = dosingForConversation([{ role: "user", content: text }]);
    assert.ok(!notes.some((n) => IM_UNREAD.test(n)), `${text}: ${notes.join(" | ")}`);
  }
});

/**
 * Capitals are read anywhere but in two places (medical director's second review): "PO" after "by" is the police
 * ("narcan given by PO" refused naloxone for route PO), "IM" before a time not past is "I'm" ("EPI IM 3 MIN OUT").
 */
Deno.test("capital PO after 'by' is the police and capital IM before a time is 'I'm'; capitals elsewhere are read", () => {
  const rows: [string, string | undefined][] = [
    ["narcan given by PO, 80kg, repeat?", undefined],
    ["pt detained by PO, agitated 80kg, versed", undefined],
    ["ADULT ARREST EPI IM 3 MIN OUT", undefined],
    ["IM 3 MIN OUT ADULT ARREST EPI", undefined],
    ["EPI IM 5 MIN AGO 20KG ANAPHYLAXIS", "IM"],
    ["EPI IM 0.3 MG 30KG ANAPHYLAXIS", "IM"],
    ["epi IM q5 min 20kg", "IM"],
    ["zofran PO 20kg", "PO"],
    ["narcan PO 80kg", "PO"],
  ];
  for (const [text, route] of rows) assert.equal(findRoute(text), route, text);
  const police = dosingForConversation([{ role: "user", content: "narcan given by PO, 80kg, repeat?" }]);
  assert.ok(police.outcomes.length > 0);
  for (const o of police.outcomes) {
    assert.notEqual(o.request.route, "PO");
    assert.ok(!/route PO/.test(o.refusal?.message ?? ""), o.refusal?.message);
  }
  const { outcomes, notes } = dosingForConversation([{
    role: "user",
    content: "ADULT ARREST EPI IM 3 MIN OUT",
  }]);
  assert.deepEqual(outcomes.map((o) => o.result?.route), ["IV/IO"]);
  assert.ok(notes.some((n) => n.startsWith('"im" was not read as intramuscular')), notes.join(" | "));
});

/**
 * Routes offered as a choice are each answered (medical director's second review): "20kg agitated versed iv or
 * in" answered IV only, and "20kg seizing, versed iv or in?" was refused for IV with no IN dose (TP 1231-P gives
 * a seizing child IN/IM). A child's IM/IN comes first (TP 1209-P note 7 prefers them for agitation).
 */
Deno.test("routes offered as a choice are each answered, a child's IM/IN first", () => {
  const rows: [string, [string | undefined, string | undefined][]][] = [
    ["20kg agitated versed iv or in", [["IN", "IN"], ["IV", "IV"]]],
    ["20kg seizing, versed iv or in?", [["IN", "IN"], ["IV", undefined]]],
    ["45yo seizing versed iv or in", [["IV", "IV"], ["IN", "IN"]]],
    ["no iv, 20kg seizing versed io or in", [["IN", "IN"], ["IO", undefined]]],
  ];
  for (const [text, expected] of rows) {
    const { outcomes } = dosingForConversation([{ role: "user", content: text }]);
    assert.deepEqual(outcomes.map((o) => [o.request.route, o.result?.route]), expected, text);
  }
  // One formulation's two routes ("in/im") answer once; one route asked, one answer.
  const one = dosingForConversation([{ role: "user", content: "versed 4 mg in/im 20kg seizing" }]).outcomes;
  assert.equal(one.length, 1);
  assert.equal(
    dosingForConversation([{ role: "user", content: "20kg seizing versed in the nose" }]).outcomes.length,
    1,
  );
});
