import type {HealthRecord, PerplexityChartElement} from "../viz/perplexityChart.js";
import type {Draw} from "./kit/drawQueue.js";
import type {LabClient} from "./runtime/labClient.js";
/**
 * The codebook-health chart's redraw in a VQ lab: when there are new records and `everyMs` has passed since the last
 * redraw (at once when the run is paused), its two Plot panels are queued to draw in turn, one a frame.
 */
export function healthRedraw(queue: (view: object, draw: Draw) => void, health: PerplexityChartElement, everyMs: number): (client: LabClient<object, unknown>) => void {
  let last = 0, charted = -1;
  return (client) => {
    const now = performance.now(), count = client.records.length;
    if (count === charted || (now - last <= everyMs && client.wanted)) return;
    last = now;
    charted = count;
    queue(health, () => {
      const [top, bottom] = health.updateParts([{name: "this run", records: client.records as unknown as HealthRecord[]}]);
      top();
      return bottom;
    });
  };
}
