/**
 * A base hospital's order for saline said as given, with no I/O ("base ordered ns 1 liter", "1 L ns per base"). TP
 * 1203 step 8 gives an adult with a glucose of 200 to 400 the litre on a base order, so a hold that waits on the base
 * stands no longer once the medic says the base ordered it (medical director's twentieth read, L: "40yo glucose 250,
 * base ordered ns 1 liter, ns" was still held). An order asked for, awaited, pending or refused is no order.
 */
import { saidPlainly } from "./chat_said_plainly.ts";

/** Who orders: the base hospital, its physician or MICN. */
const BASE = String.raw`(?:base(?:\s+(?:hospital|physician|doc(?:tor)?|md))?|bh|micn|medical\s+control)`;
/** What is ordered: saline, fluids, a litre or a bolus, an amount before it allowed ("1 liter ns", "1000 ml of ns"). */
const SALINE =
  String.raw`(?:(?:\d+\s*(?:ml|l|liters?|litres?)\s+(?:of\s+)?)?(?:ns|normal\s+saline|saline|ivf|` +
  String.raw`fluids?|bolus)|(?:a|one|1)\s*(?:l|liter|litre)\b)`;
/** "base ordered ns", "base approved 1 liter", or "ns 1 l per base", "fluids ordered by base". */
const BASE_ORDERED_SALINE = new RegExp(
  String
    .raw`(?<![\w-])(?:${BASE}\s+(?:(?:has|just)\s+)?(?:ordered|approved|ok['’]?d|okayed|gave\s+(?:an?\s+)?` +
    String
      .raw`order\s+for)\s+(?:(?:the|a|an)\s+)?${SALINE}|${SALINE}(?:\s+[\w.]+){0,3}?\s+(?:per|ordered\s+by|` +
    String.raw`approved\s+by)\s+${BASE}(?:\s+orders?)?)(?![\w-])`,
  "i",
);
/** No order yet: asked for, awaited, pending, needed, or refused ("awaiting base ordered ns", "base ordered? no"). */
const NOT_YET_BEFORE = new RegExp(
  String.raw`\b(?:no|not|without|awaiting|await|waiting\s+(?:for|on)|pending|need|needs|request(?:ing|ed)?|` +
    String.raw`ask(?:ing|ed)?|call(?:ing)?|contact(?:ing)?|if|until)\s+(?:\w+\s+)?$`,
  "i",
);
const NOT_YET_AFTER = /^\s*(?:\?|pending|requested|declined|denied|refused|not\s)/i;

/** True when a message says the base ordered saline, not asked for, awaited or refused. */
export function salineBaseOrderSaid(text: string): boolean {
  return saidPlainly(text, BASE_ORDERED_SALINE, { before: NOT_YET_BEFORE, after: NOT_YET_AFTER });
}
