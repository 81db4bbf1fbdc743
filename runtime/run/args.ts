// The flags of a generated training program, declared once: `archc train` accepts the same table
// and passes them on (cli/commands/train.ts). Parsed by runtime/run/command-line.ts (node:util
// parseArgs); numbers are checked against their ranges (spec/train.ts INT_RANGES), a bad value is a
// UsageError (exit status 1, like every usage error of `archc`).
import { didYouMean } from "../../spec/suggest.ts";
import { INT_RANGES, inRange, rangeText, type IntRange } from "../../spec/train.ts";
import { BACKEND_NAMES } from "../backend-names.ts";
import { type FlagSpec, flagUsage, parseCommandLine, UsageError } from "./command-line.ts";

export { UsageError } from "./command-line.ts";

export interface Flags {
  readonly steps?: number;
  readonly backend?: string;
  readonly data?: string;
  /** true: the newest run of this program; a string: that run directory. */
  readonly resume?: true | string;
  readonly seed?: number;
  readonly out?: string;
  readonly batch?: number;
  readonly evalEvery?: number;
  readonly checkpointEvery?: number;
  readonly sample?: number;
  /** `--set NAME=VALUE` train-setting overrides, in order (runtime/run/overrides.ts). */
  readonly set: readonly string[];
  /** `--init-from RUN|FILE`: start from these weights (runtime/run/init-from.ts). */
  readonly initFrom?: string;
  /** `--init-partial`: re-initialise the parameters whose shape differs in the source. */
  readonly initPartial: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
}

/** A program flag: its spec and, for a number, its range. */
export interface ProgramFlag extends FlagSpec {
  readonly range?: IntRange;
}

/** Tokens of the sample printed at the end. */
const SAMPLE_RANGE: IntRange = { min: 0, max: 100_000 };

/** The program's flags, by name (`--eval-every` sets Flags.evalEvery). */
export const FLAGS: Readonly<Record<string, ProgramFlag>> = {
  steps: {
    type: "string",
    valueName: "N",
    description: "number of optimizer steps",
    range: INT_RANGES.steps,
  },
  batch: {
    type: "string",
    valueName: "N",
    description: "sequences per batch",
    range: INT_RANGES.batch,
  },
  data: {
    type: "string",
    valueName: "FILE",
    description: "train on a text file (or `sotu`, the bundled corpus)",
  },
  backend: {
    type: "string",
    valueName: "NAME",
    description: `${BACKEND_NAMES.join(" | ")} (default auto)`,
  },
  seed: {
    type: "string",
    valueName: "N",
    description: "seed for initialisation, data order and dropout",
    range: INT_RANGES.seed,
  },
  "eval-every": {
    type: "string",
    valueName: "N",
    description: "evaluate every N steps",
    range: INT_RANGES.eval,
  },
  "checkpoint-every": {
    type: "string",
    valueName: "N",
    description: "checkpoint every N steps (0: only at the end)",
    range: INT_RANGES.checkpoint,
  },
  set: {
    type: "string",
    multiple: true,
    valueName: "NAME=VALUE",
    description: "override a train setting (`--set lr=1e-3`, `--set warmup=10`); repeatable",
  },
  "init-from": {
    type: "string",
    valueName: "RUN|FILE",
    description: "start from the weights of a run or a .safetensors file (fine-tuning)",
  },
  "init-partial": {
    type: "boolean",
    description: "with --init-from: re-initialise parameters whose shape differs",
  },
  out: {
    type: "string",
    valueName: "DIR",
    description: "run directory (default runs/<name>-<timestamp>)",
  },
  resume: {
    type: "string",
    optionalValue: true,
    valueName: "RUN",
    description: "continue a run from its last checkpoint (default: the newest run)",
  },
  sample: {
    type: "string",
    valueName: "N",
    description: "tokens of text to sample at the end (default 200)",
    range: SAMPLE_RANGE,
  },
  quiet: { type: "boolean", description: "print only the results" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** The exit statuses of a program (and of `archc train`), for --help. */
export function usage(program: string): string {
  const rows = Object.entries(FLAGS).map(
    ([name, f]) => `  ${flagUsage(name, f).padEnd(24)}${f.description}`,
  );
  return [`Usage: ${program} [flags]`, "", "Flags:", ...rows].join("\n");
}

/** `--eval-every` → `evalEvery`. */
const fieldOf = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** A flag's integer, inside its range. */
export function intFlag(flag: string, raw: string, range: IntRange): number {
  const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!inRange(n, range))
    throw new UsageError(`\`--${flag}\` expects ${rangeText(range)}, got \`${raw}\``);
  return n;
}

/** Parses flags (the arguments after the program name); `program` names it in messages. */
export function parseFlags(args: readonly string[], program = "the program"): Flags {
  const { values, positionals } = parseCommandLine(FLAGS, args, program);
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument \`${positionals[0]}\` for \`${program}\``,
      `flags start with \`--\`; see \`${program} --help\``,
    );
  const out: Record<string, unknown> = { quiet: false, help: false, initPartial: false, set: [] };
  for (const [name, value] of Object.entries(values)) {
    const spec = FLAGS[name]!;
    if (typeof value !== "string") out[fieldOf(name)] = value;
    else if (spec.range !== undefined) out[fieldOf(name)] = intFlag(name, value, spec.range);
    else if (name === "resume") out["resume"] = value === "" ? true : value;
    else if (value === "") throw new UsageError(`\`--${name}\` needs a non-empty value`);
    else out[fieldOf(name)] = value;
  }
  const backend = out["backend"];
  if (typeof backend === "string" && !(BACKEND_NAMES as readonly string[]).includes(backend))
    throw new UsageError(
      `unknown backend \`${backend}\``,
      `${didYouMean(backend, BACKEND_NAMES) ?? ""} choose one of: ${BACKEND_NAMES.join(", ")}`.trim(),
    );
  return out as unknown as Flags;
}
