// `archc lsp`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/lsp.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const lspMeta: CommandMeta = {
  name: "lsp",
  summary: "run the language server (archc check diagnostics in an editor)",
  usage: "archc lsp [--stdio]",
  description:
    "Speaks the Language Server Protocol on standard input and output: every open .arch document\n" +
    "is checked as `archc check` does, on open and on each change, and its diagnostics published.\n" +
    "Editors start it themselves (editors/vscode; docs/editors.md). Exit status: 0 after the\n" +
    "client's shutdown and exit, 1 when it exits without a shutdown.",
  options: {
    stdio: {
      type: "boolean",
      description: "talk over stdin/stdout (the only transport; accepted)",
    },
  },
  positionals: { name: "arguments", min: 0, max: 0 },
};
