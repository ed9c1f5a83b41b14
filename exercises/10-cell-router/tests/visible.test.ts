import { describe, during, expect, test } from '../../_harness';
import { CellRouter, RoutingError } from '../start/cell-router';

const FOUR = ['cell-a', 'cell-b', 'cell-c', 'cell-d'];
const CUSTOMERS = Array.from({ length: 10_000 }, (_, index) => `customer-${index}`);

/** Where every customer goes now. */
function snapshot(router: CellRouter, customers: readonly string[] = CUSTOMERS): Map<string, string> {
  return new Map(customers.map((customer) => [customer, router.cellFor(customer)]));
}

/** Customers whose cell differs between two snapshots, with their old and new cells. */
function moves(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Array<{ customer: string; from: string; to: string }> {
  const moved: Array<{ customer: string; from: string; to: string }> = [];
  for (const [customer, from] of before) {
    const to = after.get(customer) ?? '';
    if (to !== from) moved.push({ customer, from, to });
  }
  return moved;
}

function countBy(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

describe('CellRouter.cellFor', () => {
  test('sends a customer to the same cell on every call, in every router instance, whatever order the cells are listed in', () => {
    const first = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const second = during('building a router with the four cells in reverse order', () => new CellRouter([...FOUR].reverse()));
    const sample = CUSTOMERS.slice(0, 2000);
    const a = during('routing 2,000 customers', () => snapshot(first, sample));
    const again = during('routing the same 2,000 customers again', () => snapshot(first, sample));
    const b = during('routing 2,000 customers with the second router', () => snapshot(second, sample));
    const unstable = moves(a, again);
    expect(unstable.length, `customers sent elsewhere by a second call to the same router (e.g. ${JSON.stringify(unstable[0])})`).toBe(0);
    const disagree = moves(a, b);
    expect(disagree.length, `customers sent elsewhere by a second router with the same cells (e.g. ${JSON.stringify(disagree[0])})`).toBe(0);
  });

  test('uses the highest rendezvous score: these customers go to these cells', () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const routes = Object.fromEntries(
      ['customer-1', 'customer-42', 'acme', 'globex', 'initech', 'umbrella'].map((customer) => [customer, during(`calling cellFor('${customer}')`, () => router.cellFor(customer))]),
    );
    expect(routes, 'cells for six customers').toEqual({
      'customer-1': 'cell-d',
      'customer-42': 'cell-a',
      acme: 'cell-b',
      globex: 'cell-c',
      initech: 'cell-d',
      umbrella: 'cell-c',
    });
  });

  test("on a score tie, the cell whose id sorts first (by code units, as < compares) wins, whatever the listing order", () => {
    // 'Cell-kehiei' and 'cell-hfb7ac' have the same FNV-1a hash, so they score alike for EVERY customer.
    // By code units 'C' (U+0043) sorts before 'c' (U+0063); localeCompare would put 'cell-hfb7ac' first.
    const tied = ['cell-hfb7ac', 'Cell-kehiei'];
    for (const listing of [tied, [...tied].reverse()]) {
      const router = during(`building new CellRouter(${JSON.stringify(listing)})`, () => new CellRouter(listing));
      const routes = during('routing 200 customers', () => snapshot(router, CUSTOMERS.slice(0, 200)));
      const elsewhere = [...routes].filter(([, cell]) => cell !== 'Cell-kehiei').map(([customer]) => customer);
      expect(
        elsewhere.length,
        `customers of new CellRouter(${JSON.stringify(listing)}) not sent to 'Cell-kehiei' (e.g. ${elsewhere[0] ?? ''} → ${routes.get(elsewhere[0] ?? '') ?? ''}). Both cells score the same for everyone, so the id that sorts first by code units must win, not the first or last listed, and not localeCompare's order`,
      ).toBe(0);
    }
  });

  test('spreads 10,000 customers over four cells within 10% of an even share', () => {
    const counts = countBy(during('routing 10,000 customers over FOUR', () => snapshot(new CellRouter(FOUR))).values());
    for (const cell of FOUR) {
      expect(counts[cell] ?? 0, `customers in ${cell} (an even share is 2,500)`).toBeGreaterThanOrEqual(2250);
      expect(counts[cell] ?? 0, `customers in ${cell} (an even share is 2,500)`).toBeLessThanOrEqual(2750);
    }
  });
});

describe('CellRouter.drain', () => {
  test("moves exactly the drained cell's customers and spreads them over the other cells", () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const before = during('routing 10,000 customers', () => snapshot(router));
    during("calling drain('cell-b')", () => router.drain('cell-b'));
    const after = during("routing 10,000 customers after drain('cell-b')", () => snapshot(router));
    const moved = moves(before, after);
    const outsiders = moved.filter((move) => move.from !== 'cell-b');
    expect(outsiders.length, `customers moved by draining cell-b although they were not in cell-b (e.g. ${JSON.stringify(outsiders[0])})`).toBe(0);
    const stayed = [...after].filter(([, cell]) => cell === 'cell-b').length;
    expect(stayed, 'customers still sent to the drained cell-b').toBe(0);
    const received = countBy(moved.map((move) => move.to));
    const total = moved.length;
    const owned = [...before.values()].filter((cell) => cell === 'cell-b').length;
    expect(owned, 'customers in cell-b before it was drained (about 2,500 of 10,000 when every customer goes to its highest-scoring cell)').toBeGreaterThan(0);
    expect(total, `customers that moved off cell-b when it was drained (cell-b had ${owned} of them before)`).toBe(owned);
    for (const cell of ['cell-a', 'cell-c', 'cell-d']) {
      expect((received[cell] ?? 0) / total, `share of cell-b's ${total} customers that moved to ${cell} (about a third)`).toBeGreaterThanOrEqual(0.25);
      expect((received[cell] ?? 0) / total, `share of cell-b's ${total} customers that moved to ${cell} (about a third)`).toBeLessThanOrEqual(0.42);
    }
  });
});

