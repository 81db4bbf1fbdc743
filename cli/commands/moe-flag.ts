// `--moe dense|dispatch` (archc compile, archc train): forces the strategy of every MoE layer
// instead of the optimizer's cost estimate (compiler/passes/choose-moe-strategy.ts).
import { MOE_STRATEGIES, type MoeStrategy } from "../../spec/moe.ts";
import type { Io, OptionSpec } from "../command.ts";

export const MOE_OPTION: OptionSpec = {
  type: "string",
  valueName: "dense|dispatch",
  description: "run every MoE layer dense or dispatched (default: the optimizer's estimate)",
};

/** The flag's strategy: undefined when absent, null (after an error message) when invalid. */
export function moeStrategyOf(value: unknown, io: Io): MoeStrategy | undefined | null {
  if (value === undefined) return undefined;
  const known = MOE_STRATEGIES.find((s) => s === value);
  if (known !== undefined) return known;
  io.err(`error: --moe must be \`dense\` or \`dispatch\`, not \`${String(value)}\`\n`);
  return null;
}
