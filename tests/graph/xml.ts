// A strict, minimal XML well-formedness check for the SVG tests (no dependency): one root, tags
// balanced and properly nested, attributes quoted and unique, text free of raw `<` and bare `&`.

export interface XmlElement {
  readonly tag: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function decode(s: string, where: number): string {
  for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", i + 1)) {
    if (!ENTITY.test(s.slice(i))) throw new Error(`bare & at ${where + i}`);
  }
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Parses `src` or throws with the offset of the first error. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  if (src.startsWith("<?xml")) i = src.indexOf("?>") + 2;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const textEnd = lt < 0 ? src.length : lt;
    const txt = src.slice(i, textEnd);
    if (txt.trim() !== "") {
      const top = stack[stack.length - 1];
      if (top === undefined) throw new Error(`text outside the root at ${i}`);
      top.text += decode(txt, i);
    }
    if (lt < 0) break;
    if (src.startsWith("</", lt)) {
      const m = NAME.exec(src.slice(lt + 2));
      const top = stack.pop();
      if (m === null || top?.tag !== m[0])
        throw new Error(`mismatched </${m?.[0] ?? "?"}> at ${lt} (open: ${top?.tag ?? "none"})`);
      i = src.indexOf(">", lt) + 1;
      continue;
    }
    const m = NAME.exec(src.slice(lt + 1));
    if (m === null) throw new Error(`bad tag at ${lt}`);
    let j = lt + 1 + m[0].length;
    const attrs = new Map<string, string>();
    for (;;) {
      while (/\s/.test(src[j] ?? "")) j++;
      if (src.startsWith("/>", j) || src[j] === ">") break;
      const a = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(src.slice(j));
      if (a === null) throw new Error(`bad attribute at ${j}`);
      if (attrs.has(a[1] as string)) throw new Error(`duplicate attribute ${a[1]} at ${j}`);
      attrs.set(a[1] as string, decode(a[2] as string, j));
      j += a[0].length;
    }
    const el: XmlElement = { tag: m[0], attrs, children: [], text: "" };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else if (root === undefined) root = el;
    else throw new Error(`second root element at ${lt}`);
    const selfClosing = src.startsWith("/>", j);
    if (!selfClosing) stack.push(el);
    i = j + (selfClosing ? 2 : 1);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.tag}>`);
  if (root === undefined) throw new Error("no root element");
  return root;
}

/** Every text content in document order. */
export function texts(e: XmlElement): string[] {
  return [e.text, ...e.children.flatMap(texts)].filter((t) => t !== "");
}
