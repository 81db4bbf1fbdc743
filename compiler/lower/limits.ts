// Size limits of lowering, each reported as a located error (grammar/core/messages/limits.ts) so
// that no input makes the compiler recurse past its stack or loop for hours: far beyond any real
// model (GPT-3 has 96 layers; the largest MoE layers have a few thousand experts).
import { limits as msg } from "../../grammar/core/messages/limits.ts";
import type { Span } from "../../grammar/core/source.ts";
import { report, type Ctx, type Frame } from "./frame.ts";

/** Blocks calling blocks: deeper chains are refused (each level is a recursion of lowering). */
export const MAX_BLOCK_DEPTH = 100;
/** Iterations of one `repeat`. */
export const MAX_REPEAT = 100_000;
/** Experts of one `moe` layer. */
export const MAX_EXPERTS = 65_536;

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
