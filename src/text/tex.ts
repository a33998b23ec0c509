// TeX for the pages, rendered by KaTeX from node_modules (the site's own copy; its stylesheet and fonts come from
// the data loader docs/assets/katex.css.ts). Use as a tagged template in Markdown: ${tex`\mathbb{E}[x]`}, or
// ${tex.block`…`} for display math. Output includes MathML, which screen readers read.
import katex from "katex";

function render(strings: TemplateStringsArray, values: unknown[], displayMode: boolean): HTMLElement {
  const source = String.raw(strings, ...values);
  const root = document.createElement(displayMode ? "div" : "span");
  root.className = displayMode ? "tex-block" : "tex";
  katex.render(source, root, {displayMode, output: "htmlAndMathml", throwOnError: false, strict: "ignore"});
  return root;
}

export function tex(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement {
  return render(strings, values, false);
}

tex.block = (strings: TemplateStringsArray, ...values: unknown[]): HTMLElement => render(strings, values, true);
