// The stepper's page side (nnlesson.widgets.Stepper): the kernel rendered every step of
// the trace once (`data`: cards as MathML templates, the diagram as one SVG plus a state
// per step) and sends the numbers apart (`numbers`: all a new number changes); this
// writes the numbers in, places the diagram's labels, and steps through them in the
// page, with no round trip to the kernel. The kernel is told the step (so a test or
// another view can follow) but never waited for.
// Used by anywidget in JupyterLab and Voila, and as-is in the page that
// `python -m nnlesson html` writes, which has no kernel at all.

const fill = (text, slots) => text.replace(/\{(\w+)\}/g, (m, k) => (k in slots ? slots[k] : m));
const plain = (markup) => markup.replace(/<[^>]+>/g, "");
const esc = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Icons as paths (no font has every media symbol); the words beside them name the buttons.
const ICONS = {
  first: "M2 2h2v12H2zM14 2v12L5 8z", previous: "M12 2v12L4 8z", next: "M4 2v12l8-6z",
  last: "M12 2h2v12h-2zM2 2v12l9-6z", play: "M4 2v12l10-6z", pause: "M3 2h4v12H3zM9 2h4v12H9z",
};

function element(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// One card, from the step's formula template: filled with symbols it is the general
// formula, with numbers the same formula with this trace's numbers.
function cardMarkup(f, k) {
  const c = f.card, [index, name, phase, withNumbers, usesTitle, uses, tpl] = c.steps[k];
  const sym = c.symbols[name], numbers = f.values.card, why = f.values.why[k];
  const filled = (dict) => tpl.map((p, i) => (i % 2 ? dict[p] : p)).join("");
  const row = (label, math) =>
    `<div class="nnl-row"><span class="nnl-row-label">${label}</span>` +
    `<div class="nnl-math"><math displaystyle="true"><mrow>${sym}<mo>=</mo>${math}</mrow></math></div></div>`;
  let html = `<div class="nnl-card-body" data-step="${index}" data-name="${name}" data-phase="${phase}">` +
    `<p class="nnl-head">${esc(fill(f.words.head, { phase: f.phases[phase], number: count(f, index, phase), total: total(f, phase) }))}</p>` +
    row(f.words.formula, filled(c.symbols));
  if (withNumbers) html += row(f.words.numbers, filled(numbers));
  html += row(f.words.value, `<mrow class="nnl-value">${numbers[name]}</mrow>`);
  if (uses.length) {
    html += `<div class="nnl-uses"><p class="nnl-uses-title">${esc(usesTitle ? f.words.chain : f.words.uses)}</p><table><tbody>` +
      uses.map(([u, at, uphase]) => `<tr data-uses="${u}"><td><math><mrow>${c.symbols[u]}<mo>=</mo>${numbers[u]}</mrow></math></td>` +
        `<td class="nnl-from">${esc(fill(f.words.from, { number: count(f, at, uphase), phase: f.phases[uphase] }))}</td></tr>`).join("") +
      `</tbody></table></div>`;
  }
  if (why) html += `<p class="nnl-why">${why}</p>`;
  return html + "</div>";
}

// Steps are counted as the card counts them: within the phase for a one-phase stepper.
const count = (f, index, phase) => (f.one_phase ? index - f.starts[phase] : index) + 1;
const total = (f, phase) => (f.one_phase ? f.sizes[phase] : f.total);

// Every step's labels, sized to their numbers and stacked in the bands above and below
// the network: nearest it the label with the step's own value, then the others from left
// to right, each over its anchor if there is room, else a little to either side, else
// stacked. Also the top and bottom of all of them: one view box holds every step's
// labels, so the drawing keeps its size from step to step.
function placeLabels(d, numbers, current) {
  const t = d.text;
  const textWidth = (ems, value, bold) => {
    for (const c of value) ems += t.ems[c] ?? 0.58;
    return ems * t.font * (bold ? t.bold : 1);
  };
  let y0 = 0, y1 = t.height;
  const placed = d.steps.map((state, k) => {
    const labels = [];
    for (const [anchor, names] of state[3]) {
      const [ax, ay, up] = t.anchors[anchor];
      const shown = names.filter((name) => name in numbers).map((name) => {
        const [prefix, flow, ems] = t.places[name], own = name === current[k] ? 1 : 0;
        return [prefix + numbers[name], flow, own, textWidth(ems, numbers[name], own)];
      });
      if (shown.length) labels.push({ anchor, ax, ay, up: !!up, lines: shown, current: shown.some((l) => l[2]) });
    }
    labels.sort((a, b) => (b.current - a.current) || (a.ax - b.ax));
    const taken = { true: [], false: [] };
    return labels.map((l) => {
      const width = Math.max(...l.lines.map((line) => line[3])) + 14;
      const height = l.lines.length * t.line + 4;
      let best = null;
      for (const shift of [0, -0.5, 0.5, -1, 1]) {
        const x = Math.min(Math.max(l.ax + shift * width, width / 2 + 2), t.width - width / 2 - 2);
        const left = x - width / 2 - 6, right = x + width / 2 + 6;
        const meet = taken[l.up].filter(([a, b]) => a < right && left < b);
        let top, distance;
        if (l.up) {
          const bottom = Math.min(t.top, ...meet.map((m) => m[2] - 6));
          top = bottom - height;
          distance = t.top - bottom;
        } else {
          top = Math.max(t.bottom, ...meet.map((m) => m[3] + 6));
          distance = top - t.bottom;
        }
        if (!best || distance < best[0] - 1) best = [distance, x, top, left, right];
      }
      const [, x, top, left, right] = best;
      taken[l.up].push([left, right, top, top + height]);
      y0 = Math.min(y0, top - 4);
      y1 = Math.max(y1, top + l.lines.length * t.line + 8);
      return [l.anchor, x, top, width, l.ax, l.ay, ...l.lines];
    });
  });
  return { placed, y0, y1 };
}

// A label of the step's values, in its band above or below the network, with a thin
// leader line down (or up) to the node or edge it belongs to.
function labelMarkup(label, t) {
  const [anchor, x, top, width, ax, ay, ...lines] = label;
  const kind = t.edges.includes(anchor) ? "label" : "tag";
  const height = lines.length * t.line + 4, above = top < ay;
  const ly = above ? top + height - 2 : top - 2;
  let out = `<g data-${kind}="${anchor}"><line x1="${ax}" y1="${ay}" x2="${ax}" y2="${ly.toFixed(1)}" ` +
    `stroke="#6b6b6b" stroke-width="1.5" stroke-dasharray="2 3"/>` +
    `<rect x="${(x - width / 2).toFixed(1)}" y="${(top - 2).toFixed(1)}" width="${width.toFixed(1)}" ` +
    `height="${height}" rx="6" fill="#FFFFFF" stroke="#c8c8c8"/>`;
  lines.forEach(([text, flow, current], k) => {
    const mark = current ? ' font-weight="bold" text-decoration="underline" data-current="true"' : "";
    out += `<text x="${x.toFixed(1)}" y="${(top + (k + 1) * t.line - t.line * 0.27).toFixed(1)}" text-anchor="middle" ` +
      `font-size="${t.font}" fill="${t.colours[flow]}"${mark}>${esc(text)}</text>`;
  });
  return out + "</g>";
}

function setAll(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
}

function render({ model, el }) {
  const root = element("div", { class: "nnl-sp", "data-lm-suppress-shortcuts": "true", tabindex: "-1" });
  const bar = element("div", { class: "nnl-sp-controls", role: "toolbar" });
  const button = (css, icon, after) => {
    const b = element("button", { type: "button", class: css });
    const glyph = `<svg class="nnl-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="${ICONS[icon]}"/></svg>`;
    b.innerHTML = after ? `<span class="nnl-word"></span>${glyph}` : `${glyph}<span class="nnl-word"></span>`;
    bar.append(b);
    return b;
  };
  const first = button("nnl-first", "first"), prev = button("nnl-prev", "previous");
  const next = button("nnl-next", "next", true), last = button("nnl-last", "last", true);
  const play = button("nnl-play", "play");
  play.setAttribute("aria-pressed", "false");
  const slider = element("input", { type: "range", class: "nnl-slider", step: "1" });
  const position = element("output", { class: "nnl-position" });
  const phaseLabel = element("label", { class: "nnl-phase" });
  const phaseWord = element("span");
  const phase = element("select");
  phaseLabel.append(phaseWord, " ", phase);
  bar.append(slider, position, phaseLabel);
  const panes = element("div", { class: "nnl-sp-panes" });
  const card = element("div", { class: "nnl-card", "aria-live": "polite", "aria-atomic": "true" });
  const drawing = element("div", { class: "nnl-diagram" });
  panes.append(card, drawing);
  root.append(bar, panes);
  el.append(root);

  let f = null, k = 0, timer = null, svg = null, edges = {}, heads = {}, nodes = {}, labels = null;
  let legend = null, placed = [], drawn = null;

  // New numbers: written into the cards, the labels placed again, the drawing sized to them.
  const numbers = () => {
    f.values = JSON.parse(model.get("numbers"));
    const t = f.diagram.text, at = placeLabels(f.diagram, f.values.diagram, f.card.steps.map((s) => s[1]));
    placed = at.placed;
    legend.setAttribute("transform", `translate(0 ${(at.y1 + 6).toFixed(1)})`);
    svg.setAttribute("viewBox", `0 ${at.y0.toFixed(0)} ${t.width} ${(at.y1 + 6 + t.legend - at.y0).toFixed(0)}`);
  };
  // An option change sends `data` and `numbers` in one message, and its change events may
  // come in either order: new numbers for a layout not yet built build it first.
  let built = null;
  const renumbered = () => {
    if (model.get("data") !== built) return build();
    const said = f.values.why.join("\n");
    numbers();
    show(k, false);
    // A gradient that changed sign changes an update's sentence: the tallest card may too.
    if (f.values.why.join("\n") !== said) {
      measured = "";
      measure();
    }
  };

  const build = () => {
    built = model.get("data");
    f = JSON.parse(built);
    root.classList.toggle("nnl-big", !!f.big);
    for (const [b, key] of [[first, "first"], [prev, "previous"], [next, "next"], [last, "last"]]) {
      b.querySelector(".nnl-word").textContent = f.words[key];
      b.setAttribute("aria-label", f.words[key]);
    }
    slider.min = 1;
    slider.max = f.card.steps.length;
    slider.setAttribute("aria-label", f.words.slider);
    phaseWord.textContent = f.words.phase;
    root.setAttribute("aria-label", f.words.region);
    root.setAttribute("role", "region");
    const phases = [...new Set(f.card.steps.map((s) => s[2]))];
    phase.innerHTML = phases.map((p) => `<option value="${p}">${esc(f.phases[p])}</option>`).join("");
    phase.disabled = phases.length === 1;
    if (f.diagram.svg !== drawn) {   // new numbers alone keep the drawing; its states change
      drawn = f.diagram.svg;
      drawing.innerHTML = drawn;
      svg = drawing.querySelector("svg");
      edges = {}; heads = {}; nodes = {};
      svg.querySelectorAll("[data-edge]").forEach((n) => (edges[n.dataset.edge] = n));
      svg.querySelectorAll("[data-head]").forEach((n) => (heads[n.dataset.head] = n));
      svg.querySelectorAll("[data-node]").forEach((n) => (nodes[n.dataset.node] = n.firstElementChild));
      labels = svg.querySelector("[data-labels]");
      legend = svg.querySelector("[data-legend]");
    }
    numbers();
    setPlaying(false, true);
    show(Math.max(0, f.card.steps.findIndex((s) => s[0] === model.get("index"))), false);
    measure();
  };

  // The tallest card sets the card's height, so nothing below jumps from step to step.
  // Measured again whenever the card's width changes (a page that appears, a window resized).
  let measured = "";
  const measure = () => {
    const token = f;
    setTimeout(() => {
      const width = card.clientWidth;
      // Only a new width or new options change which card is the tallest (numbers barely do).
      if (token !== f || !card.isConnected || width < 50 || `${width}/${f.shape}` === measured) return;
      const probe = element("div", { class: "nnl-card nnl-probe", "aria-hidden": "true" });
      probe.style.width = `${width}px`;
      card.parentNode.append(probe);
      let tallest = 0;
      for (let i = 0; i < f.card.steps.length; i++) {
        probe.innerHTML = cardMarkup(f, i);
        tallest = Math.max(tallest, probe.offsetHeight);
      }
      probe.remove();
      card.style.minHeight = `${tallest}px`;
      measured = `${width}/${f.shape}`;
    }, 50);
  };
  const resized = new ResizeObserver(() => measure());
  resized.observe(panes);

  const show = (i, tell = true) => {
    const n = f.card.steps.length;
    k = Math.max(0, Math.min(n - 1, i));
    const [index, name] = f.card.steps[k];
    card.innerHTML = cardMarkup(f, k);
    card.querySelectorAll(".nnl-math").forEach((m) => {
      // Wide math scrolls sideways; a region that scrolls must be reachable by keyboard.
      if (m.scrollWidth > m.clientWidth + 1) {
        m.setAttribute("tabindex", "0");
        m.setAttribute("role", "region");
        m.setAttribute("aria-label", m.previousElementSibling.textContent);
      }
    });
    const state = f.diagram.steps[k];
    const looks = f.diagram.looks, look = looks[state[0]];
    for (const [edge, line] of Object.entries(edges)) {
      const lit = state[1].includes(edge);
      setAll(line, lit ? look.edge : looks.idle.edge);
      line.setAttribute("data-highlight", String(lit));
      const head = heads[edge];
      head.setAttribute("d", lit ? head.getAttribute(`data-${look.at}`) : "");
      head.setAttribute("fill", lit ? look.head : "none");
    }
    for (const [node, shape] of Object.entries(nodes)) {
      const lit = state[2].includes(node);
      setAll(shape, lit ? look.node : looks.idle.node);
      shape.parentNode.setAttribute("data-highlight", String(lit));
    }
    labels.innerHTML = placed[k].map((l) => labelMarkup(l, f.diagram.text)).join("");
    svg.setAttribute("aria-label", fill(f.words.diagram,
      { number: count(f, index, f.card.steps[k][2]), name, value: plain(f.values.card[name] ?? "") }));
    svg.setAttribute("data-step", index);
    svg.setAttribute("data-name", name);
    svg.setAttribute("data-flow", state[0]);
    slider.value = k + 1;
    slider.setAttribute("aria-valuetext", fill(f.words.position, { number: k + 1, total: n, name }));
    position.textContent = `${k + 1} / ${n}`;
    phase.value = f.card.steps[k][2];
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    first.disabled = prev.disabled = k === 0;
    next.disabled = last.disabled = k === n - 1;
    // A button that just became disabled loses the focus: keep it in the stepper, so
    // the arrow keys go on working.
    if (focused && focused.disabled) root.focus();
    if (k === n - 1 && timer) setPlaying(false);
    if (tell && model.get("index") !== index) {
      model.set("index", index);
      model.save_changes();
    }
  };

  const setPlaying = (on, quiet) => {
    if (timer) clearInterval(timer);
    timer = on ? setInterval(() => show(k + 1), f.interval) : null;
    play.setAttribute("aria-pressed", String(on));
    play.querySelector(".nnl-icon path").setAttribute("d", ICONS[on ? "pause" : "play"]);
    play.querySelector(".nnl-word").textContent = on ? f.words.pause : f.words.play;
    play.setAttribute("aria-label", on ? f.words.pause : f.words.play);
    play.classList.toggle("nnl-playing", on);
    if (!quiet && on && k === f.card.steps.length - 1) show(0);
  };

  first.addEventListener("click", () => show(0));
  prev.addEventListener("click", () => show(k - 1));
  next.addEventListener("click", () => show(k + 1));
  last.addEventListener("click", () => show(f.card.steps.length - 1));
  play.addEventListener("click", () => setPlaying(!timer));
  slider.addEventListener("input", () => show(Number(slider.value) - 1));
  phase.addEventListener("change", () => show(f.card.steps.findIndex((s) => s[2] === phase.value)));
  // Arrow keys step while the stepper has focus, and never reach JupyterLab's notebook
  // (which would move to another cell): the slider and the menu keep their own keys.
  root.addEventListener("keydown", (event) => {
    const keys = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1, Home: "first", End: "last" };
    if (!(event.key in keys)) return;
    event.stopPropagation();
    if (event.target === slider || event.target === phase) return;
    if (event.target.closest(".nnl-math") && event.key.startsWith("Arrow") &&
        ["ArrowLeft", "ArrowRight"].includes(event.key)) return;  // scrolling wide math
    event.preventDefault();
    const move = keys[event.key];
    show(move === "first" ? 0 : move === "last" ? f.card.steps.length - 1 : k + move);
  });

  const fromKernel = () => {
    const i = f.card.steps.findIndex((s) => s[0] === model.get("index"));
    if (i >= 0 && i !== k) show(i, false);
  };
  model.on("change:data", build);
  model.on("change:numbers", renumbered);
  model.on("change:index", fromKernel);
  build();
  return () => {
    resized.disconnect();
    if (timer) clearInterval(timer);
    model.off("change:data", build);
    model.off("change:numbers", renumbered);
    model.off("change:index", fromKernel);
  };
}

export default { render };
