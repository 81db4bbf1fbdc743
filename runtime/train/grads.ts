// Gradients of the training loss with respect to the parameters: tf.variableGrads's result
// (same tape, same gradient functions, same order of accumulation, so bit-identical gradients),
// with a backward walk that frees memory as it goes. tfjs's own walk (tfjs-core tape.ts) keeps
// every intermediate gradient and every tensor saved for the backward pass until the walk ends, so
// a step's peak holds all of them at once (bench/_profile-memory.ts: ~100 of the 174 MiB peak of
// examples/gpt.arch). Here a node's output gradients and its saved tensors are disposed as soon as
// the node is done (nothing earlier on the tape reads them), and partial sums as soon as they are
// added. ARCHC_GRADS=tfjs, or a gradient nested in another, uses tf.variableGrads itself. The
// forward saves tensors for the backward pass by sharing their data (shared-saves.ts).
import * as tf from "../tf.ts";
import { withSharedSaves } from "./shared-saves.ts";

/** tfjs-core's tape node (engine.ts addTapeNode). */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

/** The engine internals this walk uses (tfjs-core engine.ts; stable across tfjs 4.x). */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
  tidy<T extends tf.TensorContainer>(f: () => T): T;
}

export interface VariableGrads {
  value: tf.Scalar;
  grads: Record<string, tf.Tensor>;
}

/** tf.variableGrads(f, vars), freeing gradients and saved tensors during the backward walk. */
export function variableGrads(f: () => tf.Scalar, vars: tf.Variable[]): VariableGrads {
  const engine = tf.engine() as unknown as EngineInternals;
  if (process.env["ARCHC_GRADS"] === "tfjs" || engine.state.gradientDepth > 0)
    return tf.variableGrads(f, vars);
  const xs = vars.filter((v) => v.trainable);
  if (xs.length === 0)
    throw new Error(
      `variableGrads() expects at least one of the input variables to be trainable, but none of the ${vars.length} variables is trainable.`,
    );
  let y: tf.Scalar;
  try {
    y = engine.scopedRun(
      () => engine.startTape(),
      () => engine.endTape(),
      () => withSharedSaves(() => engine.tidy("forward", f)),
    );
  } catch (e) {
    // a forward that throws leaves its tape holding the tensors saved for a backward pass that
    // never comes (tfjs's variableGrads does too): free them, so a failed step leaks nothing
    for (const node of engine.state.activeTape ?? []) for (const t of node.saved ?? []) t.dispose();
    engine.state.activeTape = null;
    throw e;
  }
  if (!(y instanceof tf.Tensor)) throw new Error("The result y returned by f() must be a tensor.");
  if (y.rank !== 0)
    throw new Error(
      `The f passed in variableGrads(f) must return a scalar, but it returned a rank-${y.rank} tensor`,
    );
  const tape = engine.state.activeTape ?? [];
  const filtered = nodesFromXsToY(tape, xs, y);
  const result = engine.tidy("backward", () => {
    const grads = backward(engine, filtered, y, new Set(xs.map((x) => x.id)));
    const named: Record<string, tf.Tensor> = {};
    for (const x of xs) {
      const g = grads.get(x.id);
      if (g !== undefined) named[x.name] = g;
    }
    return { value: y, grads: named };
  });
  for (const node of tape) for (const t of node.saved ?? []) t.dispose();
  engine.state.activeTape = null;
  if (Object.keys(result.grads).length === 0)
    throw new Error(
      "Cannot find a connection between any variable and the result of the loss function y=f(x). " +
        "Please make sure the operations that use variables are inside the function f passed to minimize().",
    );
  // as tf.variableGrads: the non-trainable variables asked for, with null gradients
  const grads = result.grads as Record<string, tf.Tensor | null>;
  for (const v of vars) if (!v.trainable) grads[v.name] = null;
  return result as VariableGrads;
}

/** Gradient tensors by tensor id, counting the entries per tensor object (one may fill several). */
class GradMap {
  readonly byId = new Map<number, tf.Tensor>();
  private readonly refs = new Map<tf.Tensor, number>();
  set(id: number, t: tf.Tensor): void {
    this.drop(id);
    this.byId.set(id, t);
    this.refs.set(t, (this.refs.get(t) ?? 0) + 1);
  }
  drop(id: number): void {
    const old = this.byId.get(id);
    if (old === undefined) return;
    this.byId.delete(id);
    const n = (this.refs.get(old) ?? 1) - 1;
    if (n === 0) this.refs.delete(old);
    else this.refs.set(old, n);
  }
  inUse(t: tf.Tensor): boolean {
    return this.refs.has(t);
  }
}

/** The reverse walk of tfjs-core's backpropagateGradients, disposing what no later node reads. */
function backward(
  engine: EngineInternals,
  tape: TapeNode[],
  y: tf.Tensor,
  xIds: ReadonlySet<number>,
): Map<number, tf.Tensor> {
  const grads = new GradMap();
  grads.set(y.id, tf.ones(y.shape));
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    const dys = node.outputs.map((o) => grads.byId.get(o.id) ?? null);
    if (node.gradient == null)
      throw new Error(
        `Cannot compute gradient: gradient function not found for ${node.kernelName}.`,
      );
    const inputGrads = node.gradient(dys);
    const spent: tf.Tensor[] = []; // partial sums and addends: disposed once the node is done
    for (const name of Object.keys(node.inputs)) {
      if (!(name in inputGrads))
        throw new Error(
          `Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGrads)}.`,
        );
      const dx = engine.tidy(() => inputGrads[name]!());
      const x = node.inputs[name]!;
      if (dx.dtype !== "float32")
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`,
        );
      if (!tf.util.arraysEqual(dx.shape, x.shape))
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`,
        );
      const cur = grads.byId.get(x.id);
      if (cur === undefined) grads.set(x.id, dx);
      else {
        grads.set(x.id, tf.add(cur, dx));
        spent.push(cur, dx);
      }
    }
    // This node's outputs have all their gradient now and no node before it reads them.
    for (const o of node.outputs) if (!xIds.has(o.id)) grads.drop(o.id);
    for (const t of [...spent, ...dys, ...(node.saved ?? [])])
      if (t !== null && !grads.inUse(t)) t.dispose();
  }
  return grads.byId;
}

/**
 * The tape nodes on a path from some x to y, inputs not derived from an x pruned (tfjs-core
 * tape.ts getFilteredNodesXToY, which tfjs does not export).
 */
function nodesFromXsToY(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape)
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  const toY = new Set<number>([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const t of Object.values(node.inputs)) toY.add(t.id);
      nodesToY.add(node.id);
    }
  }
  const out: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(node.inputs)) if (fromX.has(t.id)) inputs[name] = t;
    out.push({ ...node, inputs });
  }
  return out;
}
