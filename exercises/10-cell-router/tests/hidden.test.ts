import { describe, expect, forEachSeed, test, type SeededRandom } from '../../_harness';
import { CellRouter, RoutingError } from '../start/cell-router';

const FOUR = ['cell-a', 'cell-b', 'cell-c', 'cell-d'];
const CUSTOMERS = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);
const SAMPLE = CUSTOMERS.slice(0, 3000);

function snapshot(router: CellRouter, customers: readonly string[] = SAMPLE): Map<string, string> {
  return new Map(customers.map((customer) => [customer, router.cellFor(customer)]));
}

function differences(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Array<{ customer: string; from: string; to: string }> {
  const moved: Array<{ customer: string; from: string; to: string }> = [];
  for (const [customer, from] of before) {
    const to = after.get(customer) ?? '';
    if (to !== from) moved.push({ customer, from, to });
  }
  return moved;
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('CellRouter (history does not matter)', () => {
  test('a router that added a cell agrees with one built with that cell from the start', () => {
    const grown = new CellRouter(FOUR);
    grown.add('cell-e');
    const built = new CellRouter([...FOUR, 'cell-e']);
    const disagree = differences(snapshot(grown), snapshot(built));
    expect(disagree.length, `customers routed differently (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
  });

  test('a router that drained a cell agrees with one built without it', () => {
    const shrunk = new CellRouter(FOUR);
    shrunk.drain('cell-a');
    const built = new CellRouter(['cell-b', 'cell-c', 'cell-d']);
    const disagree = differences(snapshot(shrunk), snapshot(built));
    expect(disagree.length, `customers routed differently (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
  });

  test('draining a cell and adding it back returns every customer to its original cell', () => {
    const router = new CellRouter(FOUR);
    const before = snapshot(router);
    router.drain('cell-c');
    router.add('cell-c');
    const changed = differences(before, snapshot(router));
    expect(changed.length, `customers not back in their original cell (e.g. ${JSON.stringify(changed[0])})`).toBe(0);
    expect(router.cells, 'open cells').toEqual(FOUR);
  });
});

describe('CellRouter (minimal movement)', () => {
  test('draining two cells in a row moves only the drained cell’s customers each time', () => {
    const router = new CellRouter([...FOUR, 'cell-e', 'cell-f']);
    let before = snapshot(router);
    for (const cell of ['cell-e', 'cell-b']) {
      router.drain(cell);
      const after = snapshot(router);
      const outsiders = differences(before, after).filter((move) => move.from !== cell);
      expect(outsiders.length, `customers outside ${cell} moved by draining it (e.g. ${JSON.stringify(outsiders[0])})`).toBe(0);
      before = after;
    }
  });

  test('an eleventh cell takes about 1 in 11 customers, a similar share from each of the ten', () => {
    const ten = Array.from({ length: 10 }, (_, index) => `cell-${index}`);
    const router = new CellRouter(ten);
    const customers = CUSTOMERS.slice(0, 6000);
    const before = snapshot(router, customers);
    router.add('cell-10');
    const moved = differences(before, snapshot(router, customers));
    expect(moved.filter((move) => move.to !== 'cell-10').length, 'customers moved between old cells').toBe(0);
    expect(moved.length, 'customers moved to cell-10 (a fair share is about 545 of 6,000)').toBeGreaterThanOrEqual(450);
    expect(moved.length, 'customers moved to cell-10 (a fair share is about 545 of 6,000)').toBeLessThanOrEqual(640);
    for (const cell of ten) {
      const owned = [...before.values()].filter((value) => value === cell).length;
      const lost = moved.filter((move) => move.from === cell).length;
      expect(lost / owned, `share of ${cell}'s ${owned} customers that moved (about 1/11 ≈ 0.09)`).toBeGreaterThanOrEqual(0.04);
      expect(lost / owned, `share of ${cell}'s ${owned} customers that moved (about 1/11 ≈ 0.09)`).toBeLessThanOrEqual(0.15);
    }
  });

  test('a router with one cell sends everyone there, and a second cell takes about half', () => {
    const router = new CellRouter(['solo']);
    const before = snapshot(router);
    expect([...before.values()].every((cell) => cell === 'solo'), 'everyone in the only cell').toBe(true);
    router.add('duo');
    const moved = differences(before, snapshot(router)).length;
    expect(moved, 'customers moved to the second cell (about 1,500 of 3,000)').toBeGreaterThanOrEqual(1300);
    expect(moved, 'customers moved to the second cell (about 1,500 of 3,000)').toBeLessThanOrEqual(1700);
  });
});

describe('CellRouter (pins)', () => {
  test('pinning and unpinning move only that customer', () => {
    const router = new CellRouter(FOUR);
    const before = snapshot(router);
    const customer = SAMPLE[17] ?? '';
    const target = FOUR.find((cell) => cell !== before.get(customer)) ?? '';
    router.pin(customer, target);
    const pinned = differences(before, snapshot(router));
    expect(pinned.map((move) => move.customer), 'customers moved by one pin').toEqual([customer]);
    router.unpin(customer);
    expect(differences(before, snapshot(router)).length, 'customers moved after unpinning').toBe(0);
  });

  test("a pin survives draining the customer's hashed cell", () => {
    const router = new CellRouter(FOUR);
    const hashed = router.cellFor('acme');
    const target = FOUR.find((cell) => cell !== hashed) ?? '';
    router.pin('acme', target);
    router.drain(hashed);
    expect(router.cellFor('acme'), `acme, pinned to ${target}, after its hashed cell ${hashed} was drained`).toBe(target);
  });

  test('a pin survives several drains and adds, and pinning again replaces the pin', () => {
    const router = new CellRouter([...FOUR, 'cell-e']);
    router.pin('big-co', 'cell-e');
    router.drain('cell-a');
    router.add('cell-f');
    router.drain('cell-b');
    router.add('cell-a');
    expect(router.cellFor('big-co'), 'big-co after two drains and two adds').toBe('cell-e');
    router.pin('big-co', 'cell-f');
    expect(router.cellFor('big-co'), 'big-co after pinning it to cell-f').toBe('cell-f');
    router.drain('cell-e');
    expect(router.cellFor('big-co'), 'big-co after cell-e (its old pin) was drained').toBe('cell-f');
  });

  test('unpinning a customer that is not pinned changes nothing', () => {
    const router = new CellRouter(FOUR);
    const before = snapshot(router);
    router.unpin('nobody');
    expect(differences(before, snapshot(router)).length, 'customers moved').toBe(0);
  });

  test('a drained cell can be reopened with add, and then pinned to again', () => {
    const router = new CellRouter(FOUR);
    router.drain('cell-d');
    router.add('cell-d');
    router.pin('acme', 'cell-d');
    expect(router.cellFor('acme'), 'acme pinned to the reopened cell-d').toBe('cell-d');
  });
});

describe('CellRouter (ids and errors)', () => {
  test('routes ids with non-ASCII characters by their UTF-8 bytes', () => {
    const router = new CellRouter(['eu-1', 'eu-2', 'us-1']);
    const routes = Object.fromEntries(['Zoë', '東京-7', '🚀-rocket'].map((customer) => [customer, router.cellFor(customer)]));
    expect(routes, 'cells for three non-ASCII ids').toEqual({ 'Zoë': 'eu-1', '東京-7': 'us-1', '🚀-rocket': 'eu-2' });
  });

  test('lists the open cells sorted by id', () => {
    const router = new CellRouter(['cell-c', 'cell-a', 'cell-b']);
    router.add('cell-0');
    router.drain('cell-b');
    expect(router.cells, 'open cells').toEqual(['cell-0', 'cell-a', 'cell-c']);
  });

  test('error messages name the cell and say whether it is unknown or drained', () => {
    const router = new CellRouter(FOUR);
    router.drain('cell-d');
    const unknown = thrownBy(() => router.drain('cell-x'));
    expect(unknown, 'draining cell-x').toBeInstanceOf(RoutingError);
    expect((unknown as Error).message, 'the message for draining an unknown cell').toMatch('cell-x');
    const twice = thrownBy(() => router.drain('cell-d'));
    expect(twice, 'draining cell-d twice').toBeInstanceOf(RoutingError);
    expect((twice as Error).message, 'the message for draining a drained cell').toMatch(/drained/i);
    const pinDrained = thrownBy(() => router.pin('acme', 'cell-d'));
    expect((pinDrained as Error).message, 'the message for pinning to a drained cell').toMatch(/drained/i);
    expect(() => router.add(''), 'adding a cell with an empty id').toThrow(RoutingError);
    expect(() => router.pin('', 'cell-a'), 'pinning an empty customer id').toThrow(RoutingError);
  });
});

/**
 * Random sequences of add, drain, pin and unpin. After every step the router must agree with a
 * fresh router built from the same open cells and pins, and only the customers the step concerns
 * may have moved.
 */
function checkRandomOperations(random: SeededRandom, steps: number): void {
  const customers = Array.from({ length: 200 }, (_, index) => `acct-${random.int(0, 1_000_000)}-${index}`);
  let nextCell = 0;
  const newCell = (): string => `cell-${String.fromCharCode(97 + (nextCell % 26))}${Math.floor(nextCell++ / 26)}`;
  const initial = Array.from({ length: random.int(2, 6) }, newCell);
  const router = new CellRouter(random.shuffle(initial));
  const pins = new Map<string, string>();
  let before = snapshot(router, customers);
  for (let step = 0; step < steps; step += 1) {
    const open = router.cells;
    const action = random.pick(['add', 'add', 'drain', 'drain', 'pin', 'unpin'] as const);
    let allowed: (move: { customer: string; from: string; to: string }) => boolean;
    let what: string;
    if (action === 'add') {
      const cell = newCell();
      router.add(cell);
      allowed = (move) => move.to === cell && !pins.has(move.customer);
      what = `add("${cell}")`;
    } else if (action === 'drain') {
      const pinnedCells = new Set(pins.values());
      const candidates = open.filter((cell) => !pinnedCells.has(cell));
      if (open.length < 2 || candidates.length === 0) continue;
      const cell = random.pick(candidates);
      router.drain(cell);
      allowed = (move) => move.from === cell;
      what = `drain("${cell}")`;
    } else if (action === 'pin') {
      const customer = random.pick(customers);
      const cell = random.pick(open);
      router.pin(customer, cell);
      pins.set(customer, cell);
      allowed = (move) => move.customer === customer && move.to === cell;
      what = `pin("${customer}", "${cell}")`;
    } else {
      const pinned = [...pins.keys()];
      if (pinned.length === 0) continue;
      const customer = random.pick(pinned);
      router.unpin(customer);
      pins.delete(customer);
      allowed = (move) => move.customer === customer;
      what = `unpin("${customer}")`;
    }
    const after = snapshot(router, customers);
    const wrong = differences(before, after).filter((move) => !allowed(move));
    expect(wrong.length, `customers moved by ${what} that it does not concern (e.g. ${JSON.stringify(wrong[0])})`).toBe(0);
    const fresh = new CellRouter(random.shuffle(router.cells));
    for (const [customer, cell] of pins) fresh.pin(customer, cell);
    const disagree = differences(after, snapshot(fresh, customers));
    expect(disagree.length, `customers routed differently from a fresh router with the same cells and pins, after ${what} (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
    before = after;
  }
}

describe('CellRouter under random operations', () => {
  test('after every add, drain, pin and unpin, only the customers concerned move, and a fresh router agrees', async () => {
    await forEachSeed(8, (random) => checkRandomOperations(random, 10));
  });
});
