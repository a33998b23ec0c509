// Every page shows its widgets the same way: displayed in the cell, and disposed (worker stopped, observers and timers
// cleared) when the cell is invalidated, that is re-run or left. Framework's `display` and `invalidation` belong to the
// cell, so the page passes them in.

/** Displays `widget` with the cell's `display` and disposes it on the cell's `invalidation`; returns the widget. */
export function show<W extends Node & {dispose(): void}>(display: (node: Node) => unknown, invalidation: Promise<unknown>, widget: W): W {
  display(widget);
  invalidation.then(() => widget.dispose(), () => widget.dispose());
  return widget;
}
