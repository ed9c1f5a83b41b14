/**
 * How mermaid draws the course's diagrams at build time (scripts/diagrams.ts). Everything here is
 * part of each drawing's cache key (src/lib/diagram-cache.ts): change a colour, a font or the
 * mermaid version and every drawing is stale until `npm run diagrams` redraws it.
 */

/** The mermaid release that drew content/diagrams/; scripts/diagrams.ts refuses to draw with another. */
export const MERMAID_VERSION = '12.3.0';

/** Bump when scripts/diagrams-draw.ts changes what it does to mermaid's SVG. */
export const DRAWING_FORMAT = 1;

/**
 * Labels are measured in a wide font, so that they fit their boxes in the narrower system fonts
 * (Segoe UI, San Francisco, Roboto) readers see; a reader without either of these gets the
 * DISPLAY_FONT stack, as in the page.
 */
export const LAYOUT_FONT = '"DejaVu Sans", Verdana, sans-serif';

/** The page's own font stack (--font in src/styles/global.css), used to show the labels. */
export const DISPLAY_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * Mermaid's `base` theme is the one it lets us recolour: these match the site's palette and keep
 * every label at WCAG AA contrast in both themes (the stock dark theme's edge labels fall just short).
 * Light and dark must differ only in colours: they become CSS variables of one SVG (diagram-themes.ts).
 */
export const THEME_VARIABLES = {
  light: {
    background: '#ffffff', primaryColor: '#eaf2fb', primaryTextColor: '#1b1f24', primaryBorderColor: '#0a58a8',
    secondaryColor: '#e9f5ec', tertiaryColor: '#fdf1e3', lineColor: '#4a525c', textColor: '#1b1f24',
    edgeLabelBackground: '#ffffff', clusterBkg: '#f1f2ef', clusterBorder: '#4a525c', noteBkgColor: '#fdf1e3', noteTextColor: '#1b1f24',
    dropShadow: 'drop-shadow(1px 2px 2px rgba(185, 185, 185, 1))',
  },
  dark: {
    darkMode: true, background: '#161b22', primaryColor: '#13243a', primaryTextColor: '#e6e9ed', primaryBorderColor: '#74b3f5',
    secondaryColor: '#132a1b', tertiaryColor: '#2e2010', lineColor: '#a9b1bb', textColor: '#e6e9ed',
    edgeLabelBackground: '#161b22', clusterBkg: '#0a0d11', clusterBorder: '#a9b1bb', noteBkgColor: '#2e2010', noteTextColor: '#e6e9ed',
    actorBkg: '#13243a', actorTextColor: '#e6e9ed', actorBorder: '#74b3f5', signalColor: '#e6e9ed', signalTextColor: '#e6e9ed', labelTextColor: '#e6e9ed',
    // A light shadow under dark boxes reads as a glow: shade them with black instead.
    dropShadow: 'drop-shadow(1px 2px 2px rgba(0, 0, 0, 0.8))',
  },
} as const;

export type DiagramTheme = keyof typeof THEME_VARIABLES;

/** The mermaid configuration for one theme (plain data: it is handed to mermaid inside Chromium). */
export function mermaidConfig(theme: DiagramTheme): Record<string, unknown> {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    themeVariables: THEME_VARIABLES[theme],
    layout: 'dagre',
    fontFamily: LAYOUT_FONT,
  };
}

/** Everything above, as the text the cache key hashes. */
export function drawingSettingsText(): string {
  return JSON.stringify({ mermaid: MERMAID_VERSION, format: DRAWING_FORMAT, LAYOUT_FONT, DISPLAY_FONT, light: mermaidConfig('light'), dark: mermaidConfig('dark') });
}
