// Command-line flags of a generated training program. `--flag value` and `--flag=value` both work;
// unknown flags and bad values are UsageErrors with a did-you-mean hint (exit code 2).
import { RuntimeUserError } from "../errors.ts";
import { BACKEND_NAMES } from "../backend.ts";

export class UsageError extends RuntimeUserError {}

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
  readonly quiet: boolean;
  readonly help: boolean;
}

type Kind = "positive" | "nonneg" | "string" | "bool" | "optional" | "backend";
interface FlagDef {
  readonly flag: string;
  readonly key: keyof Flags;
  readonly kind: Kind;
  readonly arg: string;
  readonly help: string;
}

export const FLAGS: readonly FlagDef[] = [
  { flag: "--steps", key: "steps", kind: "positive", arg: "N", help: "number of optimizer steps" },
  { flag: "--batch", key: "batch", kind: "positive", arg: "N", help: "sequences per batch" },
  {
    flag: "--data",
    key: "data",
    kind: "string",
    arg: "FILE",
    help: "train on a text file (or `sotu`, the bundled corpus)",
  },
  {
    flag: "--backend",
    key: "backend",
    kind: "backend",
    arg: "NAME",
    help: `${BACKEND_NAMES.join(" | ")} (default auto)`,
  },
  {
    flag: "--seed",
    key: "seed",
    kind: "nonneg",
    arg: "N",
    help: "seed for initialisation, data order and dropout",
  },
  {
    flag: "--eval-every",
    key: "evalEvery",
    kind: "positive",
    arg: "N",
    help: "evaluate every N steps",
  },
  {
    flag: "--checkpoint-every",
    key: "checkpointEvery",
    kind: "nonneg",
    arg: "N",
    help: "checkpoint every N steps (0: only at the end)",
  },
  {
    flag: "--out",
    key: "out",
    kind: "string",
    arg: "DIR",
    help: "run directory (default runs/<name>-<timestamp>)",
  },
  {
    flag: "--resume",
    key: "resume",
    kind: "optional",
    arg: "[RUN]",
    help: "continue a run from its last checkpoint (default: the newest run)",
  },
  {
    flag: "--sample",
    key: "sample",
    kind: "nonneg",
    arg: "N",
    help: "bytes of text to sample at the end (default 200)",
  },
  { flag: "--quiet", key: "quiet", kind: "bool", arg: "", help: "print only the results" },
  { flag: "--help", key: "help", kind: "bool", arg: "", help: "show this help" },
];

export function usage(program: string): string {
  const rows = FLAGS.map((f) => `  ${`${f.flag} ${f.arg}`.padEnd(24)}${f.help}`);
  return [`Usage: ${program} [flags]`, "", "Flags:", ...rows].join("\n");
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(
        Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** ` (did you mean X?)` for the closest candidate (edit distance ≤ max(2, len/3), or a prefix), else "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  let best = "";
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (bestD > Math.max(2, Math.floor(name.length / 3))) {
    best =
      lower.length >= 4 ? (candidates.find((c) => c.toLowerCase().startsWith(lower)) ?? "") : "";
  }
  return best === "" ? "" : ` (did you mean ${best}?)`;
}

function parseInt10(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < min) {
    const want = min === 1 ? "a positive integer" : "a non-negative integer";
    throw new UsageError(`${flag} expects ${want}, got '${raw}'.`);
  }
  return n;
}

/** Parses flags (the arguments after the program name). */
export function parseFlags(args: readonly string[]): Flags {
  const out: Record<string, unknown> = { quiet: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) {
      throw new UsageError(
        `Unexpected argument '${a}': flags start with --. Run with --help to list them.`,
      );
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    const def = FLAGS.find((f) => f.flag === name);
    if (def === undefined) {
      throw new UsageError(
        `Unknown flag ${name}${didYouMean(
          name,
          FLAGS.map((f) => f.flag),
        )}. Run with --help to list the flags.`,
      );
    }
    if (out[def.key] !== undefined && def.kind !== "bool")
      throw new UsageError(`${name} is given twice.`);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    if (def.kind === "bool") {
      if (inline !== undefined) throw new UsageError(`${name} takes no value.`);
      out[def.key] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        value = next;
        i++;
      }
    }
    if (value === undefined) {
      if (def.kind === "optional") {
        out[def.key] = true;
        continue;
      }
      throw new UsageError(`${name} needs a value: ${name} ${def.arg}.`);
    }
    switch (def.kind) {
      case "positive":
        out[def.key] = parseInt10(name, value, 1);
        break;
      case "nonneg":
        out[def.key] = parseInt10(name, value, 0);
        break;
      case "backend":
        if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
          throw new UsageError(
            `Unknown backend '${value}'${didYouMean(value, BACKEND_NAMES)}. Choose one of: ${BACKEND_NAMES.join(", ")}.`,
          );
        }
        out[def.key] = value;
        break;
      default:
        if (value === "") throw new UsageError(`${name} needs a non-empty value.`);
        out[def.key] = value;
    }
  }
  return out as unknown as Flags;
}
