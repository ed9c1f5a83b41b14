/**
 * The `/` keyboard shortcut to the search box. Loaded on every page, so it is kept apart from the
 * search client (which loads only when search is used).
 */

/** Something that would take the `/` as text: a text field, a text area, an editor, a select. */
export function acceptsTyping(element: { tagName: string; type?: string | undefined; isContentEditable?: boolean | undefined; getAttribute: (name: string) => string | null }): boolean {
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit'].includes((element.type ?? 'text').toLowerCase());
  return ['textbox', 'searchbox', 'combobox', 'spinbutton'].includes(element.getAttribute('role') ?? '');
}

/**
 * `/` focuses the page's main search box (the search page's own, else the header's), unless the
 * key would type into something or comes with Ctrl, Alt or Meta.
 */
export function attachSearchShortcut(doc: Document = document): void {
  doc.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.altKey || event.metaKey || event.isComposing || event.defaultPrevented) return;
    const target = event.composedPath()[0] ?? event.target;
    if (target instanceof Element && acceptsTyping(target as HTMLElement)) return;
    const box = doc.querySelector<HTMLInputElement>('[data-search-shortcut="page"]') ?? doc.querySelector<HTMLInputElement>('[data-search-shortcut]');
    if (!box || box.getClientRects().length === 0) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
}
