import { describe, during, expect, forEachSeed, test, type SeededRandom } from '../../_harness';
import { CellRouter, fnv1a32, RoutingError, score } from '../start/cell-router';

const FOUR = ['cell-a', 'cell-b', 'cell-c', 'cell-d'];
const CUSTOMERS = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);
const SAMPLE = CUSTOMERS.slice(0, 3000);

function snapshot(router: CellRouter, customers: readonly string[] = SAMPLE): Map<string, string> {
  return during(`routing ${customers.length} customers with cellFor`, () => new Map(customers.map((customer) => [customer, router.cellFor(customer)])));
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
    const grown = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    during(`calling add('cell-e')`, () => grown.add('cell-e'));
    const built = during(`building new CellRouter([...FOUR, 'cell-e'])`, () => new CellRouter([...FOUR, 'cell-e']));
    const disagree = differences(snapshot(grown), snapshot(built));
    expect(disagree.length, `customers routed differently (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
  });

  test('a router that drained a cell agrees with one built without it', () => {
    const shrunk = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    during(`calling drain('cell-a')`, () => shrunk.drain('cell-a'));
    const built = during(`building new CellRouter(['cell-b', 'cell-c', 'cell-d'])`, () => new CellRouter(['cell-b', 'cell-c', 'cell-d']));
    const disagree = differences(snapshot(shrunk), snapshot(built));
    expect(disagree.length, `customers routed differently (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
  });

  test('draining a cell and adding it back returns every customer to its original cell', () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    const before = snapshot(router);
    during(`calling drain('cell-c')`, () => router.drain('cell-c'));
    during(`calling add('cell-c')`, () => router.add('cell-c'));
    const changed = differences(before, snapshot(router));
    expect(changed.length, `customers not back in their original cell (e.g. ${JSON.stringify(changed[0])})`).toBe(0);
    expect(router.cells, 'open cells').toEqual(FOUR);
  });
});

describe('CellRouter (minimal movement)', () => {
  test('draining two cells in a row moves only the drained cell’s customers each time', () => {
    const router = during(`building new CellRouter([...FOUR, 'cell-e', 'cell-f'])`, () => new CellRouter([...FOUR, 'cell-e', 'cell-f']));
    let before = snapshot(router);
    for (const cell of ['cell-e', 'cell-b']) {
      during(`calling drain('${cell}')`, () => router.drain(cell));
      const after = snapshot(router);
      const outsiders = differences(before, after).filter((move) => move.from !== cell);
      expect(outsiders.length, `customers outside ${cell} moved by draining it (e.g. ${JSON.stringify(outsiders[0])})`).toBe(0);
      before = after;
    }
  });

  test('an eleventh cell takes about 1 in 11 customers, a similar share from each of the ten', () => {
    const ten = Array.from({ length: 10 }, (_, index) => `cell-${index}`);
    const router = during(`building new CellRouter(ten)`, () => new CellRouter(ten));
    const customers = CUSTOMERS.slice(0, 6000);
    const before = snapshot(router, customers);
    during(`calling add('cell-10')`, () => router.add('cell-10'));
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
    const router = during(`building new CellRouter(['solo'])`, () => new CellRouter(['solo']));
    const before = snapshot(router);
    expect([...before.values()].every((cell) => cell === 'solo'), 'everyone in the only cell').toBe(true);
    during(`calling add('duo')`, () => router.add('duo'));
    const moved = differences(before, snapshot(router)).length;
    expect(moved, 'customers moved to the second cell (about 1,500 of 3,000)').toBeGreaterThanOrEqual(1300);
    expect(moved, 'customers moved to the second cell (about 1,500 of 3,000)').toBeLessThanOrEqual(1700);
  });
});

