// The early exits of a model as lowering carries them from its repeat (`with layerskip | exits`,
// exits.ts) to its head (model.ts): plain data on the Ctx.
import type { Span } from "../../grammar/core/source.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import type { TensorValue } from "./values.ts";

export interface ExitPlan {
  readonly spec: ExitSpec;
  /** LayerSkip's layer dropout (absent for `exits`). */
  readonly drop?: { readonly pMax: number; readonly time: boolean };
  /** The stream after each exit layer (after its layer dropout). */
  readonly points: Map<number, TensorValue>;
  readonly span: Span;
}
