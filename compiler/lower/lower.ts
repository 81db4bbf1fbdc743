// Drives lowering of one file: picks the model (the one a train section names, else the last),
// lowers it to a graph, lowers its train and grow sections, and verifies the graph.
import type { GrowDecl, ModelDecl, TrainDecl } from "../../grammar/ast.ts";
import type { SourceFile, Span } from "../../grammar/core/source.ts";
import { names as msg } from "../../grammar/core/messages/names.ts";
import { GraphBuilder } from "../ir/build.ts";
import { assertValidGraph } from "../ir/verify.ts";
import type { Graph } from "../ir/types.ts";
import type { Reporter } from "./diags.ts";
import type { Ctx, Lowering } from "./frame.ts";
import { checkDeclarations } from "./check-decls.ts";
import { lowerGrow, type GrowSpec } from "./grow-spec.ts";
import { lowerModel } from "./model.ts";
import type { ModuleInfo } from "./resolve.ts";
import { lowering, STATEMENTS } from "./stmt-table.ts";
import { lowerTrain, type TrainSpec } from "./train-spec.ts";

export interface Program {
  readonly graph: Graph;
  readonly train?: TrainSpec;
  readonly grow?: GrowSpec;
  readonly model: string;
}

/** Lowers the module's model (if it has one). Returns undefined when there is none or on errors. */
export function lowerModule(
  m: ModuleInfo,
  reporter: Reporter,
  sources: ReadonlyMap<string, SourceFile>,
  opts: LowerOptions = {},
): Program | undefined {
  const decls = m.ast.decls;
  const models = decls.filter((d): d is ModelDecl => d.kind === "model");
  const trains = decls.filter((d): d is TrainDecl => d.kind === "train");
  const grows = decls.filter((d): d is GrowDecl => d.kind === "grow");
  checkSections(m, [...trains, ...grows], reporter);
  checkDeclarations(m, makeCtx(reporter, sources), STATEMENTS);
  if (models.length === 0) return undefined;
  const named =
    trains[0] === undefined ? undefined : models.find((x) => x.name.name === trains[0]?.model.name);
  const chosen = named ?? models[models.length - 1]!;
  if (models.length > 1 && named === undefined)
    reporter.report(msg.severalModels(chosen.name.span, chosen.name.name));
  let program: Program | undefined;
  // Every model is lowered for its diagnostics; the chosen one becomes the program.
  for (const model of models) {
    const ctx = makeCtx(reporter, sources, lowering(), opts);
    const graph = lowerModel(model, m, ctx);
    const modelClean = !reporter.hasErrors;
    const trainDecl = trains.find((t) => t.model.name === model.name.name);
    const growDecl = grows.find((g) => g.model.name === model.name.name);
    const train =
      trainDecl === undefined ? undefined : lowerTrain(trainDecl, m, ctx, graph?.meta.vocab);
    // a graph lowered past reported errors (a construct carries on with its input) lacks the parts
    // in error: checking grow events against it would report false second errors
    const grow =
      growDecl === undefined || graph === undefined || !modelClean
        ? undefined
        : lowerGrow(growDecl, m, ctx, graph, train);
    if (model !== chosen || graph === undefined) continue;
    program = {
      graph,
      model: model.name.name,
      ...(train !== undefined ? { train } : {}),
      ...(grow !== undefined ? { grow } : {}),
    };
  }
  if (program === undefined || reporter.hasErrors) return undefined;
  assertValidGraph(program.graph);
  return program;
}

/** What a caller may change about lowering. */
export interface LowerOptions {
  /** Take data files as named, without checking that they exist (Ctx.skipDataFiles). */
  readonly skipDataFiles?: boolean;
}

/** A fresh lowering context (`lower`: the entry points and statement table; tests may extend it). */
export function makeCtx(
  reporter: Reporter,
  sources: ReadonlyMap<string, SourceFile>,
  lower: Lowering = lowering(),
  opts: LowerOptions = {},
): Ctx {
  const where = (span: Span, from: Span): string => {
    const line = sources.get(span.file)?.lineCol(span.start).line ?? 0;
    return span.file === from.file ? `line ${line}` : `${span.file} line ${line}`;
  };
  return {
    b: new GraphBuilder(),
    r: reporter,
    moeCount: 0,
    where,
    lower,
    ...(opts.skipDataFiles === true ? { skipDataFiles: true } : {}),
  };
}

/** Each train/grow section names a model of this file, at most one section of a kind per model. */
function checkSections(
  m: ModuleInfo,
  sections: readonly (TrainDecl | GrowDecl)[],
  reporter: Reporter,
): void {
  const seen = new Set<string>();
  for (const s of sections) {
    const target = m.names.get(s.model.name);
    if (target?.kind !== "model")
      reporter.report(msg.unknownModel(s.model.span, s.kind, s.model.name));
    const key = `${s.kind}:${s.model.name}`;
    if (seen.has(key)) reporter.report(msg.duplicateSection(s.span, s.kind, s.model.name));
    seen.add(key);
  }
}
