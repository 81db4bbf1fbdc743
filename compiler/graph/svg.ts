// A tiny SVG element tree and its printer (no dependencies): the picture is built as elements and
// printed once, never glued from strings; plus the text-width estimate the layout uses.

/** One SVG element: tag, attributes, children (elements or text). */
export interface El {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string | number | undefined>>;
  readonly children: readonly (El | string)[];
}

export function el(
  tag: string,
  attrs: El["attrs"] = {},
  ...children: readonly (El | string | undefined)[]
): El {
  return { tag, attrs, children: children.filter((c): c is El | string => c !== undefined) };
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

function fmtAttr(v: string | number): string {
  return typeof v === "number" ? String(Math.round(v * 10) / 10) : escapeXml(v);
}

/** Prints the tree as indented XML. */
export function printSvg(root: El, indent = ""): string {
  const attrs = Object.entries(root.attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${fmtAttr(v)}"`)
    .join("");
  if (root.children.length === 0) return `${indent}<${root.tag}${attrs}/>`;
  if (root.children.every((c) => typeof c === "string")) {
    return `${indent}<${root.tag}${attrs}>${root.children.map((c) => escapeXml(c as string)).join("")}</${root.tag}>`;
  }
  const inner = root.children.map((c) =>
    typeof c === "string" ? `${indent}  ${escapeXml(c)}` : printSvg(c, `${indent}  `),
  );
  return [`${indent}<${root.tag}${attrs}>`, ...inner, `${indent}</${root.tag}>`].join("\n");
}

export const FONT = "Helvetica, Arial, sans-serif";
export const MONO = "Menlo, Consolas, monospace";

/** Approximate width in px of `text` at `size` px in a sans-serif font (0.58 em per char, wide glyphs more). */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text)
    w += /[MW@%×⊕]/.test(ch)
      ? 0.85
      : /[il.,:;'|!() ]/.test(ch)
        ? 0.3
        : /[A-Z]/.test(ch)
          ? 0.68
          : 0.56;
  return w * size;
}

export interface TextOpts {
  readonly size?: number;
  readonly anchor?: "start" | "middle" | "end";
  readonly weight?: "normal" | "bold";
  readonly fill?: string;
  readonly mono?: boolean;
  readonly italic?: boolean;
  /** Degrees, about (x, y). */
  readonly rotate?: number;
}

/** A text element; `y` is the baseline. */
export function text(x: number, y: number, s: string, o: TextOpts = {}): El {
  return el(
    "text",
    {
      x,
      y,
      "font-size": o.size ?? 12,
      "text-anchor": o.anchor ?? "middle",
      "font-weight": o.weight === "bold" ? "bold" : undefined,
      "font-style": o.italic === true ? "italic" : undefined,
      "font-family": o.mono === true ? MONO : undefined,
      fill: o.fill ?? "#1f2933",
      transform: o.rotate === undefined ? undefined : `rotate(${o.rotate} ${x} ${y})`,
    },
    s,
  );
}

export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke = "#52606d",
  width = 1.5,
  dash?: string,
): El {
  return el("line", { x1, y1, x2, y2, stroke, "stroke-width": width, "stroke-dasharray": dash });
}

export function path(d: string, stroke = "#52606d", width = 1.5, extra: El["attrs"] = {}): El {
  return el("path", { d, fill: "none", stroke, "stroke-width": width, ...extra });
}

export function rect(
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  stroke: string,
  r = 6,
  extra: El["attrs"] = {},
): El {
  return el("rect", {
    x,
    y,
    width: w,
    height: h,
    rx: r,
    fill,
    stroke,
    "stroke-width": 1.2,
    ...extra,
  });
}

export function group(...children: readonly (El | undefined)[]): El {
  return el("g", {}, ...children);
}

/** An arrowhead marker id used by `arrow`. */
export const ARROW_DEFS = el(
  "defs",
  {},
  el(
    "marker",
    {
      id: "arrow",
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: "auto-start-reverse",
    },
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#52606d" }),
  ),
);

/** A line ending in an arrowhead. */
export function arrow(x1: number, y1: number, x2: number, y2: number, stroke = "#52606d"): El {
  return el("line", { x1, y1, x2, y2, stroke, "stroke-width": 1.5, "marker-end": "url(#arrow)" });
}
