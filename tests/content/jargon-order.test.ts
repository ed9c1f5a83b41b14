/**
 * Jargon in course order: every glossary term is defined, or linked, where a reader first meets it.
 *
 * What counts as a use. The term or one of its aliases (content/glossary.json) as a whole word,
 * in any case, with an optional plural "s"/"es", a space in the term also matching a hyphen
 * ("fail fast" finds "fail-fast"). A longer glossary term is its own term: "Erlang B" is not a use
 * of the alias "Erlang", nor "semaphore bulkhead" of "bulkhead". The first use of an entry is the
 * first use of any of its forms.
 *
 * Where uses are looked for: what a reader reads on the lesson page, in course order (level
 * folder, then the NN- prefix): prose, tables, headings, callouts, key takeaways, the visible
 * captions and titles of embeds, and quiz prompts, options and explanations. Not looked at:
 * frontmatter (title, description and objectives announce what the lesson will teach), fenced code
 * and inline `code` (identifiers such as `blocking` are not the term), diagrams (a ```mermaid fence
 * illustrates the prose around it and cannot carry a link), link targets (a URL such as
 * /learn/foundation/semaphore-bulkhead/ is not prose), and <References> (other authors' titles).
 *
 * What counts as defined or linked at first use, one of:
 * - the use is in **bold** in the lesson the glossary names for the term (the course's mark for
 *   "this sentence defines it"; that the sentence really defines it is left to review);
 * - the use is the text of a link to its glossary entry (/glossary/#id) or to the lesson the
 *   glossary names, so a reader meeting it early can look it up.
 * A bold first use in any other lesson fails: either that lesson teaches the term, and the
 * glossary should say so, or it only uses it, and should link. A heading may name a term before
 * the text under it defines or links it: then the first use in that section's text is the one
 * judged (and a heading with no use under it is judged itself).
 * Separately, the lesson the glossary names must show the term in bold or in a heading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { lessonText } from '../../src/lib/lesson-text';
import { glossaryEntrySchema, type GlossaryEntry } from '../../src/schemas/glossary';

const LESSONS = 'content/lessons';
const glossary = z.array(glossaryEntrySchema).parse(JSON.parse(readFileSync('content/glossary.json', 'utf8')));

/** Lesson ids in course order: level folder, then lesson file, each by its NN- prefix. */
const courseOrder: string[] = readdirSync(LESSONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .flatMap((level) =>
    readdirSync(join(LESSONS, level))
      .filter((name) => /^\d{2}-.*\.mdx$/.test(name))
      .sort()
      .map((name) => `${level}/${name.replace(/\.mdx$/, '')}`),
  );

/** `/learn/<level slug>/<lesson slug>/` for a lesson id, as src/lib/course.ts builds it. */
function lessonHref(id: string): string {
  return `/learn/${id.split('/').map((part) => part.replace(/^\d{2}-/, '')).join('/')}/`;
}

/** Plain text of some Markdown, with, for each character, whether it is bold and the link it is in. */
interface Marked {
  text: string;
  bold: boolean[];
  heading: boolean[];
  link: string[];
}

/** A lesson's marked text, with the number of headings started at or before each character. */
interface Page extends Marked {
  sections: number[];
}

/** Reads inline Markdown: **bold**, *emphasis*, [text](target), `code` (blanked), and passes the rest through. */
function markInline(markdown: string): Marked {
  const out: Marked = { text: '', bold: [], heading: [], link: [] };
  let bold = false;
  let heading = false;
  let link = '';
  const push = (chars: string): void => {
    for (const char of chars) {
      out.text += char;
      out.bold.push(bold);
      out.heading.push(heading);
      out.link.push(link);
    }
  };
  for (let index = 0; index < markdown.length; index += 1) {
    const rest = markdown.slice(index);
    if (index === 0 || markdown[index - 1] === '\n') heading = /^#{1,6}\s/.test(rest);
    if (rest.startsWith('**')) {
      bold = !bold;
      index += 1;
      continue;
    }
    const code = /^`+/.exec(rest);
    if (code) {
      const close = markdown.indexOf(code[0], index + code[0].length);
      const end = close < 0 ? markdown.length : close + code[0].length;
      push(' '.repeat(end - index));
      index = end - 1;
      continue;
    }
    if (rest.startsWith('](')) {
      const close = markdown.indexOf(')', index);
      link = '';
      index = close < 0 ? markdown.length : close;
      continue;
    }
    if (rest.startsWith('[')) {
      // A link when the first `]` is followed by `(`: mark the link text with its target.
      const middle = markdown.indexOf(']', index);
      const end = markdown[middle + 1] === '(' ? markdown.indexOf(')', middle) : -1;
      if (end >= 0) {
        link = markdown.slice(middle + 2, end);
        continue;
      }
    }
    if (rest[0] === '*' || rest[0] === '|' || rest[0] === '#' || rest[0] === '>') {
      push(' ');
      continue;
    }
    push(rest[0] ?? '');
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A pattern for one form of a term: whole word, any case, optional plural, space or hyphen alike. */
function formPattern(form: string): RegExp {
  const body = form
    .split(/[\s-]+/)
    .map(escape)
    .join('[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?:s|es)?(?![\\p{L}\\p{N}])`, 'giu');
}

const forms = glossary.flatMap((entry) => [entry.term, ...entry.aliases].map((form) => ({ entry, form })));

/** Every other glossary form that contains this one as words, e.g. "Erlang B" for "Erlang". */
function longerForms(form: string): RegExp[] {
  const own = formPattern(form);
  return forms
    .filter((other) => other.form.length > form.length && new RegExp(own.source, 'iu').test(other.form))
    .map((other) => formPattern(other.form));
}

interface Use {
  lesson: string;
  form: string;
  bold: boolean;
  heading: boolean;
  /** How many headings come before the use in its lesson: uses with the same number share a section. */
  section: number;
  link: string;
  context: string;
}

/** The page's visible text of one lesson, marked, in reading order. */
function lessonMarked(id: string): Page {
  const source = readFileSync(join(LESSONS, `${id}.mdx`), 'utf8');
  const parts = lessonText(source, id).blocks.filter((block) => block.kind !== 'references');
  const marked: Page = { text: '', bold: [], heading: [], link: [], sections: [] };
  for (const part of parts) {
    const next = markInline(`${part.text}\n\n`);
    marked.text += next.text;
    marked.bold.push(...next.bold);
    marked.heading.push(...next.heading);
    marked.link.push(...next.link);
  }
  let headings = 0;
  marked.heading.forEach((isHeading, index) => {
    if (isHeading && !marked.heading[index - 1]) headings += 1;
    marked.sections.push(headings);
  });
  return marked;
}

const pages = new Map(courseOrder.map((id) => [id, lessonMarked(id)]));

/** Uses of an entry's forms in one lesson, in page order. */
function usesIn(entry: GlossaryEntry, lesson: string): Use[] {
  const page = pages.get(lesson);
  if (!page) return [];
  const uses: Array<Use & { at: number }> = [];
  for (const form of [entry.term, ...entry.aliases]) {
    let text = page.text;
    for (const longer of longerForms(form)) text = text.replace(longer, (match) => ' '.repeat(match.length));
    for (const match of text.matchAll(formPattern(form))) {
      const at = match.index ?? 0;
      const context = page.text.slice(Math.max(0, at - 60), at + match[0].length + 60).replace(/\s+/g, ' ').trim();
      const section = page.sections[at] ?? 0;
      uses.push({ lesson, form: match[0], bold: page.bold[at] ?? false, heading: page.heading[at] ?? false, section, link: page.link[at] ?? '', context, at });
    }
  }
  return uses.sort((a, b) => a.at - b.at);
}

/**
 * The use that must define or link the term: the first one in course order, or, when that is a
 * heading, the first use in the text of that heading's section (a heading names the section, the
 * text under it defines or links).
 */
function firstUse(entry: GlossaryEntry): Use | undefined {
  for (const lesson of courseOrder) {
    const uses = usesIn(entry, lesson);
    const [first] = uses;
    if (first) return first.heading && !first.link ? (uses.find((use) => !use.heading && use.section === first.section) ?? first) : first;
  }
  return undefined;
}

/** Why a first use fails the rule, or undefined when it passes. */
function problem(entry: GlossaryEntry, use: Use): string | undefined {
  const target = use.link.replace(/^https?:\/\/[^/]+/, '');
  if (target === `/glossary/#${entry.id}` || target.startsWith(lessonHref(entry.lesson))) return undefined;
  if (use.bold && use.lesson === entry.lesson) return undefined;
  const where = `"${entry.term}" (${entry.id}) is first used as "${use.form}" in ${use.lesson}: …${use.context}…`;
  if (use.bold) return `${where}\n  It is bold there, but the glossary says ${entry.lesson} teaches it: set "lesson" to ${use.lesson}, or link this use to /glossary/#${entry.id}.`;
  return `${where}\n  Define it there in bold (and point the glossary's "lesson" at ${use.lesson}), link it to /glossary/#${entry.id}, or say it another way until ${entry.lesson}.`;
}

describe('jargon in course order', () => {
  test('every glossary term is defined or linked at its first use', () => {
    const problems = glossary.flatMap((entry) => {
      const use = firstUse(entry);
      const found = use ? problem(entry, use) : undefined;
      return found ? [found] : [];
    });
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  test('the lesson the glossary names teaches the term: it is in bold or a heading there', () => {
    const untaught = glossary
      .filter((entry) => !usesIn(entry, entry.lesson).some((use) => use.bold || use.heading))
      .map((entry) => `"${entry.term}" (${entry.id}): ${entry.lesson} never shows it in bold or in a heading.`);
    expect(untaught, untaught.join('\n')).toEqual([]);
  });

  test('every link to the glossary names an entry that exists', () => {
    const ids = new Set(glossary.map((entry) => entry.id));
    const broken = courseOrder.flatMap((lesson) =>
      [...readFileSync(join(LESSONS, `${lesson}.mdx`), 'utf8').matchAll(/\]\(\/glossary\/#([^)\s]*)\)/g)].filter((match) => !ids.has(match[1] ?? '')).map((match) => `${lesson}: /glossary/#${match[1] ?? ''}`),
    );
    expect(broken).toEqual([]);
  });

  test('the rule catches an undefined first use and accepts a bold or linked one', () => {
    const entry: GlossaryEntry = { id: 'offered-load', term: 'Offered load', aliases: ['Erlang'], lesson: '02-foundation/04-sizing-pools', definition: 'x'.repeat(30) };
    const use = (markdown: string, lesson = '01-intuition/02-first-simulation'): Use => {
      const page = markInline(markdown);
      const at = page.text.search(formPattern('Erlang'));
      return { lesson, form: 'Erlangs', bold: page.bold[at] ?? false, heading: page.heading[at] ?? false, section: 0, link: page.link[at] ?? '', context: markdown };
    };
    expect(problem(entry, use('Its load, 100 Erlangs, is'))).toMatch(/first used as "Erlangs"/);
    expect(problem(entry, use('Its load, 100 **Erlangs**, is'))).toMatch(/glossary says 02-foundation\/04-sizing-pools teaches it/);
    expect(problem(entry, use('measured in **Erlangs**', '02-foundation/04-sizing-pools'))).toBeUndefined();
    expect(problem(entry, use('100 [Erlangs](/glossary/#offered-load)'))).toBeUndefined();
    expect(problem(entry, use('100 [Erlangs](/glossary/#bulkhead)'))).toMatch(/first used/);
    expect(problem(entry, use('100 [Erlangs](/learn/foundation/sizing-pools/)'))).toBeUndefined();
    expect(markInline('a `Erlang` b').text).not.toMatch(formPattern('Erlang'));
    expect(markInline('## Erlangs\nErlangs').heading).toEqual([...Array<boolean>(11).fill(true), ...Array<boolean>(7).fill(false)]);
    expect('semaphore-bulkheads').toMatch(formPattern('semaphore bulkhead'));
  });
});
