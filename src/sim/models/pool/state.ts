/**
 * Run state of the pool model (see pool-simulation.ts for the model itself).
 */
import { Engine, type EventHandler } from '../../engine/engine';
import { SeriesBuffer } from '../../stats/series-buffer';
import type { Policy, Scenario, ServiceLimitSpec } from '../../../schemas/scenario';
import { PoolRuntime, ServiceRuntime, TenantRuntime } from './runtime';
import type { DependencyRuntime } from './dependency';
import type { SimulationOptions } from './types';

/** Time-series columns per service (see takeSample). */
export const SERVICE_COLUMNS = 11;
/** Time-series columns per pool (see takeSample). */
export const POOL_COLUMNS = 5;
/** Time-series columns per dependency, after the tenants' (see takeSample). */
export const DEPENDENCY_COLUMNS = 3;

/**
 * The state of a run: its services, pools and tenants, the attempt records, and the bookkeeping
 * between events (occupancy integrals, warmup reset, time-series samples). The event handlers
 * live in {@link PoolModel} (handlers.ts), the public API and snapshots in `PoolSimulation`.
 */
export abstract class PoolState implements EventHandler {
  /** Run length, seconds. */
  readonly duration: number;
  readonly seed: number;
  readonly policyName: string;
  readonly policy: Policy;
  readonly scenario: Scenario;
  protected readonly engine: Engine;
  protected readonly services: ServiceRuntime[];
  protected readonly pools: PoolRuntime[];
  protected readonly tenants: TenantRuntime[];
  /** Downstreams with their own capacity (filled by CapacityModel, capacity.ts). */
  protected dependencies: DependencyRuntime[] = [];
  /** Each dependency's busy integral at the last sample (for its mean over the interval). */
  private readonly dependencyWindowArea: Float64Array;
  protected readonly noTenant: number;
  protected readonly warmup: number;
  protected readonly sampleInterval: number;
  protected readonly series: SeriesBuffer;
  protected readonly row: Float64Array;
  protected sampleIndex = 1;
  protected nextSampleTime: number;
  protected warmupPending: boolean;
  protected nextCheckpoint: number;
  protected lastAdvance = 0;
  protected measuredFrom = 0;
  protected ticketCounter = 0;

  protected capacity = 0;
  /** Numbers per attempt record (set by the first growAttempts). */
  protected stride = 0;
  /**
   * Call attempts, one record of STRIDE numbers each in two arrays (times in `af`, small integers
   * in `ai`), so an attempt's fields share a cache line or two instead of spreading over a dozen
   * arrays.
   */
  protected af = new Float64Array(0);
  protected ai = new Int32Array(0);
  protected freeAttempts = new Int32Array(0);
  protected freeAttemptCount = 0;

  constructor(options: SimulationOptions) {
    const { scenario, policy, seed } = options;
    this.scenario = scenario;
    this.policy = policy;
    this.policyName = options.policyName;
    this.seed = seed;
    this.duration = scenario.duration;
    this.warmup = scenario.warmup;
    this.sampleInterval = scenario.sampleInterval;
    this.engine = new Engine(this, 256, scenario.services.length);
    const tenantIndex = new Map(scenario.tenants.map((t, i) => [t.id, i] as const));
    this.tenants = scenario.tenants.map((t) => new TenantRuntime(t.id, t.label ?? t.id));
    this.noTenant = this.tenants.length;
    this.services = scenario.services.map((spec, i) => new ServiceRuntime(i, spec, seed, tenantIndex, scenario.duration));
    this.pools = this.buildPools(policy, tenantIndex);
    const dependencyCount = (scenario.dependencies ?? []).length;
    this.dependencyWindowArea = new Float64Array(dependencyCount);
    const width = 1 + POOL_COLUMNS * this.pools.length + SERVICE_COLUMNS * this.services.length + 2 * this.tenants.length + DEPENDENCY_COLUMNS * dependencyCount;
    this.series = new SeriesBuffer(width, options.seriesCapacity ?? 3600);
    this.row = new Float64Array(width);
    this.nextSampleTime = this.sampleInterval;
    this.warmupPending = this.warmup > 0;
    this.measuredFrom = this.warmup;
    this.nextCheckpoint = Math.min(this.nextSampleTime, this.warmupPending ? this.warmup : Infinity);
  }

