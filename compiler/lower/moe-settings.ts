// The `moe(…)` settings a router cannot honour (ARCH3022): switch and hash routing are top-1, expert
// choice fixes tokens per expert (not experts per token), hash routing has no capacity, and neither
// expert choice nor hash routing has a balance loss. Only a value someone wrote is an error; a
// default nobody chose (also one a block such as MoeFFN passes on) is left alone (args.ts isDefaulted).
import type { MoeStmt } from "../../grammar/ast.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { RouterKind } from "../ir/types.ts";
import { isDefaulted } from "./args.ts";
import { MOE } from "./builtins.ts";
import { report, type Ctx, type Frame } from "./frame.ts";
import { num, type Value } from "./values.ts";

/** Why `router` cannot honour `setting` = `value` (a written value), or undefined when it can. */
function conflict(router: RouterKind, setting: string, value: number): string | undefined {
  if (setting === "top_k" && (router === "switch" || router === "hash") && value !== 1)
    return `${router === "hash" ? "hash" : "switch"} routing sends each token to exactly one expert`;
  if (setting === "top_k" && router === "expert_choice")
    return "each expert picks capacity · tokens / experts tokens, so a token has no fixed expert count";
  if (setting === "capacity" && router === "hash")
    return "every token goes to its hash table's expert, so no expert has a capacity";
  if (setting === "balance" && value > 0 && (router === "hash" || router === "expert_choice"))
    return `${router === "hash" ? "a fixed hash" : "expert choice"} has no load-balancing loss (it is balanced by construction)`;
  return undefined;
}

/** Reports each written setting the router cannot honour, at its argument; true when none. */
export function checkRouterSettings(
  s: MoeStmt,
  router: RouterKind,
  args: ReadonlyMap<string, Value>,
  f: Frame,
  ctx: Ctx,
): boolean {
  let ok = true;
  for (const setting of ["top_k", "capacity", "balance"]) {
    const v = args.get(setting);
    const n = v === undefined ? undefined : num(v);
    if (n === undefined || isDefaulted(v)) continue;
    const why = conflict(router, setting, n);
    if (why === undefined) continue;
    const index = MOE.params.findIndex((p) => p.name === setting);
    const arg =
      s.args.find((a) => a.name?.name === setting) ??
      s.args.find((a, i) => a.name === undefined && i === index);
    report(ctx, f, msg.routerCannot(arg?.span ?? s.span, router, setting, String(n), why));
    ok = false;
  }
  return ok;
}
