import { describe, expect, test } from 'vitest';
import { lessonText, quizQuestionTexts, stripFrontmatter } from '../../../src/lib/lesson-text';

describe('lessonText', () => {
  test('splits prose, fences, captions, quiz questions and references in page order', () => {
    const source = [
      '---',
      'title: T',
      '---',
      'Intro with **bold**.',
      '',
      '```ts title="a.ts"',
      'const a = 1;',
      '',
      'const b = 2;',
      '```',
      '',
      '<Callout type="tip" title="A tip">',
      'Inside the callout.',
      '</Callout>',
      '',
      '<Quiz',
      '  id="q"',
      '  questions={[',
      '    { prompt: "Is 2 > 1 and {x} a brace?", options: [{ text: "Yes \\"really\\"", correct: true, explanation: "Because." }] },',
      "    { prompt: 'Second?', options: [{ text: 'No' }] }",
      '  ]}',
      '/>',
      '',
      '<References>',
      '1. A source.',
      '</References>',
    ].join('\n');
    const text = lessonText(source);
    expect(text.blocks).toEqual([
      { kind: 'prose', text: 'Intro with **bold**.' },
      { kind: 'caption', text: 'A tip' },
      { kind: 'prose', text: 'Inside the callout.' },
      { kind: 'quiz', text: 'Is 2 > 1 and {x} a brace?\nYes "really"\nBecause.' },
      { kind: 'quiz', text: 'Second?\nNo' },
      { kind: 'references', text: '1. A source.' },
    ]);
    expect(text.fences).toEqual([{ lang: 'ts', lines: 2, code: 'const a = 1;\n\nconst b = 2;' }]);
    expect(text.components).toEqual(['Callout', 'Quiz', 'References']);
  });

  test('reads text that follows a tag on the same line, and a one-line wrapper', () => {
    const text = lessonText('<KeyTakeaways>- one point</KeyTakeaways>\n\nAfter.');
    expect(text.blocks).toEqual([
      { kind: 'prose', text: '- one point' },
      { kind: 'prose', text: 'After.' },
    ]);
  });

  test('names the file when a tag is never closed', () => {
    expect(() => lessonText('<Quiz questions={[ { prompt: "x" } ]}', 'content/lessons/x.mdx')).toThrow('content/lessons/x.mdx: the tag at character 0 is never closed.');
  });

  test('leaves a body without frontmatter alone, and reads quiz strings of every quote kind', () => {
    expect(stripFrontmatter('No frontmatter.')).toBe('No frontmatter.');
    expect(quizQuestionTexts('{ prompt: `A`, options: [{ text: \'B\', explanation: "C" }] }')).toEqual(['A\nB\nC']);
  });
});
