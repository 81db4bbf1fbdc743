// Compile-time values of the lowering evaluator: scalars, enums, tuples, tensors (graph nodes),
// layers with bound arguments (not yet applied) and shared layers. `poison` marks a reported error.
import type { BlockDecl } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { NodeId } from "../ir/types.ts";
import type { ModuleInfo } from "./resolve.ts";
import type { Scope } from "./scope.ts";

/** A tensor flowing through a body: node id, last-axis width, and where it was produced. */
export interface TensorValue {
  readonly t: "tensor";
  readonly id: NodeId;
  readonly width: number;
  readonly span: Span;
}

/** A primitive layer or a block with its arguments bound: applied later to a tensor. */
export interface LayerValue {
  readonly t: "layer";
  readonly callee: string;
  readonly target:
    | { readonly kind: "prim"; readonly prim: PrimName }
    | { readonly kind: "block"; readonly decl: BlockDecl; readonly module: ModuleInfo };
  readonly args: ReadonlyMap<string, Value>;
  readonly span: Span;
  /** Where each argument of a primitive layer is written (errors found when applying it). */
  readonly argSpans?: ReadonlyMap<string, Span>;
}

/** `share name = Block(args)`: one set of weights under a fixed scope, applied wherever named. */
export interface SharedValue {
  readonly t: "shared";
  readonly name: string;
  readonly layer: LayerValue;
  readonly scope: Scope;
}

export type PrimName =
  | "Linear"
  | "LayerNorm"
  | "RMSNorm"
  | "Dropout"
  | "TokenEmbedding"
  | "LearnedPositions"
  | "SinusoidalPositions";

export type Value =
  | { readonly t: "int"; readonly v: number }
  /** `inexact`: the result of an integer `/` that does not divide (an error only where an int is needed). */
  | { readonly t: "float"; readonly v: number; readonly inexact?: Inexact }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "string"; readonly v: string }
  /** An enum member (`gelu`, `pre`, `rmsnorm`), with arguments for `deepnorm(alpha:, beta:)`. */
  | { readonly t: "enum"; readonly name: string; readonly args?: ReadonlyMap<string, Value> }
  | { readonly t: "tuple"; readonly items: readonly Value[] }
  | { readonly t: "tokens"; readonly id: NodeId; readonly span: Span }
  | TensorValue
  | LayerValue
  | SharedValue
  | { readonly t: "poison" };

/** Where an inexact integer division happened, to report it where an integer is required. */
export interface Inexact {
  readonly span: Span;
  readonly a: number;
  readonly b: number;
}

export const POISON: Value = { t: "poison" };
export const int = (v: number): Value => ({ t: "int", v });
export const float = (v: number): Value => ({ t: "float", v });
export const bool = (v: boolean): Value => ({ t: "bool", v });
export const enumValue = (name: string): Value => ({ t: "enum", name });

/** Words for messages: "the integer 128", "`rmsnorm`", "a tensor of width 256". */
export function describe(v: Value): string {
  switch (v.t) {
    case "int":
      return `the integer ${v.v}`;
    case "float":
      return `the number ${v.v}`;
    case "bool":
      return `\`${String(v.v)}\``;
    case "string":
      return `the string "${v.v}"`;
    case "enum":
      return `\`${v.name}\``;
    case "tuple":
      return `a tuple of ${v.items.length}`;
    case "tokens":
      return "the token ids";
    case "tensor":
      return `a tensor of width ${v.width}`;
    case "layer":
      return `the layer \`${v.callee}\``;
    case "shared":
      return `the shared layer \`${v.name}\``;
    case "poison":
      return "an erroneous value";
  }
}

/** The kind of a value without the value itself ("an integer"), for errors repeated per layer. */
export function kindOf(v: Value): string {
  switch (v.t) {
    case "int":
      return "an integer";
    case "float":
      return "a number";
    case "bool":
      return "a bool";
    case "string":
      return "a string";
    default:
      return describe(v);
  }
}

/** A numeric scalar's value (int or float), else undefined. */
export function num(v: Value): number | undefined {
  return v.t === "int" || v.t === "float" ? v.v : undefined;
}
