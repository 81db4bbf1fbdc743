// Hash-routing tables (constructs.md §7.7, the Hash Layers paper): token id → expert, fixed before
// training. With the training data known, a table balances the data's token FREQUENCIES across the
// experts (greedy: the most frequent ids first, each to the expert with the least mass so far; ties
// in a seeded random order); without data, it balances the ids (a seeded permutation dealt
// round-robin). A table is model state: a run builds each layer's table once (HashTables) and
// records it in every checkpoint, so resume, export and sampling route exactly as training did.
import { RuntimeUserError } from "../errors.ts";
import { mixSeed, Rng } from "../init.ts";

/** How a table was built: from the training data's token counts, or balanced over the ids. */
export type HashTableSource = "frequency" | "ids";

/** One layer's table as a checkpoint records it. */
export interface RecordedHashTable {
  readonly experts: number;
  readonly source: HashTableSource;
  /** table[id] = expert, one entry per vocabulary id. */
  readonly table: readonly number[];
}

/** 0 … n−1 in a seeded random order (Fisher–Yates). */
function seededOrder(n: number, seed: number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

/** A fixed, id-balanced random hash: a seeded permutation of the ids dealt round-robin. */
export function hashTable(vocab: number, experts: number, seed: number): Int32Array {
  const table = new Int32Array(vocab);
  seededOrder(vocab, seed).forEach((tok, rank) => (table[tok] = rank % experts));
  return table;
}

/** A binary min-heap over 0 … n−1 under `less`, whose keys only grow: the root is the least. */
class GrowingMinHeap {
  private readonly heap: number[];
  constructor(
    private readonly n: number,
    private readonly less: (a: number, b: number) => boolean,
  ) {
    this.heap = Array.from({ length: n }, (_, i) => i).sort((a, b) => (less(a, b) ? -1 : 1));
  }
  get root(): number {
    return this.heap[0]!;
  }
  /** Restores the order after the root's key grew. */
  rootGrew(): void {
    const h = this.heap;
    for (let i = 0; ;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let m = i;
      if (l < this.n && this.less(h[l]!, h[m]!)) m = l;
      if (r < this.n && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/**
 * A frequency-balanced hash: the ids the data shows, in order of falling count (equal counts in a
 * seeded random order), each to the expert with the least count mass so far (greedy, as in
 * longest-processing-time scheduling: the masses differ by at most the largest count); then the
 * ids it never shows, each to the expert with the fewest ids, so that unseen ids stay spread.
 * counts[id] for id < counts.length; other ids count 0. Ties go to the lower expert index.
 */
export function frequencyHashTable(
  counts: ArrayLike<number>,
  vocab: number,
  experts: number,
  seed: number,
): Int32Array {
  const count = (id: number): number => (id < counts.length ? (counts[id] ?? 0) : 0);
  const order = seededOrder(vocab, seed).sort((a, b) => count(b) - count(a)); // stable sort
  const mass = new Float64Array(experts);
  const ids = new Int32Array(experts);
  const byMass = new GrowingMinHeap(experts, (a, b) =>
    mass[a] !== mass[b] ? mass[a]! < mass[b]! : ids[a] !== ids[b] ? ids[a]! < ids[b]! : a < b,
  );
  const table = new Int32Array(vocab);
  let k = 0;
  for (; k < order.length && count(order[k]!) > 0; k++) {
    const e = byMass.root;
    table[order[k]!] = e;
    mass[e] = mass[e]! + count(order[k]!);
    ids[e] = ids[e]! + 1;
    byMass.rootGrew();
  }
  const byIds = new GrowingMinHeap(experts, (a, b) =>
    ids[a] !== ids[b] ? ids[a]! < ids[b]! : a < b,
  );
  for (; k < order.length; k++) {
    const e = byIds.root;
    table[order[k]!] = e;
    ids[e] = ids[e]! + 1;
    byIds.rootGrew();
  }
  return table;
}

/** Token counts of a training split: counts[id] over `vocab` ids. */
export function tokenCounts(tokens: ArrayLike<number>, vocab: number): Float64Array {
  const counts = new Float64Array(vocab);
  for (let i = 0; i < tokens.length; i++) {
    const id = tokens[i]!;
    if (id >= 0 && id < vocab) counts[id] = counts[id]! + 1;
  }
  return counts;
}

/**
 * The hash tables of one run, by layer name (moeGates' `name`): each built on first use, from the
 * training data's counts when known, and recorded for checkpoints; a resumed run starts from the
 * recorded tables and never rebuilds them.
 */
export class HashTables {
  private readonly tables = new Map<string, RecordedHashTable & { readonly ids: Int32Array }>();

  /** counts: the training split's token counts, or null when no data is known (id-balanced). */
  constructor(
    private readonly counts: ArrayLike<number> | null,
    private readonly seed: number,
    recorded: Readonly<Record<string, RecordedHashTable>> = {},
  ) {
    for (const [name, r] of Object.entries(recorded))
      this.tables.set(name, { ...r, ids: Int32Array.from(r.table) });
  }

  /** How new tables are built. */
  get source(): HashTableSource {
    return this.counts === null ? "ids" : "frequency";
  }

  /** Layer `name`'s table over `vocab` ids and `experts` experts (layerSeed: the layer's hashSeed). */
  table(name: string, vocab: number, experts: number, layerSeed: number): Int32Array {
    const known = this.tables.get(name);
    if (known !== undefined) {
      if (known.ids.length !== vocab || known.experts !== experts)
        throw new RuntimeUserError(
          `The run's hash table for '${name}' routes ${known.ids.length} ids to ${known.experts} experts, but the model's layer has ${vocab} ids and ${experts} experts: it was recorded by a different model.`,
        );
      return known.ids;
    }
    // id-balanced tables depend on the layer only (as outside a run); frequency ones also on the run's seed
    const ids =
      this.counts === null
        ? hashTable(vocab, experts, layerSeed)
        : frequencyHashTable(this.counts, vocab, experts, mixSeed(this.seed, "hash", layerSeed));
    this.tables.set(name, { experts, source: this.source, table: [...ids], ids });
    return ids;
  }

  /** Every table built or restored so far, for a checkpoint (empty for a model without hash layers). */
  record(): Record<string, RecordedHashTable> {
    return Object.fromEntries(
      [...this.tables].map(([name, { experts, source, table }]) => [
        name,
        { experts, source, table },
      ]),
    );
  }
}
