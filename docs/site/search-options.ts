/**
 * The MiniSearch options shared by the build (which indexes the guides) and the browser (which
 * loads that index): `MiniSearch.loadJSON` needs the very options the index was built with.
 */
import type { Options } from 'minisearch';

export interface SearchDocument {
  /** The page's path in the site, e.g. `guides/pharmacy.html`. */
  id: string;
  title: string;
  headings: string;
  text: string;
}

const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const HAS_HAN = /\p{Script=Han}/u;

/** Chinese is written without spaces: a run of Han characters is also indexed as its bigrams, so 前置机 is found inside 医院前置机的. */
function hanBigrams(run: string): string[] {
  if (run.length < 2) return [run];
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < run.length; i += 1) bigrams.push(run.slice(i, i + 2));
  return bigrams;
}

/** A word's Han runs as bigrams, and what is left between them (`HIS前置机` → `HIS`, `前置`, `置机`). */
function pieces(word: string): string[] {
  const runs = word.match(HAN_RUN);
  if (runs === null) return [word];
  const rest = word.split(HAN_RUN).filter((part) => part !== '');
  return [...rest, ...runs.flatMap(hanBigrams)];
}

function words(text: string): string[] {
  return text.split(SPACE_OR_PUNCTUATION).filter((word) => word !== '');
}

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'headings', 'text'],
  storeFields: ['title'],
  tokenize: (text) => words(text).flatMap((word) => (HAS_HAN.test(word) ? [word, ...pieces(word)] : [word])),
  searchOptions: {
    boost: { title: 4, headings: 2 },
    prefix: true,
    fuzzy: 0.15,
    combineWith: 'AND',
    // A query's Han runs are looked up by their bigrams only: a whole run is rarely a token of its own.
    tokenize: (query) => words(query).flatMap(pieces),
  },
};
