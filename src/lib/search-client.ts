/**
 * A thin client for Pagefind's JavaScript API. Pagefind writes its index into dist/pagefind at
 * build time; the module is fetched on the first search, so pages that never search pay nothing.
 *
 * - attachSearchBox: the header box, a combobox (WAI-ARIA APG, list autocomplete): results appear
 *   as you type, the arrow keys move through them, Enter opens the highlighted one (or, with none
 *   highlighted, the search page), "See all N results" leads to the search page.
 * - attachSearchPage: every result of the query in the URL, a batch at a time.
 * The `/` shortcut lives in search-shortcut.ts, so pages load this file only when search is used.
 */
import { withBase } from './base-path';

interface PagefindResult {
  data: () => Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  search: (query: string) => Promise<{ results: PagefindResult[] } | null>;
  options?: (options: Record<string, unknown>) => Promise<void>;
}

/** One search result, ready to show. */
export interface SearchHit {
  url: string;
  title: string;
  /** Pagefind's excerpt (HTML-escaped text with <mark> around matches), starting at a word. */
  excerpt: string;
}

/** How many results the header box lists; the rest are a "See all" away. */
export const BOX_RESULTS = 5;
/** How many results the search page adds at a time. */
export const PAGE_BATCH = 10;

let pagefind: Promise<Pagefind | null> | undefined;

function loadPagefind(): Promise<Pagefind | null> {
  const url = withBase('/pagefind/pagefind.js');
  pagefind ??= import(/* @vite-ignore */ url).then(
    async (module: Pagefind) => {
      // A few more words than the default 30, since tidyExcerpt may drop a broken start.
      // Result URLs get the site's base from the bundle's own address (/<base>/pagefind/), Pagefind's default.
      await module.options?.({ excerptLength: 34 });
      return module;
    },
    () => null,
  );
  return pagefind;
}

/** Runs a query: every result's loader (data is fetched per result, only for those shown), or null without an index. */
async function findAll(query: string): Promise<PagefindResult[] | null> {
  const engine = await loadPagefind();
  if (!engine) return null;
  return (await engine.search(query))?.results ?? [];
}

async function hitsOf(results: PagefindResult[]): Promise<SearchHit[]> {
  const data = await Promise.all(results.map((result) => result.data()));
  return data.map((item) => ({ url: item.url, title: item.meta.title ?? item.url, excerpt: tidyExcerpt(item.excerpt) }));
}

