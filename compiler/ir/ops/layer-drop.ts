// Op `layerDrop`: LayerSkip's per-sample layer dropout (constructs.md §8.2).
import { equalShapes } from "./elementwise.ts";
import type { OpDef } from "./op-def.ts";

/** `layerDrop {layer, depth, pMax, time}`: inputs [x_in, x_out], equal shapes → same. No params. */
export const layerDrop: OpDef<"layerDrop"> = {
  kind: "layerDrop",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, inputs) => equalShapes("layerDrop", inputs),
  params: () => [],
  verify: (n) => [
    ...(n.attrs.pMax >= 0 && n.attrs.pMax <= 1
      ? []
      : [`pMax must be in [0, 1], got ${n.attrs.pMax}`]),
    ...(n.attrs.layer >= 0 && n.attrs.layer < n.attrs.depth
      ? []
      : [`layer ${n.attrs.layer} is outside 0..${n.attrs.depth - 1}`]),
  ],
};
