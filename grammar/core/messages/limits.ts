// The ARCH40xx catalog: size limits that keep the compiler's work and memory bounded on any input
// (block nesting, counts, graph size; the syntax tree's depth is ARCH1037 in syntax.ts). Each says the limit and where it was hit.
import { defineMessages } from "./define.ts";

export const limits = defineMessages({
  blocksTooDeep: {
    code: "ARCH4002",
    message: (limit: number, block: string) =>
      `block calls nest more than ${limit} deep here (\`${block}\` calls a block that calls a block …)`,
    hint: (_limit: number, block: string) =>
      `flatten some of the blocks \`${block}\` reaches into one block`,
  },
  countTooLarge: {
    code: "ARCH4003",
    message: (what: string, value: number, limit: number) =>
      `${what} is ${value.toLocaleString("en-US")}, more than the limit of ${limit.toLocaleString("en-US")}`,
  },
  graphTooLarge: {
    code: "ARCH4004",
    message: (limit: number) =>
      `the model grows past ${limit.toLocaleString("en-US")} graph nodes here`,
    hint: (limit: number) =>
      `lower a \`repeat\` count or an expert count; a model has at most ${limit.toLocaleString("en-US")} nodes`,
  },
});
