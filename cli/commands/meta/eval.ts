// `archc eval`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/eval.ts runs it).
import type { CommandMeta } from "../../command.ts";
import { BACKEND_OPTION, EXIT_THRESHOLD_OPTION } from "./run-options.ts";

export const evalCommandMeta: CommandMeta = {
  name: "eval",
  summary: "evaluate a trained run on a text file",
  usage:
    "archc eval RUN|CHECKPOINT... --data FILE [--batch N] [--exit-threshold T] [--backend NAME]",
  description:
    "Loads the run's newest complete checkpoint (or the checkpoint folder given), tokenizes FILE\n" +
    "with the run's tokenizer and predicts every token after the first, in non-overlapping\n" +
    "windows of the model's context (no context carried across windows). Prints the mean loss\n" +
    "(nats per token), perplexity, bits per token and bits per byte of FILE's text. A model with\n" +
    "early exits predicts each token at its first confident exit (the exit rule) and the mean\n" +
    "exit layer is printed. Several RUNs\n" +
    "(a shell glob): the newest run is used. Exit status: 0, or 1 on a missing or corrupt run,\n" +
    "a missing, empty, binary or too short FILE, or a bad flag.",
  options: {
    data: { type: "string", valueName: "FILE", description: "the text file to evaluate on" },
    batch: {
      type: "string",
      valueName: "N",
      description: "windows per forward pass (default: the run's training batch)",
    },
    "exit-threshold": EXIT_THRESHOLD_OPTION,
    backend: BACKEND_OPTION,
  },
  positionals: { name: "RUN", min: 1 },
};
