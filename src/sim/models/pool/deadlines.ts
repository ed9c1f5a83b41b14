/**
 * Queued calls whose caller has given up, and deadline propagation (issue #20).
 *
 * With `client.timeoutFreesSlot: false` the pool does not learn that a caller timed out: a call
 * still waiting in the queue at its caller's timeout is given up by the caller (counted as timed
 * out in the queue, then retried or ended) but stays queued as an orphan. When it reaches a slot:
 *  - without `client.propagateDeadline`, it is served for nobody, holding the slot for its service
 *    time (or until `socketTimeout`), as an abandoned call does;
 *  - with `client.propagateDeadline: true`, the call carries its caller's deadline, which has
 *    passed, so the pool drops it without taking the slot (`counts.droppedPastDeadline`).
 * A queue expiry from `maxQueueWait` (the pool's own limit) still takes the call out at once.
 *
 * Shedding on queue delay (a pool's `shedOnQueueDelay`, CoDel as Facebook applies it): when a
 * queued call reaches a slot, the pool drops it instead if it waited longer than the limit, `target`
 * while the queue is standing (not empty at any moment in the last `interval` seconds), else
 * `interval`. Its caller gets the refusal at once (`counts.shed`); an orphan is dropped as with a
 * propagated deadline.
 */
import { ATTEMPT_LAYOUT, PoolModel } from './handlers';
import type { ActiveDegradation, PoolRuntime, ServiceRuntime, TenantRuntime } from './runtime';

const { STRIDE, F_OFFERED, F_START, F_BASE, F_TOKEN, I_TENANT, I_STATE, I_FLAGS, I_SLOT, FLAG_HUNG, FLAG_ABANDONED, STATE_FREE, STATE_RUNNING, EV_RELEASE, EV_QUEUE_EXPIRE } =
  ATTEMPT_LAYOUT;

export abstract class DeadlineModel extends PoolModel {
  /** A queued attempt reached a slot: drops it if it waited longer than the pool's limit (see above). */
  protected shed(a: number, service: ServiceRuntime, pool: PoolRuntime): boolean {
    const now = this.engine.now;
    const at = a * STRIDE;
    const waited = now - (this.af[at + F_OFFERED] as number);
    const limit = now - pool.lastEmptyAt > pool.shedInterval ? pool.shedTarget : pool.shedInterval;
    if (waited <= limit) return false;
    const tenantIndex = this.ai[at + I_TENANT] as number;
    pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) - 1;
    pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) - 1;
    service.sojournSum += waited;
    service.departures++;
    if ((this.ai[at + I_FLAGS] as number) & FLAG_ABANDONED) {
      // Its caller has gone already (and was counted as timed out): nobody hears of the drop.
      service.droppedPastDeadline++;
      this.ai[at + I_STATE] = STATE_FREE;
      this.ai[at + I_FLAGS] = 0;
      this.freeAttempts[this.freeAttemptCount++] = a;
      return true;
    }
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    service.shed++;
    if (tenant) tenant.shed++;
    this.refused(a, service, tenant);
    return true;
  }

  /** The caller of queued attempt `a` timed out: it gives up on a copy; `a` stays queued, orphaned. */
  protected orphan(a: number, service: ServiceRuntime): boolean {
    if (service.maxQueueWait < service.timeout) return false;
    if ((this.ai[a * STRIDE + I_FLAGS] as number) & FLAG_ABANDONED) {
      // Already an orphan: this is its maxQueueWait expiry (scheduled below).
      this.dropQueuedOrphan(a, service);
      return true;
    }
    const b = this.copyForCaller(a);
    const from = a * STRIDE;
    const to = b * STRIDE;
    // The pool's own maxQueueWait (at least the timeout here) still takes the orphan out of the
    // queue when it expires. Without this, the expiry scheduled at enqueue (the earlier of the
    // two, the timeout) was the only one, and an orphan stayed queued past maxQueueWait until a
    // slot freed (found by tests/unit/sim/fuzz-invariants.test.ts).
    if (service.maxQueueWait !== Infinity) {
      this.af[from + F_TOKEN] = this.engine.schedule((this.af[from + F_OFFERED] as number) + service.maxQueueWait, EV_QUEUE_EXPIRE, EV_QUEUE_EXPIRE, a);
    }
    const tenantIndex = this.ai[to + I_TENANT] as number;
    const tenant = tenantIndex < this.noTenant ? (this.tenants[tenantIndex] as TenantRuntime) : null;
    service.timedOut++;
    service.timedOutInQueue++;
    service.wTimedOut++;
    if (tenant) tenant.timedOut++;
    (this.pools[service.pool] as PoolRuntime).onDrop(service.index);
    this.attemptFailed(b, service, tenant);
    return true;
  }

  /** An orphan's maxQueueWait expired: it leaves the queue, counted as dropped (its caller has gone). */
  private dropQueuedOrphan(a: number, service: ServiceRuntime): void {
    const at = a * STRIDE;
    this.leaveQueue(a, service, this.pools[service.pool] as PoolRuntime);
    service.droppedPastDeadline++;
    this.ai[at + I_STATE] = STATE_FREE;
    this.ai[at + I_FLAGS] = 0;
    this.freeAttempts[this.freeAttemptCount++] = a;
  }

  /** An orphan reached a slot (already counted out of the queue): drop it, or serve it for nobody. */
  protected startOrphan(a: number, service: ServiceRuntime, pool: PoolRuntime): void {
    const now = this.engine.now;
    const at = a * STRIDE;
    if (service.propagateDeadline) {
      const tenantIndex = this.ai[at + I_TENANT] as number;
      pool.tenantAdmitted[tenantIndex] = (pool.tenantAdmitted[tenantIndex] as number) - 1;
      pool.serviceAdmitted[service.index] = (pool.serviceAdmitted[service.index] as number) - 1;
      service.sojournSum += now - (this.af[at + F_OFFERED] as number);
      service.departures++;
      service.droppedPastDeadline++;
      this.ai[at + I_STATE] = STATE_FREE;
      this.ai[at + I_FLAGS] = 0;
      this.freeAttempts[this.freeAttemptCount++] = a;
      return;
    }
    const slot = pool.freeSlots[--pool.freeTop] as number;
    pool.slotOwner[slot] = a;
    this.ai[at + I_SLOT] = slot;
    this.ai[at + I_STATE] = STATE_RUNNING;
    this.af[at + F_START] = now;
    pool.busy++;
    pool.busyByService[service.index] = (pool.busyByService[service.index] as number) + 1;
    service.running++;
    service.orphansServed++;
    let serviceTime = this.af[at + F_BASE] as number;
    let hung = false;
    for (const d of service.degradations as ActiveDegradation[]) {
      if (d.at <= now && now < d.until) {
        if (d.kind === 'slow') serviceTime *= d.factor;
        else if (d.kind === 'hang') hung = true;
      }
    }
    if (hung) this.ai[at + I_FLAGS] = FLAG_ABANDONED | FLAG_HUNG;
    const release = Math.min(hung ? Infinity : now + serviceTime, now + service.socketTimeout);
    if (release !== Infinity) this.engine.schedule(release, EV_RELEASE, EV_RELEASE, a);
  }
}
