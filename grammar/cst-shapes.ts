// One fixed shape for the CST `children` objects of each rule (used by parser-expr.ts "CST
// building"). Children objects that grow key by key, in whatever order the input supplies them,
// come in many hidden classes, so every `c.Identifier` or `c.argList` read in to-ast is a slow
// megamorphic lookup; created with every key the rule may have (undefined until used), all
// children of one rule share one hidden class. The keys are those scripts/gen-cst-dts.ts lists
// for the rule in grammar/cst.generated.d.ts: its terminals and subrules (or their labels).
import { NonTerminal, Terminal, type CstNode, type IProduction, type Rule } from "chevrotain";

type Children = CstNode["children"];

/** The CST keys a rule's definition can produce. */
function keysOf(definition: readonly IProduction[], keys: Set<string>): Set<string> {
  for (const p of definition) {
    if (p instanceof Terminal) keys.add(p.label ?? p.terminalType.name);
    else if (p instanceof NonTerminal) keys.add(p.label ?? p.nonTerminalName);
    else keysOf((p as IProduction & { definition: IProduction[] }).definition, keys); // a group
  }
  return keys;
}

/**
 * For each rule, a function that makes an empty children object with all of its keys. It is
 * compiled from an object literal (the keys are token and rule names, quoted anyway): a literal
 * gets its properties in-object, where copying a template or adding keys in a loop does not.
 */
export function childrenFactories(rules: Record<string, Rule>): Map<string, () => Children> {
  const out = new Map<string, () => Children>();
  for (const [name, rule] of Object.entries(rules)) {
    const fields = [...keysOf(rule.definition, new Set())].map(
      (k) => `${JSON.stringify(k)}: undefined`,
    );
    out.set(name, new Function(`return { ${fields.join(", ")} };`) as () => Children);
  }
  return out;
}
