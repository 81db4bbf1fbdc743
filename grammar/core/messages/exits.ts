// The ARCH316x catalog: early exits (`repeat … with layerskip(…)`, `with exits(…)`, constructs.md §8.2, §8.3).
import { defineMessages } from "./define.ts";

export const exits = defineMessages({
  exitsOutsideModel: {
    code: "ARCH3160",
    message: (clause: string) =>
      `\`with ${clause}\` applies to the repeat of a model's blocks, not inside a block`,
    hint: (clause: string) => `move the repeat with \`with ${clause}(…)\` into the model body`,
  },
  exitLayers: {
    code: "ARCH3161",
    message: (what: string, got: string) =>
      `${what} must be \`all\`, \`none\`, a layer index or a tuple of layer indices, but is ${got}`,
  },
  exitLayerRange: {
    code: "ARCH3162",
    message: (layer: number, depth: number) =>
      depth < 2
        ? `exit layer ${layer}: a repeat of ${depth} layer has no early exits`
        : `exit layer ${layer} is not an early exit of the repeat's layers 0..${depth - 1} (those are 0..${depth - 2})`,
    hint: (_layer: number, depth: number) =>
      `the last layer, ${depth - 1}, is the model's own output`,
  },
  exitLayerOrder: {
    code: "ARCH3163",
    message: (layer: number) => `exit layer ${layer} is listed twice or out of ascending order`,
  },
  exitRate: {
    code: "ARCH3164",
    message: (what: string, value: number, range: string) =>
      `${what} must be in ${range}, but is ${value}`,
  },
  exitsTwice: {
    code: "ARCH3165",
    message: () => "a model has one repeat with early exits; this is the second",
  },
  exitsNeedHead: {
    code: "ARCH3166",
    message: (clause: string) =>
      `\`with ${clause}\` needs the model's \`head\` (and its \`norm\`, if any) after the repeat: the exits use them`,
    hint: (clause: string) =>
      `put the repeat with \`with ${clause}(…)\` before the model's \`norm\` and \`head\``,
  },
  exitsWidth: {
    code: "ARCH3167",
    message: (layer: number, input: number, width: number) =>
      `layer ${layer} turns width ${input} into ${width}, but LayerSkip's layer dropout skips a layer, so its output must be as wide as its input`,
    hint: (layer: number, input: number, width: number) =>
      `make layer ${layer} return width ${input}, the width it reads, not ${width}`,
  },
});
