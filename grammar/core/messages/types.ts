// The ARCH30xx catalog: values, types and arguments (constant folding, calls, enums, statements).
import { defineMessages } from "./define.ts";

export const types = defineMessages({
  typeMismatch: {
    code: "ARCH3001",
    message: (what: string, expected: string, got: string) =>
      `${what} expects ${expected}, but gets ${got}`,
  },
  missingArgument: {
    code: "ARCH3002",
    message: (param: string, callee: string) => `missing argument \`${param}\` of \`${callee}\``,
  },
  tooManyArguments: {
    code: "ARCH3003",
    message: (callee: string, max: number, given: number) =>
      `\`${callee}\` takes ${max} argument${max === 1 ? "" : "s"}, but ${given} are given`,
  },
  unknownArgument: {
    code: "ARCH3004",
    message: (name: string, callee: string) => `\`${callee}\` has no parameter \`${name}\``,
  },
  duplicateArgument: {
    code: "ARCH3005",
    message: (name: string) => `the argument \`${name}\` is given twice`,
  },
  positionalAfterNamed: {
    code: "ARCH3006",
    message: () => "a positional argument cannot follow a named one",
  },
  inexactDivision: {
    code: "ARCH3007",
    message: (a: number, b: number) => `${a} / ${b} is not a whole number (${(a / b).toFixed(3)})`,
    hint: (a: number, b: number) =>
      `\`/\` between integers must divide exactly; write \`floor(${a} / ${b})\` to round down`,
  },
  divisionByZero: {
    code: "ARCH3008",
    message: () => "division by zero",
  },
  unknownType: {
    code: "ARCH3009",
    message: (name: string) => `unknown type \`${name}\``,
  },
  notCallable: {
    code: "ARCH3010",
    message: (name: string, what: string) => `\`${name}\` is ${what} and cannot be called`,
  },
  badOperands: {
    code: "ARCH3011",
    message: (op: string, left: string, right: string) =>
      `\`${op}\` does not apply to ${left} and ${right}`,
  },
  notAllowedHere: {
    code: "ARCH3012",
    message: (what: string, where: string) => `${what} is not allowed ${where}`,
  },
  outOfRange: {
    code: "ARCH3013",
    message: (what: string, value: string, range: string) =>
      `${what} must be ${range}, but is ${value}`,
  },
  dwaOutsideModel: {
    code: "ARCH3014",
    message: () => "`with dwa` applies to a repeat of a model's blocks, not inside a block",
    hint: () => "move the repeat with `with dwa(…)` into the model body",
  },
  missingModelPart: {
    code: "ARCH3015",
    message: (model: string, part: string) => `model \`${model}\` has no \`${part}\` statement`,
  },
  scaleWithoutInputNorm: {
    code: "ARCH3016",
    message: (placement: string) =>
      `\`scale:\` multiplies the input norm, but \`${placement}\` has no input norm`,
    hint: (placement: string) =>
      `use \`pre\`, \`peri\`, \`sandwich\` or \`sub\` instead of \`${placement}\` with LayerNorm Scaling`,
  },
  expectedTensor: {
    code: "ARCH3017",
    message: (what: string, got: string) => `${what} expects a tensor of features, but gets ${got}`,
  },
  expectedLayer: {
    code: "ARCH3018",
    message: (got: string) => `expects a layer or block, but gets ${got}`,
  },
  noOutput: {
    code: "ARCH3019",
    severity: "warning",
    message: (block: string) =>
      `block \`${block}\` names values but never returns one; its output is its input`,
    hint: (block: string) => `end \`${block}\` with \`return <value>\``,
  },
  notConstant: {
    code: "ARCH3021",
    message: (what: string) => `${what} must be known at compile time`,
  },
  routerCannot: {
    code: "ARCH3022",
    message: (router: string, setting: string, value: string, why: string) =>
      `\`router: ${router}\` cannot honour \`${setting}: ${value}\`: ${why}`,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a hint takes the message's arguments
    hint: (_router: string, setting: string, _value: string, _why: string) =>
      `leave \`${setting}\` out, or choose a router that has it`,
  },
  unsafeInteger: {
    code: "ARCH3030",
    message: (value: string) =>
      `the integer ${value} is beyond ±(2^53 − 1) = ±9007199254740991, where integers stop being exact`,
  },
  unreachable: {
    code: "ARCH3031",
    message: () => "this statement follows a `return` and is never reached",
    hint: () => "remove it, or move the `return` to the end of the body",
  },
  mixlnOutsideRepeat: {
    code: "ARCH3032",
    message: () =>
      "`mixln` resolves from the enclosing `repeat`'s layer index and count, but there is no `repeat` around it",
    hint: () => "use `mixln(alpha: …)` inside `repeat n { … }`, or write `pre` or `post`",
  },
});
