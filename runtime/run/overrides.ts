// `--set NAME=VALUE` in a generated program: the numeric train settings (spec/train.ts
// NUMERIC_SETTINGS) written into the program's TrainConfig before it is resolved and checked
// (resolveTrainConfig). Model constants and the other settings are compiled into the program, so
// naming one is an error that says to use `archc train FILE --set` instead.
import { didYouMean } from "../../spec/suggest.ts";
import {
  inRange,
  NUMERIC_SETTINGS,
  rangeText,
  type IntRange,
  type TrainConfig,
} from "../../spec/train.ts";
import { UsageError } from "./command-line.ts";

type SettingName = keyof typeof NUMERIC_SETTINGS;

/** An .arch number literal: `8`, `1_000`, `3e-4`, `.5`, `-1`. */
const NUMBER = /^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/;

/** One `NAME=VALUE`, split and checked; the value as a number. */
function parseOne(raw: string): { name: SettingName; value: number } {
  const eq = raw.indexOf("=");
  const name =
    eq < 0
      ? ""
      : raw
          .slice(0, eq)
          .trim()
          .replace(/^train\./, "");
  const text = raw.slice(eq + 1).trim();
  if (eq < 0 || name === "") throw new UsageError(`\`--set\` expects NAME=VALUE, got \`${raw}\``);
  if (!Object.hasOwn(NUMERIC_SETTINGS, name)) {
    const known = Object.keys(NUMERIC_SETTINGS);
    const hint = didYouMean(name, known);
    throw new UsageError(
      `\`--set ${raw}\`: a program can set only its numeric train settings (${known.join(", ")})`,
      `${hint === undefined ? "" : `${hint} `}model constants and the other settings are compiled in: use \`archc train FILE.arch --set ${raw}\``,
    );
  }
  const value = NUMBER.test(text) ? Number(text.replace(/_/g, "")) : NaN;
  if (!Number.isFinite(value))
    throw new UsageError(`\`--set ${raw}\`: \`${text}\` is not a number`);
  const setting = NUMERIC_SETTINGS[name as SettingName] as {
    readonly range?: IntRange;
  };
  if (setting.range !== undefined && !inRange(value, setting.range))
    throw new UsageError(`\`--set ${raw}\`: \`${name}\` expects ${rangeText(setting.range)}`);
  return { name: name as SettingName, value };
}

/** The config with every `--set` applied, in order (the last of a name wins). */
export function applySettingOverrides(config: TrainConfig, sets: readonly string[]): TrainConfig {
  let out: Record<string, unknown> = { ...config };
  for (const raw of sets) {
    const { name, value } = parseOne(raw);
    const field: readonly string[] = NUMERIC_SETTINGS[name].field;
    const [top, sub] = field as [string, string | undefined];
    if (sub === undefined) {
      out = { ...out, [top]: value };
      continue;
    }
    const parent = (out[top] ?? {}) as Record<string, unknown>;
    const kind = parent["kind"];
    const accepts =
      top === "optimizer" ||
      (top === "schedule" && (kind === "warmup_linear" || kind === "warmup_cosine")) ||
      (top === "data" && kind === "text");
    if (!accepts)
      throw new UsageError(
        `\`--set ${raw}\`: the ${top} of this program is \`${String(kind ?? "constant")}\`, which has no \`${name}\``,
        `change the ${top} with \`archc train FILE.arch --set ${top}=…\``,
      );
    out = { ...out, [top]: { ...parent, [sub]: value } };
  }
  return out as unknown as TrainConfig;
}
