// `archc upcycle`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/upcycle.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const upcycleCommandMeta: CommandMeta = {
  name: "upcycle",
  summary: "initialise a mixture-of-experts model from dense runs (BAM upcycling)",
  usage: "archc upcycle MODEL.arch RUN... --out FILE.safetensors",
  description:
    "Reads the newest checkpoint of each dense RUN (all of one shape) and writes the initial weights\n" +
    "of MODEL's model: expert j of every MoE FFN and of every mixture of attention from RUN j (so\n" +
    "MODEL's experts must number the runs), the other weights (embeddings, norms, shared K/V, the\n" +
    "attention output bias) as the runs' mean; routers are left to MODEL's own init. Matching goes\n" +
    "by layer and weight role (docs/weights.md). Then: archc train MODEL.arch --init-from FILE.\n" +
    "With identical runs the upcycled model computes the dense function. Exit status: 0 on success,\n" +
    "1 on errors in MODEL, a missing or corrupt run, or runs that do not fit MODEL.",
  options: {
    out: {
      type: "string",
      short: "o",
      valueName: "FILE",
      description: "the safetensors file to write (required)",
    },
  },
  positionals: { name: "MODEL.arch RUN", min: 2 },
};
