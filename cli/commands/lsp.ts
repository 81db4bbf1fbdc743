// `archc lsp [--stdio]`: the language server for editors (../lsp/server.ts), on stdin and stdout.
import type { Command } from "../command.ts";
import { serve } from "../lsp/server.ts";
import { lspMeta } from "./meta/lsp.ts";

export const lsp: Command = {
  ...lspMeta,
  run: () => serve(),
};
