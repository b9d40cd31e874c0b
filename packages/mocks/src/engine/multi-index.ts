/** A secondary index: key → ids, in insertion order. Every domain store indexes its queries with these. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    const set = this.map.get(key);
    if (set) set.add(id);
    else this.map.set(key, new Set([id]));
  }

  get(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }

  delete(key: string, id: string): void {
    this.map.get(key)?.delete(id);
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
