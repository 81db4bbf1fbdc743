// Canonical text form of a graph, one node per line (goldens, `archc ir`, debugging):
//   %12 = linear[in=128,out=512,bias] %11 : [B,T,512] params blocks.0.mlp.linear_0.kernel[128,512] bias[512]  @ stdlib/ffn/mlp.arch:7:3
import type { SourceFile, Span } from "../../grammar/core/source.ts";
import { opDef } from "./ops/index.ts";
import { showShape } from "./ops/op-def.ts";
import { graphParamCount } from "./param-count.ts";
import { printStructure } from "./print-structure.ts";
import type { Graph, InitSpec, Node } from "./types.ts";

export interface PrintOptions {
  /** Source files by path, to print `file:line:col`; without them the offset is printed. */
  readonly sources?: (file: string) => SourceFile | undefined;
}

/** The whole graph: a header, one line per node, the outputs, the parameter count, the structure. */
export function printGraph(g: Graph, opts: PrintOptions = {}): string {
  const lines = [
    `graph ${g.name} from ${g.source} (vocab ${g.meta.vocab}, context ${g.meta.context}, width ${g.meta.width})`,
  ];
  for (const n of g.nodes) lines.push(printNode(n, opts));
  lines.push(`outputs ${g.outputs.map((o) => `%${o}`).join(", ")}`);
  lines.push(`params ${graphParamCount(g).toLocaleString("en-US")}`);
  lines.push(...printStructure(g, opts));
  return `${lines.join("\n")}\n`;
}

/** One node: `%id = kind[attrs] inputs : shape [dtype] [params …]  @ location`. */
export function printNode(n: Node, opts: PrintOptions = {}): string {
  const attrs = printAttrs(n.attrs as unknown as Record<string, unknown>);
  const inputs = n.inputs.map((i) => ` %${i}`).join("");
  const dtype = n.dtype === "float32" ? "" : ` ${n.dtype}`;
  const params = n.params.length > 0 ? ` params ${printParams(n)}` : "";
  return `%${n.id} = ${n.kind}${attrs}${inputs} : ${showShape(n.shape)}${dtype}${params}  @ ${printLoc(n, opts)}`;
}

/** `[k=v,flag]` for a node's or a scope's attributes (`flag` for true). */
export function printAttrs(attrs: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) parts.push(k);
    else if (v === false) parts.push(`${k}=false`);
    else parts.push(`${k}=${printValue(v)}`);
  }
  return parts.length > 0 ? `[${parts.join(",")}]` : "";
}

function printValue(v: unknown): string {
  if (typeof v === "number") return printNumber(v);
  if (Array.isArray(v)) return `(${v.map(printValue).join(",")})`;
  return String(v);
}

/** Integers exactly; other numbers with 6 significant digits (enough to review, stable in diffs). */
function printNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** `prefix.kernel[128,512] bias[512]`: later params drop the prefix they share with the first. */
function printParams(n: Node): string {
  const slots = opDef(n.kind).params(n.attrs as never);
  const first = n.params[0];
  const prefix = first === undefined ? "" : first.name.slice(0, first.name.lastIndexOf(".") + 1);
  return n.params
    .map((p, i) => {
      const name = i > 0 && p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name;
      const slot = slots[i];
      const init =
        slot !== undefined && !sameInit(slot.init, p.init) ? `~${printInit(p.init)}` : "";
      const tie = p.tiedTo === undefined ? "" : `=%${p.tiedTo}`;
      return `${name}[${p.shape.join(",")}]${init}${tie}`;
    })
    .join(" ");
}

function sameInit(a: InitSpec, b: InitSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function printInit(i: InitSpec): string {
  switch (i.kind) {
    case "normal":
      return `normal(${printNumber(i.std)})`;
    case "uniform":
      return `uniform(${printNumber(i.limit)})`;
    case "xavierNormal":
      return `xavier(${printNumber(i.gain)})`;
    case "zeros":
    case "ones":
    case "oneHotLast":
      return i.kind;
  }
}

function printLoc(n: Node, opts: PrintOptions): string {
  return printSpan(n.origin.span, opts);
}

/** `file:line:col` when the source is known, else `file@offset`. */
export function printSpan(span: Span, opts: PrintOptions): string {
  const src = opts.sources?.(span.file);
  if (src === undefined) return `${span.file}@${span.start}`;
  const { line, col } = src.lineCol(span.start);
  return `${span.file}:${line}:${col}`;
}
