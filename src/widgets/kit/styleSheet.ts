// Widgets carry their own rules (an embed page or another site may show one without the site's stylesheet), added to
// the document once however many copies of the widget a page shows.

/** Adds `css` to `doc`'s head as <style id={id}>, unless a style with that id is already there. */
export function addStyleOnce(id: string, css: string, doc: Document = document): void {
  if (doc.getElementById(id)) return;
  const style = doc.createElement("style");
  style.id = id;
  style.textContent = css;
  doc.head.append(style);
}
