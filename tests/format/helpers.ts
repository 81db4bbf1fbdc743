// Test helpers for the formatter: stripSpans (an AST without source positions, to compare trees
// before and after formatting), the repository's .arch files, and parse-then-format.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Module } from "../../grammar/ast.ts";
import { formatModule } from "../../grammar/format/index.ts";
import { parse } from "../../grammar/parse.ts";

/** A deep copy of an AST value without any `span` property. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "span") out[k] = stripSpans(v);
    return out;
  }
  return value;
}

/** The repository root (tests run from it). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Every `.arch` file under the given repository folders that exist, as paths relative to ROOT. */
export function archFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(join(ROOT, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".arch")) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}

/** Parse a text that must have no syntax errors (the test fails with the messages otherwise). */
export function parseOk(text: string, file = "test.arch"): Module {
  const { module, diagnostics } = parse(text, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new Error(
      `syntax errors in ${file}:\n${errors.map((d) => `${d.code} ${d.message} @${d.span.start}`).join("\n")}`,
    );
  }
  return module;
}

/** Format a text (which must parse). */
export function fmt(text: string): string {
  return formatModule(parseOk(text), text);
}

/** The comments of a module as written, in order (line comments without trailing spaces). */
export function commentTexts(module: Module, text: string): string[] {
  return module.comments.map((c) => text.slice(c.span.start, c.span.end).trimEnd());
}
