// `archc lsp` driven over stdio as an editor drives it: initialize, didOpen of a broken document,
// the published diagnostics (range, severity, code, message), a change that fixes it (an empty
// list), an error in an imported file published to that file, close, shutdown and exit.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/archc.mjs");

interface Message {
  id?: number;
  method?: string;
  params?: { uri: string; diagnostics: Diag[] };
  result?: { capabilities?: unknown };
}
interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  source: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: Diag["range"] }; message: string }[];
}

/** The server as a child process, with framed JSON-RPC both ways. */
function startServer() {
  const child = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd: ROOT });
  const inbox: Message[] = [];
  const waiters: (() => void)[] = [];
  let buf = Buffer.alloc(0);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const head = buf.indexOf("\r\n\r\n");
      if (head < 0) break;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())![1]);
      if (buf.length < head + 4 + len) break;
      inbox.push(JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()) as Message);
      buf = buf.subarray(head + 4 + len);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const send = (m: object): void => {
    const body = JSON.stringify({ jsonrpc: "2.0", ...m });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  /** The first unread message that `pred` accepts (waits for it). */
  async function next(pred: (m: Message) => boolean): Promise<Message> {
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      await new Promise<void>((r, reject) => {
        waiters.push(r);
        child.once("exit", () => reject(new Error(`server exited: ${stderr}`)));
      });
    }
  }
  const diagnosticsFor = (uri: string) =>
    next((m) => m.method === "textDocument/publishDiagnostics" && m.params!.uri === uri).then(
      (m) => m.params!.diagnostics,
    );
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { send, next, diagnosticsFor, exited, stderr: () => stderr };
}

describe("archc lsp", () => {
  it("publishes archc check's diagnostics for open documents over stdio", async () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-lsp-"));
    const uri = pathToFileURL(join(dir, "broken.arch")).href;
    const s = startServer();
    s.send({
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    const init = await s.next((m) => m.id === 1);
    expect(init.result!.capabilities).toMatchObject({ textDocumentSync: 2 });
    s.send({ method: "initialized", params: {} });

    // a syntax error: `modle` at line 2, columns 1-6
    const text = "const d = 8\nmodle B(x: int) {\n}\n";
    s.send({
      method: "textDocument/didOpen",
      params: { textDocument: { uri, languageId: "arch", version: 1, text } },
    });
    const [d, ...rest] = await s.diagnosticsFor(uri);
    expect(rest).toEqual([]);
    expect(d!.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    expect(d!).toMatchObject({ severity: 1, code: "ARCH1013", source: "archc" });
    expect(d!.message).toContain("unknown keyword `modle`; did you mean `model`?");

    // fixed by an edit (incremental sync): nothing left
    s.send({
      method: "textDocument/didChange",
      params: {
        textDocument: { uri, version: 2 },
        contentChanges: [
          {
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
            text: "block",
          },
        ],
      },
    });
    expect(await s.diagnosticsFor(uri)).toEqual([]);

    // an error inside an imported file is published to that file; the importing one is clean
    writeFileSync(join(dir, "lib.arch"), "block B(d: int) {\n  Linear(d, undefined_width)\n}\n");
    const main = pathToFileURL(join(dir, "main.arch")).href;
    const libUri = pathToFileURL(join(dir, "lib.arch")).href;
    s.send({
      method: "textDocument/didOpen",
      params: {
        textDocument: {
          uri: main,
          languageId: "arch",
          version: 1,
          text: 'import "./lib.arch".{B}\nmodel M {\n  input tokens: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n  B(8)\n  head tied\n}\n',
        },
      },
    });
    const lib = await s.diagnosticsFor(libUri);
    expect(lib.length).toBeGreaterThan(0);
    expect(lib[0]!.range.start.line).toBe(1);
    expect(lib[0]!.message).toContain("unknown name `undefined_width`");
    expect(lib[0]!.range.start).toEqual({ line: 1, character: 12 });
    const [used] = lib[0]!.relatedInformation!; // where the importing file uses the block
    expect(used!.location.uri).toBe(main);
    expect(used!.location.range.start).toEqual({ line: 4, character: 2 });
    expect(await s.diagnosticsFor(main)).toEqual([]);

    // closing clears what the document published
    s.send({ method: "textDocument/didClose", params: { textDocument: { uri: main } } });
    expect(await s.diagnosticsFor(libUri)).toEqual([]);

    s.send({ id: 2, method: "shutdown" });
    await s.next((m) => m.id === 2);
    s.send({ method: "exit" });
    expect(await s.exited, s.stderr()).toBe(0);
  }, 120_000);
});
