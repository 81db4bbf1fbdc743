// A fresh process for bench/front-end.ts, so that "cold" means what a person running archc gets:
// the parser's code not yet compiled by V8 for any input. Prints one JSON line of CPU seconds.
//   node bench/cold-front-end.mjs parse PARSE_MODULE FILE  (startup, module load, 1st and 2nd parse)
//   node bench/cold-front-end.mjs check FILE               (the whole `archc check FILE` process)
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

register();
const [mode, ...args] = process.argv.slice(2);
if (mode === "parse") {
  const [parseModule, file] = args;
  const text = readFileSync(file, "utf8");
  const t0 = cpu(); // node and tsx started
  const { parse } = await import(pathToFileURL(parseModule).href);
  const t1 = cpu();
  parse(text, file);
  const t2 = cpu();
  parse(text, file);
  const t3 = cpu();
  console.log(JSON.stringify({ startup: t0, load: t1 - t0, first: t2 - t1, second: t3 - t2 }));
} else if (mode === "check") {
  const { main } = await import(new URL("../cli/main.ts", import.meta.url).href);
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true; // the report is not the benchmark's output
  await main(["check", ...args]);
  process.stdout.write = write;
  console.log(JSON.stringify({ total: cpu() }));
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
