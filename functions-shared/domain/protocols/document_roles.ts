/**
 * What a document is to the others, read from the corpus's numbering and references, once per index:
 *
 * - an attachment of a policy (a form, a roster, a quick reference: "836.2" of Ref. 836) stands behind
 *   its policy when both match — the policy says what to do, the attachment is one of its tools;
 * - a catalogue (the table of contents, the provider-impression list, data dictionaries) cites most
 *   of the treatment protocols: it mentions every presentation and treats none, so it is scaled by
 *   √(CATALOGUE_CITES / protocols cited) past that count. The other documents cite at most nine. The
 *   count is taken when the index is built (`cites`, format 3): a cold start reads it, not the text.
 */
import type { ProtocolIndex } from "./protocol_index.ts";

/** An attachment's score when its policy also matched. */
export const ATTACHMENT_WEIGHT = 0.7;
/** Distinct treatment protocols a document may cite before it counts as a catalogue of them. */
const CATALOGUE_CITES = 10;

export interface DocumentRoles {
  /** Document position → its policy's position when it is a policy's attachment, else -1. */
  readonly parent: Int32Array;
  /** Document position → 1, or less for a catalogue. */
  readonly catalogue: Float64Array;
}

const roles = new WeakMap<ProtocolIndex["documents"], DocumentRoles>();

export function documentRoles(index: ProtocolIndex): DocumentRoles {
  let r = roles.get(index.documents);
  if (r) return r;
  const parent = new Int32Array(index.documents.length).fill(-1);
  const catalogue = new Float64Array(index.documents.length).fill(1);
  index.documents.forEach((doc, d) => {
    const attachment = /^(\d+)\.\d+[a-z]?$/.exec(doc.protocolNumber);
    if (doc.documentType === "policy" && attachment) parent[d] = index.byNumber.get(attachment[1])?.[0] ?? -1;
    if (doc.cites > CATALOGUE_CITES) catalogue[d] = Math.sqrt(CATALOGUE_CITES / doc.cites);
  });
  roles.set(index.documents, r = { parent, catalogue });
  return r;
}
