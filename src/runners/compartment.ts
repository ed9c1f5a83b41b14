/**
 * Hardened JavaScript for learner code, the same in every runner (Node child, Web Worker,
 * WebContainer). `lockdownRealm` freezes every JavaScript intrinsic (SES `lockdown()`) before any
 * submission code runs, so no built-in can be patched: there is nothing left to tamper with and
 * nothing to fingerprint. `createLearnerRealm` then evaluates each learner module in an SES
 * `Compartment` of its own run, whose global object holds only what an exercise needs: a console
 * that prints through the runner, timers that the run owns, `AbortController`, `Date`, `Math`,
 * `Intl` and the float typed arrays.
 * No `process`, `require`, `import()`, network, host `globalThis` or real module loader.
 *
 * The harness and the tests stay in the host realm (SES's start compartment): results and secrets
 * live there, out of the compartment's reach. The platform's entry point must `import 'ses'` first
 * (it installs `lockdown`, `harden` and `Compartment` as globals); this module imports nothing
 * that runs, so it can be type-checked and unit-tested in a process that is not locked down.
 * No Node or DOM APIs here.
 */
import type { CompileModule, ModuleFactory } from './module-loader';

/**
 * The lockdown settings every runner uses.
 * - `errorTaming: 'safe'`: learner code sees no host stack frames or `Error.prepareStackTrace`.
 * - `evalTaming: 'unsafe-eval'`: only the host (start compartment) keeps its own `Function`, which
 *   the runners need to compile the harness and the tests; compartments get SES's safe evaluators.
 * - `localeTaming: 'unsafe'`: `localeCompare` and `toLocaleString` behave as the platform's.
 * - `consoleTaming`, `errorTrapping`, `unhandledRejectionTrapping`, `reporting`: the runner owns
 *   the console, uncaught errors and rejections, and prints nothing of SES's own.
 */
export const LOCKDOWN_OPTIONS = {
  errorTaming: 'safe',
  evalTaming: 'unsafe-eval',
  overrideTaming: 'moderate',
  localeTaming: 'unsafe',
  consoleTaming: 'unsafe',
  errorTrapping: 'none',
  unhandledRejectionTrapping: 'none',
  reporting: 'none',
  stackFiltering: 'concise',
  domainTaming: 'unsafe',
} as const;

/** The SES globals this module uses; `import 'ses'` installs them. */
interface SesGlobals {
  lockdown?: (options: typeof LOCKDOWN_OPTIONS) => void;
  harden?: <T>(value: T) => T;
  Compartment?: new (options: { globals: Record<string, unknown>; __options__: true }) => { evaluate(source: string): unknown };
}

/** SES's globals; `harden` exists only once `lockdown()` has run. */
function ses(): Required<SesGlobals> {
  const root = globalThis as SesGlobals;
  if (typeof root.lockdown !== 'function' || typeof root.Compartment !== 'function') {
    throw new Error("SES is not loaded: the runner's entry point must import 'ses' before anything else");
  }
  return root as Required<SesGlobals>;
}

/**
 * Host globals learner code may use or reach, hardened (with their prototypes) before it can see
 * them. SES freezes the JavaScript intrinsics; these are the platform's, or intrinsics SES does not
 * give compartments.
 */
const SHARED_HOST_GLOBALS = ['AbortController', 'AbortSignal', 'EventTarget', 'Event', 'DOMException', 'Intl'] as const;

/** Globals a compartment lacks that learner code may need, shared from the host once hardened. */
const ENDOWED_HOST_GLOBALS = ['AbortController', 'AbortSignal', 'Float32Array', 'Float64Array', 'Intl'] as const;

let locked = false;
/** The statement that binds a compartment's globals to constants (see `createLearnerRealm`). */
let prelude: string | undefined;

/**
 * Freezes every intrinsic of this realm, and the few host constructors learner code may use.
 * Call once, at the start of the runner's entry point, before any harness or submission code.
 * Later calls do nothing.
 */
export function lockdownRealm(): void {
  if (locked) return;
  ses().lockdown(LOCKDOWN_OPTIONS);
  const { harden } = ses();
  const root = globalThis as Record<string, unknown>;
  for (const name of SHARED_HOST_GLOBALS) {
    const value = root[name];
    if ((typeof value === 'function' || typeof value === 'object') && value !== null) harden(value);
  }
  locked = true;
}

/** What a learner realm needs from its runner. */
export interface LearnerRealmHost {
  /** Prints one line of the submission's console output (the runner caps and keeps it). */
  print(text: string): void;
  /** Formats a value that is not a string for the console (the harness's `formatValue`). */
  format(value: unknown): string;
}

/** One run's compartment. */
export interface LearnerRealm {
  /** Compiles a learner module into a factory whose code runs inside the compartment. */
  compile: CompileModule;
  /** Cancels every timer the submission left behind; the realm cannot be used afterwards. */
  dispose(): void;
}

type TimerFunction = (callback: () => void, ms?: number) => unknown;

/**
 * Creates the compartment for one run. Its timers are real (wall-clock) timers owned by the run:
 * the submission gets plain numbers as handles, never host timer objects, and `dispose` cancels
 * whatever is still scheduled.
 */
