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
 */
import { ATTEMPT_LAYOUT, CAPACITY_EVENTS, MODEL_EVENTS, PoolModel } from './handlers';
import { DependencyRuntime } from './dependency';
import type { PoolRuntime, ServiceRuntime } from './runtime';
import type { DependencySnapshot, SimulationOptions } from './types';

const { STRIDE, F_BASE, F_START, F_END, F_TOKEN, F_TICKET, F_OFFERED, I_SERVICE, I_STATE, I_FLAGS, STATE_RUNNING } = ATTEMPT_LAYOUT;
const { EV_COMPLETE, EV_TIMEOUT } = MODEL_EVENTS;
const EV_DEPENDENCY_FREE = CAPACITY_EVENTS;
const EV_SCHEDULED = CAPACITY_EVENTS + 1;
/** The attempt waits at its dependency (a flag bit the handlers do not use). */
const FLAG_DEPENDENCY_WAIT = 16;

export abstract class CapacityModel extends PoolModel {
  constructor(options: SimulationOptions) {
    super(options);
    const scenario = options.scenario;
    this.dependencies = scenario.dependencies.map((spec, i) => new DependencyRuntime(i, spec.id, spec.capacity));
    const byId = new Map(this.dependencies.map((d) => [d.id, d.index] as const));
    scenario.services.forEach((spec, i) => {
      if (spec.dependency === undefined) return;
      const index = byId.get(spec.dependency);
      if (index === undefined) throw new RangeError(`service "${spec.id}" names unknown dependency "${spec.dependency}"`);
      (this.services[i] as ServiceRuntime).dependency = index;
    });
    scenario.schedule.forEach((entry, i) => {
      if (this.pools.some((p) => p.id === entry.pool)) this.engine.schedule(entry.at, EV_SCHEDULED, EV_SCHEDULED, i);
    });
  }

  /** @internal */
  protected handleCapacity(kind: number, target: number): void {
    if (kind === EV_DEPENDENCY_FREE) this.onDependencyFree(target);
    else if (kind === EV_SCHEDULED) this.applyScheduled(target);
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
    const entry = this.scenario.schedule[index];
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
    this.engine.schedule(end, EV_DEPENDENCY_FREE, EV_DEPENDENCY_FREE, dependency.index);
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
        busy: d.busy,
        waiting: d.waiting,
        services: this.services.filter((s) => s.dependency === d.index).map((s) => s.id),
        meanBusy,
        utilisation: meanBusy === null ? null : meanBusy / d.capacity,
        meanWaiting: measuredTime > 0 ? d.waitingArea / measuredTime : null,
        started: d.started,
        probabilityOfWaiting: d.started > 0 ? d.waited / d.started : null,
        meanWait: d.started > 0 ? d.waitSum / d.started : null,
      };
    });
  }
}