describe('CellRouter.add', () => {
  test('moves only customers into the new cell, about 1 in 5 when a fifth cell joins four', () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const before = during('routing 10,000 customers', () => snapshot(router));
    during("calling add('cell-e')", () => router.add('cell-e'));
    const moved = moves(before, during("routing 10,000 customers after add('cell-e')", () => snapshot(router)));
    const elsewhere = moved.filter((move) => move.to !== 'cell-e');
    expect(elsewhere.length, `customers moved between old cells when cell-e was added (e.g. ${JSON.stringify(elsewhere[0])})`).toBe(0);
    expect(moved.length, 'customers moved to cell-e (a fair share is 2,000 of 10,000)').toBeGreaterThanOrEqual(1700);
    expect(moved.length, 'customers moved to cell-e (a fair share is 2,000 of 10,000)').toBeLessThanOrEqual(2300);
  });
});

describe('CellRouter.pin', () => {
  test('a pin beats the hash, survives adding and draining other cells, and unpin restores the hashed cell', () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    const hashed = during("calling cellFor('acme')", () => router.cellFor('acme'));
    const target = FOUR.find((cell) => cell !== hashed) ?? '';
    during(`calling pin('acme', '${target}')`, () => router.pin('acme', target));
    expect(during("calling cellFor('acme') after pinning", () => router.cellFor('acme')), 'acme after pinning it').toBe(target);
    during("calling add('cell-e')", () => router.add('cell-e'));
    expect(during("calling cellFor('acme') after add('cell-e')", () => router.cellFor('acme')), 'acme after cell-e was added').toBe(target);
    const other = FOUR.find((cell) => cell !== target) ?? '';
    during(`calling drain('${other}')`, () => router.drain(other));
    expect(during(`calling cellFor('acme') after drain('${other}')`, () => router.cellFor('acme')), `acme after ${other} was drained`).toBe(target);
    during("calling unpin('acme')", () => router.unpin('acme'));
    const fresh = during('building a fresh router with the open cells', () => new CellRouter(router.cells));
    expect(during("calling cellFor('acme') after unpinning", () => router.cellFor('acme')), 'acme after unpinning (its hashed cell among the open cells)').toBe(fresh.cellFor('acme'));
  });
});

describe('CellRouter errors', () => {
  test('refuses unknown, drained and duplicate cells, the last open cell, and bad ids with a RoutingError', () => {
    const router = during("building new CellRouter(['cell-a', 'cell-b'])", () => new CellRouter(['cell-a', 'cell-b']));
    expect(() => router.drain('cell-x'), 'draining an unknown cell').toThrow(RoutingError);
    expect(() => router.drain('cell-x'), 'the message for draining an unknown cell names it').toThrow('cell-x');
    during("calling drain('cell-b') with cell-a still open", () => router.drain('cell-b'));
    expect(() => router.drain('cell-b'), 'draining cell-b a second time').toThrow(RoutingError);
    expect(() => router.drain('cell-b'), 'the message for draining cell-b a second time says it is already drained').toThrow(/drained/i);
    expect(() => router.drain('cell-a'), 'draining the last open cell').toThrow(RoutingError);
    expect(() => router.pin('acme', 'cell-b'), 'pinning to a drained cell').toThrow(RoutingError);
    expect(() => router.pin('acme', 'cell-x'), 'pinning to an unknown cell').toThrow(RoutingError);
    expect(() => router.add('cell-a'), 'adding a cell that is already open').toThrow(RoutingError);
    expect(() => router.cellFor(''), 'an empty customer id').toThrow(RoutingError);
    expect(() => router.add(''), 'adding a cell with an empty id').toThrow(RoutingError);
    expect(() => new CellRouter([]), 'a router with no cells').toThrow(RoutingError);
    expect(() => new CellRouter(['cell-a', 'cell-a']), 'a cell listed twice').toThrow(RoutingError);
    expect(router.cells, 'open cells after all that').toEqual(['cell-a']);
  });

  test('refuses to drain a cell that has pinned customers, naming them', () => {
    const router = during('building new CellRouter(FOUR)', () => new CellRouter(FOUR));
    during("calling pin('big-co', 'cell-c')", () => router.pin('big-co', 'cell-c'));
    expect(() => router.drain('cell-c'), 'draining cell-c with big-co pinned to it').toThrow(RoutingError);
    expect(() => router.drain('cell-c'), 'the refusal names the pinned customer').toThrow('big-co');
    expect(router.cells, 'open cells after the refused drain').toEqual(FOUR);
  });
});
