// One generated function body: walks items (nodes, block calls, loops) in graph order, asks the
// emitters for expressions, and binds one SSA `const` per node with a shape and source comment.
import type { Node, NodeId, OpKind } from "../ir/types.ts";
import { GRAPH_OUTPUT } from "../ir/readers.ts";
import { formatShape } from "../ir/format-shape.ts";
import type { Span } from "../../grammar/core/source.ts";
import { typed, type EmitContext, type Emitted, type Operand } from "./emitter.ts";
import { emitterOf } from "./emitters/index.ts";
import { call, num, ref, str, tpl, type Expr, type Stmt } from "./expr.ts";
import type { LoopRun } from "./loops.ts";
import { identifier, type NameScope } from "./names.ts";
import type { Region } from "./regions.ts";

/** What a body needs to know about the function generated for a region. */
export interface FunctionInfo {
  readonly name: string;
  readonly needsP: boolean;
  readonly needsAt: boolean;
  readonly needsCtx: boolean;
  readonly inputRanks: readonly number[];
  readonly outputRanks: readonly number[];
  /** Indices into `Region.constants` passed as number arguments (they differ between instances). */
  readonly constantSlots: readonly number[];
}

/** Services of the module for a body. */
export interface BodyHost {
  /** The function generated for a region's signature (generated on first request). */
  functionFor(region: Region): FunctionInfo;
  /** `examples/gpt.arch:14` for a source span. */
  locate(span: Span): string;
  /** Whether a node is read by anything (dead nodes are not emitted). */
  isUsed(id: NodeId): boolean;
  /** The nodes that read a node (-1 for a graph output). */
  readers(id: NodeId): readonly NodeId[];
  /** The instance of the innermost block around a node (structure), if any. */
  blockOf(node: Node): string | undefined;
  /** The node of an id. */
  node(id: NodeId): Node;
}

/** The IR shape as a comment: `[B, T, 128]`. */
export class Body implements EmitContext {
  readonly stmts: Stmt[] = [];
  readonly env = new Map<NodeId, Operand>();
  /** The `let` variable holding each loop's result, by the node it stands for. */
  private readonly loopVars = new Map<NodeId, string>();
  /** Which of the function's implicit names the body reads. */
  readonly uses = { w: false, p: false, at: false, ctx: false };

  /** `prefix` is the instance whose parameters `w(...)` reaches ("" in forward: full names). */
  constructor(
    private readonly host: BodyHost,
    private readonly scope: NameScope,
    private readonly prefix: string,
    /** `<node id>:<attr>` → the function parameter carrying that constant. */
    private readonly lifted: ReadonlyMap<string, string> = new Map(),
  ) {}

  value(id: NodeId): Operand {
    const v = this.env.get(id);
    if (v === undefined) throw new Error(`ICE: codegen: node %${id} is used before it is defined`);
    return v;
  }

  node(node: Node): void {
    // a node bound by an earlier one's pair (Emitted.pair) has its value already
    if (!this.host.isUsed(node.id) || this.env.has(node.id)) return;
    const inputs = node.inputs.map((i) => this.value(i));
    const out = emitterOf(node.kind)(node as never, inputs, this);
    if (out.pair !== undefined) {
      this.pair(node, out, out.pair);
      return;
    }
    if (out.expr.k === "ref") {
      this.env.set(node.id, out); // identity or a function parameter: no statement
      return;
    }
    const name = this.nameOf(node);
    this.stmts.push({ k: "const", name, expr: out.expr, comment: this.nodeComment(node) });
    this.env.set(node.id, { expr: ref(name), rank: out.rank });
  }

