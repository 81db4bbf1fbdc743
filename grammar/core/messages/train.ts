// The ARCH35xx catalog: train settings, grow events and `--set` overrides (compiler/lower/train-spec.ts,
// grow-spec.ts, overrides.ts).
import { defineMessages } from "./define.ts";

export const train = defineMessages({
  unknownSetting: {
    code: "ARCH3501",
    message: (key: string) => `unknown train setting \`${key}\``,
  },
  duplicateSetting: {
    code: "ARCH3502",
    message: (key: string) => `the setting \`${key}\` is given twice`,
  },
  badSetting: {
    code: "ARCH3503",
    message: (key: string, expected: string) => `\`${key}\` expects ${expected}`,
  },
  unknownOption: {
    code: "ARCH3504",
    message: (what: string, name: string) => `unknown ${what} \`${name}\``,
  },
  missingSetting: {
    code: "ARCH3505",
    message: (key: string) => `the train section needs a \`${key}\` setting`,
  },
  intervalNotEvery: {
    code: "ARCH3506",
    message: (key: string) => `\`${key}\` is an interval: write \`${key} every N steps\``,
  },
  vocabTooSmall: {
    code: "ARCH3507",
    message: (vocab: number, tokenizer: string, needed: number) =>
      `the model's vocabulary of ${vocab} is smaller than the ${tokenizer} tokenizer's ${needed} token ids`,
    hint: (_vocab: number, tokenizer: string, needed: number) =>
      `give the TokenEmbedding a vocab of at least ${needed} for \`tokenizer: ${tokenizer}\` (a larger one is allowed: its extra ids never occur in the data)`,
  },
  dataFileMissing: {
    code: "ARCH3508",
    message: (file: string, why: string) => `the data file "${file}" ${why}`,
    hint: (file: string, why: string) =>
      why.startsWith("does not exist") && !file.startsWith("/")
        ? "a data path is relative to the folder of this .arch file (`--data FILE` on the command line is relative to the current folder)"
        : undefined,
  },
  unknownGrowTarget: {
    code: "ARCH3510",
    message: (name: string) =>
      `unknown grow target \`${name}\` (expected ffn, heads, width or depth)`,
  },
  growStepOrder: {
    code: "ARCH3511",
    message: (step: number, prev: number) =>
      `grow events must be in step order, but step ${step} comes after step ${prev}`,
  },
  growSameStep: {
    code: "ARCH3512",
    message: (target: string, step: number) => `two \`${target}\` events at step ${step}`,
  },
  growShrinks: {
    code: "ARCH3513",
    message: (target: string, from: number, to: number) =>
      `grow events only enlarge: \`${target}\` ${from} -> ${to} shrinks it`,
  },
  growHeadSize: {
    code: "ARCH3514",
    message: (to: number, heads: number, headSize: number) =>
      `width ${to} would make the head size ${to} / ${heads} instead of ${headSize}: this attention reads the stream without projections, and width growth keeps every head size`,
    hint: (to: number, heads: number, headSize: number) =>
      `give the attention its own q, k, v projections (Linear layers, as std.attention.CausalSelfAttention has), so that the stream's width ${to} and the attention's ${heads} × ${headSize} are separate dimensions`,
  },
  growFrom: {
    code: "ARCH3515",
    message: (target: string, from: number, current: number) =>
      `\`${target}\` grows from ${from}, but it is ${current} at this point`,
  },
  growMethod: {
    code: "ARCH3516",
    message: (method: string, target: string) => `\`by ${method}\` does not apply to \`${target}\``,
    hint: (method: string, target: string) =>
      `only depth grows \`by stacking\`; write the \`${target}\` event without \`by ${method}\``,
  },
  growStacking: {
    code: "ARCH3517",
    message: (from: number, to: number) =>
      `stacking copies the existing layers, so depth ${to} must be a multiple of ${from}`,
  },
  growAfterEnd: {
    code: "ARCH3518",
    severity: "warning",
    message: (step: number, steps: number) =>
      `this event at step ${step} never happens: training stops after ${steps} steps`,
  },
  growNotMeasurable: {
    code: "ARCH3519",
    message: (target: string, why: string) => `cannot grow \`${target}\`: ${why}`,
  },

  badOverride: {
    code: "ARCH3530",
    message: (raw: string) => `\`--set\` expects NAME=VALUE, got \`${raw}\``,
  },
  unknownOverride: {
    code: "ARCH3531",
    message: (name: string, file: string) =>
      `\`${name}\` is neither a constant of ${file} nor a train setting`,
  },
  overrideTwice: {
    code: "ARCH3532",
    message: (name: string) => `\`${name}\` is set twice`,
  },
  overrideImported: {
    code: "ARCH3533",
    message: (name: string, file: string) =>
      `\`${name}\` is imported, not declared in ${file}: \`--set\` changes the file's own constants`,
  },
  overrideAmbiguous: {
    code: "ARCH3534",
    message: (name: string) => `\`${name}\` is both a constant and a train setting`,
    hint: (name: string) =>
      `write \`--set train.${name}=…\` for the train setting; rename the constant to set it`,
  },
  overrideType: {
    code: "ARCH3535",
    message: (name: string, was: string, got: string) =>
      `\`${name}\` is ${was} in the file, so its value must be too, not ${got}`,
  },
  overrideNoTrain: {
    code: "ARCH3536",
    message: (name: string, file: string) =>
      `\`${name}\` is a train setting, but ${file} has no train section`,
  },
  overrideNoOption: {
    code: "ARCH3537",
    message: (name: string, setting: string) =>
      `\`${name}\` is not an argument of this train section's \`${setting}\``,
  },
});
