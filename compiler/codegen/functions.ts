// The generated functions: one per distinct block-instance signature, named from the block
// (`CausalSelfAttention` → `causalSelfAttention`, a differing variant → `layer2`), written callee first.
import type { Span } from "../../grammar/core/source.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { Body, type BodyHost, type FunctionInfo } from "./body.ts";
import { tensorType, typed } from "./emitter.ts";
import { array, ref, type FunctionDecl, type Stmt } from "./expr.ts";
import { findLoops } from "./loops.ts";
import { functionName, NameScope } from "./names.ts";
import { innermostBlock } from "./scopes.ts";
import type { Item, Region } from "./regions.ts";

/** Names every function-local scope keeps for itself. */
export const LOCAL_NAMES = ["p", "at", "ctx", "w", "i"];

/** Emits the statements of `items` into `body`, writing chained instance runs as loops. */
export function emitItems(body: Body, items: readonly Item[], users: Map<NodeId, NodeId[]>): void {
  for (const it of findLoops(items, users)) {
    if (it.k === "node") body.node(it.node);
    else if (it.k === "region") body.region(it.region);
    else body.loop(it.loop);
  }
}

export class FunctionTable implements BodyHost {
  private readonly names = new Map<string, string>();
  private readonly instances = new Map<string, string[]>();
  private readonly infos = new Map<string, FunctionInfo>();
  /** Per signature, the liftable constants of each instance (see signature.ts liftable). */
  private readonly constants = new Map<string, number[][]>();
  private readonly byId: Map<NodeId, Node>;
  private readonly structure: Graph["structure"];
  /** Generated functions, each after the functions it calls. */
  readonly decls: FunctionDecl[] = [];

  constructor(
    graph: Graph,
    private readonly users: Map<NodeId, NodeId[]>,
    private readonly moduleScope: NameScope,
    readonly locate: (span: Span) => string,
  ) {
    this.byId = new Map(graph.nodes.map((n) => [n.id, n]));
    this.structure = graph.structure;
  }

  /** Claims a function name for every signature, outermost and first-seen first, before any body exists. */
  nameAll(items: readonly Item[]): void {
    for (const it of items) {
      if (it.k !== "region") continue;
      const r = it.region;
      const seen = this.instances.get(r.signature);
      if (seen === undefined) {
        this.names.set(r.signature, this.moduleScope.fresh(functionName(r.block), "block"));
        this.instances.set(r.signature, [r.instance]);
        this.constants.set(r.signature, [r.constants.map((c) => c.value)]);
      } else {
        seen.push(r.instance);
        this.constants.get(r.signature)?.push(r.constants.map((c) => c.value));
      }
      this.nameAll(r.items);
    }
  }

  readers(id: NodeId): readonly NodeId[] {
    return this.users.get(id) ?? [];
  }

  blockOf(node: Node): string | undefined {
    return innermostBlock(this.structure, node.origin.scope);
  }

  isUsed(id: NodeId): boolean {
    return (this.users.get(id)?.length ?? 0) > 0;
  }

  functionFor(r: Region): FunctionInfo {
    const cached = this.infos.get(r.signature);
    if (cached !== undefined) return cached;
    const name = this.names.get(r.signature);
    if (name === undefined)
      throw new Error(`ICE: codegen: no function name for block ${r.block} (${r.instance})`);
    const scope = new NameScope(LOCAL_NAMES, this.moduleScope);
    // Constants that differ between the instances become number arguments after the tensors; two
    // constants equal in every instance (both norms of one LayerNorm-Scaling layer) share one.
    const all = this.constants.get(r.signature) ?? [];
    const column = (k: number): string => JSON.stringify(all.map((v) => v[k]));
    const varying = r.constants.flatMap((_c, k) =>
      all.some((v) => v[k] !== all[0]?.[k]) ? [k] : [],
    );
    const constantSlots = varying.filter((k, i) =>
      varying.slice(0, i).every((j) => column(j) !== column(k)),
    );
    const lifted = new Map<string, string>();
    const body = new Body(this, scope, r.instance, lifted);
    const inputRanks = r.inputs.map((id) => this.node(id).shape.length);
    const inputNames = r.inputs.map((id, k) =>
      k === 0 ? scope.claim("x") : scope.fresh(this.node(id).name, "x"),
    );
    r.inputs.forEach((id, k) =>
      body.env.set(id, { expr: ref(inputNames[k]!), rank: inputRanks[k]! }),
    );
    const constantNames = constantSlots.map((k) => scope.fresh(r.constants[k]!.key, "c"));
    for (const k of varying) {
      const c = r.constants[k]!;
      const slot = constantSlots.findIndex((j) => column(j) === column(k));
      lifted.set(`${c.node}:${c.key}`, constantNames[slot]!);
    }
    emitItems(body, r.items, this.users);
    const outputRanks = r.outputs.map((id) => this.node(id).shape.length);
    const results = r.outputs.map((id, k) => typed(body.value(id), outputRanks[k]!));
    const needsP = body.uses.p || body.uses.w;
    const needsAt = body.uses.at || body.uses.w;
    const needsCtx = body.uses.ctx;
    const info: FunctionInfo = {
      name,
      needsP,
      needsAt,
      needsCtx,
      inputRanks,
      outputRanks,
      constantSlots,
    };
    const prologue: Stmt[] = body.uses.w
      ? [
          {
            k: "const",
            name: "w",
            expr: { k: "call", callee: ref("scope"), args: [ref("p"), ref("at")] },
          },
        ]
      : [];
    const returnType =
      outputRanks.length === 1
        ? tensorType(outputRanks[0]!)
        : `[${outputRanks.map((n) => tensorType(n)).join(", ")}]`;
    this.decls.push({
      name,
      exported: false,
      doc: [this.docLine(r)],
      params: [
        ...(needsP ? [{ name: "p", type: "Params" }] : []),
        ...(needsAt ? [{ name: "at", type: "string" }] : []),
        ...inputNames.map((n, k) => ({ name: n, type: tensorType(inputRanks[k]!) })),
        ...constantNames.map((n) => ({ name: n, type: "number" })),
        ...(needsCtx ? [{ name: "ctx", type: "ForwardContext" }] : []),
      ],
      returnType,
      body: [
        ...prologue,
        ...body.stmts,
        { k: "return", expr: results.length === 1 ? results[0]! : array(results) },
      ],
    });
    this.infos.set(r.signature, info);
    return info;
  }

  private docLine(r: Region): string {
    const uses = this.instances.get(r.signature) ?? [r.instance];
    const all = [...new Set(uses)];
    if (all.length === 1 && uses.length > 1)
      return `${r.block}: ${all[0]!}, shared by ${uses.length} uses.`;
    if (all.length <= 2) return `${r.block}: ${all.join(", ")}.`;
    return `${r.block}, ${all.length} instances: ${all[0]!} … ${all[all.length - 1]!}.`;
  }

  node(id: NodeId): Node {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`ICE: codegen: no graph node %${id}`);
    return n;
  }
}