  /**
   * `const [node, second] = expr`: the emitted call gives this node's value and that of its reader
   * of kind `kind` (addNorm: the sum and its addNormed norm). A part nobody reads is left unnamed.
   */
  private pair(node: Node, out: Emitted, kind: OpKind): void {
    const second = this.host
      .readers(node.id)
      .filter((id) => id !== GRAPH_OUTPUT)
      .map((id) => this.host.node(id))
      .find((n) => n.kind === kind && n.inputs[0] === node.id);
    const readOther = this.host.readers(node.id).some((id) => id !== second?.id);
    const first = readOther ? this.nameOf(node) : "";
    const names = second === undefined ? [first] : [first, this.nameOf(second)];
    const comment = second === undefined ? this.nodeComment(node) : this.nodeComment(second);
    this.stmts.push({ k: "constTuple", names, expr: out.expr, comment });
    if (readOther) this.env.set(node.id, { expr: ref(first), rank: out.rank });
    if (second !== undefined) this.env.set(second.id, { expr: ref(names[1]!), rank: out.rank });
  }

  /** A fresh variable for a node's value, from its source name. */
  private nameOf(node: Node): string {
    const base = identifier(node.name, node.kind);
    return this.scope.fresh(this.scope.inherited(base) ? `${base}Out` : base, node.kind);
  }

  /** `[B, T, 128]  examples/gpt.arch:14` */
  private nodeComment(node: Node): string {
    return `${formatShape(node.shape)}  ${this.host.locate(node.origin.span)}`;
  }

  region(r: Region): void {
    const fn = this.host.functionFor(r);
    const args = this.callArgs(fn, r, this.instanceExpr(r.instance), undefined);
    const outs = r.outputs.map((id) => this.outputNode(r, id));
    const comment = `${outs.map((o) => formatShape(o.shape)).join(", ")}  ${this.callSite(r)}`;
    if (outs.length === 1) {
      const base = identifier(resultName(r), "h");
      const name = this.scope.fresh(this.scope.inherited(base) ? `${base}Out` : base, "h");
      const expr = this.traced(r, str(r.instance), call(fn.name, ...args));
      this.stmts.push({ k: "const", name, expr, comment });
      this.env.set(outs[0]!.id, { expr: ref(name), rank: fn.outputRanks[0]! });
    } else {
      const names = outs.map((n) => this.scope.fresh(n.name, "h"));
      this.stmts.push({ k: "constTuple", names, expr: call(fn.name, ...args), comment });
      outs.forEach((n, k) =>
        this.env.set(n.id, { expr: ref(names[k]!), rank: fn.outputRanks[k]! }),
      );
    }
  }

  loop(run: LoopRun): void {
    const first = run.regions[0]!;
    const last = run.regions[run.regions.length - 1]!;
    const fn = this.host.functionFor(first);
    const rank = fn.outputRanks[0]!;
    const init = first.inputs[run.chain]!;
    // A loop right after another continues its variable when nothing else reads the value between.
    const previous = this.loopVars.get(init);
    const firstNodes = new Set(first.nodes.map((n) => n.id));
    const reuse =
      previous !== undefined &&
      this.value(init).rank === rank &&
      this.host.readers(init).every((u) => firstNodes.has(u));
    const name = reuse ? previous : this.scope.fresh("h", "h");
    if (!reuse) this.stmts.push({ k: "let", name, expr: typed(this.value(init), rank) });
    const instance = this.instanceParts([run.before, ref("i"), run.after]);
    const args = this.callArgs(fn, first, instance, { slot: run.chain, expr: ref(name) });
    const out = this.outputNode(last, last.outputs[0]!);
    const comment = `${first.instance} … ${last.instance}: ${formatShape(out.shape)}  ${this.callSite(first)}`;
    const to = run.from + run.regions.length;
    this.stmts.push({
      k: "loop",
      index: "i",
      from: run.from,
      to,
      target: name,
      expr: this.traced(first, instance, call(fn.name, ...args)),
      comment,
    });
    this.env.set(out.id, { expr: ref(name), rank });
    this.loopVars.set(out.id, name);
  }

  /** In forward, a repeat iteration's result as `traced(ctx, "blocks.3", …)` (ForwardContext.trace). */
  private traced(r: Region, name: Expr, expr: Expr): Expr {
    if (this.prefix !== "" || r.iteration === undefined) return expr;
    return call("traced", this.ctx(), name, expr);
  }

  // EmitContext

