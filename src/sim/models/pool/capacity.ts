/**
 * Capacity beyond the caller's pools: dependencies with a capacity of their own, and scheduled
 * pool resizes. A layer between the event handlers (handlers.ts) and the public API.
 *
 * The dependency model: a FIFO queue with `capacity` servers. A call that takes a slot in its
 * pool goes on to its service's dependency; if fewer than `capacity` calls are being served there
 * it starts at once, otherwise it waits at the dependency in arrival order. It keeps its caller's
 * slot the whole time, so its time in the slot is its wait at the dependency plus its service
 * time. A caller's timeout while the call waits at the dependency takes it out of the line; a call
 * already being served keeps its dependency server until its service time ends (the dependency
 * does not know the caller gave up). Hung calls (a `hang` degradation) never reach the dependency.
 * A dependency with a bounded `queue` refuses a call that finds its servers busy and its queue
 * full: the call fails at once with an error (counted as `failed`, then retried or given up, like
 * an error answer) and frees its caller's slot.
 */
import { ATTEMPT_LAYOUT, CAPACITY_EVENTS, MODEL_EVENTS } from './handlers';
import { DeadlineModel } from './deadlines';
import { DependencyRuntime } from './dependency';
import type { PoolRuntime, ServiceRuntime } from './runtime';
import type { AutoscaleSpec } from '../../../schemas/scenario';
import type { AutoscaleView, DependencySnapshot, SimulationOptions } from './types';

const { STRIDE, F_BASE, F_START, F_END, F_TOKEN, F_TICKET, F_OFFERED, I_SERVICE, I_STATE, I_FLAGS, STATE_RUNNING, FLAG_FAILING } = ATTEMPT_LAYOUT;
const { EV_COMPLETE, EV_TIMEOUT } = MODEL_EVENTS;
const EV_DEPENDENCY_FREE = CAPACITY_EVENTS;
const EV_SCHEDULED = CAPACITY_EVENTS + 1;
const EV_AUTOSCALE = CAPACITY_EVENTS + 2;
/** No change while utilisation is within this fraction of the target (Kubernetes' default band). */
const AUTOSCALE_TOLERANCE = 0.1;
/** Size changes kept per pool for snapshots (the most recent ones). */
const AUTOSCALE_HISTORY = 1000;

interface Autoscaler {
  readonly spec: AutoscaleSpec;
  readonly cooldown: number;
  /** The pool's busy-slot integral and the time at the last decision. */
  lastArea: number;
  lastTime: number;
  lastChange: number;
  readonly history: { at: number; slots: number }[];
}
/** The attempt waits at its dependency (a flag bit the handlers do not use; hedging.ts reads it). */
export const FLAG_DEPENDENCY_WAIT = 16;

export abstract class CapacityModel extends DeadlineModel {
  /** Autoscalers by pool index (null for a pool without one). */
  private readonly autoscalers: (Autoscaler | null)[];

  constructor(options: SimulationOptions) {
    super(options);
    const scenario = options.scenario;
    this.dependencies = (scenario.dependencies ?? []).map((spec, i) => new DependencyRuntime(i, spec.id, spec.capacity, spec.queue));
    const byId = new Map(this.dependencies.map((d) => [d.id, d.index] as const));
    scenario.services.forEach((spec, i) => {
      if (spec.dependency === undefined) return;
      const index = byId.get(spec.dependency);
      if (index === undefined) throw new RangeError(`service "${spec.id}" names unknown dependency "${spec.dependency}"`);
      (this.services[i] as ServiceRuntime).dependency = index;
    });
    (scenario.schedule ?? []).forEach((entry, i) => {
      if (this.pools.some((p) => p.id === entry.pool)) this.engine.schedule(entry.at, EV_SCHEDULED, EV_SCHEDULED, i);
    });
    const policy = options.policy;
    const specs: (AutoscaleSpec | undefined)[] =
      policy.kind === 'shared' ? [policy.autoscale] : policy.kind === 'partitioned' ? policy.pools.map((p) => p.autoscale) : [];
    this.autoscalers = this.pools.map((pool, i) => {
      const spec = specs[i];
      if (!spec) return null;
      this.engine.schedule(spec.interval, EV_AUTOSCALE, EV_AUTOSCALE, pool.index);
      return { spec, cooldown: spec.cooldown ?? spec.interval, lastArea: 0, lastTime: 0, lastChange: -Infinity, history: [{ at: 0, slots: pool.slots }] };
    });
  }

