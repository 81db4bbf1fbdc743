// `--moe dense|dispatch` (archc compile, archc train): forces the strategy of every MoE layer
// instead of the optimizer's cost estimate (compiler/passes/choose-moe-strategy.ts).
import type { MoeStrategy } from "../../compiler/ir/types.ts";
import type { Io, OptionSpec } from "../command.ts";

export const MOE_OPTION: OptionSpec = {
  type: "string",
  valueName: "dense|dispatch",
  description: "run every MoE layer dense or dispatched (default: the optimizer's estimate)",
};

/** The flag's strategy: undefined when absent, null (after an error message) when invalid. */
export function moeStrategyOf(value: unknown, io: Io): MoeStrategy | undefined | null {
  if (value === undefined) return undefined;
  if (value === "dense" || value === "dispatch") return value;
  io.err(`error: --moe must be \`dense\` or \`dispatch\`, not \`${String(value)}\`\n`);
  return null;
}
