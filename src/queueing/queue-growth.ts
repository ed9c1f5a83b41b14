/**
 * M/M/c/K figures for one pool size as its waiting room grows one place at a time, in O(1) per
 * place, starting from Erlang B. Internal: the sizing search uses it to try many queue sizes
 * cheaply; `mmck` computes the same figures from the full distribution, and the tests check
 * that both agree.
 *
 * Weights are taken relative to the states with no one waiting (n ≤ c), whose total is 1. In
 * those states the mean number present (and busy) is a·(1 − B) and state c weighs B, where
 * B = B(a, c). Each waiting place j adds a state weighing B·ρʲ with ρ = a/c.
 */

/** Weights above this are scaled down, so growth with ρ > 1 never overflows. */
const RESCALE_ABOVE = 1e250;
const RESCALE_BY = 1e-250;

/** The figures {@link QueueGrowth} reports; times in the unit of the arrival rate. */
export interface GrowthFigures {
  blocking: number;
  throughput: number;
  meanInSystem: number;
  meanInQueue: number;
  meanTimeInQueue: number;
  probabilityOfWait: number;
  utilization: number;
}

export class QueueGrowth {
  /** Waiting places so far. */
  queueCapacity = 0;
  private readonly arrivalRate: number;
  private readonly servers: number;
  private readonly ratio: number;
  /** Weight of the states where an arrival is admitted (n < K). */
  private admitted: number;
  /** Weight of the admitted states where an arrival waits (c ≤ n < K). */
  private admittedWaiting = 0;
  /** Weight of the full state n = K. */
  private last: number;
  /** Σ n·weight over n ≤ c, which is a·(1 − B). */
  private presentUpToServers: number;
  /** Σ weight over the waiting states n = c+1…K. */
  private tail = 0;
  /** Σ (n − c)·weight over the waiting states: the queue-length mass. */
  private waiting = 0;

  /**
   * @param blocking B(a, c) from the Erlang B recursion.
   * @param complement 1 − B(a, c), taken from the recursion as c / (c + a·B(a, c−1)) so it keeps
   * full precision when B is close to 1.
   */
  constructor(arrivalRate: number, offeredLoad: number, servers: number, blocking: number, complement: number) {
    this.arrivalRate = arrivalRate;
    this.servers = servers;
    this.ratio = offeredLoad / servers;
    this.admitted = complement;
    this.last = blocking;
    this.presentUpToServers = offeredLoad * complement;
  }

  /** Adds one waiting place (K grows by 1): the old full state now admits, and waits. */
  grow(): void {
    this.admitted += this.last;
    this.admittedWaiting += this.last;
    this.last *= this.ratio;
    this.queueCapacity += 1;
    this.tail += this.last;
    this.waiting += this.queueCapacity * this.last;
    if (this.last > RESCALE_ABOVE) {
      this.admitted *= RESCALE_BY;
      this.admittedWaiting *= RESCALE_BY;
      this.last *= RESCALE_BY;
      this.presentUpToServers *= RESCALE_BY;
      this.tail *= RESCALE_BY;
      this.waiting *= RESCALE_BY;
    }
  }

  /** Long-run figures at the current queue size. */
  figures(): GrowthFigures {
    const total = this.admitted + this.last;
    const throughput = (this.arrivalRate * this.admitted) / total;
    // Busy servers: n itself up to c, then c in every waiting state.
    const busy = (this.presentUpToServers + this.servers * this.tail) / total;
    const meanInQueue = this.waiting / total;
    return {
      blocking: this.last / total,
      throughput,
      meanInSystem: busy + meanInQueue,
      meanInQueue,
      meanTimeInQueue: meanInQueue / throughput,
      probabilityOfWait: this.admitted > 0 ? this.admittedWaiting / this.admitted : 0,
      utilization: Math.min(1, busy / this.servers),
    };
  }
}
