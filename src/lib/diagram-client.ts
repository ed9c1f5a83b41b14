/**
 * Browser side of <Diagram>: loads mermaid the first time a diagram nears the viewport,
 * renders with the dagre layout in the current theme, and re-renders when the theme changes.
 */
import type mermaidModule from 'mermaid';

type Mermaid = typeof mermaidModule;

let mermaidPromise: Promise<Mermaid> | undefined;
let renderCount = 0;
const rendered = new Set<HTMLElement>();

function currentTheme(): 'dark' | 'default' {
  return document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'default';
}

function loadMermaid(): Promise<Mermaid> {
  mermaidPromise ??= import('mermaid').then((module) => module.default);
  return mermaidPromise;
}

async function render(canvas: HTMLElement): Promise<void> {
  const code = canvas.dataset['code'];
  if (!code) return;
  const mermaid = await loadMermaid();
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: currentTheme(),
    layout: 'dagre',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  });
  try {
    const { svg } = await mermaid.render(`diagram-${++renderCount}`, code);
    canvas.innerHTML = svg;
    canvas.dataset['rendered'] = currentTheme();
    rendered.add(canvas);
  } catch (error) {
    canvas.dataset['rendered'] = 'error';
    const note = document.createElement('p');
    note.className = 'diagram-error';
    note.textContent = 'This diagram could not be drawn; its text description is below.';
    canvas.replaceChildren(note);
    console.warn('Diagram failed to render:', error instanceof Error ? error.message : String(error));
  }
}

let watching = false;

/** Starts watching every diagram on the page; safe to call more than once. */
export function watchDiagrams(): void {
  if (watching) return;
  watching = true;
  const canvases = [...document.querySelectorAll<HTMLElement>('[data-diagram] .diagram-canvas')];
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        void render(entry.target as HTMLElement);
      }
    },
    { rootMargin: '200px 0px' },
  );
  canvases.forEach((canvas) => observer.observe(canvas));
  new MutationObserver(() => {
    for (const canvas of rendered) if (canvas.dataset['rendered'] !== currentTheme()) void render(canvas);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}
