/**
 * Hedged requests (`client.hedge`): when an attempt has no answer `delay` seconds after it was
 * sent, the caller sends another copy of it, up to `max` copies, one every `delay` seconds.
 *
 * The attempt and its copies form a *group*, one try of the call:
 *  - A copy goes through the same pool as any attempt and needs a slot or a queue place of its own
 *    (and room under the pool's tenant and service caps). If there is none, no copy is sent
 *    (`hedgesRefused`) and this try gets no further copies. Copies do not ask the circuit breaker:
 *    the breaker let the try through, and it hears one outcome per try (below).
 *  - Each copy is an attempt with its own service time (from the service's `hedges` substream,
 *    so the traffic of the first attempts stays the same under every policy), its own timeout and
 *    its own `maxQueueWait`, counted from when it was sent.
 *  - The first copy to succeed answers the call. Its latency counts from when the group's first
 *    copy was sent (what the caller sees). The caller cancels the other copies at once: a running
 *    one frees its slot (a call already being served at a dependency keeps that dependency's
 *    server until its service time ends, as after a timeout), a queued one leaves the queue.
 *    Cancelled copies count in `cancelled`, neither as successes nor as failures.
 *  - A copy that fails (an error, a timeout, a queue expiry) while another copy is still out is
 *    counted as that kind of failure and dropped. When the last copy fails, the try fails: the
 *    breaker records one failure and the retry rules run as for an unhedged attempt; a retry is a
 *    new try that may be hedged again.
 * `timeoutFreesSlot: false` is refused by the schema: a caller that cannot free its slot at a
 * timeout cannot cancel the losing copy either.
 *
 * The handlers call three hooks (`hedgeOffered`, `hedgeCompleted`, `hedgeFailed`, declared in
 * state.ts) only when some service hedges, so scenarios without hedging pay one predictable branch
 * per hook. (Overriding `offer`, `onComplete` and `attemptFailed` instead cost about 3% of engine
 * speed in `npm run bench:sim`.)
 */
import { deriveSeed, Rng } from '../../random/prng';
import { ATTEMPT_LAYOUT } from './handlers';
import { CapacityModel, FLAG_DEPENDENCY_WAIT } from './capacity';
import type { DependencyRuntime } from './dependency';
import type { PoolRuntime, ServiceRuntime, TenantRuntime } from './runtime';
import type { HedgeCounts, SimulationOptions } from './types';

const { STRIDE, F_OFFERED, F_END, F_TOKEN, I_SERVICE, I_TENANT, I_STATE, I_FLAGS, I_PROBE, I_ATTEMPT, FLAG_FAILING, STATE_FREE, STATE_QUEUED, STATE_RUNNING } =
  ATTEMPT_LAYOUT;

/** The hedge timer's event kind: the engine's highest (handlers.ts and capacity.ts count up from 0). */
const EV_HEDGE = 15;
/**
 * A cancelled copy whose completion event is still pending: its slot is already free, and the
 * record is released when that event arrives (events cannot be withdrawn, and onComplete has no
 * token to tell a stale one).
 */
const STATE_CANCELLED = 9;
/** Records per group: the first attempt and up to MAX_HEDGES (3) copies. */
const MEMBERS = 4;

/** Per-service counters, in `stats` at service × STATS + these offsets. */
const STATS = 4;
const HEDGES = 0;
const WON = 1;
const REFUSED = 2;
const CANCELLED = 3;

export abstract class HedgingModel extends CapacityModel {
  /** Per service: the hedge delay (Infinity = no hedging), the most copies and their random stream. */
  private readonly hedgeDelay: Float64Array;
  private readonly hedgeMax: Int32Array;
  private readonly hedgeRngs: (Rng | null)[];
  private readonly stats: Float64Array;
  /**
   * Per attempt record: 0, or g × MEMBERS + k + 1 while the record is copy k (0 = the first
   * attempt) of group g and still out.
   */
  private memberOf = new Int32Array(0);
  /** Per group: its records, copies sent (the first attempt included), copies still out, when it started, and its timer's token (-1 = none). */
  private groupMembers = new Int32Array(0);
  private groupSent = new Int32Array(0);
  private groupLive = new Int32Array(0);
  private groupStart = new Float64Array(0);
  private groupTimer = new Float64Array(0);
  private freeGroups = new Int32Array(0);
  private freeGroupCount = 0;

  constructor(options: SimulationOptions) {
    super(options);
    const specs = options.scenario.services.map((s) => s.client.hedge);
    this.hedging = specs.some((h) => h !== undefined);
    this.hedgeDelay = Float64Array.from(specs, (h) => h?.delay ?? Infinity);
    this.hedgeMax = Int32Array.from(specs, (h) => h?.max ?? 0);
    this.hedgeRngs = options.scenario.services.map((s) => (s.client.hedge ? new Rng(deriveSeed(options.seed, `${s.id}/hedges`)) : null));
    this.stats = new Float64Array(specs.length * STATS);
  }

