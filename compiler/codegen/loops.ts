// Runs of identical, chained iterations of one repeat (`blocks.0` … `blocks.11`) that the
// generated code writes as one `for` loop instead of one call per instance. The structure says
// which regions are consecutive iterations; their instance names give the loop's name template.
import type { NodeId } from "../ir/types.ts";
import type { Item, Region } from "./regions.ts";

/** A loop over instances `stem[from..to)` of one region signature. */
export interface LoopRun {
  readonly regions: readonly Region[];
  /** The instance name split around its loop index: `blocks.${i}` → ["blocks.", ""]. */
  readonly before: string;
  readonly after: string;
  readonly from: number;
  /** Which input slot carries the previous instance's output. */
  readonly chain: number;
}

/** The items with chained runs (two or more instances) replaced by loops. */
export function findLoops(
  items: readonly Item[],
  users: Map<NodeId, NodeId[]>,
): (Item | { readonly k: "loop"; readonly loop: LoopRun })[] {
  const out: (Item | { readonly k: "loop"; readonly loop: LoopRun })[] = [];
  let i = 0;
  while (i < items.length) {
    const run = longestRun(items, i, users);
    if (run !== undefined) {
      out.push({ k: "loop", loop: run });
      i += run.regions.length;
    } else {
      out.push(items[i]!);
      i++;
    }
  }
  return out;
}

function longestRun(
  items: readonly Item[],
  start: number,
  users: Map<NodeId, NodeId[]>,
): LoopRun | undefined {
  const first = items[start];
  if (first?.k !== "region" || first.region.outputs.length !== 1) return undefined;
  if (first.region.iteration === undefined) return undefined;
  const regions = [first.region];
  let pattern: { before: string; after: string; from: number } | undefined;
  let chain = -1;
  for (let j = start + 1; j < items.length; j++) {
    const item = items[j]!;
    if (item.k !== "region") break;
    const prev = regions[regions.length - 1]!;
    const r = item.region;
    if (r.signature !== first.region.signature || !sameConstants(r, first.region)) break;
    if (!nextIteration(prev, r)) break;
    const p = indexPattern(prev.instance, r.instance);
    if (
      p === undefined ||
      (pattern !== undefined && (p.before !== pattern.before || p.after !== pattern.after))
    )
      break;
    if (p.from !== (pattern?.from ?? p.from) + regions.length - 1) break;
    const slot = chainSlot(prev, r, first.region, users);
    if (slot === undefined || (chain !== -1 && slot !== chain)) break;
    pattern = { before: p.before, after: p.after, from: pattern?.from ?? p.from };
    chain = slot;
    regions.push(r);
  }
  if (regions.length < 2 || pattern === undefined) return undefined;
  return { regions, ...pattern, chain };
}

/** True when `b` is the iteration right after `a` in the same repeat. */
function nextIteration(a: Region, b: Region): boolean {
  const [x, y] = [a.iteration, b.iteration];
  return x !== undefined && y !== undefined && x.repeat === y.repeat && y.index === x.index + 1;
}

/** Two instance names that differ only in one integer segment, `n` then `n + 1`: the pattern around it. */
function indexPattern(
  a: string,
  b: string,
): { before: string; after: string; from: number } | undefined {
  const sa = a.split(".");
  const sb = b.split(".");
  if (sa.length !== sb.length) return undefined;
  const diff = sa.map((_s, k) => k).filter((k) => sa[k] !== sb[k]);
  const k = diff[0];
  if (diff.length !== 1 || k === undefined) return undefined;
  const [x, y] = [sa[k]!, sb[k]!];
  if (!/^\d+$/.test(x) || !/^\d+$/.test(y) || Number(y) !== Number(x) + 1) return undefined;
  const before = sa.slice(0, k).join(".");
  const after = sa.slice(k + 1).join(".");
  return {
    before: before === "" ? "" : `${before}.`,
    after: after === "" ? "" : `.${after}`,
    from: Number(x),
  };
}

/** The input slot of `next` fed by `prev`'s only output, if every other input is the same as the first instance's. */
function chainSlot(
  prev: Region,
  next: Region,
  first: Region,
  users: Map<NodeId, NodeId[]>,
): number | undefined {
  const out = prev.outputs[0]!;
  const inside = new Set(next.nodes.map((n) => n.id));
  if (!(users.get(out) ?? []).every((u) => inside.has(u))) return undefined;
  if (next.inputs.length !== first.inputs.length) return undefined;
  const slot = next.inputs.indexOf(out);
  if (slot < 0 || next.inputs.some((id, k) => k !== slot && id !== first.inputs[k]))
    return undefined;
  return slot;
}

/** Instances of one function whose differing constants (its number arguments) are equal too. */
function sameConstants(a: Region, b: Region): boolean {
  return a.constants.every((c, k) => c.value === b.constants[k]?.value);
}
