// nnlesson's slider (nnlesson/widgets/controls.py): a native range input inside its label,
// so every screen reader names it and every keyboard moves it; the value as text beside it;
// and, when asked for, a Play/Pause button with a name that steps the value on a timer.
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "nnl-control";
  // JupyterLab takes arrow keys as notebook commands unless told not to (Lumino).
  box.setAttribute("data-lm-suppress-shortcuts", "true");
  const label = document.createElement("label");
  const name = document.createElement("span");
  name.className = "nnl-control-name";
  const input = document.createElement("input");
  input.type = "range";
  input.className = "nnl-range";
  // The value beside the slider, for the eye: the slider itself says it (aria-valuetext),
  // so it is hidden from screen readers rather than announced twice.
  const shown = document.createElement("span");
  shown.className = "nnl-control-value";
  shown.setAttribute("aria-hidden", "true");
  label.append(name, input);
  box.append(label, shown);
  el.append(box);

  let button = null;
  let timer = null;
  const log = () => model.get("log");
  const position = (v) => (log() ? Math.log10(v) : v);
  const value = (p) => (log() ? Math.pow(10, p) : p);

  function sync() {
    name.textContent = model.get("description");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = position(model.get("value"));
    input.disabled = model.get("disabled");
    const text = model.get("text");
    shown.textContent = text;
    shown.hidden = !model.get("readout");
    input.setAttribute("aria-valuetext", text);
    if (button) {
      button.textContent = timer ? model.get("pause_label") : model.get("play_label");
      button.disabled = model.get("disabled");
    }
  }
  // Said and shown at once, before the kernel's own text arrives (which replaces it): a
  // screen reader never announces the value the thumb has just left.
  function provisional(p) {
    const labels = model.get("labels");
    const v = value(p);
    const text = labels.length ? labels[Math.round(v - model.get("min"))] ?? String(v)
      : Number(v.toPrecision(6)).toString();
    shown.textContent = text;
    input.setAttribute("aria-valuetext", text);
  }
  function send(p) {
    model.set("value", value(p));
    model.save_changes();
  }
  input.addEventListener("input", () => {
    provisional(Number(input.value));
    if (model.get("continuous_update")) send(Number(input.value));
  });
  input.addEventListener("change", () => send(Number(input.value)));

  function stop() {
    clearInterval(timer);
    timer = null;
    sync();
  }
  function start() {
    const step = Number(model.get("step"));
    if (position(model.get("value")) + step > model.get("max")) send(model.get("min"));
    timer = setInterval(() => {
      const next = position(model.get("value")) + step;
      if (next > model.get("max") + 1e-9) return stop();
      send(next);
      sync();
    }, model.get("play_interval"));
    sync();
  }
  if (model.get("play_interval") > 0) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "nnl-play";
    button.addEventListener("click", () => (timer ? stop() : start()));
    box.prepend(button);
  }
  model.on("change", sync);
  sync();
  return () => {
    if (timer) clearInterval(timer);
    model.off("change", sync);
  };
}
export default { render };
