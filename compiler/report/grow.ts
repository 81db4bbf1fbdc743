// The model after each growth event, for the report's before → after figures: the same stage graphs
// that training switches to (compiler/lower/grow-stages.ts), so the figures match the run's records.
import type { Graph } from "../ir/types.ts";
import type { GrowEventSpec } from "../lower/grow-spec.ts";
import { applyEvent } from "../lower/grow-stages.ts";
import type { GrowStage } from "./report.ts";

/** `ffn 256 → 512`, `depth 2 → 4 by stacking` */
export function describeEvent(e: GrowEventSpec): string {
  return `${e.target} ${e.from} → ${e.to}${e.method === "stacking" ? " by stacking" : ""}${e.maskedOver > 0 ? `, masked over ${e.maskedOver} steps` : ""}`;
}

/**
 * The graphs after each event, in step order (stops at an event the rebuild cannot follow): the
 * models training runs switch to (compiler/lower/grow-stages.ts, without masks; heads keep their
 * size, width growth keeps the attention width), so the figures match the run's grow records.
 */
export function growStages(g: Graph, events: readonly GrowEventSpec[]): GrowStage[] {
  const stages: GrowStage[] = [];
  let cur = g;
  for (const e of [...events].sort((a, b) => a.step - b.step)) {
    try {
      cur = applyEvent(cur, e, false).graph;
    } catch {
      break;
    }
    stages.push({ step: e.step, event: describeEvent(e), graph: cur });
  }
  return stages;
}
