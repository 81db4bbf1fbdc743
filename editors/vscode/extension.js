// The VS Code client: starts `archc lsp` (the `archc.command` setting, in the workspace folder)
// over stdio for .arch documents; highlighting comes from the grammar this folder contributes.
// CommonJS, as VS Code loads extensions; `npm install` in this folder brings vscode-languageclient.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- VS Code loads extensions as CommonJS */
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
/* eslint-enable @typescript-eslint/no-require-imports */

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("archc").get("command");
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const run = { command, args, transport: TransportKind.stdio, options: { cwd, shell: true } };
  client = new LanguageClient(
    "archc",
    "archc",
    { run, debug: run },
    { documentSelector: [{ language: "arch" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