  private buildPools(policy: Policy, tenantIndex: ReadonlyMap<string, number>): PoolRuntime[] {
    const serviceCount = this.services.length;
    const tenantCount = this.tenants.length;
    const byId = new Map(this.services.map((s) => [s.id, s] as const));
    const pools: PoolRuntime[] = [];
    const attach = (pool: PoolRuntime, ids: readonly string[]) => {
      for (const id of ids) {
        const service = byId.get(id);
        if (!service) throw new RangeError(`policy names unknown service "${id}"`);
        service.pool = pool.index;
        pool.services.push(service.index);
      }
      pools.push(pool);
    };
    const allIds = this.services.map((s) => s.id);
    const caps = (limits: readonly ServiceLimitSpec[] | undefined) =>
      (limits ?? []).map((spec) => {
        const service = byId.get(spec.service);
        if (!service) throw new RangeError(`policy names unknown service "${spec.service}"`);
        return { index: service.index, spec };
      });
    switch (policy.kind) {
      case 'shared':
        attach(
          new PoolRuntime(0, 'shared', 'pool', policy.slots, policy.queue, policy.adaptive, serviceCount, tenantCount, null, caps(policy.serviceLimits), policy.discipline).shedOnQueueDelay(
            policy.shedOnQueueDelay,
          ),
          allIds,
        );
        break;
      case 'per-tenant': {
        const limits = new Float64Array(tenantCount + 1).fill(policy.defaultLimit ?? Infinity);
        for (const entry of policy.tenantLimits) {
          const index = tenantIndex.get(entry.tenant);
          if (index === undefined) throw new RangeError(`policy names unknown tenant "${entry.tenant}"`);
          limits[index] = entry.limit;
        }
        attach(new PoolRuntime(0, 'shared', 'pool', policy.slots, policy.queue, policy.adaptive, serviceCount, tenantCount, limits, [], policy.discipline), allIds);
        break;
      }
      case 'partitioned':
        policy.pools.forEach((spec, i) =>
          attach(
            new PoolRuntime(i, spec.id, 'pool', spec.slots, spec.queue, spec.adaptive, serviceCount, tenantCount, null, caps(spec.serviceLimits), spec.discipline).shedOnQueueDelay(
              spec.shedOnQueueDelay,
            ),
            spec.services,
          ),
        );
        break;
      case 'semaphore':
        policy.pools.forEach((spec, i) =>
          attach(new PoolRuntime(i, spec.id, 'semaphore', spec.permits, 0, spec.adaptive, serviceCount, tenantCount, null, [], undefined), spec.services),
        );
        break;
    }
    const placed = new Set(pools.flatMap((p) => p.services));
    for (const service of this.services) {
      if (!placed.has(service.index)) throw new RangeError(`policy does not place service "${service.id}" in any pool`);
    }
    return pools;
  }

  protected serviceById(id: string): ServiceRuntime {
    const service = this.services.find((s) => s.id === id);
    if (!service) throw new RangeError(`unknown service "${id}"; known: ${this.services.map((s) => s.id).join(', ')}`);
    return service;
  }

  protected poolById(id: string): PoolRuntime {
    const pool = this.pools.find((p) => p.id === id);
    if (!pool) throw new RangeError(`unknown pool "${id}"; known: ${this.pools.map((p) => p.id).join(', ')}`);
    return pool;
  }

  // ---------------------------------------------------------------- engine callbacks

  /** @internal Integrates occupancy over [last, time) and takes due samples. */
  advance(time: number): void {
    if (time >= this.nextCheckpoint) {
      this.checkpoints(time);
      return;
    }
    this.integrate(time);
  }

  /**
   * @internal The run is paused at `time` (runUntil), between events: takes the samples due, but
   * does not close the integrals there. Closing them at every pause split their sums at times
   * that depend on how the run is watched (the page advances by time, the CLI in one go), and the
   * rounding of the split sums could flip an autoscaling decision, so the same seed gave another
   * run (found by fuzz-invariants.test.ts). The integrals close only at events and checkpoints;
   * snapshots read them at `now` through {@link atNow}, without closing them.
   */
  pause(time: number): void {
    if (time >= this.nextCheckpoint) this.checkpoints(time, false);
  }

  /** Builds something from the integrals closed at the clock's time, leaving them as they were (see {@link pause}). */
  protected atNow<T>(build: () => T): T {
    const pools = this.pools.map((p) => [p.busyArea, p.queueArea] as const);
    const services = this.services.map((s) => s.inSystemArea);
    const dependencies = this.dependencies.map((d) => [d.busyArea, d.waitingArea] as const);
    const last = this.lastAdvance;
    this.integrate(this.engine.now);
    try {
      return build();
    } finally {
      this.pools.forEach((p, i) => ([p.busyArea, p.queueArea] = pools[i] as readonly [number, number]));
      this.services.forEach((s, i) => (s.inSystemArea = services[i] as number));
      this.dependencies.forEach((d, i) => ([d.busyArea, d.waitingArea] = dependencies[i] as readonly [number, number]));
      this.lastAdvance = last;
    }
  }

  protected integrate(time: number): void {
    const dt = time - this.lastAdvance;
    if (dt > 0) {
      const pools = this.pools;
      for (let i = 0; i < pools.length; i++) {
        const pool = pools[i] as PoolRuntime;
        pool.busyArea += pool.busy * dt;
        pool.queueArea += pool.queued * dt;
      }
      const services = this.services;
      for (let i = 0; i < services.length; i++) {
        const service = services[i] as ServiceRuntime;
        service.inSystemArea += (service.running + service.queued) * dt;
      }
      const dependencies = this.dependencies;
      for (let i = 0; i < dependencies.length; i++) (dependencies[i] as DependencyRuntime).integrate(dt);
      this.lastAdvance = time;
    }
  }

