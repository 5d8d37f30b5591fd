/**
 * The injury's clock time and the time now, read from one message ("gsw at 0200, now 0600"), with no I/O. Medical
 * director's eighteenth read ("already there before today"): the hours between two clock times were not counted, so
 * TXA was given 4 hours after the injury. MCG 1317.41: contraindicated more than 3 hours after the injury or delivery.
 */
import { BLUNT_MECHANISM_WORDS } from "./chat_blunt_mechanisms.ts";
import { re } from "./chat_state_words.ts";
import { STAB_WOUND } from "./chat_txa_bleeding_words.ts";

/** A clock time: "0200", "02:00", "2:00". */
const CLOCK = "(?:([01]?\\d|2[0-3]):([0-5]\\d)|([01]\\d|2[0-3])([0-5]\\d))";
/** The event at a clock time ("gsw at 0200", "injured @ 02:00", "delivered at 2:00"). */
const EVENT_AT = re(
  `(?:injur\\w*|hurt|accident|mvc|mva|crash\\w*|fall|fell|shot|${STAB_WOUND}|gsw|assault\\w*|deliver\\w*|birth|born|` +
    // the blunt mechanisms too: "run over by truck at 0200, now 0600" (nineteenth read, P1)
    `happened|occurred|incident|${BLUNT_MECHANISM_WORDS})[^,.;?!\\n]{0,20}?\\b(?:at|@)\\s*${CLOCK}(?:\\s*(?:h|hrs|hours))?`,
);
const NOW_AT = re(`(?:now|currently|current\\s+time|time\\s+now)\\s*(?:is\\s+|it'?s\\s+|:\\s*)?${CLOCK}`);

const minutesOf = (m: RegExpExecArray, from: number) => {
  const hours = m[from] ?? m[from + 2];
  const minutes = m[from + 1] ?? m[from + 3];
  return Number(hours) * 60 + Number(minutes);
};

/** The words said and the minutes between the injury's clock time and now, when both are in one message. */
export function minutesSinceInjuryClock(text: string): { said: string; minutes: number } | undefined {
  const at = EVENT_AT.exec(text);
  const now = NOW_AT.exec(text);
  if (!at || !now) return undefined;
  // past midnight: "at 2300, now 0100" is 2 hours
  const minutes = (minutesOf(now, 1) - minutesOf(at, 1) + 24 * 60) % (24 * 60);
  return { said: `${at[0]}, ${now[0]}`, minutes };
}
