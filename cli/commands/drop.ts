// `archc drop RUN (--layers L | --attention L | --strategy S --count K) --out NEWRUN`: layer dropping
// after training (constructs.md §8.4; attention sublayers, §5.3): a new run without those layers,
// the rest of the weights copied (cli/runs/drop-run.ts), which sample, eval, export and train load
// like any run; the source run is compiled once and its checkpoint read once (drop-source.ts).
// `--suggest N --data FILE` picks N layers by angular distance (drop-suggest.ts).
import { DROP_STRATEGIES, strategyLayers, type DropStrategy } from "../../spec/drop.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { type Command, type Io, UsageError } from "../command.ts";
import { writeDroppedRun } from "../runs/drop-run.ts";
import { openDropSource, type DropSource } from "../runs/drop-source.ts";
import { layerNames, nextDrop } from "../runs/run-layers.ts";
import { suggest } from "./drop-suggest.ts";
import { backendOf, numberFlag, pickRun, withOpened, withRun } from "./use-run.ts";
import { dropMeta } from "./meta/drop.ts";

export const drop: Command = {
  ...dropMeta,
  async run({ values, positionals }, io) {
    const runArg = positionals[0]!;
    checkFlagMix(values);
    if (values["suggest"] !== undefined) {
      const n = numberFlag("suggest", values["suggest"], 1, { min: 1, integer: true });
      const data = values["data"];
      if (typeof data !== "string")
        throw new UsageError(
          "--suggest needs --data FILE",
          "e.g. archc drop runs/GPT-… --suggest 2 --data text.txt",
        );
      const flags = { n, data, batch: values["batch"], json: values["json"] === true, runArg };
      return withRun([runArg], values["backend"], io, (run) => suggest(run, flags, io));
    }
    const out = values["out"];
    if (typeof out !== "string")
      throw new UsageError(
        "archc drop needs --out NEWRUN",
        "e.g. archc drop runs/GPT-… --layers 2,3 --out runs/GPT-drop",
      );
    const choice = choiceOf(values);
    // the run is read for the drop alone: compiled once, its checkpoint read once (drop-source.ts)
    const open = (): Promise<DropSource> =>
      openDropSource(pickRun([runArg], io), { backend: backendOf(values["backend"] ?? "cpu"), io });
    return withOpened(io, open, (src) => dropInto(src, choice, out, io));
  },
};

/** The flags of the two modes (suggest; drop) do not mix: a flag of the other is a usage error. */
const DROP_FLAGS = ["layers", "attention", "strategy", "count", "out"];
const SUGGEST_FLAGS = ["data", "batch", "json"];

function checkFlagMix(values: Readonly<Record<string, FlagValue>>): void {
  const suggesting = values["suggest"] !== undefined;
  const other = (suggesting ? DROP_FLAGS : SUGGEST_FLAGS).find((f) => values[f] !== undefined);
  if (other === undefined) return;
  throw suggesting
    ? new UsageError(
        `--suggest only prints which layers to drop; --${other} belongs to dropping`,
        "run the printed `archc drop … --layers … --out …` command to drop them",
      )
    : new UsageError(`--${other} goes with --suggest N`);
}

/** What the flags ask to drop: lists, or a strategy (resolved once the model's depth is known). */
interface Choice {
  readonly layers: readonly number[];
  readonly attention: readonly number[];
  readonly strategy?: { readonly name: DropStrategy; readonly count: number };
}

function choiceOf(values: Readonly<Record<string, FlagValue>>): Choice {
  const layers = layerList("layers", values["layers"]);
  const attention = layerList("attention", values["attention"]);
  const name = values["strategy"];
  if (name === undefined) {
    if (values["count"] !== undefined) throw new UsageError("--count goes with --strategy");
    return { layers, attention };
  }
  const strategy = DROP_STRATEGIES.find((s) => s === name);
  if (strategy === undefined)
    throw new UsageError(
      `--strategy must be one of ${DROP_STRATEGIES.join(", ")}, not \`${String(name)}\``,
    );
  if (values["layers"] !== undefined)
    throw new UsageError("--strategy chooses the layers itself: give --layers or --strategy");
  if (values["count"] === undefined) throw new UsageError("--strategy needs --count K");
  const count = numberFlag("count", values["count"], 1, { min: 1, integer: true });
  return { layers, attention, strategy: { name: strategy, count } };
}

/** `5,6` or `4..7` (inclusive) or a mix, `1,4..6`; absent: none. */
export function layerList(flag: string, value: FlagValue): number[] {
  if (value === undefined) return [];
  const text = String(value).trim();
  const bad = (): UsageError =>
    new UsageError(
      `--${flag} expects 0-based layer indices such as \`5,6\` or \`4..7\`, got \`${String(value)}\``,
    );
  if (text === "") throw bad();
  const out: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (m === null) throw bad();
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 10_000) throw bad();
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out;
}

async function dropInto(src: DropSource, choice: Choice, out: string, io: Io): Promise<number> {
  const { layers } = src;
  let chosen = choice.layers;
  let strategy: string | undefined;
  if (choice.strategy !== undefined) {
    const picked = strategyLayers(choice.strategy.name, choice.strategy.count, layers.kept.length);
    if (typeof picked === "string") throw new UsageError(picked);
    chosen = picked;
    strategy = `--strategy ${choice.strategy.name} --count ${choice.strategy.count}`;
  }
  const spec = nextDrop(layers, { layers: chosen, attention: choice.attention });
  const r = await writeDroppedRun(src, layers, spec, out, strategy);
  const names = (xs: readonly number[]): string => layerNames(layers, xs);
  io.out(
    `wrote ${out}: ${src.info.name} step ${r.record.step} without trained layers ${names(spec.layers)}; attention dropped in ${names(spec.attention)}\n` +
      `${r.paramCount.toLocaleString("en-US")} parameters (was ${src.paramCount.toLocaleString("en-US")}), ${r.tensors} tensors copied; ${layers.instances.length - spec.layers.length} of ${layers.instances.length} layers stay\n`,
  );
  return 0;
}
