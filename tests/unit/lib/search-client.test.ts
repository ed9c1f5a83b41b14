import { describe, expect, test } from 'vitest';
import { decodeEntities, excerptParts, moveHighlight, searchPageHref, tidyExcerpt } from '../../../src/lib/search-client';
import { acceptsTyping } from '../../../src/lib/search-shortcut';

describe('tidyExcerpt', () => {
  test('starts at the sentence that begins before the first match', () => {
    expect(tidyExcerpt('· Lesson 2. The <mark>semaphore</mark> bulkhead in TypeScript.')).toBe('The <mark>semaphore</mark> bulkhead in TypeScript.');
  });
  test('drops stray brackets and numbers at the start, and marks the cut with an ellipsis', () => {
    expect(tidyExcerpt('1) { const <mark>compartment</mark> = taken[index]; if')).toBe('…const <mark>compartment</mark> = taken[index]; if…');
    expect(tidyExcerpt('10; const <mark>QUEUE</mark> = 5;')).toBe('…const <mark>QUEUE</mark> = 5;…');
  });
  test('an excerpt that starts mid-sentence gets an ellipsis before and after', () => {
    expect(tidyExcerpt('collects from a metrics endpoint, per <mark>compartment</mark> and')).toBe('…collects from a metrics endpoint, per <mark>compartment</mark> and…');
  });
  test('never drops the first match, even when nothing before it is a word', () => {
    expect(tidyExcerpt('= ( <mark>pool</mark> ) = 3.')).toBe('…<mark>pool</mark> ) = 3.');
    expect(tidyExcerpt('<mark>Pool</mark> simulator.')).toBe('<mark>Pool</mark> simulator.');
  });
  test('looks for a sentence start only in the first dozen words', () => {
    const words = Array.from({ length: 14 }, (_, i) => `w${i}`).join(' ');
    expect(tidyExcerpt(`${words}. The <mark>pool</mark> is full.`)).toBe(`…${words}. The <mark>pool</mark> is full.`);
  });
  test('an empty excerpt stays empty', () => {
    expect(tidyExcerpt('  ')).toBe('');
  });
});

describe('excerptParts', () => {
  test('keeps <mark> as a match, decodes entities and shows other markup as plain text', () => {
    expect(excerptParts('new Map&lt;string, <mark>Compartment</mark>&gt; <img src=x onerror=alert(1)>ok')).toEqual([
      { text: 'new Map<string, ', marked: false },
      { text: 'Compartment', marked: true },
      { text: '> ok', marked: false },
    ]);
  });
  test('decodes numeric entities and leaves unknown ones alone', () => {
    expect(decodeEntities('it&#39;s &#x201C;x&#x201D; &amp; &bogus; &#0;')).toBe('it\'s “x” & &bogus; &#0;');
  });
});

describe('moveHighlight', () => {
  test('moves into the list from the box, then wraps at both ends', () => {
    expect(moveHighlight(-1, 1, 3)).toBe(0);
    expect(moveHighlight(-1, -1, 3)).toBe(2);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(0, 1, 0)).toBe(-1);
  });
});

describe('searchPageHref', () => {
  test('encodes the query', () => {
    expect(searchPageHref('a&b c')).toBe('/search/?q=a%26b%20c');
  });
});

describe('acceptsTyping', () => {
  const element = (tagName: string, extra: { type?: string; isContentEditable?: boolean; role?: string } = {}) => ({ tagName, type: extra.type, isContentEditable: extra.isContentEditable ?? false, getAttribute: (name: string) => (name === 'role' ? (extra.role ?? null) : null) });
  test('text fields, text areas, selects, editors and text roles take the key', () => {
    expect(acceptsTyping(element('INPUT', { type: 'text' }))).toBe(true);
    expect(acceptsTyping(element('input', { type: 'search' }))).toBe(true);
    expect(acceptsTyping(element('TEXTAREA'))).toBe(true);
    expect(acceptsTyping(element('SELECT'))).toBe(true);
    expect(acceptsTyping(element('DIV', { isContentEditable: true }))).toBe(true);
    expect(acceptsTyping(element('DIV', { role: 'textbox' }))).toBe(true);
  });
  test('buttons, links, radios and checkboxes do not', () => {
    expect(acceptsTyping(element('BUTTON'))).toBe(false);
    expect(acceptsTyping(element('A'))).toBe(false);
    expect(acceptsTyping(element('INPUT', { type: 'radio' }))).toBe(false);
    expect(acceptsTyping(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(acceptsTyping(element('BODY'))).toBe(false);
  });
});
