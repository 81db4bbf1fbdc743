// Suggestions for a standard library import that names no module or block: the folders and files
// of stdlib/, and a did-you-mean that compares kebab-case forms (compiler/lower/resolve.ts).
import { readdirSync } from "node:fs";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { kebabCase } from "./scope.ts";

/** The sub-folders of `dir` (none if it cannot be read). */
export function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** The .arch files of `dir` (none if it cannot be read). */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(".arch"));
  } catch {
    return [];
  }
}

/** `causal-self-attention.arch` → `CausalSelfAttention` (a guess used only for suggestions). */
export function pascalOfKebab(file: string): string {
  return file
    .replace(/\.arch$/, "")
    .split("-")
    .map((w) => (w.length <= 3 && w !== "moe" ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join("");
}

/** Did-you-mean over a stdlib family, comparing kebab forms so `Mlp` finds `MLP`. */
export function stdHint(name: string, candidates: readonly string[]): string | undefined {
  const byKebab = new Map(candidates.map((c) => [kebabCase(c), c]));
  const k = didYouMean(kebabCase(name), byKebab.keys());
  if (k === undefined) return didYouMean(name, candidates);
  const key = /`(.*)`/.exec(k)?.[1] ?? "";
  const c = byKebab.get(key);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
