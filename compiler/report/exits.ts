// The report's lines on a model's early exits (constructs.md §8.2, §8.3): which layers exit, through
// which norm and head, how training weights them and the exit rule `archc eval` / `archc sample` apply.
import type { ExitSpec } from "../../spec/exits.ts";

/** Layer numbers as the report writes them: 0-based, as in `blocks.<ℓ>`. */
const layerList = (ls: readonly number[]): string => (ls.length === 0 ? "none" : ls.join(", "));

export function exitLines(e: ExitSpec): string[] {
  const heads =
    e.kind === "layerskip"
      ? "through the shared final norm and head (LayerSkip)"
      : "each with its own norm and head";
  const loss =
    e.kind === "layerskip"
      ? `loss weights cumulative over the enabled exits, scale ${e.scale}, curriculum ${e.curriculum}${e.curriculum === "rotational" ? ` (every ${e.every})` : ""}`
      : "loss: the equal-weight sum of every exit's cross-entropy and the model's own";
  const rule =
    e.rule === "max_posterior" ? `max posterior ≥ ${e.threshold}` : `entropy ≤ ${e.threshold} nats`;
  return [
    "",
    `Early exits after blocks ${layerList(e.layers)} of ${e.depth}, ${heads};`,
    `${loss};`,
    `exit rule (archc eval, archc sample): the first exit whose ${rule}, else the full model.`,
  ];
}
