// The flags of the commands that use a trained run (`archc sample`, `archc eval`): --backend, and
// --exit-threshold (read by commands/exit-flag.ts).
import { BACKEND_NAMES } from "../../../runtime/backend-names.ts";
import type { OptionSpec } from "../../command.ts";

export const BACKEND_OPTION: OptionSpec = {
  type: "string",
  valueName: "NAME",
  description: BACKEND_NAMES.join(" | "),
};

export const EXIT_THRESHOLD_OPTION: OptionSpec = {
  type: "string",
  valueName: "T",
  description:
    "a model with early exits: exit where the max posterior ≥ T (or the entropy ≤ T nats, per the model's rule); default the model's",
};