  /** Hedging counts of a service for snapshots. */
  protected hedgeCounts(service: number): HedgeCounts {
    const at = service * STATS;
    return {
      hedges: this.stats[at + HEDGES] as number,
      hedgesWon: this.stats[at + WON] as number,
      hedgesRefused: this.stats[at + REFUSED] as number,
      cancelled: this.stats[at + CANCELLED] as number,
    };
  }

  protected override resetMeasures(): void {
    super.resetMeasures();
    this.stats.fill(0);
  }

  /** @internal */
  protected override handleCapacity(kind: number, target: number): void {
    if (kind === EV_HEDGE) this.onHedge(target);
    else super.handleCapacity(kind, target);
  }

  // ---------------------------------------------------------------- hooks called by the handlers

  /** An attempt that got a slot or a queue place starts a group and its hedge timer. */
  protected hedgeOffered(a: number, service: ServiceRuntime): void {
    const delay = this.hedgeDelay[service.index] as number;
    if (delay === Infinity) return;
    const state = this.ai[a * STRIDE + I_STATE] as number;
    if (state === STATE_QUEUED || state === STATE_RUNNING) this.openGroup(a, delay);
  }

  /** A cancelled copy's completion is dropped; a group member's success answers the call. */
  protected hedgeCompleted(a: number): boolean {
    if ((this.ai[a * STRIDE + I_STATE] as number) === STATE_CANCELLED) {
      this.release(a);
      return true;
    }
    const member = a < this.memberOf.length ? (this.memberOf[a] as number) : 0;
    if (member === 0 || ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_FAILING) !== 0) return false;
    this.win(a, member - 1);
    return true;
  }

  /** A failed copy is dropped while another copy is out; the last one fails the try (returns false). */
  protected hedgeFailed(a: number): boolean {
    const member = a < this.memberOf.length ? (this.memberOf[a] as number) : 0;
    if (member === 0) return false;
    const g = Math.floor((member - 1) / MEMBERS);
    this.memberOf[a] = 0;
    this.groupLive[g] = (this.groupLive[g] as number) - 1;
    if ((this.groupLive[g] as number) > 0) {
      this.release(a);
      return true;
    }
    this.closeGroup(g);
    return false;
  }

  // ---------------------------------------------------------------- groups

  private openGroup(a: number, delay: number): void {
    if (this.freeGroupCount === 0) this.growGroups();
    const g = this.freeGroups[--this.freeGroupCount] as number;
    this.ensureMembers();
    this.groupMembers[g * MEMBERS] = a;
    this.groupSent[g] = 1;
    this.groupLive[g] = 1;
    this.groupStart[g] = this.engine.now;
    this.memberOf[a] = g * MEMBERS + 1;
    this.groupTimer[g] = this.engine.schedule(this.engine.now + delay, EV_HEDGE, EV_HEDGE, g);
  }

  private closeGroup(g: number): void {
    this.groupTimer[g] = -1;
    this.groupSent[g] = 0;
    this.groupLive[g] = 0;
    this.freeGroups[this.freeGroupCount++] = g;
  }

  /** A record of the group that is still out (its fields are the call's). */
  private liveMember(g: number): number {
    for (let k = 0; k < (this.groupSent[g] as number); k++) {
      const r = this.groupMembers[g * MEMBERS + k] as number;
      if ((this.memberOf[r] as number) === g * MEMBERS + k + 1) return r;
    }
    throw new Error(`hedging: group ${g} has no copy out`);
  }

  /** The hedge timer: no answer yet, so send one more copy if the pool has room. */
  private onHedge(g: number): void {
    if ((this.groupTimer[g] as number) !== this.engine.token) return;
    const now = this.engine.now;
    const from = this.liveMember(g);
    const service = this.services[this.ai[from * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    const tenantIndex = this.ai[from * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.pools[service.pool] as PoolRuntime;
    const at = service.index * STATS;
    const start = pool.busy < pool.limit && pool.queued === 0;
    const room =
      (start || pool.queued < pool.queueCapacity) &&
      !(pool.hasTenantLimits && (pool.tenantAdmitted[tenantIndex] as number) >= (pool.tenantLimit[tenantIndex] as number)) &&
      !(pool.hasServiceLimits && (pool.serviceAdmitted[service.index] as number) >= (pool.serviceCap[service.index] as number));
    if (!room) {
      this.stats[at + REFUSED] = (this.stats[at + REFUSED] as number) + 1;
      this.groupTimer[g] = -1;
      return;
    }
    const b = this.allocateAttempt();
    this.ensureMembers();
    const to = b * STRIDE;
    this.ai[to + I_SERVICE] = service.index;
    this.ai[to + I_TENANT] = tenantIndex;
    this.ai[to + I_ATTEMPT] = this.ai[from * STRIDE + I_ATTEMPT] as number;
    this.ai[to + I_PROBE] = this.ai[from * STRIDE + I_PROBE] as number;
    const rng = this.hedgeRngs[service.index] as Rng;
    this.drawAttempt(b, service, rng, rng);
    this.af[to + F_OFFERED] = now;
    service.offered++;
    service.wOffered++;
    if (tenant) tenant.offered++;
    this.stats[at + HEDGES] = (this.stats[at + HEDGES] as number) + 1;
    const k = this.groupSent[g] as number;
    this.groupMembers[g * MEMBERS + k] = b;
    this.memberOf[b] = g * MEMBERS + k + 1;
    this.groupSent[g] = k + 1;
    this.groupLive[g] = (this.groupLive[g] as number) + 1;
    this.groupTimer[g] = k < (this.hedgeMax[service.index] as number) ? this.engine.schedule(now + (this.hedgeDelay[service.index] as number), EV_HEDGE, EV_HEDGE, g) : -1;
    this.admit(pool, service, tenant, tenantIndex);
    if (start) this.startService(b, service, pool);
    else this.enqueue(b, service, pool);
  }

  /** Copy k of group g succeeded first: it answers the call, and the others are cancelled. */
  private win(a: number, member: number): void {
    const now = this.engine.now;
    const g = Math.floor(member / MEMBERS);
    const service = this.services[this.ai[a * STRIDE + I_SERVICE] as number] as ServiceRuntime;
    const tenantIndex = this.ai[a * STRIDE + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    const pool = this.leaveSlot(a, service);
    this.memberOf[a] = 0;
    // As PoolModel.onComplete, but the latency counts from the group's first copy.
    this.recordSuccess(a, service, tenant, pool, now - (this.groupStart[g] as number));
    const at = service.index * STATS;
    if (member % MEMBERS > 0) this.stats[at + WON] = (this.stats[at + WON] as number) + 1;
    for (let k = 0; k < (this.groupSent[g] as number); k++) {
      const r = this.groupMembers[g * MEMBERS + k] as number;
      if ((this.memberOf[r] as number) === g * MEMBERS + k + 1) this.cancel(r, service, pool);
    }
    this.closeGroup(g);
    this.finishCall(a, service, tenant, true);
    this.drain(pool);
  }

  /** Cancels a copy still out: it leaves its slot or queue place now, counted as neither success nor failure. */
  private cancel(r: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const at = r * STRIDE;
    this.memberOf[r] = 0;
    const s = service.index * STATS;
    this.stats[s + CANCELLED] = (this.stats[s + CANCELLED] as number) + 1;
    if ((this.ai[at + I_STATE] as number) === STATE_QUEUED) {
      // As a queue expiry, without the timeout.
      this.leaveQueue(r, service, pool);
      this.release(r);
      return;
    }
    const flags = this.ai[at + I_FLAGS] as number;
    if (flags & FLAG_DEPENDENCY_WAIT) {
      (this.dependencies[service.dependency] as DependencyRuntime).waiting--;
      this.ai[at + I_FLAGS] = flags & ~FLAG_DEPENDENCY_WAIT;
    }
    this.leaveSlot(r, service);
    // Which event is pending follows startService's (and serveAtDependency's) rule: the completion
    // if it comes by the deadline, else the timeout if there is one, else none (a hung call).
    const end = this.af[at + F_END] as number;
    if (end !== Infinity && end <= (this.af[at + F_OFFERED] as number) + service.timeout) {
      this.ai[at + I_STATE] = STATE_CANCELLED;
    } else {
      this.af[at + F_TOKEN] = -1; // the pending timeout, if any, is now stale
      this.release(r);
    }
  }

  /** Returns an attempt record to the free stack. */
  private release(r: number): void {
    this.ai[r * STRIDE + I_STATE] = STATE_FREE;
    this.ai[r * STRIDE + I_FLAGS] = 0;
    this.freeAttempts[this.freeAttemptCount++] = r;
  }

  /** Keeps `memberOf` as long as the attempt records. */
  private ensureMembers(): void {
    if (this.memberOf.length >= this.capacity) return;
    const next = new Int32Array(this.capacity);
    next.set(this.memberOf);
    this.memberOf = next;
  }

  private growGroups(): void {
    const old = this.groupSent.length;
    const size = Math.max(64, old * 2);
    const grow = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T, per = 1): T => {
      const next = make(size * per);
      next.set(array);
      return next;
    };
    this.groupMembers = grow(this.groupMembers, (n) => new Int32Array(n), MEMBERS);
    this.groupSent = grow(this.groupSent, (n) => new Int32Array(n));
    this.groupLive = grow(this.groupLive, (n) => new Int32Array(n));
    this.groupStart = grow(this.groupStart, (n) => new Float64Array(n));
    this.groupTimer = grow(this.groupTimer, (n) => new Float64Array(n).fill(-1));
    const free = new Int32Array(size);
    free.set(this.freeGroups.subarray(0, this.freeGroupCount));
    for (let g = size - 1; g >= old; g--) free[this.freeGroupCount++] = g;
    this.freeGroups = free;
  }
}
