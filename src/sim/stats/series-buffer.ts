/**
 * Ring buffer of fixed-width numeric rows (one row per sample time). When full, the oldest row is
 * overwritten, so a long run keeps the most recent `capacity` samples in constant memory.
 */
export class SeriesBuffer {
  private readonly data: Float64Array;
  private start = 0;
  private length = 0;
  /** Number of numbers per row. */
  readonly width: number;
  /** Maximum number of rows kept. */
  readonly capacity: number;
  /** Rows ever appended, including overwritten ones. */
  appended = 0;

  constructor(width: number, capacity: number) {
    if (!(Number.isInteger(width) && width > 0 && Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError('series width and capacity must be positive integers');
    }
    this.width = width;
    this.capacity = capacity;
    this.data = new Float64Array(width * capacity);
  }

  /** Rows currently held. */
  get size(): number {
    return this.length;
  }

  /** Appends a copy of the first `width` numbers of `row`. */
  append(row: ArrayLike<number>): void {
    let slot: number;
    if (this.length < this.capacity) {
      slot = (this.start + this.length) % this.capacity;
      this.length++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    const offset = slot * this.width;
    for (let i = 0; i < this.width; i++) this.data[offset + i] = row[i] as number;
    this.appended++;
  }

  /**
   * Column `column` of the last `limit` rows (all held rows by default), oldest first, as a fresh
   * array.
   */
  column(column: number, limit = this.length): number[] {
    const take = Math.max(0, Math.min(limit, this.length));
    const out = new Array<number>(take);
    const first = this.length - take;
    for (let k = 0; k < take; k++) {
      const slot = (this.start + first + k) % this.capacity;
      out[k] = this.data[slot * this.width + column] as number;
    }
    return out;
  }

  /** Drops every row. */
  clear(): void {
    this.start = 0;
    this.length = 0;
  }
}
