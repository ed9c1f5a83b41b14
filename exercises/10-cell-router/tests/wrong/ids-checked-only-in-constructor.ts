// Wrong on purpose — mistake: ids validated only where a router is built and where customers are
// routed. add, drain, pin and unpin take any value, so add('') opens a cell named "" (every
// customer who ranks it first is then sent to a cell no operator can name), and pin(42, …) stores
// a pin that no string customer id can ever match.

/**
 * A customer-to-cell router built on rendezvous (highest-random-weight) hashing. Each customer
 * goes to the open cell whose score for that customer is highest. The answer depends only on the
 * customer, the set of open cells and the pins, so every router replica agrees, and changing the
 * set of cells moves only the customers whose best cell changed: a drained cell's customers, or
 * the customers who rank a new cell first.
 */

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (Fowler, Noll and Vo). Test vectors:
 * "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968..
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        index += 1;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate, encoded as U+FFFD as TextEncoder does
    const bytes =
      code < 0x800
        ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
        : code < 0x10000
          ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The 32-bit finaliser of MurmurHash3 (Austin Appleby, public domain): spreads every input bit
 * over every output bit.
 */
export function mix32(value: number): number {
  let mixed = value >>> 0;
  mixed ^= mixed >>> 16;
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed >>> 0;
}

/**
 * The rendezvous score of a (cell, customer) pair: an integer in [0, 2³²), the same in every
 * process and on every run. Raw FNV-1a scores favour some cells over others because its last
 * bytes are poorly mixed, hence the finaliser.
 */
export function score(cellId: string, customerId: string): number {
  return mix32(fnv1a32(`${cellId}\u0000${customerId}`));
}

/** A routing request that cannot be honoured: an unknown or drained cell, or a bad id. */
export class RoutingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingError';
  }
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '') throw new RoutingError(`${what} must be a non-empty string, got ${JSON.stringify(id)}`);
  return id;
}

export class CellRouter {
  readonly #open = new Set<string>();
  readonly #drained = new Set<string>();
  readonly #pins = new Map<string, string>();

  constructor(cells: readonly string[]) {
    if (cells.length === 0) throw new RoutingError('A router needs at least one cell');
    for (const cell of cells) {
      checkId(cell, 'A cell id');
      if (this.#open.has(cell)) throw new RoutingError(`Cell "${cell}" is listed twice`);
      this.#open.add(cell);
    }
  }

  /** The open cells, sorted by id. */
  get cells(): string[] {
    return [...this.#open].sort();
  }

  /** The cell for `customerId`: its pinned cell if it has one, otherwise its highest-scoring open cell. */
  cellFor(customerId: string): string {
    checkId(customerId, 'A customer id');
    const pinned = this.#pins.get(customerId);
    if (pinned !== undefined) return pinned;
    let best = '';
    let bestScore = -1;
    for (const cell of this.#open) {
      const cellScore = score(cell, customerId);
      if (cellScore > bestScore || (cellScore === bestScore && cell < best)) {
        best = cell;
        bestScore = cellScore;
      }
    }
    return best;
  }

  /** Opens a new cell, or reopens a drained one. Only customers who rank it first move to it. */
  add(cellId: string): void {
    if (this.#open.has(cellId)) throw new RoutingError(`Cell "${cellId}" is already open`);
    this.#drained.delete(cellId);
    this.#open.add(cellId);
  }

  /** Closes a cell: its customers move to their next-best open cell; nobody else moves. */
  drain(cellId: string): void {
    if (this.#drained.has(cellId)) throw new RoutingError(`Cell "${cellId}" is already drained`);
    if (!this.#open.has(cellId)) throw new RoutingError(`Unknown cell "${cellId}". Open cells: ${this.cells.join(', ')}`);
    if (this.#open.size === 1) throw new RoutingError(`Cannot drain "${cellId}": it is the last open cell`);
    const pinned = [...this.#pins].filter(([, cell]) => cell === cellId).map(([customer]) => customer);
    if (pinned.length > 0) {
      throw new RoutingError(`Cannot drain "${cellId}": customers are pinned to it (${pinned.join(', ')}). Pin them to another cell or unpin them first`);
    }
    this.#open.delete(cellId);
    this.#drained.add(cellId);
  }

  /** Sends `customerId` to `cellId` whatever the hash says, until unpinned. The cell must be open. */
  pin(customerId: string, cellId: string): void {
    if (this.#drained.has(cellId)) throw new RoutingError(`Cannot pin to "${cellId}": the cell is drained`);
    if (!this.#open.has(cellId)) throw new RoutingError(`Cannot pin to unknown cell "${cellId}". Open cells: ${this.cells.join(', ')}`);
    this.#pins.set(customerId, cellId);
  }

  /** Removes a pin; the customer goes back to its hashed cell. Unpinning an unpinned customer does nothing. */
  unpin(customerId: string): void {
    this.#pins.delete(customerId);
  }
}
