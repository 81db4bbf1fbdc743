// The position and memory settings of `attend(…)`: `rope:` with `rope_base:` (rotary embeddings),
// `alibi:` (linear biases) and `memory:` (persistent key/value vectors, constructs.md §5.2), checked
// against the head size and each other and turned into the attention op's attributes.
import type { Span } from "../../grammar/core/source.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import type { OpAttrs } from "../ir/types.ts";
import { report, type Ctx, type Frame } from "./frame.ts";
import { num, POISON, type Value } from "./values.ts";

type Settings = Pick<OpAttrs["attention"], "rope" | "alibi" | "memory">;

/** The settings as attributes (only those that are on), or undefined after a reported error. */
export function attendSettings(
  args: ReadonlyMap<string, Value>,
  headDim: number,
  at: (name: string) => Span,
  f: Frame,
  ctx: Ctx,
): Settings | undefined {
  const rope = args.get("rope");
  const alibi = args.get("alibi");
  const base = num(args.get("rope_base") ?? POISON);
  const memory = num(args.get("memory") ?? POISON);
  if (rope?.t !== "bool" || alibi?.t !== "bool" || base === undefined || memory === undefined)
    return undefined;
  if (rope.v && alibi.v) {
    report(ctx, f, shapes.positionsExclusive(at("alibi")));
    return undefined;
  }
  if (rope.v && headDim % 2 !== 0) {
    report(ctx, f, shapes.ropeHeadSize(at("rope"), headDim));
    return undefined;
  }
  if (!(base > 0)) {
    report(ctx, f, shapes.notPositive(at("rope_base"), "rope_base", base));
    return undefined;
  }
  if (memory < 0) {
    report(ctx, f, shapes.negative(at("memory"), "the number of memory vectors", memory));
    return undefined;
  }
  return {
    ...(rope.v ? { rope: base } : {}),
    ...(alibi.v ? { alibi: true as const } : {}),
    ...(memory > 0 ? { memory } : {}),
  };
}
