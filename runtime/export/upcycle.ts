// BAM's parameter upcycling (constructs.md §7.5): the weights of N dense models of one shape become
// the initial weights of a model with N experts per MoE FFN and per mixture of attention. Matching
// goes by layer (`blocks.i`) and role (docs/weights.md, compiler/describe.ts), in parameter order:
// - a role the target has as often as a dense model (embeddings, norms, a dense FFN, the final
//   norm): the mean of the N dense tensors;
// - a role the target has N times as often (the MLP experts of an MoE): expert j from model j;
// - a mixture of attention: expert e's query heads and output rows from model e's attention (in the
//   head order of spec/moa.ts); shared K/V and the one output bias: the mean; own K/V: model e's;
// - routers (`router.kernel`, `moa.router`) are left out: they start from the model's own init.
// With N identical dense models the upcycled model computes the dense function (every expert the
// same, mixture weights summing to 1). Plain arrays, no tfjs.
import { moaHeadIndex, type MoaLayout } from "../../spec/moa.ts";
import { RuntimeUserError, fmtShape, sameShape } from "../errors.ts";

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A model as upcycling sees it: its parameters, their roles and its layer prefixes. */
export interface RoleModel {
  readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly roles: Readonly<Record<string, string>>;
  /** Layer instances (`blocks.0`, …); a parameter outside every layer belongs to the model. */
  readonly layers: readonly string[];
}

/** One mixture of attention of the target, by its parameter prefix (`blocks.0.mixture_of_attention`). */
export interface MoaSite {
  readonly experts: number;
  readonly heads: number;
  readonly headDim: number;
  readonly layout: MoaLayout;
}

export interface UpcycleTarget extends RoleModel {
  readonly moa: ReadonlyMap<string, MoaSite>;
}

export interface UpcycleSource extends RoleModel {
  /** Where the weights came from (a run directory), for messages. */
  readonly label: string;
  readonly tensors: ReadonlyMap<string, NamedTensor>;
  /** Heads of the dense model's attention (its description), checked against each expert's. */
  readonly heads?: number;
}

const ROUTERS = new Set(["router.kernel", "moa.router"]);

function layerOf(name: string, layers: readonly string[]): string {
  let best = "";
  for (const l of layers) if (name.startsWith(`${l}.`) && l.length > best.length) best = l;
  return best;
}

/** Parameter names per `layer|role`, in parameter order. */
function groups(m: RoleModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of m.params) {
    const key = `${layerOf(p.name, m.layers)}|${m.roles[p.name] ?? "?"}`;
    out.set(key, [...(out.get(key) ?? []), p.name]);
  }
  return out;
}

function mean(ts: readonly NamedTensor[]): Float32Array {
  const out = new Float32Array(ts[0]!.values.length);
  for (const t of ts) for (let i = 0; i < out.length; i++) out[i]! += t.values[i]!;
  for (let i = 0; i < out.length; i++) out[i]! /= ts.length;
  return out;
}

/** The target's tensors from the dense sources (routers omitted); throws RuntimeUserError on a mismatch. */
export function upcycle(target: UpcycleTarget, sources: readonly UpcycleSource[]): NamedTensor[] {
  const N = sources.length;
  if (N < 1) throw new RuntimeUserError("upcycle: give at least one dense run");
  const tg = groups(target);
  const sg = sources.map(groups);
  const shapes = new Map(target.params.map((p) => [p.name, p.shape]));
  const tensor = (s: number, name: string): NamedTensor => sources[s]!.tensors.get(name)!;
  /** Source s's tensor for the k-th `layer|role`, checked to exist. */
  const pick = (s: number, key: string, k: number, want: string): NamedTensor => {
    const name = sg[s]!.get(key)?.[k];
    const [layer, role] = key.split("|");
    if (name === undefined || !sources[s]!.tensors.has(name))
      throw new RuntimeUserError(
        `upcycle: ${want} needs a ${role} in ${layer || "the model"} of ${sources[s]!.label}, which has none`,
      );
    return tensor(s, name);
  };
  const out: NamedTensor[] = [];
  const emit = (name: string, values: Float32Array): void => {
    out.push({ name, shape: shapes.get(name)!, values });
  };
  for (const [prefix, site] of target.moa)
    sources.forEach((src) => {
      if (src.heads !== undefined && src.heads !== site.heads)
        throw new RuntimeUserError(
          `upcycle: the experts of ${prefix} have ${site.heads} heads each, but the attention of ${src.label} has ${src.heads}`,
        );
    });
  for (const [key, names] of tg) {
    const [layer, role] = key.split("|") as [string, string];
    if (ROUTERS.has(role)) continue;
    if (role.startsWith("moa.")) {
      for (const name of names)
        emit(
          name,
          moaTensor(
            name,
            role,
            layer,
            target,
            shapes,
            sources.map((_, s) => (r: string) => pick(s, `${layer}|${r}`, 0, name)),
          ),
        );
      continue;
    }
    const c = sg[0]!.get(key)?.length ?? 0;
    if (c === names.length) {
      names.forEach((name, k) => {
        const ts = sources.map((_, s) => pick(s, key, k, name));
        ts.forEach((t, s) => expectShape(t, shapes.get(name)!, name, sources[s]!.label));
        emit(name, mean(ts));
      });
    } else if (c > 0 && names.length === N * c) {
      names.forEach((name, i) => {
        const s = Math.floor(i / c);
        const t = pick(s, key, i % c, name);
        expectShape(t, shapes.get(name)!, name, sources[s]!.label);
        emit(name, Float32Array.from(t.values));
      });
    } else
      throw new RuntimeUserError(
        `upcycle: ${names[0]} (${role}) occurs ${names.length} times in ${layer || "the model"} of the target and ${c} times in the dense runs; with ${N} run${N === 1 ? "" : "s"} it must be ${c} (shared) or ${N * c} (one expert per run)`,
      );
  }
  return out;
}

