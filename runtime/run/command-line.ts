// Command-line parsing shared by every `archc` command and by generated training programs:
// node:util parseArgs over a flag table, one wording for every usage error (`error: …` with a
// `= hint:` line, exit status 1) and "did you mean" for an unknown flag. Values stay strings here;
// runtime/run/args.ts turns the program's flags into numbers with their ranges.
import { parseArgs } from "node:util";
import { didYouMean } from "../../spec/suggest.ts";
import { RuntimeUserError } from "../errors.ts";

/** One flag: `--quiet`, `--out DIR`, `--resume [RUN]`, `--set NAME=VALUE` (repeatable). */
export interface FlagSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
  readonly description: string;
  /** Shown in help for string flags: `--out DIR`. */
  readonly valueName?: string;
  /** The value may be left out (`--resume` or `--resume RUN`); left out, the value is "". */
  readonly optionalValue?: boolean;
  /** May be given more than once; the value is the list of values in order. */
  readonly multiple?: boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;
export type FlagValue = string | boolean | readonly string[] | undefined;

/** A mistake on the command line: printed as `error: …` with an optional hint, exit status 1 (EXIT_USER_ERROR, run/exit.ts). */
export class UsageError extends RuntimeUserError {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** `error: MESSAGE` and, when there is one, `  = hint: HINT`. */
export function formatUsageError(e: UsageError): string {
  return `error: ${e.message}\n${e.hint === undefined ? "" : `  = hint: ${e.hint}\n`}`;
}

/** `--steps N`, `--resume [RUN]`, `--quiet`: how a flag is written in help and messages. */
export function flagUsage(name: string, spec: FlagSpec): string {
  if (spec.type === "boolean") return `--${name}`;
  const value = spec.valueName ?? "VALUE";
  return spec.optionalValue === true ? `--${name} [${value}]` : `--${name} ${value}`;
}

/**
 * An optional-valued flag followed by nothing, by another flag or by an `.arch` file (the FILE of
 * `archc train --resume x.arch`) gets the empty value, so parseArgs does not take the next argument.
 */
function fillOptionalValues(table: FlagTable, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const optional = a.startsWith("--") && table[a.slice(2)]?.optionalValue === true;
    const bare = next === undefined || next.startsWith("-") || next.endsWith(".arch");
    out.push(optional && bare ? `${a}=` : a);
  }
  return out;
}

export interface ParsedCommandLine {
  readonly values: Record<string, FlagValue>;
  readonly positionals: string[];
}

/** Parses `argv` against `table`; `command` names the program in messages. Throws UsageError. */
export function parseCommandLine(
  table: FlagTable,
  argv: readonly string[],
  command: string,
): ParsedCommandLine {
  const args = fillOptionalValues(table, argv);
  const options = Object.fromEntries(
    Object.entries(table).map(([name, s]) => [
      name,
      {
        type: s.type,
        ...(s.short === undefined ? {} : { short: s.short }),
        ...(s.multiple === true ? { multiple: true } : {}),
      },
    ]),
  );
  const { tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") positionals.push(t.value);
    if (t.kind !== "option") continue;
    const spec = Object.hasOwn(table, t.name) ? table[t.name] : undefined;
    if (spec === undefined) {
      const raw = (args[t.index] ?? t.rawName).split("=")[0]!;
      const names = Object.keys(table).map((n) => `--${n}`);
      const hint = didYouMean(`--${raw.replace(/^-+/, "")}`, names) ?? `see \`${command} --help\``;
      throw new UsageError(`unknown flag \`${raw}\` for \`${command}\``, hint);
    }
    const shown = t.rawName;
    if (spec.type === "boolean") {
      if (t.value !== undefined) throw new UsageError(`flag \`${shown}\` takes no value`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith("--")))
      throw new UsageError(
        `flag \`${shown}\` needs a value`,
        `write \`${flagUsage(t.name, spec)}\``,
      );
    if (spec.multiple === true) {
      const before = values[t.name];
      values[t.name] = [...(Array.isArray(before) ? before : []), t.value];
    } else if (values[t.name] !== undefined) {
      throw new UsageError(`flag \`${shown}\` is given twice`);
    } else values[t.name] = t.value;
  }
  return { values, positionals };
}
