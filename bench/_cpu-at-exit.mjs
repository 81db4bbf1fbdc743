// Preloaded by bench/startup.ts into the process it times (`node --import`): prints that process's
// CPU seconds (user + system) as the last line of stderr when it exits.
process.on("exit", () => {
  const c = process.cpuUsage();
  process.stderr.write(`\nCPU ${(c.user + c.system) / 1e6}\n`);
});
