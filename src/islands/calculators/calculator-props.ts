/** Props every calculator island accepts (and its Astro wrapper passes through). */
export interface CalculatorProps {
  /** Level of the calculator's heading: 2 on its own page, 3 (the default) inside a lesson section. */
  headingLevel?: 2 | 3;
  /** Prefix for its URL parameters, when two calculators of one kind share a page. */
  urlPrefix?: string;
  /** Starting inputs, by URL parameter name, for example `{ rate: 120, mean: 50 }`; checked like a link. */
  initial?: Readonly<Record<string, string | number>>;
  /** Heading text. */
  title?: string;
}
