import { MemoryStorage, type StorageLike } from '../../../src/progress';

/** A clock the test moves by hand. */
export function fakeClock(start = '2026-03-01T10:00:00.000Z') {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    tick(seconds = 1) {
      time += seconds * 1000;
    },
  };
}

/** One localStorage shared by several tabs: a write in one tab fires `storage` events in the others. */
export class SharedStorage {
  readonly items = new MemoryStorage();
  /** Total characters (keys + values) allowed, like a browser quota; Infinity by default. */
  quota = Number.POSITIVE_INFINITY;
  /** While false, other tabs get no events (as if they had not been delivered yet). */
  deliver = true;
  readonly #tabs: Array<{ view: StorageLike; events: EventTarget }> = [];

  used(): number {
    let total = 0;
    for (let index = 0; index < this.items.length; index++) {
      const key = this.items.key(index) ?? '';
      total += key.length + (this.items.getItem(key)?.length ?? 0);
    }
    return total;
  }

  /** A tab's own view of the storage and its window-like event target. */
  tab(): { storage: StorageLike; events: EventTarget } {
    const events = new EventTarget();
    const items = this.items;
    const broadcast = (key: string, value: string | null) => this.#broadcast(view, key, value);
    const used = () => this.used();
    const quota = () => this.quota;
    const view: StorageLike = {
      get length() {
        return items.length;
      },
      key: (index) => items.key(index),
      getItem: (key) => items.getItem(key),
      setItem(key, value) {
        const before = items.getItem(key);
        if (used() - (before === null ? 0 : key.length + before.length) + key.length + value.length > quota()) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        items.setItem(key, value);
        broadcast(key, value);
      },
      removeItem(key) {
        items.removeItem(key);
        broadcast(key, null);
      },
    };
    this.#tabs.push({ view, events });
    return { storage: view, events };
  }

  #broadcast(from: StorageLike, key: string, newValue: string | null) {
    if (!this.deliver) return;
    for (const tab of this.#tabs) {
      if (tab.view === from) continue;
      tab.events.dispatchEvent(Object.assign(new Event('storage'), { key, newValue, storageArea: tab.view }));
    }
  }
}
