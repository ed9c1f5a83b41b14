/**
 * A binary min-heap of queued attempts for the `priority` discipline, ordered by class then by
 * arrival (ticket): classes are served in order, FIFO within a class. Entries of attempts that
 * left the queue early (expired) stay until they reach the top or a purge, as in the FIFO buffer.
 */
export class AttemptHeap {
  private attempts = new Int32Array(16);
  private tickets = new Float64Array(16);
  private keys = new Float64Array(16);
  /** Entries held, live or stale. */
  size = 0;
  /** The entry removed by the last {@link pop} (written, not returned, to avoid allocation). */
  poppedAttempt = -1;
  poppedTicket = -1;

  /** Adds an attempt with its ticket, served by `priorityClass` (0 first) then ticket. */
  push(attempt: number, ticket: number, priorityClass: number, isLive: (attempt: number, ticket: number) => boolean): void {
    if (this.size === this.attempts.length) this.makeRoom(isLive);
    // Tickets stay far below 10¹², so class·10¹² + ticket orders by class, then ticket, exactly.
    const key = priorityClass * 1e12 + ticket;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.move(parent, i);
      i = parent;
    }
    this.attempts[i] = attempt;
    this.tickets[i] = ticket;
    this.keys[i] = key;
  }

  /** Removes the first entry into `poppedAttempt` and `poppedTicket`; the heap must not be empty. */
  pop(): void {
    this.poppedAttempt = this.attempts[0] as number;
    this.poppedTicket = this.tickets[0] as number;
    const last = --this.size;
    if (last === 0) return;
    const key = this.keys[last] as number;
    const attempt = this.attempts[last] as number;
    const ticket = this.tickets[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= key) break;
      this.move(child, i);
      i = child;
    }
    this.attempts[i] = attempt;
    this.tickets[i] = ticket;
    this.keys[i] = key;
  }

  /** Live entries in serving order: [attempt, ticket] pairs (for snapshots). */
  ordered(isLive: (attempt: number, ticket: number) => boolean): [number, number][] {
    const entries: { attempt: number; ticket: number; key: number }[] = [];
    for (let i = 0; i < this.size; i++) {
      const attempt = this.attempts[i] as number;
      const ticket = this.tickets[i] as number;
      if (isLive(attempt, ticket)) entries.push({ attempt, ticket, key: this.keys[i] as number });
    }
    return entries.sort((x, y) => x.key - y.key).map((e) => [e.attempt, e.ticket]);
  }

  private move(from: number, to: number): void {
    this.attempts[to] = this.attempts[from] as number;
    this.tickets[to] = this.tickets[from] as number;
    this.keys[to] = this.keys[from] as number;
  }

  /** Drops stale entries, and doubles the arrays if live ones still fill more than half. */
  private makeRoom(isLive: (attempt: number, ticket: number) => boolean): void {
    const live: number[] = [];
    for (let i = 0; i < this.size; i++) if (isLive(this.attempts[i] as number, this.tickets[i] as number)) live.push(i);
    const capacity = live.length * 2 >= this.attempts.length ? this.attempts.length * 2 : this.attempts.length;
    const attempts = new Int32Array(capacity);
    const tickets = new Float64Array(capacity);
    const keys = new Float64Array(capacity);
    // Live entries keep their relative heap positions' keys; re-heapify by sorting (a sorted array is a heap).
    const order = live.sort((x, y) => (this.keys[x] as number) - (this.keys[y] as number));
    order.forEach((index, j) => {
      attempts[j] = this.attempts[index] as number;
      tickets[j] = this.tickets[index] as number;
      keys[j] = this.keys[index] as number;
    });
    this.attempts = attempts;
    this.tickets = tickets;
    this.keys = keys;
    this.size = order.length;
  }
}
