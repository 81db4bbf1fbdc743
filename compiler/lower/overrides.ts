// `--set NAME=VALUE` (archc check, compile, train): each value is parsed as an .arch expression and
// put into the entry file's AST in place of the constant or train setting it names, before names
// are declared, so the whole check pipeline sees it as if the file said so. The flags form a pseudo
// file `--set`, one line per flag, and every diagnostic about a value points into it.
import type {
  Arg,
  Call,
  ConstDecl,
  Decl,
  Expr,
  Ident,
  Module,
  Setting,
  TrainDecl,
} from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import { SourceFile, type Span } from "../../grammar/core/source.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { parseExpression } from "../../grammar/parse.ts";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";
import { INTERVAL_SETTINGS, OPTION_ARGS, TRAIN_SETTINGS } from "./train-settings.ts";

/** The pseudo file of the `--set` flags (spans, diagnostics). */
export const SET_FILE = "--set";

type OptionSetting = keyof typeof OPTION_ARGS;

/** Every train-setting name `--set` accepts: the settings and their options' arguments. */
export function trainOverrideNames(): string[] {
  const args = Object.values(OPTION_ARGS).flatMap((opts) => Object.values(opts).flat());
  return [...new Set([...TRAIN_SETTINGS, ...args])];
}

/** The `--set` flags as a source file, one line each. */
export function overrideSource(overrides: readonly string[]): SourceFile {
  return new SourceFile(SET_FILE, overrides.join("\n"));
}

/**
 * The entry module with the overrides applied; problems are reported through `report`. `file` is
 * the entry's display path (messages).
 */
