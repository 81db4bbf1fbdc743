// `archc compare`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/compare.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const compareMeta: CommandMeta = {
  name: "compare",
  summary: "train several .arch variants under one budget and compare them",
  usage: "archc compare FILE... --steps N [--backend NAME] [--out DIR]",
  description:
    "Trains every FILE with the same number of steps, batch size, data order and seed, each\n" +
    'learning-rate schedule fully decayed by the last step (the fixed-budget protocol of "No Train\n' +
    'No Gain"), then writes DIR/compare.html: a results table (final train and validation loss,\n' +
    "bits per byte), the loss curves overlaid, and the hidden-state norm per layer (mean ‖x_ℓ‖ of the\n" +
    "residual stream after each block, on a validation batch). DIR/compare.json and compare.md hold\n" +
    "the numbers; DIR/runs/<variant>/ the run directories. Default DIR: runs/compare-<time>.",
  options: {
    steps: {
      type: "string",
      valueName: "N",
      description: "optimizer steps per variant (required)",
    },
    backend: {
      type: "string",
      valueName: "NAME",
      description: "auto | tensorflow | native | wasm | cpu | cpu-fast | webgpu",
    },
    batch: {
      type: "string",
      valueName: "N",
      description: "sequences per batch (default: the first file's)",
    },
    seed: {
      type: "string",
      valueName: "N",
      description: "seed for every variant (default: the first file's)",
    },
    "eval-every": {
      type: "string",
      valueName: "N",
      description: "evaluate every N steps (default steps / 5)",
    },
    out: {
      type: "string",
      short: "o",
      valueName: "DIR",
      description: "output folder (must be new or empty)",
    },
  },
  positionals: { name: "FILE", min: 1 },
};