  /** @internal */
  protected handleCapacity(kind: number, target: number): void {
    if (kind === EV_DEPENDENCY_FREE) this.onDependencyFree(target);
    else if (kind === EV_SCHEDULED) this.applyScheduled(target);
    else if (kind === EV_AUTOSCALE) this.autoscale(target);
  }

  /** One autoscaling decision for a pool, then the next one scheduled an interval later. */
  private autoscale(index: number): void {
    const scaler = this.autoscalers[index];
    const pool = this.pools[index];
    if (!scaler || !pool) return;
    const now = this.engine.now;
    const { spec } = scaler;
    // The busy integral restarts at the warmup's end: then the window starts there.
    const restarted = pool.busyArea < scaler.lastArea || (scaler.lastTime < this.measuredFrom && now >= this.measuredFrom);
    const from = restarted ? Math.max(scaler.lastTime, this.measuredFrom) : scaler.lastTime;
    const area = restarted ? pool.busyArea : pool.busyArea - scaler.lastArea;
    scaler.lastArea = pool.busyArea;
    scaler.lastTime = now;
    this.engine.schedule(now + spec.interval, EV_AUTOSCALE, EV_AUTOSCALE, index);
    if (now - from <= 0 || now - scaler.lastChange < scaler.cooldown) return;
    const utilisation = area / ((now - from) * pool.slots);
    if (Math.abs(utilisation / spec.targetUtilisation - 1) <= AUTOSCALE_TOLERANCE) return;
    const desired = Math.ceil((pool.slots * utilisation) / spec.targetUtilisation);
    const next = Math.min(spec.max, Math.max(spec.min, pool.slots - spec.step, Math.min(pool.slots + spec.step, desired)));
    if (next === pool.slots) return;
    this.resizePool(pool, next);
    scaler.lastChange = now;
    scaler.history.push({ at: now, slots: next });
    if (scaler.history.length > AUTOSCALE_HISTORY) scaler.history.shift();
  }

  protected autoscaleView(index: number): AutoscaleView | null {
    const scaler = this.autoscalers[index];
    if (!scaler) return null;
    const { spec } = scaler;
    return { min: spec.min, max: spec.max, targetUtilisation: spec.targetUtilisation, history: scaler.history.map((h) => ({ ...h })) };
  }

  /**
   * Resizes a pool in place. Growing admits queued calls at once; shrinking below the calls in
   * flight loses nothing: they finish, and no new call is admitted until the pool is under its
   * new size.
   */
  protected resizePool(pool: PoolRuntime, slots: number): void {
    if (slots > pool.slotOwner.length) {
      const owners = new Int32Array(slots).fill(-1);
      owners.set(pool.slotOwner);
      pool.slotOwner = owners;
    }
    pool.slots = slots;
    pool.rebuildFreeSlots();
    pool.updateLimit();
    this.drain(pool);
  }

  private applyScheduled(index: number): void {
    const entry = this.scenario.schedule?.[index];
    const pool = entry && this.pools.find((p) => p.id === entry.pool);
    if (!entry || !pool) return;
    if (entry.queue !== undefined && pool.kind === 'pool') pool.queueCapacity = entry.queue;
    if (entry.slots !== undefined) this.resizePool(pool, entry.slots);
  }

  // ---------------------------------------------------------------- dependencies

