// Size limits of lowering, each reported as a located error (grammar/core/messages/limits.ts) so
// that no input makes the compiler recurse past its stack or loop for hours: far beyond any real
// model (GPT-3 has 96 layers; the largest MoE layers have a few thousand experts).
import { limits as msg } from "../../grammar/core/messages/limits.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { GraphBuilder } from "../ir/build.ts";
import { report, type Ctx, type Frame } from "./frame.ts";

/** Blocks calling blocks: deeper chains are refused (each level is a recursion of lowering). */
export const MAX_BLOCK_DEPTH = 100;
/** Iterations of one `repeat`. */
export const MAX_REPEAT = 100_000;
/** Experts of one `moe` layer. */
export const MAX_EXPERTS = 65_536;
/**
 * Nodes of one model graph: 2.5 times a 10,000-layer GPT (10 nodes a layer), room for 65,536
 * three-node experts; nested repeats or blocks calling blocks twice over multiply past it fast.
 */
export const MAX_NODES = 250_000;

/** The graphs already reported as too large (one error per graph, where it was first seen). */
const overgrown = new WeakSet<GraphBuilder>();

/**
 * False when the graph being built has more than MAX_NODES nodes; the first time, ARCH4004 is
 * reported at `span` (the repeat, expert or block call about to add more). Checked before each
 * repeat iteration, expert and block instance: every way a source of bounded size multiplies nodes.
 */
export function graphSizeOk(span: Span, f: Frame, ctx: Ctx): boolean {
  if (ctx.b.nextId <= MAX_NODES) return true;
  if (!overgrown.has(ctx.b)) {
    overgrown.add(ctx.b);
    report(ctx, f, msg.graphTooLarge(span, MAX_NODES));
  }
  return false;
}

/** False (after reporting) when `value` of `what` at `span` exceeds `limit`. */
export function withinLimit(
  what: string,
  value: number,
  limit: number,
  span: Span,
  f: Frame,
  ctx: Ctx,
): boolean {
  if (value <= limit) return true;
  report(ctx, f, msg.countTooLarge(span, what, value, limit));
  return false;
}

/** False (after reporting) when calling `block` from frame `f` nests blocks too deeply. */
export function blockDepthOk(block: string, site: Span, f: Frame, ctx: Ctx): boolean {
  if (f.active.length < MAX_BLOCK_DEPTH) return true;
  report(ctx, f, msg.blocksTooDeep(site, MAX_BLOCK_DEPTH, block));
  return false;
}
