/**
 * A binary min-heap of events with a deterministic total order: earlier time first, then lower
 * priority number, then earlier insertion. Events are plain numbers (a kind and a target index)
 * kept in typed arrays, so pushing and popping allocate nothing once the arrays have grown.
 *
 * Each event gets a token, priority · 2⁴³ + insertion sequence, which is unique within the queue
 * and settles both tie-breaks in one comparison. Models keep the token of an event they may want
 * to ignore later (lazy cancellation) and compare it with {@link EventQueue.token} when it pops.
 *
 * Besides the heap, the queue has a few numbered *slots*, each holding at most one pending event
 * that a new {@link EventQueue.setSlot} replaces. They suit recurring sources such as "the next
 * arrival of service k": one heap push and pop per arrival is saved, and re-timing an arrival
 * needs no cancellation. Slot events obey the same total order as heap events.
 */

/** Largest allowed priority; priorities are integers from 0 (first) to this value. */
export const MAX_PRIORITY = 1023;
/** Largest allowed event kind; kinds are integers from 0 to this value. */
export const MAX_KIND = 15;
/** Largest allowed target index. */
export const MAX_TARGET = 2 ** 27 - 1;
const SEQUENCE_SPAN = 2 ** 43;

/**
 * Event priority queue. After {@link EventQueue.pop} returns true, the popped event is readable
 * from `time`, `kind`, `target` and `token`.
 */
export class EventQueue {
  /** Heap of event times, and of the record index of each heap entry. */
  private times: Float64Array;
  private records: Int32Array;
  /** Per record: its token (priority · 2⁴³ + sequence) and payload (target << 4 | kind). */
  private recordOrders: Float64Array;
  private recordPayloads: Int32Array;
  private freeRecords: Int32Array;
  private freeCount: number;
  private count = 0;
  private nextSequence = 0;
  private readonly slotTimes: Float64Array;
  private readonly slotOrders: Float64Array;
  private readonly slotPayloads: Int32Array;
  private readonly slotActive: Uint8Array;
  private activeSlots = 0;
  /** Index of the earliest active slot, or −1. */
  private firstSlot = -1;

  /** Time of the last popped event. */
  time = 0;
  /** Kind of the last popped event. */
  kind = 0;
  /** Target index of the last popped event. */
  target = 0;
  /** Token of the last popped event (the value `push` returned for it). */
  token = 0;

