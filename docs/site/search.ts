/**
 * The guides' search box (bundled into assets/search.js): loads the index built at build time
 * (assets/search-index.js sets `window.CARELOOP_SEARCH_INDEX`) and lists the matching pages.
 */
import MiniSearch from 'minisearch';
import { SEARCH_OPTIONS, type SearchDocument } from './search-options.js';

declare global {
  interface Window {
    CARELOOP_SEARCH_INDEX?: string;
  }
}

const MAX_RESULTS = 10;

function start(): void {
  const input = document.querySelector<HTMLInputElement>('#search');
  const list = document.querySelector<HTMLOListElement>('#search-results');
  const serialized = window.CARELOOP_SEARCH_INDEX;
  if (input === null || list === null || serialized === undefined) return;
  const index = MiniSearch.loadJSON<SearchDocument>(serialized, SEARCH_OPTIONS);
  // Result ids are site paths; every page says how far it is from the site's root.
  const root = document.body.dataset['root'] ?? '';

  const show = (): void => {
    const query = input.value.trim();
    list.replaceChildren();
    if (query === '') return;
    const results = index.search(query).slice(0, MAX_RESULTS);
    if (results.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'search-empty';
      empty.textContent = `No page mentions “${query}”.`;
      list.append(empty);
      return;
    }
    for (const result of results) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = root + String(result.id);
      link.textContent = String(result['title']);
      item.append(link);
      list.append(item);
    }
  };
  input.addEventListener('input', show);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const first = list.querySelector<HTMLAnchorElement>('a');
    if (first !== null) window.location.href = first.href;
  });
}

start();
