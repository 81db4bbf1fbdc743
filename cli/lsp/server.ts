// `archc lsp`: a language server over stdio (vscode-languageserver) that publishes what
// `archc check` finds. Every open `.arch` document is checked on open and on each change, from the
// editor's text (unsaved edits included; its imports are read from disk): each diagnostic goes to
// the file its span is in (an error inside an imported file is shown in that file), with its
// range, severity, code (ARCHnnnn), message (and hint) and related locations. Closing a document
// clears what it published. Nothing but the protocol is written to stdout.
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import lsp from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { diagnoseSource } from "../../compiler/frontend.ts";
import type { Diagnostic as ArchDiagnostic } from "../../grammar/core/diagnostic.ts";
import { SourceFile, type Span } from "../../grammar/core/source.ts";

const { createConnection, DiagnosticSeverity, StreamMessageReader, StreamMessageWriter } = lsp;
const { TextDocuments, TextDocumentSyncKind } = lsp;

/** The path a document's URI names (an unsaved `untitled:` document is checked as if in the cwd). */
const pathOf = (uri: string): string =>
  uri.startsWith("file:") ? fileURLToPath(uri) : resolve("untitled.arch");

/** An archc diagnostic as the protocol's, its offsets placed by `at` (the file's text). */
function toLsp(d: ArchDiagnostic, at: (file: string) => TextDocument): lsp.Diagnostic {
  const range = (s: Span) => ({
    start: at(s.file).positionAt(s.start),
    end: at(s.file).positionAt(Math.max(s.end, s.start)),
  });
  return {
    range: range(d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "archc",
    message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
    ...(d.related === undefined || d.related.length === 0
      ? {}
      : {
          relatedInformation: d.related.map((r) => ({
            location: { uri: at(r.span.file).uri, range: range(r.span) },
            message: r.message,
          })),
        }),
  };
}

/** The diagnostics of one document's text, by the URI of the file each is in. */
export function documentDiagnostics(doc: TextDocument): Map<string, lsp.Diagnostic[]> {
  const path = pathOf(doc.uri);
  const diagnosis = diagnoseSource(new SourceFile(path, doc.getText()));
  // spans name files as the compiler shows them (relative to the cwd): keyed by absolute path here
  const texts = new Map([...diagnosis.sources].map(([f, src]) => [resolve(f), src.text]));
  const docs = new Map<string, TextDocument>([[resolve(path), doc]]);
  const at = (file: string): TextDocument => {
    const abs = resolve(file);
    let d = docs.get(abs);
    if (d === undefined) {
      d = TextDocument.create(pathToFileURL(abs).href, "arch", 0, texts.get(abs) ?? "");
      docs.set(abs, d);
    }
    return d;
  };
  const out = new Map<string, lsp.Diagnostic[]>([[doc.uri, []]]);
  for (const d of diagnosis.diagnostics) {
    const uri = at(d.span.file).uri;
    out.set(uri, [...(out.get(uri) ?? []), toLsp(d, at)]);
  }
  return out;
}

/** Serve on the given streams until the client says `exit`; resolves to the exit status. */
export function serve(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const connection = createConnection(
    new StreamMessageReader(input),
    new StreamMessageWriter(output),
  );
  const documents = new TextDocuments(TextDocument);
  // the URIs each open document published to (itself and imported files), to clear them later
  const published = new Map<string, Set<string>>();
  let shutdown = false;

  const publish = (owner: string, byUri: Map<string, lsp.Diagnostic[]>): void => {
    for (const uri of published.get(owner) ?? [])
      if (!byUri.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) void connection.sendDiagnostics({ uri, diagnostics });
    published.set(owner, new Set(byUri.keys()));
  };

  documents.onDidChangeContent(({ document }) => {
    try {
      publish(document.uri, documentDiagnostics(document));
    } catch (e) {
      // an internal error of the checker: say so in the server log, keep serving
      connection.console.error(
        `archc: checking ${document.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  });
  documents.onDidClose(({ document }) => {
    publish(document.uri, new Map());
    published.delete(document.uri);
  });
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: "archc" },
  }));
  connection.onShutdown(() => {
    shutdown = true;
  });
  documents.listen(connection);
  return new Promise((done) => {
    connection.onExit(() => done(shutdown ? 0 : 1));
    connection.listen();
  });
}
