// The catalog of the depth constructs (#12): BERMo's scalar mix and p-MoD's mixture-of-depths.
import { defineMessages } from "./define.ts";

export const depth = defineMessages({
  scalarMixOutsideModel: {
    code: "ARCH3040",
    message: () =>
      "`with scalar_mix` mixes the outputs of a model's layers, but this repeat is inside a block",
    hint: () => "move the repeat with `with scalar_mix` into the model body",
  },
  scalarMixWidth: {
    code: "ARCH3041",
    message: (got: number, expected: number) =>
      `the scalar mix adds layer outputs of one width, but a layer outputs ${got} instead of ${expected}`,
  },
  pmodOutsideModel: {
    code: "ARCH3042",
    message: () =>
      "`with pmod` routes the tokens of a model's layers, but this repeat is inside a block",
    hint: () => "move the repeat with `with pmod(…)` into the model body",
  },
  pmodRatio: {
    code: "ARCH3043",
    message: (what: string, value: number) =>
      `the p-MoD ${what} is a keep ratio and must be in (0, 1], but is ${value}`,
  },
  pmodOrder: {
    code: "ARCH3044",
    message: (min: number, mean: number) =>
      `the p-MoD floor \`min\` (${min}) must not exceed the mean ratio \`mean\` (${mean})`,
  },
  pmodNoFfn: {
    code: "ARCH3045",
    message: () =>
      "a p-MoD layer weights its FFN branch by the router's TanhNorm weight, but this layer has no residual branch without attention",
    hint: () =>
      "write the layer with `residual(…) { … }` sublayers (as std.transformer.PreLNBlock), one of them the FFN",
  },
  pmodWidth: {
    code: "ARCH3046",
    message: (got: number, expected: number) =>
      `a p-MoD layer must keep the width: it outputs ${got} instead of ${expected}`,
  },
});
