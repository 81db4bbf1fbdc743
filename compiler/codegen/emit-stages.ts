// The growth stages of a generated module (docs/growth.md): per stage its meta, params, block
// functions and forward (`forwardStage1`, …), then `const grow: GrowPlan` listing every stage with
// its event step, description and the stacking copies. Names share the module's scope.
import { ownedParamSpecs, paramSize } from "../ir/param-count.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { GrowStageGraph } from "../lower/grow-stages.ts";
import { array, literal, object, ref, type Expr } from "./expr.ts";
import { FunctionTable } from "./functions.ts";
import type { NameScope } from "./names.ts";
import type { TopLevel } from "./print.ts";
import { readers } from "../passes/graph-edit.ts";
import { buildItems } from "./regions.ts";
import type { forwardDecl as ForwardDecl } from "./emit-module.ts";

/** One stage for codegen: the grown graph, its event step and a description (`ffn 256 → 512`). */
export interface StageInput {
  readonly stage: GrowStageGraph;
  readonly description: string;
}

/** Counted parameters of a graph (tied references once). */
export function ownedParams(g: GrowStageGraph["graph"]): {
  count: number;
  tensors: number;
  list: Expr;
} {
  const owned = ownedParamSpecs(g);
  return {
    count: owned.reduce((s, p) => s + paramSize(p), 0),
    tensors: owned.length,
    list: literal(
      owned.map((p) => ({ name: p.name, shape: p.shape, init: p.init, decay: p.decay })),
    ),
  };
}

/** The stages' top-level pieces (after the base forward), ending with `const grow`. */
export function emitStages(
  stages: readonly StageInput[],
  moduleScope: NameScope,
  locate: (span: Span) => string,
  forwardDecl: typeof ForwardDecl,
): TopLevel[] {
  const pieces: TopLevel[] = [];
  const entries: Expr[] = [];
  stages.forEach(({ stage, description }, i) => {
    const g = stage.graph;
    const k = i + 1;
    const users = readers(g);
    const items = buildItems(g, users);
    const table = new FunctionTable(g, users, moduleScope, locate);
    table.nameAll(items);
    const names = {
      meta: moduleScope.fresh(`metaStage${k}`),
      params: moduleScope.fresh(`paramsStage${k}`),
      forward: moduleScope.fresh(`forwardStage${k}`),
    };
    const fwd = forwardDecl(g, items, users, table, moduleScope, names.forward);
    const { count, list } = ownedParams(g);
    const meta = {
      name: g.name,
      source: g.source,
      paramCount: count,
      vocab: g.meta.vocab,
      context: g.meta.context,
      width: g.meta.width,
    };
    pieces.push(
      {
        k: "const",
        name: names.meta,
        type: "ModelMeta",
        expr: literal(meta),
        doc: `Stage ${k}, from step ${stage.event.step}: ${description}.`,
      },
      {
        k: "const",
        name: names.params,
        type: "readonly ParamInit[]",
        expr: list,
        doc: `Stage ${k}'s parameters, in order.`,
        lines: true,
      },
      ...table.decls.map((decl): TopLevel => ({ k: "function", decl })),
      { k: "function", decl: fwd },
    );
    const model = object([
      ["meta", ref(names.meta)],
      ["params", ref(names.params)],
      ["forward", ref(names.forward)],
    ]);
    entries.push(
      object([
        ["step", literal(stage.event.step)],
        ["event", literal(description)],
        ["copies", literal(stage.copies)],
        ["model", model],
      ]),
    );
  });
  pieces.push({
    k: "const",
    name: "grow",
    type: "GrowPlan",
    expr: object([["stages", array(entries)]]),
    doc: "Growth: the model from each grow event on (runtime/train/grow.ts switches at the event step).",
  });
  return pieces;
}
