import { describe, expect, test } from 'vitest';
import { DiagramAccessibilityError, readDiagramText } from '../../../src/lib/diagram';

describe('readDiagramText', () => {
  test('reads the one-line accTitle and accDescr', () => {
    expect(readDiagramText('flowchart LR\n  accTitle: Pools\n  accDescr: Two pools side by side.\n  A --> B')).toEqual({ title: 'Pools', description: 'Two pools side by side.' });
  });

  test('reads the block form of accDescr and folds its white space', () => {
    const code = 'flowchart LR\naccTitle: Pools\naccDescr {\n  Two pools,\n  side by side.\n}\nA --> B';
    expect(readDiagramText(code).description).toBe('Two pools, side by side.');
  });

  test('names what is missing and where', () => {
    expect(() => readDiagramText('flowchart LR\n  accTitle: Pools\n  A --> B', 'The diagram at lesson.mdx:12')).toThrow(
      'The diagram at lesson.mdx:12 is missing accDescr',
    );
    expect(() => readDiagramText('flowchart LR\n  A --> B')).toThrow(DiagramAccessibilityError);
    expect(() => readDiagramText('flowchart LR\n  A --> B')).toThrow('missing accTitle and accDescr');
  });
});
