/**
 * One SVG for both themes: mermaid draws each diagram twice (light and dark palettes, same layout),
 * and the colours that differ become CSS variables, set on the SVG for the light theme and, on
 * screen, for `:root[data-theme="dark"]` (the site's theme switch). Print always gets the light
 * colours. Pure string work, no DOM.
 */

/** Colour literals as mermaid writes them. Ids never match: diagramId() starts with "dgm-". */
const COLOUR = /#[0-9a-fA-F]{3,8}\b|rgba?\([^()]*\)|hsla?\([^()]*\)/g;

/** Raised when the two drawings differ in more than colours, so they cannot share one SVG. */
export class ThemeMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThemeMergeError';
  }
}

/**
 * Joins the light and dark drawings of one diagram (`id` is its SVG element id) into one SVG
 * whose differing colours are `var(--dgN)`. Throws when the drawings differ in anything but colours,
 * or when a differing colour sits in a presentation attribute, where CSS variables do not work.
 */
export function mergeThemes(light: string, dark: string, id: string): string {
  const lightParts = light.split(COLOUR);
  const darkParts = dark.split(COLOUR);
  const lightColours = light.match(COLOUR) ?? [];
  const darkColours = dark.match(COLOUR) ?? [];
  const firstDifference = lightParts.findIndex((part, index) => part !== darkParts[index]);
  if (lightParts.length !== darkParts.length || firstDifference !== -1) {
    const at = firstDifference === -1 ? Math.min(lightParts.length, darkParts.length) - 1 : firstDifference;
    throw new ThemeMergeError(
      `The light and dark drawings of #${id} differ in more than colours, near: "${(lightParts[at] ?? '').slice(0, 120)}" / "${(darkParts[at] ?? '').slice(0, 120)}"`,
    );
  }
  const variables = new Map<string, { name: string; light: string; dark: string }>();
  let merged = lightParts[0] ?? '';
  lightColours.forEach((lightColour, index) => {
    const darkColour = darkColours[index] ?? lightColour;
    const before = lightParts[index] ?? '';
    if (lightColour.toLowerCase() === darkColour.toLowerCase()) {
      merged += lightColour;
    } else {
      const attribute = /\s([a-zA-Z:-]+)="[^"]*$/.exec(before)?.[1];
      if (attribute !== undefined && attribute !== 'style') {
        throw new ThemeMergeError(`#${id}: the colour ${lightColour} (dark ${darkColour}) is in a ${attribute}="…" attribute, which cannot take a CSS variable.`);
      }
      const pair = `${lightColour}|${darkColour}`;
      let variable = variables.get(pair);
      if (!variable) {
        variable = { name: `--dg${variables.size}`, light: lightColour, dark: darkColour };
        variables.set(pair, variable);
      }
      merged += `var(${variable.name})`;
    }
    merged += lightParts[index + 1] ?? '';
  });
  if (variables.size === 0) return merged;
  const list = [...variables.values()];
  const rules =
    `#${id}{${list.map((variable) => `${variable.name}:${variable.light}`).join(';')}}` +
    `@media screen{:root[data-theme="dark"] #${id}{${list.map((variable) => `${variable.name}:${variable.dark}`).join(';')}}}`;
  if (!/<style>/.test(merged)) throw new ThemeMergeError(`#${id} has no <style> element to hold its colours.`);
  return merged.replace('<style>', `<style>${rules}`);
}
