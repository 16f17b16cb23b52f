// The flight simulator: sliders drive the engine (globalThis.sdmodel, Go
// compiled to WebAssembly) and every move redraws the charts at once.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const cfg = JSON.parse($("sd-config").textContent);
  const canon = (n) => n.replace(/_/g, " ").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  const state = { values: cfg.sliders.map((s) => s.base), extras: [], baseline: null, current: null, lastHash: null };
  const page = { cfg: cfg, state: state, chart: null, timings: {}, ready: false, error: null };
  window.sdPage = page;

  function showError(msg) {
    const el = $("sd-error");
    el.textContent = msg;
    el.hidden = !msg;
    page.error = msg || null;
  }
  function status(msg) { $("sd-status").textContent = msg; }

  // Numbers as a reader wants them: short, without float noise.
  function short(x) {
    if (!isFinite(x)) return String(x);
    const a = Math.abs(x);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toPrecision(4);
    return String(Number(x.toPrecision(6)));
  }

  // Calendar dates for models with a date origin and months as time unit.
  const monthly = !!cfg.dateOrigin && /^months?$/i.test(cfg.timeUnits || "");
  function timeLabel(t) {
    if (!monthly) return short(t);
    const [y, m] = cfg.dateOrigin.split("-").map(Number);
    const k = y * 12 + (m - 1) + Math.floor(t + 1e-9);
    return Math.floor(k / 12) + "-" + String((k % 12) + 1).padStart(2, "0");
  }

  // Ticks fall on whole years from time 0: when that is a January, the
  // year alone says it.
  const januaryStart = monthly && /-01$/.test(cfg.dateOrigin);
  function axisLabel(t) { return januaryStart ? timeLabel(t).slice(0, 4) : timeLabel(t); }

  // Axis ticks on whole years, about five of them.
  function yearsStep(span) { return 12 * Math.max(1, Math.round(span / 12 / 5)); }

  // Sliders.
  const inputs = [];
  const labels = [];
  function buildSliders() {
    const box = $("sd-sliders");
    cfg.sliders.forEach((s, i) => {
      const div = document.createElement("div");
      div.className = "slider";
      const id = "sd-slider-" + i;
      const tip = s.name + (s.units ? " (" + s.units + ")" : "") + (s.doc ? "\n" + s.doc : "") +
        (s.switch ? "\nMoving it away from " + short(s.base) + " also sets " + s.switch + " = 1." : "");
      div.innerHTML = '<label><span class="name"></span><span class="value"></span></label>' +
        '<input type="range"><div class="range"><span></span><span></span></div>';
      const label = div.querySelector("label");
      label.htmlFor = id;
      label.title = tip;
      div.querySelector(".name").textContent = s.label;
      const input = div.querySelector("input");
      input.id = id;
      input.min = s.min; input.max = s.max; input.step = s.step; input.value = s.base;
      input.title = tip;
      input.setAttribute("data-name", s.name);
      const ends = div.querySelectorAll(".range span");
      ends[0].textContent = short(s.min);
      ends[1].textContent = short(s.max) + (s.units && s.units !== "dimensionless" ? " " + s.units : "");
      input.addEventListener("input", () => {
        state.values[i] = parseFloat(input.value);
        showValue(i);
        update();
      });
      inputs.push(input);
      labels.push(div.querySelector(".value"));
      box.appendChild(div);
      showValue(i);
    });
  }
  function showValue(i) {
    const s = cfg.sliders[i];
    const v = state.values[i];
    labels[i].textContent = short(v) + (v === s.base ? "" : " (was " + short(s.base) + ")");
    labels[i].classList.toggle("moved", v !== s.base);
  }
  function syncSliders() {
    cfg.sliders.forEach((s, i) => { inputs[i].value = state.values[i]; showValue(i); });
    const ex = $("sd-extras");
    ex.hidden = state.extras.length === 0;
    ex.textContent = state.extras.length ? "Also set: " + state.extras.map((e) => e.name + " = " + short(e.value)).join(", ") : "";
  }

  // The overrides of the current settings: a slider at its baseline
  // position leaves its switch alone, but its constant still takes the value
  // shown when that differs from the model's (a policy's effect size whose
  // "off" position is not the model's value): otherwise a switch set by a
  // preset or a link would apply a value the slider does not show.
  function overrides() {
    const names = [], values = [];
    let moved = state.extras.length; // what the reader changed: moved sliders and extra settings
    cfg.sliders.forEach((s, i) => {
      const v = state.values[i];
      if (v === s.base) {
        if (v !== s.model) { names.push(s.name); values.push(v); }
        return;
      }
      moved++;
      names.push(s.name); values.push(v);
      if (s.switch) { names.push(s.switch); values.push(1); }
    });
    state.extras.forEach((e) => { names.push(e.name); values.push(e.value); });
    return { names: names, values: values, moved: moved };
  }
  page.overrides = overrides;

  function run(o) {
    const t0 = performance.now();
    const r = globalThis.sdmodel.run(o.names, o.values, cfg.vars.map((v) => v.name));
    page.timings.run = performance.now() - t0;
    return r;
  }

  // Charts: one per variable, the baseline faint under this run.
  function pairs(time, ys) {
    const out = new Array(time.length);
    for (let k = 0; k < time.length; k++) out[k] = [time[k], ys[k]];
    return out;
  }
  // All charts are panels of one ECharts instance: one canvas and one
  // render pass, much cheaper to build and redraw than one instance each.
  // The layout follows the width and the page's font size, which grows with
  // the screen (a projector gets larger text).
  function layout() {
    const el = $("sd-grid");
    const fs = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const width = el.clientWidth || 800;
    const cols = Math.max(1, Math.min(cfg.vars.length, Math.floor(width / (21 * fs))));
    const rows = Math.ceil(cfg.vars.length / cols);
    const rowH = Math.min(560, Math.max(230, 0.34 * window.innerHeight));
    const colW = width / cols;
    const titles = [], grids = [];
    cfg.vars.forEach((v, i) => {
      const x = (i % cols) * colW, y = Math.floor(i / cols) * rowH;
      titles.push({ text: v.name, subtext: v.units && v.units !== "dimensionless" ? v.units : "", left: x + 8, top: y,
        textStyle: { fontSize: fs * 1.05 }, subtextStyle: { fontSize: fs * 0.8 }, itemGap: 2 });
      grids.push({ left: x + fs * 3.6, top: y + fs * 3.4, width: colW - fs * 4.8, height: rowH - fs * 5.6 });
    });
    el.style.height = rows * rowH + "px";
    return { fs: fs, title: titles, grid: grids };
  }
  function buildCharts() {
    const el = $("sd-grid");
    const lay = layout();
    const c = echarts.init(el, null, { renderer: "canvas" });
    const axis = { axisLabel: { fontSize: lay.fs * 0.8 } };
    c.setOption({
      animation: false,
      textStyle: { fontSize: lay.fs * 0.8 },
      title: lay.title,
      grid: lay.grid,
      tooltip: { trigger: "axis", valueFormatter: (x) => short(x) },
      axisPointer: { link: [{ xAxisIndex: "all" }], label: { formatter: (p) => p.axisDimension === "x" ? timeLabel(p.value) : short(p.value) } },
      xAxis: cfg.vars.map((v, i) => ({ type: "value", gridIndex: i, min: cfg.start, max: cfg.stop,
        interval: monthly ? yearsStep(cfg.stop - cfg.start) : undefined,
        axisLabel: { formatter: axisLabel, fontSize: axis.axisLabel.fontSize, hideOverlap: true, showMaxLabel: false },
        splitLine: { show: false } })),
      yAxis: cfg.vars.map((v, i) => ({ type: "value", gridIndex: i, axisLabel: { formatter: short, fontSize: axis.axisLabel.fontSize } })),
      series: cfg.vars.flatMap((v, i) => [
        { id: "baseline-" + i, name: "baseline", type: "line", xAxisIndex: i, yAxisIndex: i, showSymbol: false, z: 1,
          silent: true, data: [], lineStyle: { color: "#8a96a3", width: 2, opacity: 0.55 }, itemStyle: { color: "#8a96a3" } },
        { id: "run-" + i, name: v.name, type: "line", xAxisIndex: i, yAxisIndex: i, showSymbol: false, z: 2,
          data: [], lineStyle: { color: "#c0392b", width: 2.6 }, itemStyle: { color: "#c0392b" } },
      ]),
    });
    c.resize();
    page.chart = c;
    window.addEventListener("resize", () => {
      const lay = layout();
      const axis = { axisLabel: { fontSize: lay.fs * 0.8 } };
      c.setOption({ title: lay.title, grid: lay.grid, textStyle: { fontSize: lay.fs * 0.8 },
        xAxis: cfg.vars.map(() => axis), yAxis: cfg.vars.map(() => axis) });
      c.resize();
    });
  }
  function drawBaseline() {
    const b = state.baseline;
    page.chart.setOption({ series: cfg.vars.map((v, i) => ({ id: "baseline-" + i, data: pairs(b.time, b.series[i]) })) });
  }
  function draw() {
    const r = state.current;
    page.chart.setOption({ series: cfg.vars.map((v, i) => ({ id: "run-" + i, data: pairs(r.time, r.series[i]) })) });
  }
  // plotted is what the chart draws: per variable, the baseline and this
  // run as [time, value] pairs (for tests and for readers of the page).
  page.plotted = () => {
    const byId = {};
    page.chart.getOption().series.forEach((s) => { byId[s.id] = s.data; });
    return cfg.vars.map((v, i) => [byId["baseline-" + i], byId["run-" + i]]);
  };

  let hashTimer = 0;

  // One re-run and redraw: what every slider move does.
  function update() {
    const t0 = performance.now();
    const o = overrides();
    const r = o.moved ? run(o) : state.baseline;
    if (r.error) showError(r.error); else showError("");
    if (r.time && r.series) {
      state.current = r;
      const t1 = performance.now();
      draw();
      page.timings.draw = performance.now() - t1;
    }
    page.timings.update = performance.now() - t0;
    // The fragment follows a little later: browsers throttle history updates
    // during a drag, and it is not needed to draw.
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, 150);
    const n = o.moved;
    status((n ? n + " setting" + (n > 1 ? "s" : "") + " changed" : "baseline") + " · run and redraw " +
      page.timings.update.toFixed(1) + " ms");
  }
  page.update = update;

  // The URL fragment holds the settings: name=value&..., names encoded.
  function hashOf() {
    const parts = [];
    cfg.sliders.forEach((s, i) => {
      if (state.values[i] !== s.base) parts.push(encodeURIComponent(s.name) + "=" + state.values[i]);
    });
    state.extras.forEach((e) => parts.push(encodeURIComponent(e.name) + "=" + e.value));
    return parts.join("&");
  }
  function writeHash() {
    if (location.protocol === "about:") return; // in a notebook's frame there is no address to keep
    const h = hashOf();
    if (h === (location.hash || "#").slice(1)) return;
    state.lastHash = h;
    try {
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    } catch (e) {
      location.replace("#" + h);
    }
  }
  // readHash applies a fragment; unknown names and bad numbers are reported
  // in the page and left out.
  function readHash() {
    const h = (location.hash || "#").slice(1);
    state.values = cfg.sliders.map((s) => s.base);
    state.extras = [];
    const bad = [];
    const known = new Set(page.constants.map(canon));
    h.split("&").filter(Boolean).forEach((kv) => {
      const eq = kv.indexOf("=");
      let name, value;
      try {
        name = decodeURIComponent(eq < 0 ? kv : kv.slice(0, eq));
      } catch (e) {
        bad.push(kv); return;
      }
      value = eq < 0 ? NaN : Number(kv.slice(eq + 1));
      if (!isFinite(value) || kv.slice(eq + 1).trim() === "") { bad.push(name + ": not a number"); return; }
      const i = cfg.sliders.findIndex((s) => canon(s.name) === canon(name));
      if (i >= 0) {
        const s = cfg.sliders[i];
        state.values[i] = Math.min(s.max, Math.max(s.min, value));
        if (state.values[i] !== value) bad.push(name + ": " + value + " is outside " + s.min + " to " + s.max);
      } else if (known.has(canon(name))) {
        state.extras.push({ name: page.constants.find((c) => canon(c) === canon(name)), value: value });
      } else {
        bad.push(name + ": not a constant of the model");
      }
    });
    syncSliders();
    return bad;
  }

  function applyPreset(k) {
    const p = cfg.presets[k];
    state.values = cfg.sliders.map((s) => s.base);
    p.sliders.forEach((st) => {
      const i = cfg.sliders.findIndex((s) => s.name === st.name);
      if (i >= 0) state.values[i] = st.value;
    });
    state.extras = p.extras.map((e) => ({ name: e.name, value: e.value }));
    syncSliders();
    update();
    if (p.description) status(p.name + ": " + p.description + " · " + $("sd-status").textContent);
  }
  page.applyPreset = applyPreset;

  function reset() {
    state.values = cfg.sliders.map((s) => s.base);
    state.extras = [];
    const sel = $("sd-preset");
    if (sel) sel.value = "";
    syncSliders();
    update();
  }

  function csv() {
    const r = state.current;
    const head = ["time"].concat(monthly ? ["date"] : [], cfg.vars.map((v) => v.name));
    const quote = (s) => /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    const lines = [head.map(quote).join(",")];
    for (let k = 0; k < r.time.length; k++) {
      const row = [String(r.time[k])];
      if (monthly) row.push(timeLabel(r.time[k]));
      r.series.forEach((s) => row.push(String(s[k])));
      lines.push(row.join(","));
    }
    return lines.join("\n") + "\n";
  }
  page.csv = csv;
  function download() {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv" }));
    a.download = (cfg.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "run") + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function copyLink() {
    const url = location.href;
    const done = () => status("Link copied: it opens this page with these settings.");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, () => window.prompt("Copy this link:", url));
    } else {
      window.prompt("Copy this link:", url);
    }
  }

  // The engine: gzipped WebAssembly in base64. The browser unpacks it and
  // compiles it as the bytes stream in.
  async function loadEngine() {
    const tm = page.timings;
    tm.scriptStart = performance.now();
    const text = $("sd-engine").textContent;
    let gz;
    if (Uint8Array.fromBase64) {
      gz = Uint8Array.fromBase64(text);
    } else {
      const bin = atob(text);
      gz = new Uint8Array(bin.length);
      for (let k = 0; k < bin.length; k++) gz[k] = bin.charCodeAt(k);
    }
    tm.decoded = performance.now();
    const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
    const go = new Go();
    const wasm = new Response(stream, { headers: { "Content-Type": "application/wasm" } });
    const result = await WebAssembly.instantiateStreaming(wasm, go.importObject);
    tm.instantiated = performance.now();
    go.run(result.instance); // main registers globalThis.sdmodel, then waits for calls
    if (!globalThis.sdmodel) throw new Error("the engine did not start");
    tm.engine = performance.now();
  }

  // The chart library comes after this script in the page, so that the
  // engine compiles while the browser reads it.
  function documentReady() {
    if (document.readyState !== "loading") return Promise.resolve();
    return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  }

  async function start() {
    buildSliders();
    const engine = loadEngine();
    await documentReady();
    buildCharts(); // while the browser compiles the engine
    page.timings.chartsBuilt = performance.now();
    await engine;
    const loaded = globalThis.sdmodel.load(cfg.xmile);
    page.timings.loaded = performance.now();
    if (loaded.error) throw new Error(loaded.error);
    page.constants = loaded.constants;
    page.timings.readXMILE = loaded.readMs;
    page.timings.compile = loaded.compileMs;
    state.baseline = run({ names: [], values: [] });
    if (state.baseline.error) throw new Error("baseline run: " + state.baseline.error);
    page.timings.baselineRun = performance.now();
    drawBaseline();
    const bad = readHash();
    update();
    if (bad.length) showError("Left out of the link: " + bad.join("; "));
    page.timings.firstChart = performance.now();
    page.ready = true;
    $("sd-reset").addEventListener("click", reset);
    $("sd-csv").addEventListener("click", download);
    $("sd-link").addEventListener("click", copyLink);
    const sel = $("sd-preset");
    if (sel) sel.addEventListener("change", () => { if (sel.value !== "") applyPreset(Number(sel.value)); });
    window.addEventListener("hashchange", () => {
      if ((location.hash || "#").slice(1) === state.lastHash) return;
      const bad = readHash();
      update();
      if (bad.length) showError("Left out of the link: " + bad.join("; "));
    });
  }

  start().catch((e) => {
    showError("The simulator could not start: " + (e && e.message ? e.message : e));
    status("");
    console.error(e);
  });
})();
