// The ARCH2xxx catalog: names, declarations and imports (compiler/lower/resolve.ts and scope lookups).
import { defineMessages } from "./define.ts";

export const names = defineMessages({
  unknownName: {
    code: "ARCH2001",
    message: (name: string) => `unknown name \`${name}\``,
  },
  unknownStdModule: {
    code: "ARCH2002",
    message: (path: string) => `no standard library module \`${path}\``,
    hint: (path: string) =>
      `the standard library modules are the folders of stdlib/, and \`${path.split(".")[1] ?? path}\` is not one of them`,
  },
  unknownStdName: {
    code: "ARCH2003",
    message: (name: string, module: string) => `\`${module}\` has no block \`${name}\``,
  },
  importFileNotFound: {
    code: "ARCH2004",
    message: (path: string) => `cannot find the imported file "${path}"`,
    hint: (path: string) => `"${path}" is resolved from the directory of the importing file`,
  },
  sourceRefused: {
    code: "ARCH2020",
    message: (path: string, reason: string) => `cannot read "${path}": it ${reason}`,
    hint: (path: string, reason: string) =>
      `a source file is a regular file of at most 1 MiB; "${path}" ${reason.startsWith("is larger") ? "is too large" : "is not one"} and was not opened`,
  },
  importOutsideProject: {
    code: "ARCH2021",
    message: (path: string, root: string) =>
      `cannot import "${path}": it is outside the project root \`${root}\``,
    hint: (path: string, root: string) =>
      `imports resolve inside \`${root}\` (the nearest folder up from the compiled file with a package.json or .git) and the standard library; "${path}" was not opened`,
  },
  importCycle: {
    code: "ARCH2005",
    message: (chain: string) => `import cycle: ${chain}`,
    hint: (chain: string) =>
      `move what the ${chain.split(" → ").length - 1} files share into another file that they all import`,
  },
  duplicateDecl: {
    code: "ARCH2006",
    message: (name: string) => `\`${name}\` is declared twice in this file`,
  },
  notExported: {
    code: "ARCH2007",
    message: (name: string, file: string) => `"${file}" declares no block or constant \`${name}\``,
  },
  constCycle: {
    code: "ARCH2008",
    message: (name: string) => `the constant \`${name}\` is defined in terms of itself`,
  },
  unknownModel: {
    code: "ARCH2009",
    message: (section: string, name: string) =>
      `this ${section} section names \`${name}\`, but there is no model \`${name}\``,
  },
  recursiveBlock: {
    code: "ARCH2010",
    message: (name: string) => `block \`${name}\` uses itself, so it would never end`,
  },
  duplicateSection: {
    code: "ARCH2011",
    message: (section: string, model: string) => `a second ${section} section for \`${model}\``,
  },
  notABlock: {
    code: "ARCH2012",
    message: (name: string, what: string) => `\`${name}\` is ${what}, not a layer or block`,
  },
  importIntoStd: {
    code: "ARCH2013",
    message: (path: string) =>
      `\`${path}\` is not a module path: standard library imports are \`std.<family>\``,
  },
  severalModels: {
    code: "ARCH2014",
    severity: "warning",
    message: (chosen: string) => `this file declares several models; compiling \`${chosen}\``,
    hint: (chosen: string) =>
      `name the model in a train section (\`train ${chosen} { … }\`), or put each model in its own file`,
  },
});
