/** What a diagram tells a reader who cannot see it: mermaid's own `accTitle` and `accDescr`. */
export interface DiagramText {
  title: string;
  description: string;
}

/** Raised when a diagram lacks its text alternative; the message says what to add. */
export class DiagramAccessibilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiagramAccessibilityError';
  }
}

/**
 * Reads `accTitle: …` and `accDescr: …` (or the `accDescr { … }` block form) from mermaid source.
 * Throws when either is missing, so a diagram without a text alternative never ships.
 */
export function readDiagramText(code: string, where = 'a diagram'): DiagramText {
  const title = /^\s*accTitle\s*:\s*(.+?)\s*$/m.exec(code)?.[1];
  const block = /^\s*accDescr\s*\{([\s\S]*?)\}/m.exec(code)?.[1];
  const line = /^\s*accDescr\s*:\s*(.+?)\s*$/m.exec(code)?.[1];
  const description = (block ?? line)?.replace(/\s+/g, ' ').trim();
  const missing = [title ? null : 'accTitle', description ? null : 'accDescr'].filter(Boolean);
  if (missing.length > 0 || !title || !description) {
    throw new DiagramAccessibilityError(
      `${where} is missing ${missing.join(' and ')}: every mermaid diagram needs "accTitle: <short title>" and "accDescr: <what it shows>" lines so readers without sight or without JavaScript get its meaning.`,
    );
  }
  return { title, description };
}
