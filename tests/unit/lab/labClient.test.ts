// @vitest-environment jsdom
// LabClient: labs of one group train on the backend the group's first lab chose, so that side-by-side runs compute
// alike; commands given while a lab waits for that choice reach its worker after its init, in order.
import {afterEach, describe, expect, test, vi} from "vitest";

/**
 * Workers that record what they are sent, in place of real ones (jsdom has none). Unless `manualStart`, each says it is
 * ready as soon as it gets its init, so that the next lab's init is not held (labs start one at a time).
 */
const workers: FakeWorker[] = [];
let manualStart = false;
class FakeWorker {
  sent: {type: string; backend?: string}[] = [];
  transfers: Transferable[][] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  postMessage(m: {type: string}, transfer: Transferable[] = []) {
    this.sent.push(m);
    this.transfers.push(transfer);
    if (m.type === "init" && !manualStart) this.reply({type: "status", status: "ready"});
  }
  terminate() { this.terminated = true; }
  /** A message from the worker's side. */
  reply(data: object) { this.onmessage?.({data} as MessageEvent); }
}
vi.mock("../../../src/widgets/runtime/startWorker.js", () => ({
  startWorker: () => { const w = new FakeWorker(); workers.push(w); return w; }
}));

const {LabClient, MAX_RECORDS, thinOlderHalf} = await import("../../../src/widgets/runtime/labClient.js");
const {MAX_LEAD} = await import("../../../src/widgets/runtime/labGroup.js");
const url = new URL("http://localhost/lab.worker.js");
const client = (group: string | null, backend?: string) => new LabClient({workerUrl: url, settings: {a: 1}, group, backend});
const types = (w: FakeWorker) => w.sent.map((m) => (m.type === "init" ? `init ${m.backend}` : m.type));
const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => { workers.length = 0; });

describe("LabClient backends in a group", () => {
  test("the group's first lab measures; the second waits, then starts on the first's choice with its queued commands", async () => {
    const first = client("g1"), second = client("g1");
    expect(types(workers[0])).toEqual(["init auto"]);
    second.play();
    second.set({a: 2});
    expect(types(workers[1])).toEqual([]);
    // a report while the first still measures names no backend: the second keeps waiting
    workers[0].reply({type: "backend", active: null, report: [{name: "cpu", available: true, selfTest: {ok: true, maxError: 0}, stepsPerSec: 2}]});
    await flush();
    expect(types(workers[1])).toEqual([]);
    expect(first.backend).toBe("");
    workers[0].reply({type: "backend", active: "wasm", report: []});
    await flush();
    expect(types(workers[1])).toEqual(["init wasm", "play", "set"]);
    expect(first.backend).toBe("wasm");
    // A third lab made later in the group does not measure either.
    client("g1");
    await flush();
    expect(types(workers[2])).toEqual(["init wasm"]);
    for (const c of [first, second]) c.dispose();
  });

  test("labs without a group, or asked for a backend, start at once and do not wait", () => {
    client(null);
    client("g2", "cpu");
    client("g2", "cpu");
    expect(workers.map(types)).toEqual([["init auto"], ["init cpu"], ["init cpu"]]);
  });

  test("if the first lab goes before choosing, the waiting lab measures for itself, and a later one leads anew", async () => {
    const first = client("g3");
    client("g3");
    first.dispose();
    await flush();
    expect(types(workers[1])).toEqual(["init auto"]);
    client("g3");
    expect(types(workers[2])).toEqual(["init auto"]);
  });

  test("a worker that fails before choosing releases its group the same way", async () => {
    client("g4");
    client("g4");
    workers[0].onerror?.({message: "boom"} as ErrorEvent);
    await flush();
    expect(types(workers[1])).toEqual(["init auto"]);
  });
});

