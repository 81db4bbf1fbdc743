// The IR verifier: structural invariants every graph must satisfy after lowering and after every
// pass. A violation is a compiler bug (ICE), never a user error.
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { verifyAddNorms } from "./ops/add-norm.ts";
import { opDef } from "./ops/index.ts";
import { sameShape, showShape } from "./ops/op-def.ts";
import type { Graph, Node, NodeId, ParamSpec } from "./types.ts";
import { verifyMoe } from "./verify-moe.ts";
import { verifyStructure } from "./verify-structure.ts";

/**
 * Checks: ids are 0..n-1 in order and inputs point backwards (topological); input arity; each
 * shape and dtype equals the op's rule; params match the op's slots (count, `.slot` suffix, shape,
 * decay); every owned name is unique; each `tiedTo` points at an earlier owner of the same name
 * and shape; tied heads name an embedding table of the right shape; the MoE dispatch form is
 * consistent (verify-moe.ts); each addNormed reads an addNorm of its own (ops/add-norm.ts); graph
 * inputs and outputs exist; the structure is a tree whose scopes each hold a contiguous run of
 * nodes (verify-structure.ts).
 * Returns one message per violation (empty when valid).
 */
export function verifyGraph(g: Graph): string[] {
  const errs: string[] = [];
  const owned = new Map<string, { id: NodeId; p: ParamSpec }>();
  g.nodes.forEach((n, index) => {
    const at = `%${n.id} ${n.kind}`;
    if (n.id !== index) errs.push(`${at}: id ${n.id} at position ${index}`);
    for (const i of n.inputs)
      if (!(i >= 0 && i < index)) errs.push(`${at}: input %${i} is not an earlier node`);
    if (errs.length > 0 && n.inputs.some((i) => i >= index)) return;
    checkNode(n, g, errs, at);
    checkParams(n, owned, errs, at);
  });
  for (const n of g.nodes)
    if (n.kind === "tiedHead") checkTiedHead(n.attrs, owned, g, errs, `%${n.id} tiedHead`);
  if (errs.length === 0) errs.push(...verifyMoe(g)); // MoE dispatch form (verify-moe.ts)
  if (errs.length === 0) errs.push(...verifyAddNorms(g)); // addNormed reads its addNorm
  if (errs.length === 0) errs.push(...verifyStructure(g));
  for (const i of g.inputs)
    if (g.nodes[i]?.kind !== "input") errs.push(`graph input %${i} is not an input node`);
  for (const o of g.outputs)
    if (g.nodes[o] === undefined) errs.push(`graph output %${o} does not exist`);
  return errs;
}

/** Throws an InternalCompilerError listing the violations, if any. */
export function assertValidGraph(g: Graph): void {
  const errs = verifyGraph(g);
  if (errs.length > 0)
    throw new InternalCompilerError(
      `invalid IR for ${g.name}:\n  ${errs.slice(0, 20).join("\n  ")}`,
    );
}

function checkNode(n: Node, g: Graph, errs: string[], at: string): void {
  const def = opDef(n.kind) as ReturnType<typeof opDef<Node["kind"]>>;
  const attrs = n.attrs as never;
  const arity = def.arity(attrs);
  const count = n.inputs.length;
  const arityOk =
    typeof arity === "number" ? count === arity : count >= arity.min && count <= arity.max;
  if (!arityOk) errs.push(`${at}: ${count} inputs, expected ${JSON.stringify(arity)}`);
  const inputShapes = n.inputs.map((i) => g.nodes[i]?.shape ?? []);
  const r = def.inferShape(attrs, inputShapes);
  if (!r.ok) errs.push(`${at}: ${r.error}`);
  else if (!sameShape(r.shape, n.shape))
    errs.push(`${at}: shape ${showShape(n.shape)} but the rule gives ${showShape(r.shape)}`);
  if (def.dtype(attrs) !== n.dtype)
    errs.push(`${at}: dtype ${n.dtype}, expected ${def.dtype(attrs)}`);
  for (const m of def.verify?.(n as never) ?? []) errs.push(`${at}: ${m}`);
}

function checkParams(
  n: Node,
  owned: Map<string, { id: NodeId; p: ParamSpec }>,
  errs: string[],
  at: string,
): void {
  const slots = opDef(n.kind).params(n.attrs as never);
  if (slots.length !== n.params.length)
    errs.push(`${at}: ${n.params.length} params for ${slots.length} slots`);
  n.params.forEach((p, i) => {
    const slot = slots[i];
    if (slot === undefined) return;
    if (!p.name.endsWith(`.${slot.slot}`))
      errs.push(`${at}: param ${p.name} should end with .${slot.slot}`);
    if (p.shape.join(",") !== slot.shape.join(","))
      errs.push(
        `${at}: param ${p.name} shape [${p.shape.join(",")}] vs slot [${slot.shape.join(",")}]`,
      );
    if (p.decay !== slot.decay)
      errs.push(`${at}: param ${p.name} decay ${p.decay} vs slot ${slot.decay}`);
    if (p.tiedTo === undefined) {
      const prev = owned.get(p.name);
      if (prev !== undefined) errs.push(`${at}: param ${p.name} already owned by %${prev.id}`);
      else owned.set(p.name, { id: n.id, p });
    } else {
      const own = owned.get(p.name);
      if (own === undefined || own.id !== p.tiedTo)
        errs.push(`${at}: param ${p.name} tied to %${p.tiedTo}, which does not own it`);
      else if (own.p.shape.join(",") !== p.shape.join(","))
        errs.push(`${at}: tied param ${p.name} has another shape than its owner`);
    }
  });
}

function checkTiedHead(
  a: { table: string; vocab: number; d: number },
  owned: Map<string, { id: NodeId; p: ParamSpec }>,
  g: Graph,
  errs: string[],
  at: string,
): void {
  const own = owned.get(a.table);
  if (own === undefined) return void errs.push(`${at}: table ${a.table} is not a parameter`);
  if (g.nodes[own.id]?.kind !== "embedding")
    errs.push(`${at}: table ${a.table} is not owned by an embedding`);
  if (own.p.shape.join(",") !== `${a.vocab},${a.d}`)
    errs.push(`${at}: table ${a.table} is [${own.p.shape.join(",")}], not [${a.vocab},${a.d}]`);
}
