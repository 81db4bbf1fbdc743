// An experiment, not part of archc: starts @tensorflow/tfjs-backend-wasm 4.22's threaded SIMD build
// (Emscripten pthreads) under Node, where tfjs keeps it off (WASM_HAS_MULTITHREAD_SUPPORT is false
// whenever IS_NODE, tfjs issue #3830). Used by bench/_wasm-threads.ts to answer issue #13's "threaded
// wasm, if it works in Node here"; docs/runtime.md ("Threaded wasm") says what it measured and why
// archc does not ship it. It patches four things the browser build assumes:
// 1. the build makes its pthread worker and main script into Blobs and blob: URLs, which Node's
//    worker_threads cannot start or read: string Blobs are recorded, and their URLs mapped to text;
// 2. the module assigns `Worker = worker_threads.Worker`; a pinned global Worker ignores that and
//    starts a blob: URL's text with eval: true;
// 3. the worker's "load" message carries the main script as a Blob; it is rewritten into a temp file
//    (the worker's Node importScripts reads files), with the bundle's free variables defined first;
// 4. Emscripten ref()s each pool worker and XNNPACK's threads never end: ref() does nothing, so the
//    process can exit.
// withCores: the C side caps the pool at os.cpus().length / 2 (1 on a 2-core machine).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Worker as NodeWorker, type WorkerOptions } from "node:worker_threads";
import * as tf from "../runtime/tf.ts";

/** Free variables of tf-backend-wasm.node.js's bundle that its threaded main script refers to. */
const PRELUDE = [
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');",
  "var commonjsGlobal = globalThis, _scriptDir = undefined;",
  "var __values = function (o) { return o[Symbol.iterator](); };",
  "var __read = function (o, n) { var a = Array.from(o); return n === undefined ? a : a.slice(0, n); };",
  "var __spreadArray = function (to, from) { return to.concat(Array.prototype.slice.call(from)); };",
  "",
].join("\n");

/** Runs fn (the wasm backend's start) while os.cpus() reports n cores. */
export async function withCores<R>(n: number, fn: () => Promise<R>): Promise<R> {
  const list = os.cpus();
  const real = os.cpus;
  os.cpus = () => Array.from({ length: n }, (_, i) => list[i % list.length]!);
  try {
    return await fn();
  } finally {
    os.cpus = real;
  }
}

let installed = false;

/** Lets the next setBackend("wasm") pick the threaded build (call before it). */
export function installWasmThreads(): void {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  if (installed) return;
  installed = true;
  const blobText = new WeakMap<Blob, string>();
  const urlText = new Map<string, string>();
  class RecordingBlob extends Blob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const parts = args[0];
      if (parts?.every((p) => typeof p === "string") === true) blobText.set(this, parts.join(""));
    }
  }
  globalThis.Blob = RecordingBlob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) => {
    const url = createObjectURL(blob);
    const text = blobText.get(blob);
    if (text !== undefined) urlText.set(url, text);
    return url;
  };
  let mainFile: string | undefined; // the main script, one temp file for all pool workers
  class BlobWorker extends NodeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const text = typeof url === "string" ? urlText.get(url) : undefined;
      if (text !== undefined) super(text, { ...options, eval: true });
      else super(url, options);
    }
    override ref(): void {}
    override postMessage(
      message: unknown,
      transfer?: Parameters<NodeWorker["postMessage"]>[1],
    ): void {
      const m = message as { cmd?: string; urlOrBlob?: Blob };
      const text = m.urlOrBlob === undefined ? undefined : blobText.get(m.urlOrBlob);
      if (m.cmd === "load" && text !== undefined) {
        if (mainFile === undefined) {
          const dir = mkdtempSync(join(os.tmpdir(), "archc-wasm-threads-"));
          mainFile = join(dir, "main.js");
          writeFileSync(mainFile, PRELUDE + text);
          process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
        }
        message = { ...m, urlOrBlob: mainFile };
      }
      super.postMessage(message, transfer);
    }
  }
  Object.defineProperty(globalThis, "Worker", {
    configurable: true,
    get: () => BlobWorker,
    set: () => {},
  });
}