describe("LabClient pacing in a group", () => {
  /** Two labs of one group, both on "cpu" (no waiting for a backend), both asked to train. */
  function pair(group: string) {
    const a = client(group, "cpu"), b = client(group, "cpu");
    a.play();
    b.play();
    const [wa, wb] = workers.slice(-2);
    wa.sent.length = wb.sent.length = 0;
    const record = (w: FakeWorker, step: number) => w.reply({type: "record", record: {step, loss: 1}});
    return {a, b, wa, wb, record};
  }

  test("a run more than MAX_LEAD steps ahead pauses until the other catches up, then goes on", () => {
    const {a, b, wa, record} = pair("p1");
    for (let s = 1; s <= MAX_LEAD + 1; s++) record(wa, s);
    expect(types(wa)).toEqual(["pause"]);
    expect(a.held).toEqual(["pacing"]);
    expect(a.wanted).toBe(true);
    record(workers[workers.length - 1], 1);
    expect(types(wa)).toEqual(["pause", "play"]);
    expect(a.held).toEqual([]);
    expect(b.held).toEqual([]);
  });

  test("a run the reader paused, or one held off screen, is not waited for", () => {
    const {a, b, wa, record} = pair("p2");
    b.pause();
    for (let s = 1; s <= 30; s++) record(wa, s);
    expect(a.held).toEqual([]);
    b.play();
    b.hold("offscreen");
    record(wa, 31);
    expect(a.held).toEqual([]);
    // Back on screen at step 0: the leader waits for it.
    b.release("offscreen");
    expect(a.held).toEqual(["pacing"]);
    expect(types(wa).at(-1)).toBe("pause");
  });

  test("pausing the slower run releases the one waiting for it; disposing it does too", () => {
    const {a, b, wa, record} = pair("p3");
    for (let s = 1; s <= 20; s++) record(wa, s);
    expect(a.held).toEqual(["pacing"]);
    b.pause();
    expect(a.held).toEqual([]);
    expect(types(wa).at(-1)).toBe("play");
    b.play();
    expect(a.held).toEqual(["pacing"]);
    b.dispose();
    expect(a.held).toEqual([]);
  });
});