  protected checkpoints(time: number, close = true): void {
    while (this.nextCheckpoint <= time) {
      const at = this.nextCheckpoint;
      this.integrate(at);
      if (this.warmupPending && at >= this.warmup) {
        this.warmupPending = false;
        this.resetMeasures();
      }
      if (at >= this.nextSampleTime) {
        this.takeSample(at);
        this.sampleIndex++;
        this.nextSampleTime = this.sampleIndex * this.sampleInterval;
      }
      this.nextCheckpoint = Math.min(this.nextSampleTime, this.warmupPending ? this.warmup : Infinity);
    }
    if (close) this.integrate(time);
  }

  protected resetMeasures(): void {
    for (const service of this.services) service.resetMeasures();
    for (const tenant of this.tenants) tenant.resetMeasures();
    // The integrals restart at the warmup's end; the windows carry the area of the sample interval
    // under way (as a negative start), so the interval-mean series does not dip at the warmup.
    this.dependencies.forEach((dependency, i) => {
      if (i < this.dependencyWindowArea.length) this.dependencyWindowArea[i] = (this.dependencyWindowArea[i] as number) - dependency.busyArea;
      dependency.resetMeasures();
    });
    for (const pool of this.pools) {
      pool.windowBusyArea -= pool.busyArea;
      pool.busyArea = 0;
      pool.queueArea = 0;
    }
  }

  protected takeSample(time: number): void {
    const row = this.row;
    let k = 0;
    row[k++] = time;
    for (const pool of this.pools) {
      row[k++] = pool.busy;
      row[k++] = pool.queued;
      row[k++] = pool.limit;
      const area = pool.busyArea - pool.windowBusyArea;
      row[k++] = area < 0 ? pool.busyArea / this.sampleInterval : area / this.sampleInterval;
      pool.windowBusyArea = pool.busyArea;
      row[k++] = pool.slots;
    }
    for (const s of this.services) {
      row[k++] = s.running;
      row[k++] = s.queued;
      row[k++] = s.wOffered;
      row[k++] = s.wFinished > 0 ? s.wSucceeded / s.wFinished : NaN;
      row[k++] = s.wCompleted > 0 ? s.wLatencySum / s.wCompleted : NaN;
      row[k++] = s.wCompleted;
      row[k++] = s.wRejected;
      row[k++] = s.wTimedOut;
      row[k++] = s.wFailed;
      row[k++] = s.wShortCircuited;
      const cap = (this.pools[s.pool] as PoolRuntime).serviceCap[s.index] as number;
      row[k++] = cap === Infinity ? NaN : cap;
      s.resetWindow();
    }
    for (const t of this.tenants) {
      row[k++] = t.wFinished;
      row[k++] = t.wSucceeded;
      t.wFinished = 0;
      t.wSucceeded = 0;
    }
    const windows = this.dependencyWindowArea;
    for (let i = 0; i < windows.length; i++) {
      const dependency = this.dependencies[i];
      if (!dependency) {
        row[k++] = 0;
        row[k++] = 0;
        row[k++] = 0;
        continue;
      }
      row[k++] = dependency.busy;
      row[k++] = dependency.waiting;
      const area = dependency.busyArea - (windows[i] as number);
      row[k++] = area < 0 ? dependency.busyArea / this.sampleInterval : area / this.sampleInterval;
      windows[i] = dependency.busyArea;
    }
    this.series.append(row);
  }

  // ---------------------------------------------------------------- attempt records

  protected allocateAttempt(): number {
    if (this.freeAttemptCount === 0) this.growAttempts(this.capacity * 2, this.stride);
    return this.freeAttempts[--this.freeAttemptCount] as number;
  }

  /** Grows the attempt records to `capacity` records of `stride` numbers each (handlers.ts sets the layout). */
  protected growAttempts(capacity: number, stride: number): void {
    this.stride = stride;
    const old = this.capacity;
    if (capacity <= old) return;
    const af = new Float64Array(capacity * stride);
    af.set(this.af);
    this.af = af;
    const ai = new Int32Array(capacity * stride);
    ai.set(this.ai);
    this.ai = ai;
    const free = new Int32Array(capacity);
    free.set(this.freeAttempts.subarray(0, this.freeAttemptCount));
    // Newly created records go on the free stack highest first, so low indices are used first.
    for (let i = capacity - 1; i >= old; i--) free[this.freeAttemptCount++] = i;
    this.freeAttempts = free;
    this.capacity = capacity;
  }

  /** @internal Dispatches one event. */
  abstract handle(kind: number, target: number): void;

  /**
   * Hedged requests (HedgingModel, hedging.ts): whether some service hedges, and the three hooks
   * the handlers call only then (one predictable branch each when no service hedges).
   * `hedgeOffered`: an attempt was offered (it may start a group). `hedgeCompleted`: true if it
   * handled the completion (a cancelled copy, or the copy that answers its call). `hedgeFailed`:
   * true if it handled the failure (a copy failed while another copy is still out).
   */
  protected hedging = false;
  protected abstract hedgeOffered(a: number, service: ServiceRuntime): void;
  protected abstract hedgeCompleted(a: number): boolean;
  protected abstract hedgeFailed(a: number): boolean;
}
