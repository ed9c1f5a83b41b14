/**
 * What could not be used from a simulator link (or from settings that do not fit the scenario),
 * said in the words of the page: every problem names a control by the label the page shows
 * (Seed, Speed, Scenario, a service's Arrival rate, a pool's slots…) or the link as a whole, never
 * a query parameter, an engine field or a figure the page cannot show.
 *
 * Pure: the labels of services and pools come from the run description once the worker sends it.
 */

/** Labels of the simulator's own controls; the components use these constants, so they cannot drift apart. */
export const FIELD_LABELS = {
  preset: 'Scenario',
  seed: 'Seed',
  speed: 'Speed',
  policies: 'Panels',
  fault: 'Fault',
  dependency: 'Dependency',
  rate: 'Arrival rate, all streams',
  mean: 'Mean service time',
  slots: 'Slots in all',
  shared: 'Slots in the shared pool',
  queue: 'Queue places in all',
  unbounded: 'Unbounded queue',
  partitions: 'Partitions',
} as const;

/** Labels of a service's settings. */
export const SERVICE_SETTING_LABELS = {
  rate: 'Arrival rate',
  timeout: 'Timeout',
  wait: 'Longest wait in a queue',
} as const;

/** A service setting. */
export type ServiceSetting = keyof typeof SERVICE_SETTING_LABELS;

/** A service setting in the middle of a sentence. */
export const SETTING_PHRASES: Readonly<Record<ServiceSetting, string>> = { rate: 'the arrival rate', timeout: 'the timeout', wait: 'the longest wait in a queue' };

/** The label of a pool's slider: "Search pool: slots", "Search permits: permits", "Shared pool: queue". */
export function poolSettingLabel(poolLabel: string, setting: 'slots' | 'queue', semaphore: boolean): string {
  return `${poolLabel}: ${setting === 'queue' ? 'queue' : semaphore ? 'permits' : 'slots'}`;
}

/** What a problem is about. */
export type ProblemSubject =
  /** One of the simulator's own controls, by its label (see {@link FIELD_LABELS}). */
  | { readonly kind: 'field'; readonly label: string }
  /** A setting of one service of the scenario, by service id. */
  | { readonly kind: 'service'; readonly service: string; readonly setting: ServiceSetting }
  /** The slots or queue of one pool of one policy, by ids. */
  | { readonly kind: 'pool'; readonly policy: string; readonly pool: string; readonly setting: 'slots' | 'queue' }
  /** The panels to show: the Panels checkboxes where the scenario has several policies, else the link. */
  | { readonly kind: 'panels' }
  /** The link as a whole, or settings that only together fail. */
  | { readonly kind: 'link' };

/** One unusable part of a link: what it was about, and why it could not be used. */
export interface LinkProblem {
  readonly subject: ProblemSubject;
  /** Why, as a phrase that can follow the subject in brackets: "not a whole number from 0 to 4,294,967,295". */
  readonly rule: string;
}

/** A problem with one of the simulator's own controls. */
export const fieldProblem = (label: string, rule: string): LinkProblem => ({ subject: { kind: 'field', label }, rule });

/** Where to find the labels of the scenario's services and pools. */
export interface ProblemNames {
  /** A service's label, or null when the scenario has no such service. */
  readonly service: (id: string) => string | null;
  /** A pool's panel and pool labels, or null when the scenario has no such pool. */
  readonly pool: (policy: string, pool: string) => { readonly panel: string; readonly pool: string; readonly semaphore: boolean } | null;
  /** Whether the page shows the Panels checkboxes (only for a scenario with several policies). */
  readonly panels: boolean;
}

/** Names for when the run description has not arrived (or never will). */
export const NO_NAMES: ProblemNames = { service: () => null, pool: () => null, panels: false };

/** The parts of a run description that name services and pools. */
export interface NamedRun {
  readonly state: { readonly source: { readonly kind: string } };
  readonly services: readonly { readonly id: string; readonly label: string }[];
  readonly policies: readonly unknown[];
  readonly panels: readonly { readonly policy: string; readonly label: string; readonly pools: readonly { readonly id: string; readonly label: string; readonly kind: 'pool' | 'semaphore' }[] }[];
}

/**
 * Names from a run description. Only what has a slider is named: the pools of the panels shown,
 * and services and pools of a preset or edited scenario (a calculator's pool has sliders of its own instead).
 */
export function runNames(run: NamedRun | null): ProblemNames {
  if (run === null) return NO_NAMES;
  if (run.state.source.kind === 'queueing') return { ...NO_NAMES, panels: run.policies.length > 1 };
  return {
    service: (id) => run.services.find((service) => service.id === id)?.label ?? null,
    pool: (policy, id) => {
      const panel = run.panels.find((candidate) => candidate.policy === policy);
      const pool = panel?.pools.find((candidate) => candidate.id === id);
      return panel && pool ? { panel: panel.label, pool: pool.label, semaphore: pool.kind === 'semaphore' } : null;
    },
    panels: run.policies.length > 1,
  };
}

/** What a problem is about, in the page's words: "Seed", "Search: Arrival rate", "Partitioned pools, Search pool: slots". */
export function subjectText(subject: ProblemSubject, names: ProblemNames = NO_NAMES): string {
  switch (subject.kind) {
    case 'field':
      return subject.label;
    case 'link':
      return 'The link';
    case 'panels':
      return names.panels ? FIELD_LABELS.policies : 'The link';
    case 'service': {
      const label = names.service(subject.service);
      return label === null ? 'The link' : `${label}: ${SERVICE_SETTING_LABELS[subject.setting]}`;
    }
    case 'pool': {
      const pool = names.pool(subject.policy, subject.pool);
      if (pool === null) return 'The link';
      const label = poolSettingLabel(pool.pool, subject.setting, pool.semaphore);
      // The slider sits under its panel's name; say it too, unless the pool is named like the panel.
      return pool.panel === pool.pool ? label : `${pool.panel}, ${label}`;
    }
  }
}

/** A problem as a phrase for the notice: "Seed (not a whole number from 0 to 4,294,967,295)". */
export function problemText(problem: LinkProblem, names: ProblemNames = NO_NAMES): string {
  const { subject } = problem;
  // A setting for a service or pool that has no slider here is the link's doing, whatever its value.
  if (subject.kind === 'service' && names.service(subject.service) === null) {
    return `The link (it sets ${SETTING_PHRASES[subject.setting]} for a service this page has no setting for, so that was left out)`;
  }
  if (subject.kind === 'pool' && names.pool(subject.policy, subject.pool) === null) {
    return `The link (it sets the ${subject.setting === 'queue' ? 'queue' : 'slots'} of a pool this page has no setting for, so that was left out)`;
  }
  return `${subjectText(subject, names)} (${problem.rule})`;
}

/** The sentence shown when a link carried unusable parameters, or null when all were fine. */
export function linkNotice(problems: readonly LinkProblem[], names: ProblemNames = NO_NAMES): string | null {
  if (problems.length === 0) return null;
  const texts = [...new Set(problems.map((problem) => problemText(problem, names)))];
  const shown = texts.slice(0, 6);
  const more = texts.length - shown.length;
  return `Part of this link could not be used, so the simulator used its defaults or nearest limits there: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}