  /** Whether a dependency's queue entry is still waiting. */
  private readonly waitsAtDependency = (a: number, ticket: number): boolean =>
    (this.ai[a * STRIDE + I_STATE] as number) === STATE_RUNNING &&
    ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_DEPENDENCY_WAIT) !== 0 &&
    (this.af[a * STRIDE + F_TICKET] as number) === ticket;

  /** @internal */
  protected callDependency(a: number, service: ServiceRuntime, serviceTime: number): void {
    const dependency = this.dependencies[service.dependency] as DependencyRuntime;
    if (dependency.busy < dependency.capacity) {
      this.serveAtDependency(a, service, dependency, serviceTime, false);
      return;
    }
    if (dependency.waiting >= dependency.queueCapacity) {
      // Refused: the call fails now, through the completion handler (an event, not a call, so a
      // pool draining its queue into a full dependency does not recurse).
      dependency.refused++;
      this.ai[a * STRIDE + I_FLAGS] = (this.ai[a * STRIDE + I_FLAGS] as number) | FLAG_FAILING;
      this.af[a * STRIDE + F_END] = this.engine.now;
      this.af[a * STRIDE + F_TOKEN] = -1;
      this.engine.schedule(this.engine.now, EV_COMPLETE, EV_COMPLETE, a);
      return;
    }
    this.ai[a * STRIDE + I_FLAGS] = (this.ai[a * STRIDE + I_FLAGS] as number) | FLAG_DEPENDENCY_WAIT;
    this.af[a * STRIDE + F_BASE] = serviceTime;
    this.af[a * STRIDE + F_END] = Infinity;
    const ticket = this.ticketCounter++;
    this.af[a * STRIDE + F_TICKET] = ticket;
    dependency.push(a, ticket, this.waitsAtDependency);
    const deadline = (this.af[a * STRIDE + F_OFFERED] as number) + service.timeout;
    this.af[a * STRIDE + F_TOKEN] = deadline === Infinity ? -1 : this.engine.schedule(deadline, EV_TIMEOUT, EV_TIMEOUT, a);
  }

  private serveAtDependency(a: number, service: ServiceRuntime, dependency: DependencyRuntime, serviceTime: number, waited: boolean): void {
    const now = this.engine.now;
    dependency.busy++;
    dependency.started++;
    const end = now + serviceTime;
    this.af[a * STRIDE + F_END] = end;
    // The server frees before the caller's slot does (priority 0, scheduled first, so it precedes
    // the completion below): a call the pool then admits from its queue finds the server free,
    // instead of waiting zero seconds at the dependency or, with a bounded queue, being refused.
    this.engine.schedule(end, EV_COMPLETE, EV_DEPENDENCY_FREE, dependency.index);
    const deadline = (this.af[a * STRIDE + F_OFFERED] as number) + service.timeout;
    if (end <= deadline) {
      this.engine.schedule(end, EV_COMPLETE, EV_COMPLETE, a);
      // A timeout scheduled while the call waited is now stale.
      this.af[a * STRIDE + F_TOKEN] = -1;
    } else if (!waited && deadline !== Infinity) {
      this.af[a * STRIDE + F_TOKEN] = this.engine.schedule(deadline, EV_TIMEOUT, EV_TIMEOUT, a);
    }
  }

  /** A dependency server finished a call: the longest-waiting live call starts there. */
  private onDependencyFree(index: number): void {
    const dependency = this.dependencies[index] as DependencyRuntime;
    const now = this.engine.now;
    dependency.busy--;
    while (dependency.busy < dependency.capacity && dependency.length > 0) {
      const a = dependency.attempts[dependency.head] as number;
      const ticket = dependency.tickets[dependency.head] as number;
      dependency.head++;
      dependency.length--;
      if (!this.waitsAtDependency(a, ticket)) continue;
      dependency.waiting--;
      dependency.waited++;
      dependency.waitSum += now - (this.af[a * STRIDE + F_START] as number);
      this.ai[a * STRIDE + I_FLAGS] = (this.ai[a * STRIDE + I_FLAGS] as number) & ~FLAG_DEPENDENCY_WAIT;
      const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
      this.serveAtDependency(a, service, dependency, this.af[a * STRIDE + F_BASE] as number, true);
    }
    if (dependency.length === 0) dependency.head = 0;
  }

  /** @internal A caller's timeout also takes its call out of the dependency's line. */
  protected override onTimeout(a: number): void {
    const flags = this.ai[a * STRIDE + I_FLAGS] as number;
    if ((flags & FLAG_DEPENDENCY_WAIT) !== 0 && (this.af[a * STRIDE + F_TOKEN] as number) === this.engine.token) {
      const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
      (this.dependencies[service.dependency] as DependencyRuntime).waiting--;
      this.ai[a * STRIDE + I_FLAGS] = flags & ~FLAG_DEPENDENCY_WAIT;
    }
    super.onTimeout(a);
  }

  protected dependencySnapshots(measuredTime: number): DependencySnapshot[] {
    return this.dependencies.map((d) => {
      const meanBusy = measuredTime > 0 ? d.busyArea / measuredTime : null;
      return {
        id: d.id,
        capacity: d.capacity,
        queueCapacity: d.queueCapacity === Infinity ? null : d.queueCapacity,
        busy: d.busy,
        waiting: d.waiting,
        services: this.services.filter((s) => s.dependency === d.index).map((s) => s.id),
        meanBusy,
        utilisation: meanBusy === null ? null : meanBusy / d.capacity,
        meanWaiting: measuredTime > 0 ? d.waitingArea / measuredTime : null,
        started: d.started,
        probabilityOfWaiting: d.started > 0 ? d.waited / d.started : null,
        meanWait: d.started > 0 ? d.waitSum / d.started : null,
        refused: d.refused,
      };
    });
  }
}
