// `archc drop`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/drop.ts runs it).
import { DROP_STRATEGIES } from "../../../spec/drop.ts";
import type { CommandMeta } from "../../command.ts";
import { BACKEND_OPTION } from "./run-options.ts";

/** How layer lists are named in the help. */
const LIST = "LIST";

export const dropMeta: CommandMeta = {
  name: "drop",
  summary: "drop layers of a trained run into a new run (or suggest which)",
  usage:
    "archc drop RUN|CHECKPOINT (--layers LIST | --attention LIST | --strategy top|bottom|alternate|symmetric --count K) --out NEWRUN\n" +
    "       archc drop RUN|CHECKPOINT --suggest N --data FILE [--batch N] [--json]",
  description:
    "Writes NEWRUN: the run's model with the given layers removed (each becomes the identity,\n" +
    "x → x) or, with --attention, only their attention sublayer (x → x + FFN(LN(x))), the other\n" +
    "weights copied from the run's newest checkpoint (or the checkpoint given). LIST is 0-based\n" +
    "layer indices, `5,6` or `4..7`; on a dropped run they count the layers it has now.\n" +
    "--strategy drops K layers: top (the last K), bottom (the first K), alternate (every other\n" +
    "layer from the top) or symmetric (K in the middle). NEWRUN's run.json records the source run\n" +
    "and layers; `archc sample/eval/export NEWRUN` use it, `archc train NEWRUN --steps K` heals it.\n" +
    "--suggest N prints the angular distance between the stream entering layer ℓ and layer ℓ+N at\n" +
    "the last token, averaged over FILE's windows, and the N layers whose removal changes the\n" +
    "stream least, with the command. Models with early exits or a grow section are refused.\n" +
    "Exit status: 0, or 1 on a missing or corrupt run, bad layer indices or a bad flag.",
  options: {
    layers: { type: "string", valueName: LIST, description: "drop these layers (`5,6`, `4..7`)" },
    attention: {
      type: "string",
      valueName: LIST,
      description: "drop only the attention sublayer of these layers",
    },
    strategy: {
      type: "string",
      valueName: "NAME",
      description: `drop --count layers chosen by ${DROP_STRATEGIES.join(" | ")}`,
    },
    count: { type: "string", valueName: "K", description: "layers --strategy drops" },
    out: { type: "string", valueName: "NEWRUN", description: "the new run directory to write" },
    suggest: {
      type: "string",
      valueName: "N",
      description: "print which N consecutive layers to drop (needs --data)",
    },
    data: { type: "string", valueName: "FILE", description: "--suggest: the text to measure on" },
    batch: {
      type: "string",
      valueName: "N",
      description: "--suggest: windows per forward pass (default: the run's training batch)",
    },
    json: { type: "boolean", description: "--suggest: print JSON instead of a table" },
    backend: {
      ...BACKEND_OPTION,
      description: `--suggest: ${BACKEND_OPTION.description} (default auto)`,
    },
  },
  positionals: { name: "RUN", min: 1, max: 1 },
};
