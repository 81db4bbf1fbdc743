// `archc lsp [--stdio]`: the language server for editors (../lsp/server.ts), on stdin and stdout.
import type { Command } from "../command.ts";
import { serve } from "../lsp/server.ts";

export const lsp: Command = {
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
  run: () => serve(),
};