describe('CellRouter (pins)', () => {
  test('pinning and unpinning move only that customer', () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    const before = snapshot(router);
    const customer = SAMPLE[17] ?? '';
    const target = FOUR.find((cell) => cell !== before.get(customer)) ?? '';
    during(`calling pin('${customer}', '${target}')`, () => router.pin(customer, target));
    const pinned = differences(before, snapshot(router));
    expect(pinned.map((move) => move.customer), 'customers moved by one pin').toEqual([customer]);
    during(`calling unpin('${customer}')`, () => router.unpin(customer));
    expect(differences(before, snapshot(router)).length, 'customers moved after unpinning').toBe(0);
  });

  test("a pin survives draining the customer's hashed cell", () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    const hashed = router.cellFor('acme');
    const target = FOUR.find((cell) => cell !== hashed) ?? '';
    during(`calling pin('acme', '${target}')`, () => router.pin('acme', target));
    during(`calling drain('${hashed}')`, () => router.drain(hashed));
    expect(router.cellFor('acme'), `acme, pinned to ${target}, after its hashed cell ${hashed} was drained`).toBe(target);
  });

  test('a pin survives several drains and adds, and pinning again replaces the pin', () => {
    const router = during(`building new CellRouter([...FOUR, 'cell-e'])`, () => new CellRouter([...FOUR, 'cell-e']));
    during(`calling pin('big-co', 'cell-e')`, () => router.pin('big-co', 'cell-e'));
    during(`calling drain('cell-a')`, () => router.drain('cell-a'));
    during(`calling add('cell-f')`, () => router.add('cell-f'));
    during(`calling drain('cell-b')`, () => router.drain('cell-b'));
    during(`calling add('cell-a')`, () => router.add('cell-a'));
    expect(router.cellFor('big-co'), 'big-co after two drains and two adds').toBe('cell-e');
    during(`calling pin('big-co', 'cell-f')`, () => router.pin('big-co', 'cell-f'));
    expect(router.cellFor('big-co'), 'big-co after pinning it to cell-f').toBe('cell-f');
    during(`calling drain('cell-e')`, () => router.drain('cell-e'));
    expect(router.cellFor('big-co'), 'big-co after cell-e (its old pin) was drained').toBe('cell-f');
  });

  test('unpinning a customer that is not pinned changes nothing', () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    const before = snapshot(router);
    during(`calling unpin('nobody')`, () => router.unpin('nobody'));
    expect(differences(before, snapshot(router)).length, 'customers moved').toBe(0);
  });

  test('a drained cell can be reopened with add, and then pinned to again', () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    during(`calling drain('cell-d')`, () => router.drain('cell-d'));
    during(`calling add('cell-d')`, () => router.add('cell-d'));
    during(`calling pin('acme', 'cell-d')`, () => router.pin('acme', 'cell-d'));
    expect(router.cellFor('acme'), 'acme pinned to the reopened cell-d').toBe('cell-d');
  });
});

