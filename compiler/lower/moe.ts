// `moe(experts: E, top_k: k, router: r, capacity: c, balance: b, shared: S) { expert }`
// (constructs.md §7): a router (`router.kernel`, none for hash routing, which reads the token
// ids), E expert subgraphs `experts.<i>` on the same input, their gate-weighted sum (moeCombine),
// plus S always-on shared experts `shared.<j>` added to the sum (CMoE, §7.4). Switch and hash
// routing are top-1 by definition: a written `top_k` other than 1 is an error (moe-settings.ts),
// a defaulted one is replaced by 1.
// The arguments are bound by construct.ts (stmt-table.ts: MOE).
import type { MoeStmt } from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { ScopeAttrs } from "../ir/structure.ts";
import type { RouterKind } from "../ir/types.ts";
import type { ConstructLowerer } from "./construct.ts";
import { isDefaulted } from "./args.ts";
import { checkRouterSettings } from "./moe-settings.ts";
import { bodyFrame, originAt, report, type Ctx, type Frame } from "./frame.ts";
import type { Scope } from "./scope.ts";
import { graphSizeOk, MAX_EXPERTS, withinLimit } from "./limits.ts";
import { addNode } from "./tensor-ops.ts";
import { num, POISON, type TensorValue, type Value } from "./values.ts";

export const lowerMoe: ConstructLowerer<MoeStmt> = (s, args, stream, f, ctx, lone) => {
  const n = (k: string): number => num(args.get(k) ?? POISON) ?? NaN;
  const routerV = args.get("router");
  if (routerV?.t !== "enum") return POISON;
  const router = routerV.name as RouterKind;
  const experts = n("experts");
  // a defaulted top_k (2) is at most the expert count: `moe(experts: 1)` is top-1
  const topK =
    router === "switch" || router === "hash"
      ? 1
      : isDefaulted(args.get("top_k"))
        ? Math.min(n("top_k"), experts)
        : n("top_k");
  const [capacity, balance, sharedCount] = [n("capacity"), n("balance"), n("shared")];
  const bad = (what: string, v: number, range: string): Value => {
    report(ctx, f, msg.outOfRange(s.span, what, String(v), range));
    return POISON;
  };
  if (!(experts >= 1)) return bad("`experts`", experts, "at least 1");
  if (!withinLimit("`experts`", experts, MAX_EXPERTS, s.span, f, ctx)) return POISON;
  if (!(topK >= 1 && topK <= experts)) return bad("`top_k`", topK, `between 1 and ${experts}`);
  if (!(capacity > 0)) return bad("`capacity`", capacity, "positive");
  if (!(balance >= 0)) return bad("`balance`", balance, "at least 0");
  if (!(sharedCount >= 0)) return bad("`shared`", sharedCount, "at least 0");
  if (!checkRouterSettings(s, router, args, f, ctx)) return POISON;
  if (router === "hash" && (ctx.tokens === undefined || ctx.vocab === undefined)) {
    report(
      ctx,
      f,
      msg.notAllowedHere(
        s.span,
        "hash routing",
        "before the model's `input` and `embed` (it reads the token ids)",
      ),
    );
    return POISON;
  }
  const structure = {
    kind: "moe",
    span: s.span,
    router,
    experts,
    topK,
    capacity,
    balance,
    shared: sharedCount,
  } as const;
  return ctx.b.within(structure, () => lowerExperts(s, stream, structure, f, ctx, lone));
};

/** The router, experts, combination and shared experts of one moe, inside its scope. */
function lowerExperts(
  s: MoeStmt,
  x: TensorValue,
  { router, experts, topK, capacity, balance, shared: sharedCount }: ScopeAttrs["moe"],
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): Value {
  const scope = lone ?? f.scope.child(f.scope.unique("moe"));
  const hashSeed = ctx.moeCount++;
  const route = ctx.b.add({
    kind: "moeRoute",
    inputs: router === "hash" && ctx.tokens !== undefined ? [x.id, ctx.tokens] : [x.id],
    attrs: {
      experts,
      topK,
      router,
      capacity,
      balance,
      d: x.width,
      hashSeed,
      vocab: router === "hash" ? (ctx.vocab ?? 0) : 0,
    },
    name: "router",
    origin: originAt(s.span),
    paramPrefix: scope.full(scope.unique("router")),
    tie: scope.tie,
  });
  const outs: TensorValue[] = [];
  const run = (name: string, index: number, shared: boolean): TensorValue | undefined => {
    const sc = scope.child(scope.unique(name));
    const expert = {
      kind: "expert",
      span: s.body[0]?.span ?? s.span,
      index,
      shared,
      instance: sc.path,
    } as const;
    const r = ctx.b.within(expert, () =>
      ctx.lower.lowerBody(s.body, x, bodyFrame(f, sc, x), ctx, sc),
    );
    const out = r.returned ?? r.stream;
    if (out.t !== "tensor") return undefined;
    if (out.width !== x.width) {
      report(
        ctx,
        f,
        shapes.expertWidth.with({
          related: [{ span: out.span, message: "the expert's output is produced here" }],
        })(s.body[0]?.span ?? s.span, out.width, x.width),
      );
      return undefined;
    }
    return out;
  };
  for (let i = 0; i < experts; i++) {
    if (!graphSizeOk(s.span, f, ctx)) return POISON;
    const out = run(`experts.${i}`, i, false);
    if (out === undefined) return POISON;
    outs.push(out);
  }
  const combined = ctx.b.add({
    kind: "moeCombine",
    inputs: [route, ...outs.map((o) => o.id)],
    attrs: { experts },
    name: "moe",
    origin: originAt(s.span),
  });
  let y: TensorValue = { t: "tensor", id: combined, width: x.width, span: s.span };
  for (let j = 0; j < sharedCount; j++) {
    const out = run(`shared.${j}`, j, true);
    if (out === undefined) return POISON;
    y = addNode(y, out, s.span, ctx, "shared_expert");
  }
  return y;
}
