/** Shapes every calculator's results share, so one set of components can lay them out. */

/** One step of an argument, in words. */
export interface StepView {
  title: string;
  text: string;
  /** Where the formula comes from. */
  citation?: string | undefined;
}

/** A labelled figure in the results. */
export interface Figure {
  label: string;
  value: string;
}
