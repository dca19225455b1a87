// What the apiserver works out again and again from the same few texts (a cluster's images, its
// quantities, its field managers, the managedFields its writers leave as they found them) is
// remembered by that text. The texts repeat, so the table stays small; when it does not, it is
// dropped whole at `max` entries, which costs each text one miss and keeps memory bounded.

export class BoundedMemo<K, V> {
  private readonly table = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value remembered for `key`, else `work(key)`, remembered. `work` must not return undefined. */
  get(key: K, work: (key: K) => V): V {
    let v = this.table.get(key);
    if (v === undefined) {
      if (this.table.size >= this.max) this.table.clear();
      this.table.set(key, (v = work(key)));
    }
    return v;
  }
}
