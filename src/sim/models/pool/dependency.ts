/**
 * A downstream with a capacity of its own: `capacity` servers and a FIFO queue. Any number of
 * services (in any pools) may call it, so partitioned pools still share its capacity.
 */
export class DependencyRuntime {
  readonly index: number;
  readonly id: string;
  readonly capacity: number;
  /** Calls that may wait; a call beyond capacity + queueCapacity is refused. */
  readonly queueCapacity: number;
  /** Calls being served now. */
  busy = 0;
  /** Live calls waiting now (stale queue entries are not counted). */
  waiting = 0;
  /** Waiting calls: attempt and ticket from `head`, `length` long (entries whose ticket changed are stale). */
  attempts = new Int32Array(64);
  tickets = new Float64Array(64);
  head = 0;
  length = 0;
  busyArea = 0;
  waitingArea = 0;
  /** Calls that started service here since the measurement start, how many had to wait, and their summed wait, seconds. */
  started = 0;
  waited = 0;
  waitSum = 0;
  /** Calls refused since the measurement start: every server busy and the queue full. */
  refused = 0;

  constructor(index: number, id: string, capacity: number, queueCapacity = Infinity) {
    this.index = index;
    this.id = id;
    this.capacity = capacity;
    this.queueCapacity = queueCapacity;
  }

  integrate(dt: number): void {
    this.busyArea += this.busy * dt;
    this.waitingArea += this.waiting * dt;
  }

  resetMeasures(): void {
    this.busyArea = 0;
    this.waitingArea = 0;
    this.started = 0;
    this.waited = 0;
    this.waitSum = 0;
    this.refused = 0;
  }

  /** Appends a waiting call, compacting or growing the buffer when it reaches the end. */
  push(a: number, ticket: number, isLive: (a: number, ticket: number) => boolean): void {
    if (this.head + this.length >= this.attempts.length) this.compact(isLive);
    const at = this.head + this.length;
    this.attempts[at] = a;
    this.tickets[at] = ticket;
    this.length++;
    this.waiting++;
  }

  private compact(isLive: (a: number, ticket: number) => boolean): void {
    let attempts = this.attempts;
    let tickets = this.tickets;
    if (this.waiting * 2 >= attempts.length) {
      attempts = new Int32Array(attempts.length * 2);
      tickets = new Float64Array(attempts.length);
    }
    let kept = 0;
    for (let i = this.head; i < this.head + this.length; i++) {
      const a = this.attempts[i] as number;
      const ticket = this.tickets[i] as number;
      if (isLive(a, ticket)) {
        attempts[kept] = a;
        tickets[kept] = ticket;
        kept++;
      }
    }
    this.attempts = attempts;
    this.tickets = tickets;
    this.head = 0;
    this.length = kept;
  }
}
