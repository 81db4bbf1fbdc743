// A compiled model's static facts (ModelMeta): written by the compiler (compiler/codegen/meta.ts),
// read by the runtime (runtime/model.ts) and the generated program. Declared here, where both may
// import it (the compiler does not import the runtime).
import type { ExitSpec } from "./exits.ts";

/** Static facts about a compiled model, printed by the generated program and checked in tests. */
export interface ModelMeta {
  readonly name: string;
  readonly source: string;
  readonly paramCount: number;
  readonly vocab: number;
  readonly context: number;
  readonly width: number;
  /** The model's early exits (`repeat … with layerskip | exits`, spec/exits.ts). */
  readonly exits?: ExitSpec;
  /** Set when the model cannot generate text causally (p-MoD): why; decoding refuses it. */
  readonly noDecode?: string;
}
