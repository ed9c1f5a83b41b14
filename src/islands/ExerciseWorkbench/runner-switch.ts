/**
 * Which runner grades the next run on an exercise page. The worker starts at once and takes the
 * first run, so a learner never waits on a network: the first result comes as fast as the worker.
 * The WebContainer (real Node.js, which needs StackBlitz's servers) boots in the background once
 * the page is idle, and takes over only when it is ready. A WebContainer that fails to start, or
 * is given up after a run it could not stop, is dropped and the worker carries on. `?runner=webcontainer`
 * forces the WebContainer alone, for the README's manual check.
 */
import type { RunnerCandidate } from '../../runners/choose';
import type { ExerciseBundle, Runner } from '../../runners/types';

/** What the page shows about the runner. */
export type SwitchState =
  | { phase: 'starting'; message: string }
  | { phase: 'ready'; runner: Runner; explanation: string }
  | { phase: 'failed'; message: string };

/** The parts of the page's environment the switch uses (tests pass their own). */
export interface SwitchEnvironment {
  /** Calls `task` once the page is idle. */
  whenIdle(task: () => void): void;
}

const browserEnvironment: SwitchEnvironment = {
  whenIdle: (task) => {
    const idle = (globalThis as { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number }).requestIdleCallback;
    if (typeof idle === 'function') idle(task, { timeout: 3000 });
    else setTimeout(task, 1000);
  },
};

/** A runner that can say it should no longer be used (the WebContainer after an unstoppable run). */
function isHealthy(runner: Runner): boolean {
  const flag = (runner as { healthy?: unknown }).healthy;
  return flag !== false;
}

/** Chooses, and changes, the runner of one exercise page. */
export class RunnerSwitch {
  private fallback: Promise<Runner> | undefined;
  private preferred: Runner | undefined;
  private preferredStart: Promise<Runner> | undefined;
  private preferredFailure: string | undefined;
  private started = false;

  constructor(
    private readonly bundle: ExerciseBundle,
    private readonly candidates: { fallback: RunnerCandidate; preferred?: RunnerCandidate; forced?: boolean },
    private readonly onState: (state: SwitchState) => void,
    private readonly environment: SwitchEnvironment = browserEnvironment,
  ) {}

  /** Starts the fallback now and the preferred runner when the page is idle. Safe to call twice. */
  warmUp(): void {
    if (this.started) return;
    this.started = true;
    if (this.candidates.forced === true) {
      this.startPreferred();
      return;
    }
    void this.startFallback().catch(() => undefined);
    if (this.candidates.preferred !== undefined) this.environment.whenIdle(() => this.startPreferred());
  }

  /** The runner for the next run: the preferred one once ready and healthy, else the fallback. */
  async current(): Promise<Runner> {
    this.warmUp();
    if (this.preferred !== undefined && isHealthy(this.preferred)) return this.preferred;
    if (this.candidates.forced !== true) return this.startFallback();
    this.startPreferred();
    if (this.preferredStart === undefined) throw new Error('No runner was chosen for this page.');
    return this.preferredStart;
  }

  /** Called after each run: a runner that is no longer healthy is dropped, and the page told why. */
  async afterRun(runner: Runner): Promise<void> {
    if (runner !== this.preferred || isHealthy(runner)) return;
    this.preferred = undefined;
    this.preferredFailure = 'it could not stop an endless loop and was shut down';
    await runner.dispose().catch(() => undefined);
    const { discardWebContainer } = await import('../../runners/webcontainer-boot');
    await discardWebContainer();
    if (this.candidates.forced === true) {
      this.onState({ phase: 'failed', message: `${this.candidates.preferred?.label ?? 'the preferred runner'} ${this.preferredFailure}. Reload the page to try again.` });
      return;
    }
    const fallback = await this.startFallback();
    this.announce(fallback);
  }

  /** Stops every runner. */
  async dispose(): Promise<void> {
    const fallback = await this.fallback?.catch(() => undefined);
    await Promise.all([fallback?.dispose(), this.preferred?.dispose()]);
  }

  private startFallback(): Promise<Runner> {
    this.fallback ??= this.candidates.fallback.start(this.bundle, () => undefined).then(
      (runner) => {
        if (this.preferred === undefined) this.announce(runner);
        return runner;
      },
      (error: unknown) => {
        this.fallback = undefined;
        const message = error instanceof Error ? error.message : String(error);
        this.onState({ phase: 'failed', message });
        throw error;
      },
    );
    return this.fallback;
  }

  private startPreferred(): void {
    const candidate = this.candidates.preferred;
    if (candidate === undefined || this.preferredStart !== undefined) return;
    const forced = this.candidates.forced === true;
    if (forced) this.onState({ phase: 'starting', message: `Starting ${candidate.label}…` });
    this.preferredStart = candidate.start(this.bundle, (message) => {
      if (forced) this.onState({ phase: 'starting', message });
    });
    this.preferredStart.then(
      (runner) => {
        this.preferred = runner;
        this.announce(runner);
      },
      (error: unknown) => {
        this.preferredFailure = error instanceof Error ? error.message : String(error);
        if (forced) this.onState({ phase: 'failed', message: `${candidate.label} is unavailable: ${this.preferredFailure}` });
        else void this.fallback?.then((runner) => this.announce(runner), () => undefined);
      },
    );
  }

  private announce(runner: Runner): void {
    this.onState({ phase: 'ready', runner, explanation: this.explain(runner) });
  }

  private explain(runner: Runner): string {
    if (runner.kind === 'webcontainer') return 'Tests run in your browser, in a real Node.js (WebContainer). Nothing is sent to a server.';
    const why = this.preferredFailure === undefined ? '' : ` The in-browser Node.js (WebContainer) is unavailable: ${this.preferredFailure}.`;
    return `Tests run in your browser, in a Web Worker. Nothing is sent to a server.${why}`;
  }
}
