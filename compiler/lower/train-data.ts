// The `data` setting of a train section: `text(sotu | "file.txt", tokenizer: bytes | gpt2,
// validation: 0.05)`, `copy(length: N)` or `recall(pairs: N)`. Two static checks for text:
//   - the model's vocabulary (its TokenEmbedding's, the head's width) holds every id the tokenizer
//     makes: vocab ≥ TOKENIZER_VOCAB[tokenizer] (a larger vocabulary is allowed, as padding);
//   - a data file exists; its path is relative to the folder of the .arch file that names it, and
//     the spec holds the absolute path (the generated program reads it from wherever it runs).
import { statSync } from "node:fs";
import path from "node:path";
import type { Call, Expr } from "../../grammar/ast.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { TOKENIZER_NAMES, TOKENIZER_VOCAB, type TokenizerName } from "../../spec/tokenizers.ts";
import { DATA_KINDS, type DataSpec } from "../../spec/train.ts";
import { INT } from "./builtins.ts";
import type { Ctx, Frame } from "./frame.ts";
import type { ModuleInfo } from "./resolve.ts";
import { argAt, argSpan, asCall, optionArgs } from "./train-options.ts";
import { textParams } from "./train-settings.ts";
import { num } from "./values.ts";

/** The data spec of `e`; `vocab` is the model's vocabulary (undefined when the model has errors). */
export function dataSpec(
  e: Expr,
  f: Frame,
  ctx: Ctx,
  vocab: number | undefined,
): DataSpec | undefined {
  const c = asCall(e, "data source", DATA_KINDS, ctx);
  if (c === undefined) return undefined;
  if (c.callee.name === "text") return textSpec(c, f, ctx, vocab);
  const key = c.callee.name === "copy" ? "length" : "pairs";
  const a = optionArgs(c, [{ name: key, type: INT }], f, ctx);
  const n = num(a?.get(key) ?? { t: "poison" });
  if (n === undefined) return undefined;
  return c.callee.name === "copy" ? { kind: "copy", length: n } : { kind: "recall", pairs: n };
}

function textSpec(c: Call, f: Frame, ctx: Ctx, vocab: number | undefined): DataSpec | undefined {
  const first = c.args[0];
  const literal =
    first !== undefined && first.name === undefined && first.value.kind === "string"
      ? { value: first.value.value, span: first.value.span }
      : undefined;
  const params = textParams(literal?.value);
  const named = tokenizerArg(c);
  if (named !== undefined && !(TOKENIZER_NAMES as readonly string[]).includes(named.name)) {
    ctx.r.report(
      msg.unknownOption.with({ hint: didYouMean(named.name, TOKENIZER_NAMES) })(
        named.span,
        "tokenizer",
        named.name,
      ),
    );
    return undefined;
  }
  const a = optionArgs(c, params, f, ctx, ["sotu", ...TOKENIZER_NAMES]);
  const validation = num(a?.get("validation") ?? { t: "poison" });
  const tokenizerValue = a?.get("tokenizer");
  if (a === undefined || validation === undefined || tokenizerValue?.t !== "enum") return undefined;
  const tokenizer = tokenizerValue.name as TokenizerName;
  let ok = true;
  if (!(validation > 0 && validation < 1)) {
    ctx.r.report(
      msg.badSetting(argSpan(c, "validation", 2), "validation", "a fraction between 0 and 1"),
    );
    ok = false;
  }
  const needed = TOKENIZER_VOCAB[tokenizer];
  if (vocab !== undefined && vocab < needed) {
    ctx.r.report(msg.vocabTooSmall(argSpan(c, "tokenizer", 1), vocab, tokenizer, needed));
    ok = false;
  }
  const file = literal === undefined ? undefined : dataFile(literal, f.module, ctx);
  if (!ok || file === null) return undefined;
  return {
    kind: "text",
    source: file === undefined ? "sotu" : { file },
    tokenizer,
    validation,
  };
}

/** The tokenizer argument when it is a bare name (`tokenizer: gpt2`, or the second positional). */
function tokenizerArg(c: Call): { readonly name: string; readonly span: Call["span"] } | undefined {
  const value = argAt(c, "tokenizer", 1)?.value;
  return value?.kind === "ident" ? { name: value.name, span: value.span } : undefined;
}

/** The absolute path of a data file named in `module`, or null after reporting that it is missing (unchecked under skipDataFiles). */
function dataFile(
  literal: { readonly value: string; readonly span: Call["span"] },
  module: ModuleInfo,
  ctx: Ctx,
): string | null {
  const abs = path.resolve(path.dirname(module.absPath), literal.value);
  if (ctx.skipDataFiles === true) return abs;
  const shown = path.isAbsolute(literal.value)
    ? literal.value
    : path.join(path.dirname(module.file), literal.value);
  let why: string;
  try {
    if (statSync(abs).isFile()) return abs;
    why = `is not a file (${shown})`;
  } catch (err) {
    const code = (err as { code?: string }).code;
    why =
      code === "ENOENT" || code === "ENOTDIR"
        ? `does not exist (looked for ${shown})`
        : `cannot be read (${shown}: ${code ?? String(err)})`;
  }
  ctx.r.report(msg.dataFileMissing(literal.span, literal.value, why));
  return null;
}