  param(node: Node, slot: string): Expr {
    const p = node.params.find((q) => q.name.endsWith(`.${slot}`));
    if (p === undefined)
      throw new Error(`ICE: codegen: ${node.kind} node %${node.id} has no parameter slot ${slot}`);
    return this.paramNamed(p.name);
  }

  paramNamed(name: string): Expr {
    if (this.prefix === "") {
      this.uses.w = true;
      return call("w", str(name));
    }
    if (name.startsWith(`${this.prefix}.`)) {
      this.uses.w = true;
      return call("w", str(name.slice(this.prefix.length + 1)));
    }
    this.uses.p = true;
    return call("param", ref("p"), str(name));
  }

  site(node: Node): Expr {
    // Outside any block instance (an inline repeat body): under this function's instance, so that
    // every iteration has its own site (dropout seeds, aux-loss names).
    const at = this.host.blockOf(node) ?? this.prefix;
    return this.siteNamed(at === "" ? node.name : `${at}.${node.name}`);
  }

  siteNamed(name: string): Expr {
    return this.instanceExpr(name);
  }

  constant(node: Node, key: string): Expr | undefined {
    const name = this.lifted.get(`${node.id}:${key}`);
    return name === undefined ? undefined : ref(name);
  }

  ctx(): Expr {
    this.uses.ctx = true;
    return ref("ctx");
  }

  // helpers

  /** A name under this function's instance as `${at}.rest`, or a plain string when outside it. */
  private instanceExpr(name: string): Expr {
    return this.instanceParts([name]);
  }

  private instanceParts(parts: readonly (string | Expr)[]): Expr {
    const head = parts[0];
    let out: (string | Expr)[] = [...parts];
    if (
      this.prefix !== "" &&
      typeof head === "string" &&
      (head === this.prefix || head.startsWith(`${this.prefix}.`))
    ) {
      this.uses.at = true;
      out = [ref("at"), head.slice(this.prefix.length), ...parts.slice(1)];
    }
    const merged: (string | Expr)[] = [];
    for (const p of out) {
      const prev = merged[merged.length - 1];
      if (typeof p === "string" && typeof prev === "string") merged[merged.length - 1] = prev + p;
      else if (p !== "") merged.push(p);
    }
    if (merged.length === 1 && typeof merged[0] === "string") return str(merged[0]);
    if (merged.length === 1 && typeof merged[0] !== "string") return merged[0]!;
    return tpl(merged);
  }

  private callArgs(
    fn: FunctionInfo,
    r: Region,
    instance: Expr,
    chained: { slot: number; expr: Expr } | undefined,
  ): Expr[] {
    const args: Expr[] = [];
    if (fn.needsP) {
      this.uses.p = true;
      args.push(ref("p"));
    }
    if (fn.needsAt) args.push(instance);
    r.inputs.forEach((id, k) => {
      const rank = fn.inputRanks[k]!;
      args.push(chained?.slot === k ? chained.expr : typed(this.value(id), rank));
    });
    for (const k of fn.constantSlots) args.push(num(r.constants[k]!.value));
    if (fn.needsCtx) args.push(this.ctx());
    return args;
  }

  private outputNode(r: Region, id: NodeId): Node {
    const n = r.nodes.find((m) => m.id === id);
    if (n === undefined) throw new Error(`ICE: codegen: region ${r.instance} lacks output %${id}`);
    return n;
  }

  private callSite(r: Region): string {
    return this.host.locate(r.call);
  }
}

/** The variable holding a block call's result: `h` for a repeat iteration, else the instance's last segment (`blocks.3.attn` → `attn`, `moe.experts.3` → `experts3`). */
function resultName(r: Region): string {
  if (r.iteration !== undefined) return "h";
  const segments = r.instance.split(".");
  const last = segments[segments.length - 1] ?? "";
  const prev = segments[segments.length - 2];
  if (!/^\d+$/.test(last)) return last === "" ? "h" : last;
  return prev === undefined ? "h" : `${prev}${last}`; // experts.3 → experts3
}
