// The generated module's skeleton: header, runtime imports, meta, params, one function per block
// definition, forward, trainConfig, model, and the main-module guard that starts training.
import type { Span } from "../../grammar/core/source.ts";
import type { Graph } from "../ir/types.ts";
import { Body } from "./body.ts";
import { typed } from "./emitter.ts";
import { codeText } from "./escape.ts";
import {
  call,
  freeNames,
  literal,
  member,
  ref,
  type Expr,
  type FunctionDecl,
  type Stmt,
} from "./expr.ts";
import { emitItems, FunctionTable, LOCAL_NAMES } from "./functions.ts";
import { inputParamName, NameScope } from "./names.ts";
import type { TopLevel } from "./print.ts";
import { readers } from "../passes/graph-edit.ts";
import { buildItems } from "./regions.ts";
import { emitStages, ownedParams, type StageInput } from "./emit-stages.ts";
import { modelMeta } from "./meta.ts";

/** What codegen needs besides the graph. */
export interface ModuleInput {
  readonly graph: Graph;
  /** The train section in the runtime's TrainConfig form (plain data), when the file has one. */
  readonly trainConfig?: unknown;
  /** `examples/gpt.arch:14`: a span as a project-relative path and a line. */
  readonly locate: (span: Span) => string;
  /** Growth stages (the grow section), emitted as `grow` after the base model. */
  readonly stages?: readonly StageInput[];
}

/** Values of the runtime that generated code may call (import list = those actually used). */
export const RUNTIME_VALUES = [
  "add",
  "addLayerNorm",
  "addRmsNorm",
  "attend",
  "attendPacked",
  "dropout",
  "dwaCombine",
  "embed",
  "exitOut",
  "fusedLinear",
  "gelu",
  "geluTanh",
  "growMasked",
  "grownLayerNorm",
  "grownRmsNorm",
  "isMain",
  "layerDrop",
  "layerNorm",
  "linear",
  "mixSeed",
  "modGather",
  "modRouter",
  "modScatter",
  "modWeigh",
  "moaMix",
  "moeCombine",
  "moeCombineSlots",
  "moeDispatchExpert",
  "moeGates",
  "mul",
  "param",
  "positions",
  "relu",
  "rmsNorm",
  "runMain",
  "scalarMix",
  "scale",
  "scope",
  "sigmoid",
  "silu",
  "sinusoidalPositions",
  "sub",
  "tanh",
  "tf",
  "tiedHead",
  "traced",
];
const RUNTIME_TYPES = [
  "CompiledModel",
  "ForwardContext",
  "GrowPlan",
  "ModelMeta",
  "ParamInit",
  "Params",
  "TrainConfig",
];
const MODULE_NAMES = ["forward", "grow", "meta", "model", "params", "trainConfig"];