function expectShape(t: NamedTensor, shape: readonly number[], name: string, label: string): void {
  if (!sameShape(t.shape, shape))
    throw new RuntimeUserError(
      `upcycle: ${name} is ${fmtShape(shape)}, but ${t.name} of ${label} is ${fmtShape(t.shape)}`,
    );
}

/** One tensor of a mixture of attention from the sources' attentions (see the header). */
function moaTensor(
  name: string,
  role: string,
  layer: string,
  target: UpcycleTarget,
  shapes: ReadonlyMap<string, readonly number[]>,
  from: readonly ((role: string) => NamedTensor)[],
): Float32Array {
  const prefix = name.slice(0, name.lastIndexOf(".", name.lastIndexOf(".") - 1));
  const site = target.moa.get(prefix);
  const [, part, slot] = role.split(".") as [string, string, string];
  const shape = shapes.get(name)!;
  const dense = from.map((f) => f(`attention.${part}.${slot}`));
  if (site === undefined)
    throw new RuntimeUserError(`upcycle: ${name} (${role}) is not part of a mixture of attention`);
  const { experts: E, heads: H, headDim: dh, layout } = site;
  if (E !== from.length)
    throw new RuntimeUserError(
      `upcycle: the mixture of attention ${prefix} in ${layer || "the model"} has ${E} experts; give ${E} dense runs (one per expert), not ${from.length}`,
    );
  if (
    (part === "out" && slot === "bias") ||
    ((part === "k" || part === "v") && layout === "head")
  ) {
    dense.forEach((t) => expectShape(t, shape, name, t.name));
    return mean(dense); // shared by every expert
  }
  // one expert's slice of the target: the dense attention's own shape
  const per = part === "k" || part === "v" ? shape[shape.length - 1]! / E : H * dh;
  const expert = part === "out" ? [per, shape[1]!] : shape.length === 2 ? [shape[0]!, per] : [per];
  dense.forEach((t, e) =>
    expectShape(t, expert, `${name} (expert ${e})`, `the dense run ${e + 1}`),
  );
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (part === "k" || part === "v") {
    // own K/V, expert-major: expert e's kvHeads·dh columns from model e
    dense.forEach((t, e) => copyColumns({ t, out, shape, from: 0, to: e * per, n: per, name }));
    return out;
  }
  for (let e = 0; e < E; e++)
    for (let h = 0; h < H; h++) {
      const to = moaHeadIndex(layout, e, h, E, H) * dh;
      const slice = { t: dense[e]!, out, shape, from: h * dh, to, n: dh, name };
      (part === "out" ? copyRows : copyColumns)(slice);
    }
  return out;
}

/** n rows or columns of the dense tensor t from `from` into the expert tensor out [shape] at `to`. */
interface Slice {
  readonly t: NamedTensor;
  readonly out: Float32Array;
  readonly shape: readonly number[];
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly name: string;
}

/** The error for a dense tensor t whose slice does not fit the expert tensor `name` [shape]. */
function misfit(name: string, shape: readonly number[], t: NamedTensor): never {
  throw new RuntimeUserError(
    `upcycle: ${name} ${fmtShape(shape)} does not fit ${t.name} ${fmtShape(t.shape)}`,
  );
}

/** Columns [from, from+n) of t (a [rows, cols] kernel or a bias) into columns [to, to+n) of out. */
function copyColumns({ t, out, shape, from, to, n, name }: Slice): void {
  const rows = shape.length === 2 ? shape[0]! : 1;
  const cols = shape[shape.length - 1]!;
  const tc = t.shape[t.shape.length - 1]!;
  if ((t.shape.length === 2 ? t.shape[0] : 1) !== rows || from + n > tc) misfit(name, shape, t);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < n; c++) out[r * cols + to + c] = t.values[r * tc + from + c]!;
}

/** Rows [from, from+n) of a [rows, cols] kernel t into rows [to, to+n) of out. */
function copyRows({ t, out, shape, from, to, n, name }: Slice): void {
  const cols = shape[1]!;
  if (t.shape.length !== 2 || t.shape[1] !== cols || from + n > t.shape[0]!) misfit(name, shape, t);
  out.set(t.values.subarray(from * cols, (from + n) * cols), to * cols);
}