describe('CellRouter (ids and errors)', () => {
  test('routes ids with non-ASCII characters by their UTF-8 bytes', () => {
    const router = during(`building new CellRouter(['eu-1', 'eu-2', 'us-1'])`, () => new CellRouter(['eu-1', 'eu-2', 'us-1']));
    const routes = Object.fromEntries(['Zoë', '東京-7', '🚀-rocket'].map((customer) => [customer, router.cellFor(customer)]));
    expect(routes, 'cells for three non-ASCII ids').toEqual({ 'Zoë': 'eu-1', '東京-7': 'us-1', '🚀-rocket': 'eu-2' });
  });

  test('lists the open cells sorted by id', () => {
    const router = during(`building new CellRouter(['cell-c', 'cell-a', 'cell-b'])`, () => new CellRouter(['cell-c', 'cell-a', 'cell-b']));
    during(`calling add('cell-0')`, () => router.add('cell-0'));
    during(`calling drain('cell-b')`, () => router.drain('cell-b'));
    expect(router.cells, 'open cells').toEqual(['cell-0', 'cell-a', 'cell-c']);
  });

  test('error messages name the cell and say whether it is unknown or drained', () => {
    const router = during(`building new CellRouter(FOUR)`, () => new CellRouter(FOUR));
    during(`calling drain('cell-d')`, () => router.drain('cell-d'));
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

describe('CellRouter (ties)', () => {
  // 'Cell-kehiei' and 'cell-hfb7ac' have the same FNV-1a hash (found by a birthday search), so
  // score() is equal for every customer. By code units 'Cell-kehiei' sorts first.
  const FIRST = 'Cell-kehiei';
  const SECOND = 'cell-hfb7ac';

  test('a tie goes to the id that sorts first among four cells, however the router got there, and to the other only once the first is drained', () => {
    const customers = CUSTOMERS.slice(0, 2000);
    const built = during('building a router with the two tied cells and two others', () => new CellRouter(['cell-a', SECOND, 'cell-b', FIRST]));
    const grown = during('building a router from cell-a and cell-b, then adding the tied cells second-first', () => {
      const router = new CellRouter(['cell-b', 'cell-a']);
      router.add(SECOND);
      router.add(FIRST);
      return router;
    });
    const routes = during('routing 2,000 customers', () => snapshot(built, customers));
    const toSecond = [...routes].filter(([, cell]) => cell === SECOND).map(([customer]) => customer);
    expect(toSecond.length, `customers sent to ${SECOND} while ${FIRST}, which scores the same for everyone and sorts first by code units, is open (e.g. ${toSecond[0] ?? ''})`).toBe(0);
    const tiedWinners = [...routes].filter(([, cell]) => cell === FIRST).length;
    expect(tiedWinners, `customers in ${FIRST} (the tied pair should win about half of them)`).toBeGreaterThan(500);
    const disagree = differences(routes, during('routing with the router that added the cells', () => snapshot(grown, customers)));
    expect(disagree.length, `customers routed differently by the router that added ${SECOND} before ${FIRST} (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
    during(`calling drain('${FIRST}')`, () => built.drain(FIRST));
    const moved = differences(routes, during(`routing after drain('${FIRST}')`, () => snapshot(built, customers)));
    const wrong = moved.filter((move) => move.from !== FIRST || move.to !== SECOND);
    expect(wrong.length, `moves other than ${FIRST} → ${SECOND} when ${FIRST} was drained (its tied twin is every customer's next best; e.g. ${JSON.stringify(wrong[0])})`).toBe(0);
    expect(moved.length, `customers moved from ${FIRST} to ${SECOND}`).toBe(tiedWinners);
  });
});

describe('CellRouter (ids and order)', () => {
  test('sorts cells by UTF-16 code units, the default string order, not localeCompare', () => {
    const router = during('building a router with mixed-case and accented ids', () => new CellRouter(['cell-b', 'cell-é', 'Cell-a', 'cell-9', 'cell-10']));
    expect(router.cells, 'open cells: uppercase before lowercase, "cell-10" before "cell-9", "é" (U+00E9) last').toEqual(['Cell-a', 'cell-10', 'cell-9', 'cell-b', 'cell-é']);
  });

  test('refuses empty and non-string ids in every method, and unpinning a customer without a pin does nothing', () => {
    const notAString = 42 as unknown as string;
    const cases: Array<[string, (router: CellRouter) => unknown]> = [
      ["new CellRouter(['cell-a', ''])", () => new CellRouter(['cell-a', ''])],
      ["new CellRouter(['cell-a', 42])", () => new CellRouter(['cell-a', notAString])],
      ['cellFor(42)', (router) => router.cellFor(notAString)],
      ['add(42)', (router) => router.add(notAString)],
      ["drain('')", (router) => router.drain('')],
      ["pin('acme', '')", (router) => router.pin('acme', '')],
      ["pin(42, 'cell-a')", (router) => router.pin(notAString, 'cell-a')],
      ["unpin('')", (router) => router.unpin('')],
    ];
    for (const [label, run] of cases) {
      const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
      expect(thrownBy(() => run(router)), label).toBeInstanceOf(RoutingError);
      expect(router.cells, `open cells after ${label} was refused`).toEqual(FOUR);
    }
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const before = during('routing 3,000 customers', () => snapshot(router));
    during("calling unpin('nobody') twice", () => {
      router.unpin('nobody');
      router.unpin('nobody');
    });
    expect(differences(before, snapshot(router)).length, 'customers moved by unpinning customers who have no pin').toBe(0);
  });

  test('a refused drain names every pinned customer, and the last open cell cannot be drained even with pins', () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    during('pinning big-co and tiny-co to cell-b, and acme to cell-a', () => {
      router.pin('big-co', 'cell-b');
      router.pin('tiny-co', 'cell-b');
      router.pin('acme', 'cell-a');
    });
    const refused = thrownBy(() => router.drain('cell-b'));
    expect(refused, 'draining cell-b with two customers pinned to it').toBeInstanceOf(RoutingError);
    const message = refused instanceof Error ? refused.message : String(refused);
    expect(message, 'the refusal names big-co').toMatch('big-co');
    expect(message, 'the refusal names tiny-co').toMatch('tiny-co');
    expect(message.includes('acme'), `the refusal names acme, who is pinned to cell-a, not cell-b: ${message}`).toBe(false);
    const solo = during("building new CellRouter(['solo'])", () => new CellRouter(['solo']));
    during("calling pin('acme', 'solo')", () => solo.pin('acme', 'solo'));
    expect(thrownBy(() => solo.drain('solo')), 'draining the last open cell, which also has a pin').toBeInstanceOf(RoutingError);
    expect(solo.cells, 'open cells after the refused drain').toEqual(['solo']);
  });
});

describe('CellRouter (messages and finished helpers)', () => {
  test('every RoutingError message names what it is about, and says "cell" or "customer" for a bad id', () => {
    const messageOf = (label: string, run: () => unknown): string => {
      const error = thrownBy(run);
      expect(error, label).toBeInstanceOf(RoutingError);
      expect((error as Error).name, `the name of the error for ${label}`).toBe('RoutingError');
      return (error as Error).message;
    };
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const solo = during("building new CellRouter(['solo'])", () => new CellRouter(['solo']));
    const cases: Array<[string, () => unknown, RegExp | string]> = [
      ['new CellRouter([])', () => new CellRouter([]), /\S/],
      ["new CellRouter(['cell-a', ''])", () => new CellRouter(['cell-a', '']), /cell/i],
      ["new CellRouter(['cell-a', 'cell-a'])", () => new CellRouter(['cell-a', 'cell-a']), 'cell-a'],
      ["cellFor('')", () => router.cellFor(''), /customer/i],
      ["add('')", () => router.add(''), /cell/i],
      ["add('cell-b'), already open", () => router.add('cell-b'), 'cell-b'],
      ["drain('')", () => router.drain(''), /cell/i],
      ["drain('solo'), the last open cell", () => solo.drain('solo'), 'solo'],
      ["pin('', 'cell-a')", () => router.pin('', 'cell-a'), /customer/i],
      ["pin('acme', '')", () => router.pin('acme', ''), /cell/i],
      ["pin('acme', 'cell-x'), an unknown cell", () => router.pin('acme', 'cell-x'), 'cell-x'],
      ["unpin('')", () => router.unpin(''), /customer/i],
    ];
    for (const [label, run, wanted] of cases) {
      const message = messageOf(label, run);
      expect(message, `the message for ${label} (it must say what is wrong: ${typeof wanted === 'string' ? `name ${wanted}` : String(wanted)})`).toMatch(wanted);
    }
  });

  test('fnv1a32 hashes the UTF-8 bytes of an id exactly as TextEncoder encodes them', () => {
    // Expected values: FNV-1a over new TextEncoder().encode(text), computed outside the exercise.
    const vectors: Array<[string, number]> = [
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
    ['\u0080', 0x5ba0875f],
    ['\u00eb', 0x1c9de59b],
    ['\u07ff', 0x10cddc83],
    ['\u0800', 0xbb6f99b7],
    ['\u6771\u4eac', 0x68dea76f],
    ['\uffff', 0x01479924],
    ['\ud800\udc00', 0x15b553b5],
    ['\udbff\udfff', 0x41c1bc3a],
    ['\ud83d\ude80', 0x7fa78ada],
    ['\ud800', 0x03479c4a],
    ['\udfff', 0x03479c4a],
    ['x\ud800', 0x978ebda8],
    ['\ud800a', 0x54bad7b1],
    ['\ud800\ue000', 0xfd15fb0c],
    ['\u00eb\udc00', 0x9bbf542c],
    ['\ue000\udc00', 0x5106080e],
    ['\udc00\udc00', 0x1be81887],
    ];
    for (const [text, expected] of vectors) {
      const actual = during(`calling fnv1a32(${JSON.stringify(text)})`, () => fnv1a32(text));
      if (actual !== expected) {
        expect(`0x${actual.toString(16)}`, `fnv1a32(${JSON.stringify(text)}) (fnv1a32 is finished: keep it as it was, it must hash UTF-8 bytes)`).toBe(`0x${expected.toString(16).padStart(8, '0')}`);
      }
    }
  });

  test('a customer whose score is 0 still gets a cell', () => {
    // fnv1a32('solo\u0000zero-IwOmbc') is 0, and so is its mix32: a score of 0, the lowest there is.
    expect(score('solo', 'zero-IwOmbc'), "score('solo', 'zero-IwOmbc') (score is finished: keep it as it was)").toBe(0);
    const router = during("building new CellRouter(['solo'])", () => new CellRouter(['solo']));
    expect(during("calling cellFor('zero-IwOmbc')", () => router.cellFor('zero-IwOmbc')), "cellFor('zero-IwOmbc') with one open cell, which scores 0 for it").toBe('solo');
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
  const router = during(`building new CellRouter(${JSON.stringify(initial)}) (shuffled)`, () => new CellRouter(random.shuffle(initial)));
  const pins = new Map<string, string>();
  let before = snapshot(router, customers);
  for (let step = 0; step < steps; step += 1) {
    const open = router.cells;
    const action = random.pick(['add', 'add', 'drain', 'drain', 'pin', 'unpin'] as const);
    let allowed: (move: { customer: string; from: string; to: string }) => boolean;
    let what: string;
    if (action === 'add') {
      const cell = newCell();
      during(`calling add('${cell}')`, () => router.add(cell));
      allowed = (move) => move.to === cell && !pins.has(move.customer);
      what = `add("${cell}")`;
    } else if (action === 'drain') {
      const pinnedCells = new Set(pins.values());
      const candidates = open.filter((cell) => !pinnedCells.has(cell));
      if (open.length < 2 || candidates.length === 0) continue;
      const cell = random.pick(candidates);
      during(`calling drain('${cell}')`, () => router.drain(cell));
      allowed = (move) => move.from === cell;
      what = `drain("${cell}")`;
    } else if (action === 'pin') {
      const customer = random.pick(customers);
      const cell = random.pick(open);
      during(`calling pin('${customer}', '${cell}')`, () => router.pin(customer, cell));
      pins.set(customer, cell);
      allowed = (move) => move.customer === customer && move.to === cell;
      what = `pin("${customer}", "${cell}")`;
    } else {
      const pinned = [...pins.keys()];
      if (pinned.length === 0) continue;
      const customer = random.pick(pinned);
      during(`calling unpin('${customer}')`, () => router.unpin(customer));
      pins.delete(customer);
      allowed = (move) => move.customer === customer;
      what = `unpin("${customer}")`;
    }
    const after = snapshot(router, customers);
    const wrong = differences(before, after).filter((move) => !allowed(move));
    expect(wrong.length, `customers moved by ${what} that it does not concern (e.g. ${JSON.stringify(wrong[0])})`).toBe(0);
    const fresh = during('building a fresh router with the same open cells, shuffled', () => new CellRouter(random.shuffle(router.cells)));
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
