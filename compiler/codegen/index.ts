// Codegen's entry: an IR graph (plus the train section) → the text of a TypeScript training program.
import { emitModule, type ModuleInput } from "./emit-module.ts";
import { printModule } from "./print.ts";

export type { ModuleInput } from "./emit-module.ts";

/** The generated `model.ts`, formatted; deterministic for a given input. */
export async function generateModule(input: ModuleInput): Promise<string> {
  return printModule(emitModule(input));
}
