// Name resolution across files: loads a module and, through its imports, the stdlib files
// (`std.<family>.{Name}` → stdlib/<family>/<kebab-name>.arch, from the package root) and relative
// files; reports cycles, unknown files and names (with did-you-mean) and duplicate declarations.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../../spec/package-root.ts";
import type { BlockDecl, ConstDecl, ImportDecl, ModelDecl, Module } from "../../grammar/ast.ts";
import { SourceFile, type Span } from "../../grammar/core/source.ts";
import { names as msg } from "../../grammar/core/messages/names.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { parse } from "../../grammar/parse.ts";
import type { Reporter } from "./diags.ts";
import { kebabCase } from "./scope.ts";
import { insideRoots, projectRoot, unreadableSource } from "./source-guard.ts";
import { listDirs, listFiles, pascalOfKebab, stdHint } from "./std-hints.ts";
import type { Value } from "./values.ts";

export { PACKAGE_ROOT };

/** What a name in a module's scope refers to. Imported names share the exporting module's entry. */
export type Entry =
  | {
      readonly kind: "const";
      readonly decl: ConstDecl;
      readonly module: ModuleInfo;
      readonly state: ConstState;
    }
  | { readonly kind: "block"; readonly decl: BlockDecl; readonly module: ModuleInfo }
  | { readonly kind: "model"; readonly decl: ModelDecl; readonly module: ModuleInfo }
  /** A name whose import failed (already reported): uses stay silent. */
  | { readonly kind: "poison" };

/** Lazily folded constant: evaluated on first use, `busy` detects `const a = b; const b = a`. */
export interface ConstState {
  value?: Value;
  busy?: boolean;
}

export interface ModuleInfo {
  /** The path used in spans: relative to the cwd, or `stdlib/<family>/<file>.arch`. */
  readonly file: string;
  readonly absPath: string;
  readonly ast: Module;
  readonly names: Map<string, Entry>;
  /** Where each name was declared or imported (duplicate-declaration notes). */
  readonly declaredAt: Map<string, Span>;
  /** Members of inline enum types (`silu | gelu`) declared in this module: they are values here. */
  readonly enumMembers: Set<string>;
}

/** Changes an entry file's AST (`file`: its display path) before its names are declared. */
export type EditAst = (ast: Module, file: string) => Module;

/** Loads modules once each (the cache), in dependency order, reporting into `reporter`. */
export class ModuleLoader {
  readonly sources = new Map<string, SourceFile>();
  private readonly cache = new Map<string, ModuleInfo>();
  private readonly loading: string[] = [];
  /** Imports resolve inside this folder and the standard library (source-guard.ts). */
  private project = "";

  constructor(
    private readonly reporter: Reporter,
    private readonly cwd: string = process.cwd(),
    private readonly root: string = PACKAGE_ROOT,
  ) {}

  /**
   * Loads the file the user named (relative to the cwd or absolute); `edit` changes its AST before
   * its names are declared (`--set`, compiler/lower/overrides.ts).
   */
  loadEntry(file: string, edit?: EditAst): ModuleInfo | undefined {
    const abs = path.resolve(this.cwd, file);
    this.project = projectRoot(abs);
    return this.load(abs, undefined, edit);
  }

  /** Loads a source text directly (tests); imports resolve from `file`'s directory. */
  loadText(file: string, text: string, edit?: EditAst): ModuleInfo {
    const abs = path.resolve(this.cwd, file);
    this.project = projectRoot(abs);
    return this.build(abs, this.display(abs), text, edit);
  }

  private load(abs: string, site: Span | undefined, edit?: EditAst): ModuleInfo | undefined {
    const cached = this.cache.get(abs);
    if (cached !== undefined) return cached;
    const at = this.loading.indexOf(abs);
    if (at >= 0) {
      if (site !== undefined) {
        const chain = [...this.loading.slice(at), abs].map((f) => this.display(f)).join(" → ");
        this.reporter.report(msg.importCycle(site, chain));
      }
      return undefined;
    }
    // checked before opening: a device or FIFO never ends, a huge file is not source
    const refused = unreadableSource(abs);
    if (refused !== undefined) {
      const shown = this.display(abs);
      this.reporter.report(
        msg.sourceRefused(site ?? { file: shown, start: 0, end: 0 }, shown, refused),
      );
      return undefined;
    }
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch {
      if (site !== undefined) this.reporter.report(msg.importFileNotFound(site, this.display(abs)));
      return undefined;
    }
    return this.build(abs, this.display(abs), text, edit);
  }

  private build(abs: string, file: string, text: string, edit?: EditAst): ModuleInfo {
    this.sources.set(file, new SourceFile(file, text));
    const parsed = parse(text, file);
    for (const d of parsed.diagnostics) this.reporter.report(d);
    const info: ModuleInfo = {
      file,
      absPath: abs,
      ast: edit === undefined ? parsed.module : edit(parsed.module, file),
      names: new Map(),
      declaredAt: new Map(),
      enumMembers: new Set(),
    };
    this.loading.push(abs);
    try {
      for (const decl of parsed.module.decls) {
        if (decl.kind === "import") this.resolveImport(info, decl);
      }
      declareOwn(info, this.reporter);
    } finally {
      this.loading.pop();
    }
    this.cache.set(abs, info);
    return info;
  }

