// `--exit-threshold T` (archc eval, archc sample): the early-exit rule's threshold τ instead of the
// model's own (`repeat … with layerskip | exits(threshold:)`), and the line that reports the mean
// exit layer (runtime/decode/exit-rule.ts).
import type { ModelMeta } from "../../runtime/model.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { numberFlag } from "./use-run.ts";

/** The flag's threshold (undefined when absent); a usage error unless ≥ 0. */
export function exitThresholdFlag(value: FlagValue): number | undefined {
  return value === undefined ? undefined : numberFlag("exit-threshold", value, 0, { min: 0 });
}

/** Refuses the flag on a model without early exits (a RuntimeUserError, reported by withRun). */
export function checkExitThreshold(meta: ModelMeta, threshold: number | undefined): void {
  if (threshold !== undefined && meta.exits === undefined)
    throw new RuntimeUserError(
      "--exit-threshold applies to a model with early exits (`repeat … with layerskip(…)` or `with exits(…)`); this run's model has none.",
    );
}

/** `mean exit layer 2.41 of 4 (rule max_posterior ≥ 0.8)`, or undefined for a model without exits. */
export function exitLine(
  meta: ModelMeta,
  mean: number | undefined,
  threshold: number | undefined,
): string | undefined {
  const e = meta.exits;
  if (e === undefined || mean === undefined) return undefined;
  const tau = threshold ?? e.threshold;
  const rule = e.rule === "max_posterior" ? `max posterior ≥ ${tau}` : `entropy ≤ ${tau} nats`;
  return `mean exit layer ${mean.toFixed(2)} of ${e.depth} (exit rule: ${rule})`;
}
