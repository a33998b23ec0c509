// One control bar for several trainers compared side by side (same group): train, pause and step them together.
// The buttons wait until every trainer has loaded its digits and chosen a backend.
import type {VaeTrainerElement} from "./vaeTrainer.js";

export function trainTogether(widgets: VaeTrainerElement[], label = "Both models"): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "trainer-together";
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
  const playing = () => widgets.some((w) => w.trainer.wanted);
  const train = button(`Train ${label.toLowerCase()}`, () => {
    const on = playing();
    for (const w of widgets) (on ? w.trainer.pause() : w.trainer.play());
    sync();
  });
  const step = button(`Step ${label.toLowerCase()}`, () => { for (const w of widgets) w.trainer.step(); sync(); });
  const sync = () => {
    const ready = widgets.every((w) => w.trainer.status !== "loading" && w.trainer.status !== "error");
    train.disabled = step.disabled = !ready;
    train.textContent = `${playing() ? "Pause" : "Train"} ${label.toLowerCase()}`;
  };
  for (const w of widgets) w.trainer.addEventListener("update", sync);
  return bar;
}
