// The registry of `archc` subcommands, in the order `archc --help` lists them. Each is its meta
// (commands/meta/<name>.ts: name, help, flags) and a loader: a command's module, and what it
// imports (the compiler, the runtime, tfjs), loads only when that command runs, so `archc --help`
// and a usage error start fast (tests/cli/lazy-commands.test.ts).
// To add a command: write meta/<name>.ts and <name>.ts (`{ ...meta, run }`), then add it below.
import type { Command, CommandMeta } from "../command.ts";
import { checkMeta } from "./meta/check.ts";
import { compareMeta } from "./meta/compare.ts";
import { compileMeta } from "./meta/compile.ts";
import { dropMeta } from "./meta/drop.ts";
import { evalCommandMeta } from "./meta/eval.ts";
import { exportCommandMeta } from "./meta/export.ts";
import { fmtMeta } from "./meta/fmt.ts";
import { graphMeta } from "./meta/graph.ts";
import { irMeta } from "./meta/ir.ts";
import { lspMeta } from "./meta/lsp.ts";
import { reportMeta } from "./meta/report.ts";
import { sampleMeta } from "./meta/sample.ts";
import { trainMeta } from "./meta/train.ts";
import { upcycleCommandMeta } from "./meta/upcycle.ts";

/** A command whose module is imported on its first run. */
function lazy(meta: CommandMeta, load: () => Promise<Command>): Command {
  return { ...meta, run: async (args, io) => (await load()).run(args, io) };
}

export const commands: readonly Command[] = [
  lazy(checkMeta, async () => (await import("./check.ts")).check),
  lazy(fmtMeta, async () => (await import("./fmt.ts")).fmt),
  lazy(compileMeta, async () => (await import("./compile.ts")).compile),
  lazy(trainMeta, async () => (await import("./train.ts")).train),
  lazy(irMeta, async () => (await import("./ir.ts")).ir),
  lazy(graphMeta, async () => (await import("./graph.ts")).graph),
  lazy(reportMeta, async () => (await import("./report.ts")).report),
  lazy(exportCommandMeta, async () => (await import("./export.ts")).exportCommand),
  lazy(upcycleCommandMeta, async () => (await import("./upcycle.ts")).upcycleCommand),
  lazy(sampleMeta, async () => (await import("./sample.ts")).sample),
  lazy(evalCommandMeta, async () => (await import("./eval.ts")).evalCommand),
  lazy(dropMeta, async () => (await import("./drop.ts")).drop),
  lazy(compareMeta, async () => (await import("./compare.ts")).compare),
  lazy(lspMeta, async () => (await import("./lsp.ts")).lsp),
];
