// Repeat iterations written inline (`repeat n as i { residual(…) { … } … }`) have no block entry
// in `origin.path`; their nodes are recognized by the `blocks.<n>` scope of their parameter and
// instance names and grouped into synthetic regions, so identical iterations fold like blocks.
import type { Span } from "../../grammar/core/source.ts";
import type { NodeId } from "../ir/types.ts";
import { makeRegion, type Item } from "./regions.ts";

/** The block name given to an inline repeat body. */
export const REPEAT_BODY = "Block";

const OTHER = "\u0000other";
type Key = string | null;

/** Wraps runs of items of one inline repeat iteration (`<prefix>.blocks.<n>`) into regions. */
export function groupIterations(
  items: readonly Item[],
  prefix: string,
  depth: number,
  users: Map<NodeId, NodeId[]>,
): Item[] {
  const head = prefix === "" ? "" : `${prefix}.`;
  const pattern = new RegExp(
    `^${head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}blocks\\.\\d+(?=\\.|$)`,
  );
  const keys = resolveNeutrals(
    items,
    items.map((it) => keyOf(it, pattern)),
  );
  const out: Item[] = [];
  let i = 0;
  while (i < items.length) {
    const key = keys[i];
    let j = i + 1;
    while (
      key !== null &&
      key !== OTHER &&
      key !== undefined &&
      j < items.length &&
      keys[j] === key
    )
      j++;
    const run = items.slice(i, j);
    const only = run[0]!;
    if (
      key === null ||
      key === OTHER ||
      key === undefined ||
      (run.length === 1 && only.k === "region" && only.region.instance === key)
    ) {
      out.push(...run);
    } else {
      out.push({
        k: "region",
        region: makeRegion(REPEAT_BODY, key, depth, spanOf(only), run, users),
      });
    }
    i = j;
  }
  return out;
}

/** An item's iteration: from owned parameter names or the instance name; DWA and other owned names are outside; else neutral. */
function keyOf(it: Item, pattern: RegExp): Key {
  if (it.k === "region") return pattern.exec(it.region.instance)?.[0] ?? null;
  if (it.node.kind === "dwa") return OTHER;
  const owned = it.node.params.filter((p) => p.tiedTo === undefined);
  for (const p of owned) {
    const m = pattern.exec(p.name);
    if (m !== null) return m[0];
  }
  return owned.length > 0 ? OTHER : null;
}

/** Neutral items (no parameters: adds, activations…) join the iteration around them or before them. */
function resolveNeutrals(items: readonly Item[], keys: Key[]): Key[] {
  const out = [...keys];
  let i = 0;
  while (i < out.length) {
    if (out[i] !== null) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && out[j] === null) j++;
    const before = i > 0 ? out[i - 1] : null;
    const after = j < out.length ? out[j] : null;
    if (before !== null && before !== undefined && before !== OTHER) {
      if (after !== null && after !== undefined && after !== OTHER) {
        out.fill(before, i, j); // inside an iteration, or trailing it before the next one
      } else {
        // After the last iteration: only what comes from the same source text as that iteration.
        const range = rangeOf(items, out, before, i);
        for (let k = i; k < j && range !== undefined && within(spanOf(items[k]!), range); k++)
          out[k] = before;
      }
    }
    i = j;
  }
  return out;
}

/** The source range of the items keyed `key` just before index `end`. */
function rangeOf(
  items: readonly Item[],
  keys: readonly Key[],
  key: string,
  end: number,
): Span | undefined {
  let range: Span | undefined;
  for (let k = end - 1; k >= 0 && keys[k] === key; k--) {
    const s = spanOf(items[k]!);
    if (range === undefined) range = s;
    else if (s.file === range.file)
      range = {
        file: s.file,
        start: Math.min(s.start, range.start),
        end: Math.max(s.end, range.end),
      };
  }
  return range;
}

function within(s: Span, range: Span): boolean {
  return s.file === range.file && s.start >= range.start && s.end <= range.end;
}

function spanOf(it: Item): Span {
  return it.k === "node" ? it.node.origin.span : it.region.call;
}
