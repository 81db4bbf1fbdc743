// The catalog of the depth constructs (#12): BERMo's scalar mix and mixture-of-depths.
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
});
