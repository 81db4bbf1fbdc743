// GraphBuilder: the only place node ids are minted. Lowering adds nodes in dataflow order, so the
// graph is topological by construction; shapes come from each op's rule and params from its slots.
// It also records the structure (structure.ts): `within(scope, fn)` opens a construct instance,
// and every node added meanwhile belongs to it (its `origin.scope`).
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { opDef } from "./ops/index.ts";
import type { ScopeId, ScopeSpec, StructureScope } from "./structure.ts";
import type {
  Graph,
  InitSpec,
  Node,
  NodeId,
  NodeOf,
  OpAttrs,
  OpKind,
  Origin,
  OriginSpec,
  ParamSpec,
  Shape,
} from "./types.ts";

/** What lowering says about a new node; the builder fills in id, shape, dtype and params. */
export interface NodeSpec<K extends OpKind> {
  readonly kind: K;
  readonly inputs: readonly NodeId[];
  readonly attrs: OpAttrs[K];
  readonly name: string;
  /** Without `scope`, the node joins the innermost open scope. */
  readonly origin: OriginSpec;
  /** Hierarchical instance name; params are `<paramPrefix>.<slot>`. Required when the op has params. */
  readonly paramPrefix?: string;
  /** Per-slot init replacing the op's default (DeepNorm β-scaled Xavier). */
  readonly init?: (slot: string) => InitSpec | undefined;
  /** A `share`d layer: a name already owned becomes a reference (`tiedTo`) instead of an error. */
  readonly tie?: boolean;
}

const NO_SPAN = { file: "", start: 0, end: 0 };

export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly owners = new Map<string, NodeId>();
  private readonly scopes: StructureScope[];
  private current: ScopeId = 0;

  /** A new graph; `structure` starts from an existing graph's scopes (a growth stage rebuilds one). */
  constructor(structure?: readonly StructureScope[]) {
    this.scopes =
      structure !== undefined
        ? [...structure]
        : [{ id: 0, kind: "model", parent: null, span: NO_SPAN, name: "", stage: 0 }];
  }

  /** Runs `fn` inside a new scope, child of the innermost open one; returns fn's result. */
  within<T>(spec: ScopeSpec, fn: (id: ScopeId) => T): T {
    const id = this.openScope(spec, this.current);
    return this.inScope(id, () => fn(id));
  }

  /** Runs `fn` with an existing scope open again (a node inserted into a construct already built). */
  inScope<T>(id: ScopeId, fn: () => T): T {
    if (this.scopes[id] === undefined) throw new InternalCompilerError(`no scope ${id}`);
    const outer = this.current;
    this.current = id;
    try {
      return fn();
    } finally {
      this.current = outer;
    }
  }

  /** Adds a scope under `parent` without opening it (growth copies a block's scopes); returns its id. */
  openScope(spec: ScopeSpec, parent: ScopeId): ScopeId {
    if (this.scopes[parent] === undefined) throw new InternalCompilerError(`no scope ${parent}`);
    const id = this.scopes.length;
    this.scopes.push({ ...spec, id, parent } as StructureScope);
    return id;
  }

  /** Gives the model scope (id 0) its source span (the `model` declaration). */
  setModel(span: Origin["span"]): void {
    this.scopes[0] = { ...this.scopes[0]!, span } as StructureScope;
  }

  /** Adds a node and returns its id. Inputs must already exist; shapes must agree (else ICE). */
  add<K extends OpKind>(spec: NodeSpec<K>): NodeId {
    const def = opDef(spec.kind);
    const id = this.nodes.length;
    const inputShapes = spec.inputs.map((i) => this.shape(i));
    const r = def.inferShape(spec.attrs, inputShapes);
    if (!r.ok)
      throw new InternalCompilerError(`building %${id} ${spec.kind} (${spec.name}): ${r.error}`);
    const params = def.params(spec.attrs).map((slot): ParamSpec => {
      if (spec.paramPrefix === undefined)
        throw new InternalCompilerError(`${spec.kind} node ${spec.name} has params but no prefix`);
      const name = `${spec.paramPrefix}.${slot.slot}`;
      const init = spec.init?.(slot.slot) ?? slot.init;
      const owner = this.owners.get(name);
      if (owner !== undefined) {
        if (spec.tie !== true)
          throw new InternalCompilerError(`parameter ${name} is owned twice (%${owner}, %${id})`);
        return {
          name,
          shape: slot.shape,
          init: this.ownedParam(owner, name).init,
          decay: slot.decay,
          tiedTo: owner,
        };
      }
      this.owners.set(name, id);
      return { name, shape: slot.shape, init, decay: slot.decay };
    });
    const node = {
      id,
      kind: spec.kind,
      inputs: spec.inputs,
      attrs: spec.attrs,
      shape: r.shape,
      dtype: def.dtype(spec.attrs),
      params,
      name: spec.name,
      origin: { ...spec.origin, scope: spec.origin.scope ?? this.current },
    } as NodeOf<K> as Node;
    this.nodes.push(node);
    return id;
  }

  /** The node with this id (ICE when absent). */
  node(id: NodeId): Node {
    const n = this.nodes[id];
    if (n === undefined) throw new InternalCompilerError(`no node %${id}`);
    return n;
  }

  shape(id: NodeId): Shape {
    return this.node(id).shape;
  }

  /** The id the next node will get (nodes created from here on form a contiguous range). */
  get nextId(): NodeId {
    return this.nodes.length;
  }

  /** True when a parameter of this name is already owned. */
  owns(name: string): boolean {
    return this.owners.has(name);
  }

  /** Removes and returns the most recent node when nothing uses it (Sub-LN re-inserts it after a norm). */
  popLast(): Node {
    const n = this.nodes.pop();
    if (n === undefined) throw new InternalCompilerError("popLast on an empty graph");
    for (const p of n.params) if (p.tiedTo === undefined) this.owners.delete(p.name);
    return n;
  }

  /** Replaces the init of an owned parameter of node `id` (DeepNorm's β scaling after the fact). */
  setInit(id: NodeId, slotName: string, init: InitSpec): void {
    const n = this.node(id);
    const params = n.params.map((p) =>
      p.name.endsWith(`.${slotName}`) && p.tiedTo === undefined ? { ...p, init } : p,
    );
    this.nodes[id] = { ...n, params } as Node;
  }

  /** The finished graph, with the structure recorded so far (the model scope named after it). */
  finish(g: Omit<Graph, "version" | "nodes" | "structure">): Graph {
    const root = { ...this.scopes[0]!, name: g.name } as StructureScope;
    return { version: 2, ...g, nodes: [...this.nodes], structure: [root, ...this.scopes.slice(1)] };
  }

  private ownedParam(owner: NodeId, name: string): ParamSpec {
    const p = this.node(owner).params.find((q) => q.name === name);
    if (p === undefined) throw new InternalCompilerError(`owner %${owner} lacks ${name}`);
    return p;
  }
}
