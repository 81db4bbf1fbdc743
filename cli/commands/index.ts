// The registry of `archc` subcommands, in the order `archc --help` lists them.
// To add a command: write commands/<name>.ts exporting a Command, then add it below.
import type { Command } from "../command.ts";
import { check } from "./check.ts";
import { fmt } from "./fmt.ts";
import { compile } from "./compile.ts";
import { train } from "./train.ts";
import { ir } from "./ir.ts";
import { graph } from "./graph.ts";
import { report } from "./report.ts";
import { exportCommand } from "./export.ts";
import { upcycleCommand } from "./upcycle.ts";
import { compare } from "./compare.ts";
import { sample } from "./sample.ts";
import { evalCommand } from "./eval.ts";
import { drop } from "./drop.ts";
import { lsp } from "./lsp.ts";

export const commands: readonly Command[] = [
  check,
  fmt,
  compile,
  train,
  ir,
  graph,
  report,
  exportCommand,
  upcycleCommand,
  sample,
  evalCommand,
  drop,
  compare,
  lsp,
];