const WORD_START = /^[“"‘'(]?\p{L}/u;
const SENTENCE_END = /[.!?:]["”’)]?$/;
const stripMark = (token: string) => token.replace(/<\/?mark>/g, '');

/**
 * Pagefind cuts an excerpt out of the page by word count, so it can open on a stray bracket, a
 * number or a fragment of code ("1) { const …"). This starts it at a sentence when one begins
 * before the first match (within the first dozen words), else at the first word, and never
 * after the first match. An excerpt that starts or ends mid-sentence gets an ellipsis there.
 */
export function tidyExcerpt(excerpt: string): string {
  const tokens = excerpt.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return '';
  const firstMark = tokens.findIndex((token) => token.includes('<mark>'));
  const limit = Math.min(firstMark === -1 ? tokens.length - 1 : firstMark, 12);
  const isWord = (index: number) => WORD_START.test(stripMark(tokens[index] ?? ''));
  const startsSentence = (index: number) => index > 0 && /^[“"‘'(]?\p{Lu}/u.test(stripMark(tokens[index] ?? '')) && SENTENCE_END.test(stripMark(tokens[index - 1] ?? ''));
  let start = -1;
  for (let index = 1; index <= limit && start === -1; index++) if (startsSentence(index)) start = index;
  const atSentence = start !== -1;
  for (let index = 0; index <= limit && start === -1; index++) if (isWord(index)) start = index;
  if (start === -1) start = Math.max(firstMark, 0);
  const kept = tokens.slice(start);
  const opensCleanly = atSentence || (start === 0 && /^[“"‘'(]?\p{Lu}/u.test(stripMark(kept[0] ?? '')));
  const last = stripMark(kept.at(-1) ?? '');
  const closesCleanly = /[.!?]["”’)]?$/.test(last);
  return `${opensCleanly ? '' : '…'}${kept.join(' ')}${closesCleanly ? '' : '…'}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities Pagefind writes into excerpts (it escapes the page text as HTML). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** An excerpt as text and <mark> elements only: any other markup is shown as text, never parsed. */
export function excerptParts(excerpt: string): Array<{ text: string; marked: boolean }> {
  return excerpt
    .split(/(<mark>.*?<\/mark>)/g)
    .filter(Boolean)
    .map((part) => {
      const marked = /^<mark>(.*)<\/mark>$/.exec(part);
      return { text: decodeEntities((marked ? (marked[1] ?? '') : part).replace(/<[^>]*>/g, '')), marked: Boolean(marked) };
    });
}

function excerptFragment(excerpt: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const part of excerptParts(excerpt)) {
    if (part.marked) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      fragment.append(mark);
    } else {
      fragment.append(part.text);
    }
  }
  return fragment;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const UNAVAILABLE = 'Search is available on the built site (npm run build, then npm run preview).';
const noMatch = (query: string) => `No lessons match “${query}”. Try another word, or browse the course map.`;
/** The search page's address for a query. */
export const searchPageHref = (query: string) => withBase(`/search/?q=${encodeURIComponent(query)}`);

/** The index the highlight moves to: `step` 1 or -1 from `current` (-1 is none), wrapping around. */
export function moveHighlight(current: number, step: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** Wires the header search box (see the file comment). */
export function attachSearchBox(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('[data-search-input]');
  const panel = root.querySelector<HTMLElement>('[data-search-panel]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLElement>('[data-search-results]');
  if (!input || !panel || !status || !list) return;
  let options: HTMLAnchorElement[] = [];
  let active = -1;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const highlight = (index: number) => {
    active = index;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    const chosen = options[index];
    if (chosen) {
      input.setAttribute('aria-activedescendant', chosen.id);
      chosen.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const show = (open: boolean) => {
    panel.hidden = !open;
    input.setAttribute('aria-expanded', String(open && options.length > 0));
    if (!open) highlight(-1);
  };
  const setOptions = (next: HTMLAnchorElement[]) => {
    options = next;
    list.replaceChildren(...next);
    highlight(-1);
    show(!panel.hidden);
  };

  const update = async () => {
    const query = input.value.trim();
    const mine = ++generation;
    highlight(-1);
    if (!query) {
      status.textContent = '';
      setOptions([]);
      show(false);
      return;
    }
    show(true);
    if (query.length < 2) {
      status.textContent = 'Type at least two letters.';
      setOptions([]);
      return;
    }
    status.textContent = 'Searching…';
    const results = await findAll(query);
    const hits = results ? await hitsOf(results.slice(0, BOX_RESULTS)) : [];
    if (mine !== generation) return;
    if (!results) {
      status.textContent = UNAVAILABLE;
      setOptions([]);
      return;
    }
    const next = hits.map((hit, index) => resultOption(hit, `${list.id}-${index}`));
    if (results.length > hits.length) {
      const all = document.createElement('a');
      all.id = `${list.id}-all`;
      all.href = searchPageHref(query);
      all.className = 'search-all';
      all.textContent = `See all ${results.length} results`;
      next.push(all);
    }
    next.forEach((option) => {
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.tabIndex = -1;
    });
    setOptions(next);
    status.textContent = results.length === 0 ? noMatch(query) : `${plural(results.length, 'result')} for “${query}”. Arrow keys choose one, Enter opens it.`;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 120);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      if (panel.hidden) show(true);
      highlight(moveHighlight(active, event.key === 'ArrowDown' ? 1 : -1, options.length));
    } else if (event.key === 'Enter' && !event.isComposing && options[active] && !panel.hidden) {
      // With nothing highlighted, Enter submits the form: the search page lists every result.
      event.preventDefault();
      options[active]?.click();
    } else if (event.key === 'Escape') {
      if (!panel.hidden) {
        event.preventDefault();
        show(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = '';
        void update();
      }
    }
  });
  // A changed query must not leave a highlight on a result of the old one.
  input.addEventListener('input', () => highlight(-1));
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && event.target !== input && !panel.hidden) {
      show(false);
      input.focus();
    }
  });
  root.addEventListener('focusout', (event) => {
    if (!root.contains(event.relatedTarget as Node | null)) show(false);
  });
  // Attached on first focus: fetch the index now, and answer anything typed while this file loaded.
  void loadPagefind();
  if (input.value.trim()) void update();
}

function resultOption(hit: SearchHit, id: string): HTMLAnchorElement {
  const link = document.createElement('a');
  link.id = id;
  link.href = hit.url;
  link.className = 'search-option';
  const title = document.createElement('span');
  title.className = 'search-title';
  title.textContent = hit.title;
  const excerpt = document.createElement('span');
  excerpt.className = 'search-excerpt';
  excerpt.append(excerptFragment(hit.excerpt));
  // Named by its whole text, title first (WCAG 2.5.3, Label in Name: the name holds what is shown).
  link.append(title, ' ', excerpt);
  return link;
}

/** Wires the search page: every result for `?q=`, PAGE_BATCH at a time. */
export function attachSearchPage(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>('[data-search-input]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLElement>('[data-search-results]');
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]');
  if (!input || !status || !list || !more) return;
  const query = (new URLSearchParams(location.search).get('q') ?? '').trim();
  input.value = query;
  let results: PagefindResult[] = [];
  let shown = 0;

  const describe = () => (shown < results.length ? `${plural(results.length, 'result')} for “${query}”; the first ${shown} are listed.` : `${plural(results.length, 'result')} for “${query}”.`);
  const showMore = async (moveFocus: boolean) => {
    more.disabled = true;
    const batch = await hitsOf(results.slice(shown, shown + PAGE_BATCH));
    const items = batch.map((hit) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title;
      const excerpt = document.createElement('p');
      excerpt.append(excerptFragment(hit.excerpt));
      item.append(link, excerpt);
      return item;
    });
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    more.disabled = false;
    more.textContent = `Show ${Math.min(PAGE_BATCH, results.length - shown)} more`;
    status.textContent = describe();
    if (moveFocus) items[0]?.querySelector('a')?.focus();
  };
  more.addEventListener('click', () => void showMore(true));

  if (query.length === 0) {
    status.textContent = 'Type a word or two and press Search.';
    return;
  }
  if (query.length < 2) {
    status.textContent = 'Type at least two letters.';
    return;
  }
  status.textContent = 'Searching…';
  void findAll(query).then(async (found) => {
    if (!found) {
      status.textContent = UNAVAILABLE;
      return;
    }
    results = found;
    if (results.length === 0) {
      status.textContent = noMatch(query);
      return;
    }
    await showMore(false);
  });
}
