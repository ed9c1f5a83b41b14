/**
 * The lesson author's vocabulary: every component an MDX lesson may use, in one place.
 * Lessons get these without importing them (see the lesson page); ```mermaid fences become <Diagram>.
 * The calculators and the simulator (src/components/embeds/) are also used without imports: the
 * remark step in src/lib/markdown/remark-embed-imports.ts imports each into the lessons that use
 * it, so only those pages load its styles. Their React islands load only when scrolled into view.
 */
import Callout from './Callout.astro';
import Diagram from './Diagram.astro';
import ExerciseLink from './ExerciseLink.astro';
import Figure from './Figure.astro';
import KeyTakeaways from './KeyTakeaways.astro';
import Quiz from './Quiz.astro';
import References from './References.astro';
import Tab from './Tab.astro';
import Tabs from './Tabs.astro';

export const mdxComponents = {
  Callout,
  Diagram,
  ExerciseLink,
  Figure,
  KeyTakeaways,
  Quiz,
  References,
  Tab,
  Tabs,
};

export {
  Callout,
  Diagram,
  ExerciseLink,
  Figure,
  KeyTakeaways,
  Quiz,
  References,
  Tab,
  Tabs,
};
