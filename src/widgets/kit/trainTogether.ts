// One control bar for several runs compared side by side (same group): train, pause and step them together.
// Works for every widget with a LabClient at `.client` (the VAE trainer and the labs). The buttons wait until every
// run has loaded its data and chosen a backend.

/** What the bar needs of a run (a LabClient). */
interface Run extends EventTarget {
  wanted: boolean;
  status: string;
  play(): void;
  pause(): void;
  step(): void;
}

export function trainTogether(widgets: {client: Run}[], label = "Both models"): HTMLElement {
  const runs = widgets.map((w) => w.client);
  const bar = document.createElement("div");
  bar.className = "run-together";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", `${label}: training controls`);
  const button = (text: string, onClick: () => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.disabled = true;
    b.addEventListener("click", onClick);
    bar.append(b);
    return b;
  };
  const playing = () => runs.some((r) => r.wanted);
  const train = button(`Train ${label.toLowerCase()}`, () => {
    const on = playing();
    for (const r of runs) (on ? r.pause() : r.play());
    sync();
  });
  const step = button(`Step ${label.toLowerCase()}`, () => { for (const r of runs) r.step(); sync(); });
  const sync = () => {
    const ready = runs.every((r) => r.status !== "loading" && r.status !== "error");
    train.disabled = step.disabled = !ready;
    train.textContent = `${playing() ? "Pause" : "Train"} ${label.toLowerCase()}`;
  };
  for (const r of runs) r.addEventListener("update", sync);
  return bar;
}
