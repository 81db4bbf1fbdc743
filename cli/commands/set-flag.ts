// `--set NAME=VALUE` (archc check, compile, train): overrides a constant of the file or a train
// setting before the file is checked (compiler/overrides.ts), as if the file said so.
import type { OptionSpec, ParsedArgs } from "../command.ts";

export const SET_OPTION: OptionSpec = {
  type: "string",
  multiple: true,
  valueName: "NAME=VALUE",
  description:
    "override a constant or a train setting (`--set layers=8`, `--set lr=1e-3`); repeatable",
};

/** The `--set` values in the order given. */
export function setValues(args: ParsedArgs): readonly string[] {
  const v = args.values["set"];
  return Array.isArray(v) ? v : [];
}
