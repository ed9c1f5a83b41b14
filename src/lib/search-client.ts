/**
 * A thin client for Pagefind's JavaScript API. Pagefind writes its index into dist/pagefind at
 * build time; the module is fetched on the first search, so pages that never search pay nothing.
 */
interface PagefindResult {
  data: () => Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  search: (query: string) => Promise<{ results: PagefindResult[] }>;
  options?: (options: Record<string, unknown>) => Promise<void>;
}

let pagefind: Promise<Pagefind | null> | undefined;

function loadPagefind(): Promise<Pagefind | null> {
  const url = '/pagefind/pagefind.js';
  pagefind ??= import(/* @vite-ignore */ url).then(
    (module: Pagefind) => module,
    () => null,
  );
  return pagefind;
}

/** Pagefind excerpts contain only <mark> tags; anything else is shown as text. */
function safeExcerpt(excerpt: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = excerpt.split(/(<mark>.*?<\/mark>)/g);
  for (const part of parts) {
    const marked = /^<mark>(.*)<\/mark>$/.exec(part);
    if (marked) {
      const mark = document.createElement('mark');
      mark.textContent = marked[1] ?? '';
      fragment.append(mark);
    } else {
      fragment.append(part.replace(/<[^>]*>/g, ''));
    }
  }
  return fragment;
}

export async function runSearch(query: string, status: HTMLElement, list: HTMLElement): Promise<void> {
  const trimmed = query.trim();
  list.replaceChildren();
  if (trimmed.length < 2) {
    status.textContent = trimmed ? 'Type at least two letters.' : '';
    return;
  }
  status.textContent = 'Searching…';
  const engine = await loadPagefind();
  if (!engine) {
    status.textContent = 'Search is available on the built site (npm run build, then npm run preview).';
    return;
  }
  const { results } = await engine.search(trimmed);
  const top = await Promise.all(results.slice(0, 8).map((result) => result.data()));
  status.textContent = results.length === 0 ? `No lessons match “${trimmed}”.` : `${results.length} result${results.length === 1 ? '' : 's'} for “${trimmed}”.`;
  for (const item of top) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = item.url;
    link.textContent = item.meta.title ?? item.url;
    const excerpt = document.createElement('p');
    excerpt.append(safeExcerpt(item.excerpt));
    li.append(link, excerpt);
    list.append(li);
  }
}

/** Wires one search box: live results under the box, Escape to close. */
export function attachSearch(root: HTMLElement, { live }: { live: boolean }): void {
  const input = root.querySelector<HTMLInputElement>('[data-search-input]');
  const panel = root.querySelector<HTMLElement>('[data-search-panel]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLElement>('[data-search-results]');
  if (!input || !status || !list) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    if (panel) panel.hidden = input.value.trim().length === 0;
    void runSearch(input.value, status, list);
  };
  if (live) {
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    input.addEventListener('focus', () => void loadPagefind(), { once: true });
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && panel) {
        panel.hidden = true;
        input.focus();
      }
    });
    root.addEventListener('focusout', (event) => {
      if (panel && !root.contains(event.relatedTarget as Node | null)) panel.hidden = true;
    });
  } else {
    update();
  }
}