export function createLearnerRealm(host: LearnerRealmHost): LearnerRealm {
  if (!locked) throw new Error('createLearnerRealm needs lockdownRealm() first');
  const { harden, Compartment } = ses();
  const root = globalThis as Record<string, unknown>;
  const hostSetTimeout = root.setTimeout as TimerFunction;
  const hostClearTimeout = root.clearTimeout as (handle: unknown) => void;
  const hostSetInterval = root.setInterval as TimerFunction;
  const hostClearInterval = root.clearInterval as (handle: unknown) => void;
  const hostQueueMicrotask = root.queueMicrotask as (callback: () => void) => void;

  const timers = new Map<number, { handle: unknown; repeat: boolean }>();
  let nextTimer = 1;
  let disposed = false;

  const schedule = (repeat: boolean) =>
    (callback: unknown, ms?: unknown, ...args: unknown[]): number => {
      if (typeof callback !== 'function') throw new TypeError(`${repeat ? 'setInterval' : 'setTimeout'} needs a function, got ${typeof callback}`);
      const id = nextTimer;
      nextTimer += 1;
      if (disposed) return id;
      const delay = typeof ms === 'number' && ms > 0 ? ms : 0;
      const fire = (): void => {
        if (!repeat) timers.delete(id);
        (callback as (...values: unknown[]) => void)(...args);
      };
      timers.set(id, { handle: (repeat ? hostSetInterval : hostSetTimeout)(fire, delay), repeat });
      return id;
    };
  const cancel = (handle: unknown): void => {
    if (typeof handle !== 'number') return;
    const timer = timers.get(handle);
    if (timer === undefined) return;
    timers.delete(handle);
    (timer.repeat ? hostClearInterval : hostClearTimeout)(timer.handle);
  };
  const line = (...values: unknown[]): void => {
    if (disposed) return;
    host.print(values.map((value) => (typeof value === 'string' ? value : host.format(value))).join(' '));
  };

  const globals: Record<string, unknown> = {
    console: { log: line, info: line, warn: line, error: line, debug: line, trace: line, dir: line, table: line },
    setTimeout: schedule(false),
    setInterval: schedule(true),
    clearTimeout: cancel,
    clearInterval: cancel,
    queueMicrotask: (callback: unknown): void => {
      if (typeof callback !== 'function') throw new TypeError(`queueMicrotask needs a function, got ${typeof callback}`);
      hostQueueMicrotask(() => (callback as () => void)());
    },
    // The host realm's own Date and Math (frozen by lockdown): a compartment's would refuse
    // Date.now() and Math.random(), which learners' default clocks use.
    Date: root.Date,
    Math: root.Math,
  };
  for (const name of ENDOWED_HOST_GLOBALS) {
    if (root[name] !== undefined) globals[name] = root[name];
  }
  const compartment = new Compartment({ globals: harden(globals), __options__: true });

  // Code in a compartment looks every global name up through SES's scope objects, which is many
  // times slower than a local variable (17× on a hashing loop). Binding the compartment's globals
  // to constants of an enclosing function makes those lookups static again; the learner's code
  // sits in a nested function, so its own top-level declarations may still reuse any of the names.
  // Every run's compartment has the same globals, so the prelude is built once per process.
  prelude ??= `const { ${(compartment.evaluate('Object.getOwnPropertyNames(globalThis)') as string[])
    .filter((name) => IDENTIFIER.test(name) && !UNBINDABLE.has(name))
    .join(', ')} } = globalThis;`;
  const bindings = prelude;

  const compile: CompileModule = (code, path) => {
    let factory: unknown;
    try {
      // The wrapper stays on the first line, so line numbers in errors match the learner's file.
      factory = compartment.evaluate(
        `(function (exports, require, module) { ${bindings} return (function () { ${code}\n}).call(undefined); })\n//# sourceURL=${path}`,
      );
    } catch (error) {
      throw explainRejection(error, path);
    }
    return factory as ModuleFactory;
  };

  return {
    compile,
    dispose: () => {
      disposed = true;
      for (const id of [...timers.keys()]) cancel(id);
    },
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names that cannot be bound as constants in strict code, or must stay live. */
const UNBINDABLE = new Set(['eval', 'arguments', 'globalThis']);

/** SES's source checks, and what each means for a learner. */
const REJECTIONS: ReadonlyArray<{ code: string; text: string; why: string }> = [
  {
    code: 'SES_IMPORT_REJECTED',
    text: 'import(',
    why: 'dynamic import could load code from outside the exercise. Import your own files with `import … from "./file"` at the top instead',
  },
  { code: 'SES_EVAL_REJECTED', text: 'eval(', why: 'direct eval is not allowed in graded code' },
  { code: 'SES_HTML_COMMENT_REJECTED', text: '<!--', why: 'HTML-style comments are not allowed in graded code' },
];

/** Turns SES's source rejections into a sentence a learner can act on; other errors pass through. */
function explainRejection(error: unknown, path: string): unknown {
  const message = error instanceof Error ? error.message : '';
  const rejection = REJECTIONS.find((entry) => message.includes(entry.code));
  if (rejection === undefined) return error;
  const file = path.slice(path.lastIndexOf('/') + 1);
  const line = /:(\d+)\.?\s*\(SES_/.exec(message)?.[1];
  const where = line === undefined ? file : `${file}, line ${line}`;
  const explained = new SyntaxError(
    `${where} contains "${rejection.text}", which graded code may not use (not even in a comment or a string): ${rejection.why}.`,
  );
  return explained;
}