describe("LabClient records", () => {
  test("past MAX_RECORDS the older half is thinned to every other record; the recent half and the order stay", () => {
    expect(thinOlderHalf([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([1, 3, 5, 6, 7, 8, 9]);
    const c = client(null, "cpu");
    const w = workers[workers.length - 1];
    for (let step = 1; step <= MAX_RECORDS + 1; step++) w.reply({type: "record", record: {step, loss: 1}});
    const steps = c.records.map((r) => r.step);
    expect(steps.length).toBe(Math.ceil(MAX_RECORDS / 4) + Math.ceil((MAX_RECORDS + 1) / 2));
    expect(steps.slice(0, 3)).toEqual([1, 3, 5]);
    expect(steps.slice(-3)).toEqual([MAX_RECORDS - 1, MAX_RECORDS, MAX_RECORDS + 1]);
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    expect(c.lastStep).toBe(MAX_RECORDS + 1);
  });

  test("a batch of messages is applied in order, with one update event per message type", () => {
    const c = client(null, "cpu");
    const w = workers[workers.length - 1];
    const events: string[] = [];
    c.addEventListener("update", (e) => events.push((e as CustomEvent<string>).detail));
    w.reply([1, 2, 3].map((step) => ({type: "record", record: {step, loss: step}})));
    w.reply([{type: "record", record: {step: 4, loss: 4}}, {type: "reset", step: 2, newRun: false}, {type: "record", record: {step: 3, loss: 0.5}}]);
    expect(c.records.map((r) => [r.step, r.loss])).toEqual([[1, 1], [2, 2], [3, 0.5]]);
    expect(events).toEqual(["record", "record", "reset"]);
  });

  test("evaluations replace those of later steps; a new run's reset clears records and evaluations, a rollback keeps the earlier ones", () => {
    const c = client(null, "cpu") as unknown as InstanceType<typeof LabClient<object, unknown, {step: number; loss: number}, {n: number}>>;
    const w = workers[workers.length - 1];
    w.reply([{type: "eval", record: {step: 0, loss: 9}}, {type: "record", record: {step: 1, loss: 1}}, {type: "record", record: {step: 2, loss: 1}},
      {type: "eval", record: {step: 2, loss: 8}}, {type: "assets", assets: {n: 3}},
      {type: "backend", active: "cpu", report: [{name: "cpu", available: true, selfTest: {ok: true, maxError: 0}, stepsPerSec: 5}]}]);
    expect([c.evals.map((e) => e.step), c.assets, c.backend, c.backendReport[0].stepsPerSec]).toEqual([[0, 2], {n: 3}, "cpu", 5]);
    w.reply({type: "reset", step: 1, newRun: false});
    expect([c.records.map((r) => r.step), c.evals.map((e) => e.step)]).toEqual([[1], [0]]);
    w.reply({type: "eval", record: {step: 0, loss: 7}});
    expect(c.evals).toEqual([{step: 0, loss: 7}]);
    w.reply({type: "reset", step: 600, newRun: true});
    expect([c.records, c.evals]).toEqual([[], []]);
    w.reply({type: "exported", file: {text: "{}", name: "m.json"}});
    expect(c.exported).toEqual({text: "{}", name: "m.json"});
  });

  test("exportModel() and importModel() send their commands; the file's bytes are moved, not copied", () => {
    const c = client(null, "cpu");
    const w = workers[workers.length - 1];
    c.exportModel();
    const bytes = new ArrayBuffer(8);
    c.importModel(bytes, "m.json");
    expect(types(w).slice(-3)).toEqual(["export", "pause", "import"]); // loading a model pauses the run first
    expect(w.transfers.at(-1)).toEqual([bytes]);
  });
});

describe("LabClient starts", () => {
  test("labs start one at a time, and not while a lab trains; commands wait for their lab's init", () => {
    manualStart = true;
    const [a, b, c] = [client(null, "cpu"), client(null, "cpu"), client(null, "cpu")];
    const [wa, wb, wc] = workers.slice(-3);
    b.set({a: 5});
    expect([wa, wb, wc].map(types)).toEqual([["init cpu"], [], []]);
    wa.reply({type: "status", status: "ready"});
    expect([wb, wc].map(types)).toEqual([["init cpu", "set"], []]);
    a.play();
    wa.reply({type: "status", status: "training"});
    wb.reply({type: "status", status: "ready"});
    expect(types(wc)).toEqual([]); // a trains: c waits
    a.pause();
    wa.reply({type: "status", status: "paused"});
    expect(types(wc)).toEqual(["init cpu"]);
    const d = client(null, "cpu"), wd = workers[workers.length - 1];
    c.dispose(); // its init under way: the next goes
    expect(types(wd)).toEqual(["init cpu"]);
    for (const x of [a, b, d]) x.dispose();
    manualStart = false;
  });

  test("a lab off screen waits to start until it comes on screen", () => {
    manualStart = true;
    const [a, b, c] = [client(null, "cpu"), client(null, "cpu"), client(null, "cpu")];
    const [wa, wb, wc] = workers.slice(-3);
    b.hold("offscreen");
    wa.reply({type: "status", status: "ready"});
    expect([wb, wc].map(types)).toEqual([[], ["init cpu"]]);
    wc.reply({type: "status", status: "ready"});
    expect(types(wb)).toEqual([]);
    b.release("offscreen");
    expect(types(wb)).toEqual(["init cpu", "pause"]); // the pause that holding it sent waited for its init
    for (const x of [a, b, c]) x.dispose();
    manualStart = false;
  });

  test("a lab disposed while it waits to start is never started, and a worker that fails lets the next start", () => {
    manualStart = true;
    const [a, b, c] = [client(null, "cpu"), client(null, "cpu"), client(null, "cpu")];
    const [, wb, wc] = workers.slice(-3);
    b.dispose();
    workers[workers.length - 3].onerror?.({message: "boom"} as ErrorEvent);
    expect(types(wb)).toEqual([]);
    expect(types(wc)).toEqual(["init cpu"]);
    for (const x of [a, c]) x.dispose();
    manualStart = false;
  });
});