/** The module as top-level pieces, ready for printModule. */
export function emitModule(input: ModuleInput): TopLevel[] {
  const { graph } = input;
  // spans name user files: their display paths go into comments only through codeText
  const locate = (span: Span): string => codeText(input.locate(span));
  const moduleScope = new NameScope([...RUNTIME_VALUES, ...RUNTIME_TYPES, ...MODULE_NAMES]);
  const users = readers(graph);
  const items = buildItems(graph, users);
  const table = new FunctionTable(graph, users, moduleScope, locate);
  table.nameAll(items);
  const forward = forwardDecl(graph, items, users, table, moduleScope);
  const { count: paramCount, tensors, list: paramsExpr } = ownedParams(graph);
  const hasTrain = input.trainConfig !== undefined;
  const metaExpr = literal(modelMeta(graph));
  const body: TopLevel[] = [
    {
      k: "const",
      name: "meta",
      type: "ModelMeta",
      expr: metaExpr,
      doc: "Static facts about the model.",
    },
    {
      k: "const",
      name: "params",
      type: "readonly ParamInit[]",
      expr: paramsExpr,
      doc: `Every parameter, in order: ${tensors} tensors.`,
      lines: true,
    },
    ...table.decls.map((decl): TopLevel => ({ k: "function", decl })),
    { k: "function", decl: forward },
  ];
  const grows = input.stages !== undefined && input.stages.length > 0;
  if (grows) body.push(...emitStages(input.stages!, moduleScope, locate, forwardDecl));
  if (hasTrain) {
    body.push({
      k: "const",
      name: "trainConfig",
      type: "TrainConfig",
      expr: literal(input.trainConfig),
      doc: "The train section.",
    });
  }
  const modelExpr: Expr = {
    k: "object",
    props: ["meta", "params", "forward", ...(grows ? ["grow"] : [])].map(
      (n) => [n, ref(n)] as const,
    ),
  };
  body.push({
    k: "const",
    name: "model",
    type: "CompiledModel",
    expr: modelExpr,
    doc: "The compiled model.",
  });
  if (hasTrain) {
    body.push({
      k: "main",
      doc: "Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).",
      cond: call("isMain", member(member(ref("import"), "meta"), "url")),
      // the program's URL: the runtime copies its build record and sources (build.json, source/) into the run
      body: call("runMain", ref("model"), ref("trainConfig"), member(ref("process"), "argv"), {
        k: "object",
        props: [["program", member(member(ref("import"), "meta"), "url")]],
      }),
    });
  }
  const used = usedNames(body);
  const header: TopLevel = {
    k: "comment",
    lines: [
      `Generated from ${codeText(graph.source)} by archc; do not edit.`,
      `${graph.name}: ${paramCount.toLocaleString("en-US")} parameters.${hasTrain ? " Run it: npx tsx model.ts --help" : ""}`,
    ],
  };
  const imports: TopLevel = {
    k: "import",
    names: RUNTIME_VALUES.filter((n) => n === "tf" || used.has(n)),
    types: RUNTIME_TYPES.filter(
      (n) => (n !== "TrainConfig" || hasTrain) && (n !== "GrowPlan" || grows),
    ),
    from: "./runtime.ts",
  };
  return [header, imports, ...body];
}

/** The forward function of `graph` (a growth stage's is `forwardStage<k>`). */
export function forwardDecl(
  graph: Graph,
  items: ReturnType<typeof buildItems>,
  users: ReturnType<typeof readers>,
  table: FunctionTable,
  moduleScope: NameScope,
  name = "forward",
): FunctionDecl {
  const scope = new NameScope(LOCAL_NAMES, moduleScope);
  const inputNode = graph.nodes.find((n) => n.kind === "input");
  const tokens = scope.claim(
    inputParamName(inputNode?.kind === "input" ? inputNode.attrs.name : "tokens"),
  );
  const body = new Body(table, scope, "");
  emitItems(body, items, users);
  const out = graph.outputs[0];
  if (out === undefined) throw new Error("ICE: codegen: the graph has no output");
  const prologue: Stmt[] = body.uses.w
    ? [{ k: "const", name: "w", expr: call("scope", ref("p")) }]
    : [];
  const usesP = body.uses.p || body.uses.w;
  return {
    name,
    exported: name === "forward",
    doc: ["tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy."],
    params: [
      { name: usesP ? "p" : "_p", type: "Params" },
      { name: tokens, type: "tf.Tensor2D" },
      { name: body.uses.ctx ? "ctx" : "_ctx", type: "ForwardContext" },
    ],
    returnType: "tf.Tensor3D",
    body: [...prologue, ...body.stmts, { k: "return", expr: typed(body.value(out), 3) }],
  };
}

/** Root identifiers read anywhere in the module's expressions. */
function usedNames(pieces: readonly TopLevel[]): Set<string> {
  const names = new Set<string>();
  const visit = (e: Expr): void => void freeNames(e, names);
  const visitStmt = (s: Stmt): void => visit(s.expr);
  for (const t of pieces) {
    if (t.k === "const") visit(t.expr);
    else if (t.k === "function") t.decl.body.forEach(visitStmt);
    else if (t.k === "main") {
      visit(t.cond);
      visit(t.body);
    }
  }
  return names;
}
