// What the picture shows, as data: the input, the embeddings, the block sections (a run of
// structurally identical blocks folded into one section with a count), DWA (the repeat's `dwa`
// settings and sites, from the structure), BERMo's scalar mix, final norm and head.
import { graphParamCount, paramCount } from "../ir/param-count.ts";
import type { Graph, Node } from "../ir/types.ts";
import type { ScopeOf } from "../ir/structure.ts";
import { parts } from "../report/groups.ts";
import { formatShape } from "../ir/format-shape.ts";
import { blockSections, type BlockSection } from "./sections.ts";
import { formatParams, unitContext, type UnitContext } from "./units.ts";

export interface Box {
  readonly label: string;
  readonly detail: string;
}

export type { BlockSection };

export interface DwaInfo {
  readonly layers: number;
  readonly dilation: number;
  readonly period: number;
  readonly sites: readonly { readonly site: number; readonly sources: readonly number[] }[];
  readonly params: number;
}

export interface Picture {
  readonly title: string;
  /** Footnotes under the picture (the grow schedule, the early exits). */
  readonly notes?: readonly string[];
  readonly subtitle: string;
  readonly input: Box;
  readonly embeds: readonly Box[];
  readonly sections: readonly BlockSection[];
  readonly dwa?: DwaInfo;
  /** BERMo's scalar mix of every layer's output, on the stream before the final norm. */
  readonly scalarMix?: Box;
  readonly finalNorm?: Box;
  readonly head: Box & { readonly tied: boolean };
  readonly output: Box;
}

const EMBED_LABEL = { embedding: "TokenEmbedding", positions: "Positions" } as const;

function embedBox(n: Node): Box | undefined {
  if (n.kind === "embedding")
    return {
      label: EMBED_LABEL.embedding,
      detail: `${n.attrs.vocab} × ${n.attrs.d} · ${formatParams(paramCount(n))} params`,
    };
  if (n.kind !== "positions") return undefined;
  return n.attrs.learned
    ? {
        label: "LearnedPositions",
        detail: `${n.attrs.context} × ${n.attrs.d} · ${formatParams(paramCount(n))} params`,
      }
    : { label: "SinusoidalPositions", detail: `${n.attrs.context} × ${n.attrs.d} · no params` };
}

/** The DenseFormer panel of the first repeat with `dwa`: its settings, and its sites (its dwa nodes). */
function dwaInfo(ctx: UnitContext): DwaInfo | undefined {
  const repeat = ctx.ix.graph.structure.find(
    (s): s is ScopeOf<"repeat"> => s.kind === "repeat" && s.dwa !== undefined,
  );
  if (repeat?.dwa === undefined) return undefined;
  const nodes = ctx.ix
    .contents(repeat.id)
    .flatMap((it) => (it.kind === "node" && it.node.kind === "dwa" ? [it.node] : []));
  const sites = nodes.map((n) => ({ site: n.attrs.site, sources: n.attrs.sources }));
  if (sites.length === 0) return undefined;
  const params = nodes.reduce((a, n) => a + paramCount(n), 0);
  return { layers: repeat.count, ...repeat.dwa, sites, params };
}

/** The scalar mix box: what it sums, over how many outputs, and its parameters. */
function scalarMixBox(n: Node & { kind: "scalarMix" }): Box {
  const k = n.attrs.layers;
  return {
    label: "scalar mix (BERMo)",
    detail: `γ · Σ softmax(s)ⱼ hⱼ, j = 0…${k} · ${formatParams(paramCount(n))} params`,
  };
}

export function pictureModel(g: Graph): Picture {
  const ctx = unitContext(g);
  const all = parts(g);
  const byKey = new Map(all.map((p) => [p.key, p]));
  const special = new Set(["input", "embed", "dwa", "scalar_mix", "norm", "head"]);
  // the early exits (`exits.<ℓ>`) are listed under the picture (index.ts), not drawn in the stream
  const isExit = (key: string): boolean => g.meta.exits !== undefined && /^exits\.\d+$/.test(key);
  const blockParts = all.filter((p) => !special.has(p.key) && !isExit(p.key));
  const sections = blockSections(blockParts, ctx);
  const inputNode = byKey.get("input")?.nodes.find((n) => n.kind === "input");
  const normNode = byKey.get("norm")?.nodes[0];
  const headNode = byKey
    .get("head")
    ?.nodes.find((n) => n.kind === "tiedHead" || n.kind === "linear");
  const out = g.nodes.find((n) => n.id === g.outputs[0]);
  const dwa = dwaInfo(ctx);
  const mix = byKey.get("scalar_mix")?.nodes.find((n) => n.kind === "scalarMix");
  return {
    title: `${g.name} · ${graphParamCount(g).toLocaleString("en-US")} parameters`,
    subtitle: `${g.source} · width ${g.meta.width} · context ${g.meta.context} · vocab ${g.meta.vocab}`,
    input: {
      label: `input ${inputNode?.kind === "input" ? inputNode.attrs.name : "tokens"}`,
      detail: `[B, T] int32 · T ≤ ${g.meta.context}`,
    },
    embeds: (byKey.get("embed")?.nodes ?? []).flatMap((n) => embedBox(n) ?? []),
    sections,
    ...(dwa === undefined ? {} : { dwa }),
    ...(mix?.kind === "scalarMix" ? { scalarMix: scalarMixBox(mix) } : {}),
    ...(normNode === undefined || (normNode.kind !== "layerNorm" && normNode.kind !== "rmsNorm")
      ? {}
      : {
          finalNorm: {
            label: `final ${normNode.kind === "layerNorm" ? "LayerNorm" : "RMSNorm"}`,
            detail: `${normNode.attrs.d} · ${formatParams(paramCount(normNode))} params`,
          },
        }),
    head:
      headNode?.kind === "tiedHead"
        ? {
            label: "LM head (tied)",
            detail: `h · Eᵀ · ${headNode.attrs.d} → ${headNode.attrs.vocab} · no extra params`,
            tied: true,
          }
        : {
            label: "LM head",
            detail:
              headNode?.kind === "linear"
                ? `Linear ${headNode.attrs.in} → ${headNode.attrs.out} · ${formatParams(paramCount(headNode))} params`
                : "",
            tied: false,
          },
    output: { label: "logits", detail: out === undefined ? "" : formatShape(out.shape) },
  };
}
