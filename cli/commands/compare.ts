// `archc compare FILES... --steps N [--backend B] [--out DIR]`: train every variant under the same
// fixed budget (steps, batch, seed; schedules fully decayed) and write one HTML report with the
// loss curves overlaid and the hidden-state norm per layer (cli/compare/).
import { join } from "node:path";
import { CompareError, compareFiles, markdownTable } from "../compare/index.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { type Command, UsageError } from "../command.ts";
import { missingFile } from "./input-file.ts";
import { intFlag } from "../../runtime/run/args.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { INT_RANGES, type IntRange } from "../../spec/train.ts";
import { compareMeta } from "./meta/compare.ts";

/** A numeric flag in the range of its train setting (the program's flags check the same). */
const intOf = (flag: string, v: FlagValue, range: IntRange): number | undefined =>
  typeof v === "string" ? intFlag(flag, v, range) : undefined;

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export const compare: Command = {
  ...compareMeta,
  async run({ values, positionals }, io) {
    const steps = intOf("steps", values["steps"], INT_RANGES.steps);
    if (steps === undefined)
      throw new UsageError("archc compare needs --steps N", "e.g. --steps 200");
    const batch = intOf("batch", values["batch"], INT_RANGES.batch);
    const seed = intOf("seed", values["seed"], INT_RANGES.seed);
    const evalEvery = intOf("eval-every", values["eval-every"], INT_RANGES.eval);
    for (const f of positionals) if (missingFile(f, io)) return 1;
    const outDir =
      typeof values["out"] === "string" ? values["out"] : join("runs", `compare-${stamp()}`);
    const backend = typeof values["backend"] === "string" ? values["backend"] : undefined;
    const command = ["archc", "compare", ...positionals, "--steps", String(steps)]
      .concat(backend === undefined ? [] : ["--backend", backend])
      .concat(batch === undefined ? [] : ["--batch", String(batch)])
      .join(" ");
    try {
      const results = await compareFiles({
        files: positionals,
        steps,
        outDir,
        command,
        log: io.err,
        ...(batch === undefined ? {} : { batch }),
        ...(seed === undefined ? {} : { seed }),
        ...(backend === undefined ? {} : { backend }),
        ...(evalEvery === undefined ? {} : { evalEvery }),
      });
      io.out(markdownTable(results));
      io.err(`wrote ${join(outDir, "compare.html")}\n`);
      return results.every((r) => r.status === 0) ? 0 : 1;
    } catch (e) {
      if (!(e instanceof CompareError) && !(e instanceof RuntimeUserError)) throw e;
      io.err(`error: ${e.message}\n`);
      return 1;
    }
  },
};
