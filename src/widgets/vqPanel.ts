// A titled panel of a VQ lab's views (the lab stylesheet's .lab-panel).
export function panel(heading: string, ...children: HTMLElement[]): HTMLElement {
  const div = document.createElement("div");
  div.className = "lab-panel";
  const h = document.createElement("h4");
  h.textContent = heading;
  div.append(h, ...children);
  return div;
}
