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

/**
 * Mermaid's `base` theme is the one it lets us recolour: these match the site's palette and keep
 * every label at WCAG AA contrast (the stock dark theme's edge labels fall just short).
 */
const THEME_VARIABLES = {
  default: {
    background: '#ffffff', primaryColor: '#eaf2fb', primaryTextColor: '#1b1f24', primaryBorderColor: '#0a58a8',
    secondaryColor: '#e9f5ec', tertiaryColor: '#fdf1e3', lineColor: '#4a525c', textColor: '#1b1f24',
    edgeLabelBackground: '#ffffff', clusterBkg: '#f1f2ef', clusterBorder: '#4a525c', noteBkgColor: '#fdf1e3', noteTextColor: '#1b1f24',
  },
  dark: {
    darkMode: true, background: '#161b22', primaryColor: '#13243a', primaryTextColor: '#e6e9ed', primaryBorderColor: '#74b3f5',
    secondaryColor: '#132a1b', tertiaryColor: '#2e2010', lineColor: '#a9b1bb', textColor: '#e6e9ed',
    edgeLabelBackground: '#161b22', clusterBkg: '#0a0d11', clusterBorder: '#a9b1bb', noteBkgColor: '#2e2010', noteTextColor: '#e6e9ed',
    actorBkg: '#13243a', actorTextColor: '#e6e9ed', actorBorder: '#74b3f5', signalColor: '#e6e9ed', signalTextColor: '#e6e9ed', labelTextColor: '#e6e9ed',
  },
} as const;

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
    theme: 'base',
    themeVariables: THEME_VARIABLES[currentTheme()],
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
