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

// Calculators (src/components/embeds/*Calculator.astro): each loads its React island when scrolled into view.
import AvailabilityCalculator from './embeds/AvailabilityCalculator.astro';
import BlastRadiusCalculator from './embeds/BlastRadiusCalculator.astro';
import IsolationPriceCalculator from './embeds/IsolationPriceCalculator.astro';
import RoiCalculator from './embeds/RoiCalculator.astro';
import SizingCalculator from './embeds/SizingCalculator.astro';

export { AvailabilityCalculator, BlastRadiusCalculator, IsolationPriceCalculator, RoiCalculator, SizingCalculator };
Object.assign(mdxComponents, { AvailabilityCalculator, BlastRadiusCalculator, IsolationPriceCalculator, RoiCalculator, SizingCalculator });
