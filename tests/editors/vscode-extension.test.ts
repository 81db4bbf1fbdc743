// The VS Code extension (editors/vscode) loaded as VS Code loads it: CommonJS, with `vscode` and
// `vscode-languageclient/node` supplied by the host (stand-ins here that record what the extension
// asks for). The stand-in client starts the server the way vscode-languageclient does for a stdio
// executable (args + `--stdio`, the options' cwd and shell) and sends `initialize`, so the test
// fails if the extension's command line would not start `archc lsp`. The manifest's paths exist.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXT = join(ROOT, "editors/vscode");
const BIN = join(ROOT, "bin/archc.mjs");

interface Executable {
  command: string;
  args: string[];
  transport: number;
  options: { cwd?: string; shell?: boolean };
}
interface ClientOptions {
  documentSelector: { language: string }[];
}

const STDIO = 0; // vscode-languageclient's TransportKind.stdio
const started: { id: string; run: Executable; options: ClientOptions; reply: unknown }[] = [];
let stopped = 0;

/** Starts `run` as vscode-languageclient does and resolves with the server's initialize result. */
function initialize(run: Executable): Promise<unknown> {
  const args = [...run.args, ...(run.transport === STDIO ? ["--stdio"] : [])];
  const quoted = [run.command, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn(quoted, { cwd: run.options.cwd, shell: run.options.shell });
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { processId: null, rootUri: null, capabilities: {} },
  });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const head = out.indexOf("\r\n\r\n");
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(out.slice(0, head))![1]);
      if (Buffer.byteLength(out.slice(head + 4)) < len) return;
      child.kill();
      resolve((JSON.parse(out.slice(head + 4)) as { result: unknown }).result);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

class FakeLanguageClient {
  private reply: Promise<unknown> | undefined;
  constructor(
    private readonly id: string,
    _name: string,
    private readonly server: { run: Executable },
    private readonly options: ClientOptions,
  ) {}
  async start(): Promise<void> {
    this.reply = initialize(this.server.run);
    started.push({
      id: this.id,
      run: this.server.run,
      options: this.options,
      reply: await this.reply,
    });
  }
  stop(): Promise<void> {
    stopped++;
    return Promise.resolve();
  }
  dispose(): void {}
}

/** Loads extension.js with the host modules replaced; `command` is the archc.command setting. */
function loadExtension(command: string[]) {
  const host: Record<string, unknown> = {
    vscode: {
      workspace: {
        getConfiguration: (section: string) => ({
          get: (key: string) => (section === "archc" && key === "command" ? command : undefined),
        }),
        workspaceFolders: [{ uri: { fsPath: ROOT } }],
      },
    },
    "vscode-languageclient/node": {
      LanguageClient: FakeLanguageClient,
      TransportKind: { stdio: STDIO, ipc: 1, pipe: 2, socket: 3 },
    },
  };
  const loader = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (req, ...rest) => (req in host ? host[req] : original(req, ...rest));
  try {
    const require = createRequire(join(EXT, "extension.js"));
    const path = require.resolve("./extension.js");
    delete require.cache[path];
    return require(path) as {
      activate: (ctx: { subscriptions: unknown[] }) => Promise<void>;
      deactivate: () => Promise<void> | undefined;
    };
  } finally {
    loader._load = original;
  }
}

afterEach(() => {
  started.length = 0;
  stopped = 0;
});

describe("editors/vscode", () => {
  it("starts the configured `archc lsp` over stdio for .arch documents, and stops it", async () => {
    const ext = loadExtension([process.execPath, BIN, "lsp"]);
    const ctx = { subscriptions: [] as unknown[] };
    await ext.activate(ctx);
    expect(started).toHaveLength(1);
    const [s] = started;
    expect(s!.options.documentSelector).toEqual([{ language: "arch" }]);
    expect(s!.run.options.cwd).toBe(ROOT);
    expect(s!.reply).toMatchObject({ capabilities: { textDocumentSync: 2 } });
    expect(ctx.subscriptions).toHaveLength(1);
    await ext.deactivate();
    expect(stopped).toBe(1);
  });

  it("a manifest whose files exist, whose language is the client's, and whose default runs lsp", () => {
    const manifest = JSON.parse(readFileSync(join(EXT, "package.json"), "utf8")) as {
      main: string;
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; path: string }[];
        configuration: { properties: Record<string, { default: string[] }> };
      };
    };
    expect(existsSync(join(EXT, manifest.main))).toBe(true);
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: "arch", extensions: [".arch"] });
    expect(existsSync(join(EXT, language!.configuration))).toBe(true);
    for (const g of manifest.contributes.grammars) {
      expect(g.language).toBe("arch");
      expect(existsSync(join(EXT, g.path))).toBe(true);
    }
    const command = manifest.contributes.configuration.properties["archc.command"]!.default;
    expect(command.slice(-2)).toEqual(["archc", "lsp"]);
  });
});
