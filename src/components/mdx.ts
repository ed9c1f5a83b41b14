/**
 * The lesson author's vocabulary: every component an MDX lesson may use, in one place.
 * Lessons get these without importing them (see the lesson page); ```mermaid fences become <Diagram>.
 */
import Callout from './Callout.astro';
import Diagram from './Diagram.astro';
import ExerciseLink from './ExerciseLink.astro';
import Figure from './Figure.astro';
import KeyTakeaways from './KeyTakeaways.astro';
import PoolSimulator from './embeds/PoolSimulator.astro';
import Quiz from './Quiz.astro';
import References from './References.astro';
import Tab from './Tab.astro';
import Tabs from './Tabs.astro';

export { Callout, Diagram, ExerciseLink, Figure, KeyTakeaways, PoolSimulator, Quiz, References, Tab, Tabs };

export const mdxComponents = { Callout, Diagram, ExerciseLink, Figure, KeyTakeaways, PoolSimulator, Quiz, References, Tab, Tabs };
