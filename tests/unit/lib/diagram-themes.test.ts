import { describe, expect, test } from 'vitest';
import { ThemeMergeError, mergeThemes } from '../../../src/lib/diagram-themes';

const drawing = (text: string, fill: string, shadow: string) =>
  `<svg id="dgm-1"><style>#dgm-1{fill:${text};}#dgm-1 .node rect{fill:${fill};filter:drop-shadow(1px 2px 2px ${shadow});stroke:#666}</style><rect style="fill:${fill}" stroke="#666"></rect><stop style="stop-color:${text};"></stop></svg>`;

describe('mergeThemes', () => {
  test('turns colours that differ into variables set for light, and for the dark theme on screen', () => {
    const svg = mergeThemes(drawing('#1b1f24', '#eaf2fb', 'rgba(185, 185, 185, 1)'), drawing('#e6e9ed', '#13243a', 'rgba(0, 0, 0, 0.8)'), 'dgm-1');
    expect(svg).toBe(
      '<svg id="dgm-1"><style>#dgm-1{--dg0:#1b1f24;--dg1:#eaf2fb;--dg2:rgba(185, 185, 185, 1)}@media screen{:root[data-theme="dark"] #dgm-1{--dg0:#e6e9ed;--dg1:#13243a;--dg2:rgba(0, 0, 0, 0.8)}}' +
        '#dgm-1{fill:var(--dg0);}#dgm-1 .node rect{fill:var(--dg1);filter:drop-shadow(1px 2px 2px var(--dg2));stroke:#666}</style><rect style="fill:var(--dg1)" stroke="#666"></rect><stop style="stop-color:var(--dg0);"></stop></svg>',
    );
  });

  test('leaves a drawing whose colours are the same in both themes as it is', () => {
    const same = drawing('#000', '#fff', 'rgba(0, 0, 0, 1)');
    expect(mergeThemes(same, same, 'dgm-1')).toBe(same);
  });

  test('refuses drawings that differ in more than colours', () => {
    expect(() => mergeThemes('<svg id="dgm-1"><style></style><rect width="10"></rect></svg>', '<svg id="dgm-1"><style></style><rect width="12"></rect></svg>', 'dgm-1')).toThrow(ThemeMergeError);
  });

  test('refuses a differing colour in a presentation attribute, where a variable would not work', () => {
    expect(() => mergeThemes('<svg><style></style><rect fill="#ffffff"></rect></svg>', '<svg><style></style><rect fill="#000000"></rect></svg>', 'dgm-1')).toThrow(/fill="…" attribute/);
  });
});