export function applyOverrides(
  ast: Module,
  source: SourceFile,
  file: string,
  report: (d: Diagnostic) => void,
): Module {
  let decls = [...ast.decls];
  const seen = new Set<string>();
  const trainNames = new Set(trainOverrideNames());
  let offset = 0;
  for (const line of source.text.split("\n")) {
    const lineSpan: Span = { file: SET_FILE, start: offset, end: offset + line.length };
    const at = offset;
    offset += line.length + 1;
    const m = /^\s*((?:train\.)?[A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m === null) {
      report(msg.badOverride(lineSpan, line));
      continue;
    }
    const written = m[1]!;
    const nameSpan: Span = { file: SET_FILE, start: at + m.index, end: at + m[0].length - 1 };
    const parsed = parseExpression(source.text, SET_FILE, at + m[0].length, lineSpan.end);
    parsed.diagnostics.forEach(report);
    if (parsed.expr === undefined) continue;
    if (seen.has(written)) {
      report(msg.overrideTwice(nameSpan, written));
      continue;
    }
    seen.add(written);
    const qualified = written.startsWith("train.");
    const name = qualified ? written.slice("train.".length) : written;
    const ident: Ident = { kind: "ident", name, span: nameSpan };
    const own = decls.find((d): d is ConstDecl => d.kind === "const" && d.name.name === name);
    if (!qualified && own !== undefined) {
      if (trainNames.has(name)) report(msg.overrideAmbiguous(nameSpan, name));
      else decls = decls.map((d) => (d === own ? replaceConst(own, parsed.expr!) : d));
      continue;
    }
    if (trainNames.has(name)) {
      const trains = decls.filter((d): d is TrainDecl => d.kind === "train");
      if (trains.length === 0) report(msg.overrideNoTrain(nameSpan, name, file));
      for (const t of trains) {
        const next = overrideSetting(t, ident, parsed.expr, lineSpan, report);
        decls = decls.map((d): Decl => (d === t ? next : d));
      }
      continue;
    }
    if (!qualified && importedNames(decls).has(name)) {
      report(msg.overrideImported(nameSpan, name, file));
      continue;
    }
    const consts = decls.flatMap((d) => (d.kind === "const" ? [d.name.name] : []));
    const valid = qualified ? [...trainNames] : [...consts, ...trainNames];
    const hint = didYouMean(name, valid);
    const list = `the constants: ${consts.join(", ") || "none"}; the train settings: ${[...trainNames].join(", ")}`;
    report(
      msg.unknownOverride.with({ hint: hint === undefined ? list : `${hint} (${list})` })(
        nameSpan,
        written,
        file,
      ),
    );
  }
  return { ...ast, decls };
}

function replaceConst(decl: ConstDecl, value: Expr): ConstDecl {
  return { ...decl, value, fileValue: decl.fileValue ?? decl.value };
}

function importedNames(decls: readonly Decl[]): Set<string> {
  return new Set(
    decls.flatMap((d) => (d.kind === "import" ? d.names.map((n) => (n.alias ?? n.name).name) : [])),
  );
}

/** The train section with `name` set to `value`: a setting, or an argument of a setting's option. */
function overrideSetting(
  t: TrainDecl,
  name: Ident,
  value: Expr,
  lineSpan: Span,
  report: (d: Diagnostic) => void,
): TrainDecl {
  const key = name.name;
  if ((TRAIN_SETTINGS as readonly string[]).includes(key)) {
    const v = INTERVAL_SETTINGS.has(key)
      ? { kind: "every" as const, count: value, span: value.span }
      : value;
    return withSetting(t, key, { kind: "setting", key: name, value: v, span: lineSpan });
  }
  const owner = (Object.keys(OPTION_ARGS) as OptionSetting[]).find((s) =>
    Object.values(OPTION_ARGS[s]).some((args) => args.includes(key)),
  )!;
  const current = t.settings.find((s) => s.key.name === owner);
  const call = current === undefined ? defaultOption(owner, lineSpan) : asCall(current.value);
  const args = call === undefined ? undefined : OPTION_ARGS[owner][call.callee.name];
  if (call === undefined || args === undefined || !args.includes(key)) {
    const has = Object.entries(OPTION_ARGS[owner])
      .filter(([, a]) => a.includes(key))
      .map(([option]) => `\`${owner} ${option}(…)\``);
    const now = call === undefined ? "none" : `\`${owner} ${call.callee.name}\``;
    report(
      msg.overrideNoOption.with({
        hint: `\`${key}\` belongs to ${has.join(" or ")}; this section has ${now}`,
      })(name.span, key, owner),
    );
    return t;
  }
  const position = args.indexOf(key);
  let replaced = false;
  const newArgs = call.args.map((a, i): Arg => {
    const hit = a.name === undefined ? i === position : a.name.name === key;
    if (!hit) return a;
    replaced = true;
    return { ...a, value };
  });
  if (!replaced) newArgs.push({ kind: "arg", name, value, span: lineSpan });
  const next: Call = { ...call, args: newArgs };
  return withSetting(t, owner, {
    kind: "setting",
    key: current?.key ?? { kind: "ident", name: owner, span: name.span },
    value: next,
    span: current?.span ?? lineSpan,
  });
}

/** `schedule constant` as the call `constant()`; undefined for what is not an option (reported later). */
function asCall(v: Setting["value"]): Call | undefined {
  if (v.kind === "call") return v;
  if (v.kind === "ident") return { kind: "call", callee: v, args: [], span: v.span };
  return undefined;
}

/** The option a section without the setting gets: the default optimizer adamw(lr: 3e-4); no schedule or data. */
function defaultOption(owner: OptionSetting, span: Span): Call | undefined {
  if (owner !== "optimizer") return undefined;
  const lr: Expr = {
    kind: "float",
    value: TRAIN_DEFAULTS.lr,
    text: String(TRAIN_DEFAULTS.lr),
    span,
  };
  const lrName: Ident = { kind: "ident", name: "lr", span };
  return {
    kind: "call",
    callee: { kind: "ident", name: "adamw", span },
    args: [{ kind: "arg", name: lrName, value: lr, span }],
    span,
  };
}

function withSetting(t: TrainDecl, key: string, setting: Setting): TrainDecl {
  const has = t.settings.some((s) => s.key.name === key);
  const settings = has
    ? t.settings.map((s) => (s.key.name === key ? setting : s))
    : [...t.settings, setting];
  return { ...t, settings };
}
