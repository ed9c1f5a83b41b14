/**
 * The lesson author's vocabulary: every component an MDX lesson may use, in one place.
 * Lessons get these without importing them (see the lesson page); ```mermaid fences become <Diagram>.
 * Calculators and the simulator load their React islands only when scrolled into view.
 */
import Callout from './Callout.astro';
import Diagram from './Diagram.astro';
import AvailabilityCalculator from './embeds/AvailabilityCalculator.astro';
import BlastRadiusCalculator from './embeds/BlastRadiusCalculator.astro';
import IsolationPriceCalculator from './embeds/IsolationPriceCalculator.astro';
import PoolSimulator from './embeds/PoolSimulator.astro';
import RoiCalculator from './embeds/RoiCalculator.astro';
import SizingCalculator from './embeds/SizingCalculator.astro';
import ExerciseLink from './ExerciseLink.astro';
import Figure from './Figure.astro';
import KeyTakeaways from './KeyTakeaways.astro';
import Quiz from './Quiz.astro';
import References from './References.astro';
import Tab from './Tab.astro';
import Tabs from './Tabs.astro';

export const mdxComponents = {
  AvailabilityCalculator,
  BlastRadiusCalculator,
  Callout,
  Diagram,
  ExerciseLink,
  Figure,
  IsolationPriceCalculator,
  KeyTakeaways,
  PoolSimulator,
  Quiz,
  References,
  RoiCalculator,
  SizingCalculator,
  Tab,
  Tabs,
};

export {
  AvailabilityCalculator,
  BlastRadiusCalculator,
  Callout,
  Diagram,
  ExerciseLink,
  Figure,
  IsolationPriceCalculator,
  KeyTakeaways,
  PoolSimulator,
  Quiz,
  References,
  RoiCalculator,
  SizingCalculator,
  Tab,
  Tabs,
};