  /**
   * @param initialCapacity starting heap size (it grows as needed)
   * @param slots number of slots (0–64; each is scanned when a slot changes, so keep it small)
   */
  constructor(initialCapacity = 64, slots = 0) {
    if (!(Number.isInteger(slots) && slots >= 0 && slots <= 64)) throw new RangeError('slots must be a whole number from 0 to 64');
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.records = new Int32Array(capacity);
    this.recordOrders = new Float64Array(capacity);
    this.recordPayloads = new Int32Array(capacity);
    this.freeRecords = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeRecords[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.slotTimes = new Float64Array(slots);
    this.slotOrders = new Float64Array(slots);
    this.slotPayloads = new Int32Array(slots);
    this.slotActive = new Uint8Array(slots);
  }

  /** Number of events waiting (heap and slots). */
  get size(): number {
    return this.count + this.activeSlots;
  }

  /** Time of the next event, or Infinity when the queue is empty. */
  peekTime(): number {
    const heapTime = this.count > 0 ? (this.times[0] as number) : Infinity;
    const first = this.firstSlot;
    if (first < 0) return heapTime;
    const slotTime = this.slotTimes[first] as number;
    return slotTime < heapTime ? slotTime : heapTime;
  }

  /**
   * Puts an event in slot `slot`, replacing any event pending there, and returns its token.
   * Arguments are as for {@link EventQueue.push}.
   */
  setSlot(slot: number, time: number, priority: number, kind: number, target: number): number {
    if (!(slot >= 0 && slot < this.slotActive.length)) throw new RangeError(`slot ${slot} does not exist`);
    const order = this.order(priority, kind, target);
    if (this.slotActive[slot] === 0) this.activeSlots++;
    this.slotActive[slot] = 1;
    this.slotTimes[slot] = time;
    this.slotOrders[slot] = order;
    this.slotPayloads[slot] = (target << 4) | kind;
    this.findFirstSlot();
    return order;
  }

  /** Removes the event pending in slot `slot`, if any. */
  clearSlot(slot: number): void {
    if (this.slotActive[slot] === 1) {
      this.slotActive[slot] = 0;
      this.activeSlots--;
      this.findFirstSlot();
    }
  }

  private findFirstSlot(): void {
    let best = -1;
    let bestTime = Infinity;
    let bestOrder = Infinity;
    const active = this.slotActive;
    for (let i = 0; i < active.length; i++) {
      if (active[i] === 0) continue;
      const t = this.slotTimes[i] as number;
      const o = this.slotOrders[i] as number;
      if (best < 0 || t < bestTime || (t === bestTime && o < bestOrder)) {
        best = i;
        bestTime = t;
        bestOrder = o;
      }
    }
    this.firstSlot = best;
  }

  private order(priority: number, kind: number, target: number): number {
    if (!(priority >= 0 && priority <= MAX_PRIORITY && kind >= 0 && kind <= MAX_KIND && target >= 0 && target <= MAX_TARGET)) {
      throw new RangeError(`event out of range: priority ${priority}, kind ${kind}, target ${target}`);
    }
    return priority * SEQUENCE_SPAN + this.nextSequence++;
  }

  /**
   * Adds an event and returns its token.
   * @param time when the event happens (the caller keeps it ≥ the clock)
   * @param priority tie-break among equal times, integer 0–1023, lower first
   * @param kind small integer 0–15 telling the handler what happened
   * @param target integer 0 to 2²⁷ − 1 the handler interprets (a service or call index)
   */
  push(time: number, priority: number, kind: number, target: number): number {
    const order = this.order(priority, kind, target);
    if (this.freeCount === 0) this.grow();
    const record = this.freeRecords[--this.freeCount] as number;
    this.recordOrders[record] = order;
    this.recordPayloads[record] = (target << 4) | kind;
    const times = this.times;
    const records = this.records;
    const orders = this.recordOrders;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (orders[records[parent] as number] as number) < order)) break;
      times[i] = parentTime;
      records[i] = records[parent] as number;
      i = parent;
    }
    times[i] = time;
    records[i] = record;
    return order;
  }

  /**
   * Removes the next event into `time`, `kind`, `target` and `token`, provided its time is at most
   * `until`; returns false (removing nothing) when the queue is empty or the next event is later.
   */
  pop(until = Infinity): boolean {
    const n = this.count;
    const first = this.firstSlot;
    const times = this.times;
    const records = this.records;
    const orders = this.recordOrders;
    if (first >= 0) {
      const slotTime = this.slotTimes[first] as number;
      const headTime = n > 0 ? (times[0] as number) : Infinity;
      if (slotTime < headTime || (slotTime === headTime && (this.slotOrders[first] as number) < (orders[records[0] as number] as number))) {
        if (slotTime > until) return false;
        const payload = this.slotPayloads[first] as number;
        this.time = slotTime;
        this.token = this.slotOrders[first] as number;
        this.kind = payload & 15;
        this.target = payload >>> 4;
        this.slotActive[first] = 0;
        this.activeSlots--;
        this.findFirstSlot();
        return true;
      }
    }
    if (n === 0) return false;
    const headTime = times[0] as number;
    if (headTime > until) return false;
    const head = records[0] as number;
    const payload = this.recordPayloads[head] as number;
    this.time = headTime;
    this.token = orders[head] as number;
    this.kind = payload & 15;
    this.target = payload >>> 4;
    this.freeRecords[this.freeCount++] = head;
    const last = n - 1;
    this.count = last;
    if (last > 0) {
      const time = times[last] as number;
      const lastRecord = records[last] as number;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        const right = child + 1;
        if (right < last) {
          const ct = times[child] as number;
          const rt = times[right] as number;
          if (rt < ct || (rt === ct && (orders[records[right] as number] as number) < (orders[records[child] as number] as number))) child = right;
        }
        const childTime = times[child] as number;
        if (time < childTime || (time === childTime && (orders[lastRecord] as number) < (orders[records[child] as number] as number))) break;
        times[i] = childTime;
        records[i] = records[child] as number;
        i = child;
      }
      times[i] = time;
      records[i] = lastRecord;
    }
    return true;
  }

  /** Removes every event, slots included (tokens keep counting, so old ones never match again). */
  clear(): void {
    const capacity = this.times.length;
    for (let i = 0; i < capacity; i++) this.freeRecords[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.count = 0;
    this.slotActive.fill(0);
    this.activeSlots = 0;
    this.firstSlot = -1;
  }

  private grow(): void {
    const old = this.times.length;
    const capacity = old * 2;
    const times = new Float64Array(capacity);
    const records = new Int32Array(capacity);
    const orders = new Float64Array(capacity);
    const payloads = new Int32Array(capacity);
    times.set(this.times);
    records.set(this.records);
    orders.set(this.recordOrders);
    payloads.set(this.recordPayloads);
    this.times = times;
    this.records = records;
    this.recordOrders = orders;
    this.recordPayloads = payloads;
    const free = new Int32Array(capacity);
    for (let i = capacity - 1; i >= old; i--) free[this.freeCount++] = i;
    this.freeRecords = free;
  }
}