  private resolveImport(info: ModuleInfo, decl: ImportDecl): void {
    for (const n of decl.names) {
      const local = n.alias ?? n.name;
      const entry = this.importOne(info, decl, n.name.name, n.name.span);
      define(info, local.name, entry, local.span, this.reporter);
    }
  }

  /** One imported name: its entry, or poison after reporting why not. */
  private importOne(info: ModuleInfo, decl: ImportDecl, name: string, span: Span): Entry {
    const poison: Entry = { kind: "poison" };
    let target: ModuleInfo | undefined;
    if (decl.from.kind === "modulePath") {
      const parts = decl.from.parts.map((p) => p.name);
      const fromSpan = decl.from.span;
      if (parts[0] !== "std" || parts.length !== 2) {
        this.reporter.report(msg.importIntoStd(fromSpan, parts.join(".")));
        return poison;
      }
      const family = parts[1] ?? "";
      const stdDir = path.join(this.root, "stdlib");
      const famDir = path.join(stdDir, family);
      if (!existsSync(famDir)) {
        this.reporter.report(
          msg.unknownStdModule.with({ hint: didYouMean(family, listDirs(stdDir)) })(
            fromSpan,
            parts.join("."),
          ),
        );
        return poison;
      }
      const file = path.join(famDir, `${kebabCase(name)}.arch`);
      if (!this.inProject(file, this.display(file), span)) return poison;
      if (!existsSync(file)) {
        const candidates = listFiles(famDir).map(pascalOfKebab);
        this.reporter.report(
          msg.unknownStdName.with({ hint: stdHint(name, candidates) })(span, name, parts.join(".")),
        );
        return poison;
      }
      target = this.load(file, decl.span);
    } else {
      const rel = decl.from.value;
      const file = path.resolve(path.dirname(info.absPath), rel);
      if (!this.inProject(file, rel, decl.from.span)) return poison;
      if (!existsSync(file)) {
        this.reporter.report(msg.importFileNotFound(decl.from.span, rel));
        return poison;
      }
      target = this.load(file, decl.span);
    }
    if (target === undefined) return poison;
    const entry = target.names.get(name);
    if (
      entry === undefined ||
      entry.kind === "model" ||
      (entry.kind !== "poison" && entry.module !== target)
    ) {
      const exported = [...target.names.entries()]
        .filter(([, e]) => e.kind === "block" || e.kind === "const")
        .map(([k]) => k);
      this.reporter.report(
        msg.notExported.with({ hint: didYouMean(name, exported) })(span, name, target.file),
      );
      return poison;
    }
    return entry;
  }

  /** True when `file` (symlinks followed) is inside the project or the standard library; else reports it. */
  private inProject(file: string, written: string, span: Span): boolean {
    if (insideRoots(file, [this.project, path.join(this.root, "stdlib")])) return true;
    const root = path.relative(this.cwd, this.project).split(path.sep).join("/") || ".";
    this.reporter.report(msg.importOutsideProject(span, written, root));
    return false;
  }

  /** The display path of a file: stdlib files relative to the package root, others to the cwd. */
  private display(abs: string): string {
    const stdRel = path.relative(path.join(this.root, "stdlib"), abs);
    if (!stdRel.startsWith("..") && !path.isAbsolute(stdRel))
      return ["stdlib", ...stdRel.split(path.sep)].join("/");
    return path.relative(this.cwd, abs).split(path.sep).join("/");
  }
}

/** Declares a module's own constants, blocks and models, and collects its inline enum members. */
function declareOwn(info: ModuleInfo, reporter: Reporter): void {
  for (const decl of info.ast.decls) {
    switch (decl.kind) {
      case "const":
        define(
          info,
          decl.name.name,
          { kind: "const", decl, module: info, state: {} },
          decl.name.span,
          reporter,
        );
        addEnumMembers(info, decl.type?.names ?? []);
        break;
      case "block":
        define(
          info,
          decl.name.name,
          { kind: "block", decl, module: info },
          decl.name.span,
          reporter,
        );
        for (const p of decl.params) addEnumMembers(info, p.type.names);
        break;
      case "model":
        define(
          info,
          decl.name.name,
          { kind: "model", decl, module: info },
          decl.name.span,
          reporter,
        );
        break;
      default:
        break;
    }
  }
}

function addEnumMembers(info: ModuleInfo, names: readonly { name: string }[]): void {
  if (names.length < 2) return;
  for (const n of names) info.enumMembers.add(n.name);
}

function define(
  info: ModuleInfo,
  name: string,
  entry: Entry,
  span: Span,
  reporter: Reporter,
): void {
  const first = info.declaredAt.get(name);
  if (first !== undefined) {
    reporter.report(
      msg.duplicateDecl.with({
        related: [{ span: first, message: `\`${name}\` is first declared here` }],
      })(span, name),
    );
    return;
  }
  info.declaredAt.set(name, span);
  info.names.set(name, entry);
}
