// The interactive report's page script (inlined by ../html.ts after uPlot and ./ema.js): one uPlot
// chart per panel of ARCHC_PANELS, rebuilt when the log-scale or clip switch changes; the
// smoothing slider recomputes every smoothed series from its raw series; cursor and zoom are
// shared by all panels; points outside the y-range are marked with a triangle at the edge.
/* global uPlot, smooth, ARCHC_PANELS */
(() => {
  const root = document.getElementById("panels");
  const alphaInput = document.getElementById("ctl-alpha");
  const alphaText = document.getElementById("ctl-alpha-value");
  const logInput = document.getElementById("ctl-log");
  const clipInput = document.getElementById("ctl-clip");
  let charts = [];
  let zoom = null;

  const width = () => Math.max(480, Math.min(1100, window.innerWidth - 60));
  const fmt = (v) =>
    v === null || v === undefined
      ? "–"
      : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
        ? Number(v.toPrecision(5)).toExponential()
        : String(Number(v.toPrecision(5)));

  /** An axis label: 3 significant digits; none for the ticks uPlot leaves unlabelled (log axes). */
  const tick = (v) =>
    v === null || v === undefined
      ? ""
      : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
        ? Number(v.toPrecision(3)).toExponential()
        : String(Number(v.toPrecision(3)));

  function columns(p, alpha, log) {
    const cols = p.series.map((s) => s.values);
    const out = p.series.map((s, i) =>
      s.smoothOf === null ? cols[i] : smooth(cols[s.smoothOf], alpha),
    );
    return [p.x, ...out.map((c) => (log ? c.map((v) => (v !== null && v > 0 ? v : null)) : c))];
  }

  /** Triangles at the plot's top or bottom edge for points outside the y-range. */
  function markClipped(u, p) {
    const ctx = u.ctx;
    const [lo, hi] = [u.scales.y.min, u.scales.y.max];
    const top = u.bbox.top;
    const bottom = u.bbox.top + u.bbox.height;
    const r = 5 * devicePixelRatio;
    u.series.forEach((s, si) => {
      if (si === 0 || !s.show || p.series[si - 1].smoothOf !== null) return; // smoothed: no marks
      ctx.fillStyle = p.series[si - 1].color;
      u.data[si].forEach((v, i) => {
        if (v === null || (v <= hi && v >= lo)) return;
        const x = u.valToPos(u.data[0][i], "x", true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        const up = v > hi;
        const tip = up ? top : bottom;
        const base = up ? tip + 1.6 * r : tip - 1.6 * r;
        ctx.beginPath();
        ctx.moveTo(x - r, base);
        ctx.lineTo(x + r, base);
        ctx.lineTo(x, tip);
        ctx.fill();
      });
    });
  }

  /** Growth events as dotted vertical lines. */
  function drawMarks(u, marks) {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#777";
    ctx.fillStyle = "#555";
    ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.font = `${10 * devicePixelRatio}px sans-serif`;
    marks.forEach((m, i) => {
      const x = u.valToPos(m.x, "x", true);
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      const right = x > u.bbox.left + u.bbox.width / 2;
      ctx.textAlign = right ? "right" : "left";
      ctx.fillText(
        m.label,
        x + (right ? -4 : 4),
        u.bbox.top + u.bbox.height - (6 + (i % 4) * 13) * devicePixelRatio,
      );
    });
    ctx.restore();
  }

  function build() {
    charts.forEach((c) => c.destroy());
    root.textContent = "";
    const alpha = Number(alphaInput.value);
    const log = logInput.checked;
    const clip = clipInput.checked;
    charts = ARCHC_PANELS.map((p) => {
      const box = document.createElement("div");
      box.className = "panel";
      const h = document.createElement("h2");
      h.textContent = p.title;
      box.appendChild(h);
      root.appendChild(box);
      const fixed = log ? (clip ? p.range.log : null) : clip ? p.range.robust : p.range.full;
      const opts = {
        width: width(),
        height: p.id === "loss" ? 360 : 240,
        cursor: {
          sync: { key: "archc", setSeries: true },
          drag: { x: true, y: false, setScale: false },
        },
        scales: {
          x: { time: false },
          y: log
            ? { distr: 3, ...(fixed ? { range: () => fixed } : {}) }
            : fixed
              ? { range: () => fixed }
              : {},
        },
        axes: [
          { label: "step" },
          { label: p.yLabel, size: 70, values: (u, ticks) => ticks.map(tick) },
        ],
        series: [
          { label: "step", value: (u, v) => fmt(v) },
          ...p.series.map((s) => ({
            label: s.label,
            stroke: s.faint ? s.color + "40" : s.color,
            width: s.faint ? 1 : 1.5,
            dash: s.dashed ? [6, 4] : undefined,
            spanGaps: true,
            points: { show: s.markers, size: 6, fill: s.color },
            value: (u, v) => fmt(v),
          })),
        ],
        hooks: {
          draw: [(u) => markClipped(u, p), (u) => drawMarks(u, p.marks)],
          setSelect: [
            (u) => {
              if (u.select.width <= 0) return;
              const min = u.posToVal(u.select.left, "x");
              const max = u.posToVal(u.select.left + u.select.width, "x");
              zoom = [min, max];
              charts.forEach((c) => c.setScale("x", { min, max }));
              u.setSelect({ width: 0, height: 0 }, false);
            },
          ],
        },
      };
      const u = new uPlot(opts, columns(p, alpha, log), box);
      u.over.addEventListener("dblclick", () => {
        zoom = null;
        charts.forEach((c) =>
          c.setScale("x", { min: c.data[0][0], max: c.data[0][c.data[0].length - 1] }),
        );
      });
      if (zoom !== null) u.setScale("x", { min: zoom[0], max: zoom[1] });
      return u;
    });
  }

  // The page's address can set the start state: report.html#log&noclip&alpha=0.9
  const hash = new URLSearchParams(location.hash.slice(1));
  logInput.checked = hash.has("log");
  clipInput.checked = !hash.has("noclip");
  const start = hash.get("alpha") ?? (ARCHC_PANELS[0] ? ARCHC_PANELS[0].alpha : 0.6);
  alphaInput.value = String(start);
  alphaText.textContent = alphaInput.value;
  alphaInput.addEventListener("input", () => {
    alphaText.textContent = alphaInput.value;
    const alpha = Number(alphaInput.value);
    charts.forEach((c, i) => c.setData(columns(ARCHC_PANELS[i], alpha, logInput.checked), false));
  });
  logInput.addEventListener("change", build);
  clipInput.addEventListener("change", build);
  window.addEventListener("resize", () =>
    charts.forEach((c) => c.setSize({ width: width(), height: c.height })),
  );
  build();
})();
