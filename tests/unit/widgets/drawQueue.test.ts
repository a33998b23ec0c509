// @vitest-environment jsdom
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import {dropDraws, pendingDraws, queueDraw} from "../../../src/widgets/kit/drawQueue.js";

/** Animation frames run by hand. */
let frames: FrameRequestCallback[] = [];
const frame = () => { const f = frames; frames = []; for (const cb of f) cb(0); };

beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
});
afterEach(() => { frame(); vi.unstubAllGlobals(); });

describe("queueDraw", () => {
  test("queueDraw runs one view a frame, in the order first queued, each with its newest draw", () => {
    const a = {}, b = {}, drawn: string[] = [];
    queueDraw(a, () => void drawn.push("a1"));
    queueDraw(b, () => void drawn.push("b1"));
    queueDraw(a, () => void drawn.push("a2"));
    expect(drawn).toEqual([]);
    frame();
    expect(drawn).toEqual(["a2"]);
    frame();
    expect(drawn).toEqual(["a2", "b1"]);
    frame();
    expect(drawn).toEqual(["a2", "b1"]);
    expect(pendingDraws()).toBe(0);
  });

  test("queueDraw runs a draw's returned rest in a later frame, unless a newer draw of the view replaces it", () => {
    const a = {}, b = {}, drawn: string[] = [];
    queueDraw(a, () => { drawn.push("a top"); return () => void drawn.push("a bottom"); });
    queueDraw(b, () => void drawn.push("b"));
    frame(); frame(); frame();
    expect(drawn).toEqual(["a top", "b", "a bottom"]);
    queueDraw(a, () => { drawn.push("a top 2"); return () => void drawn.push("a bottom 2"); });
    frame();
    queueDraw(a, () => void drawn.push("a 3"));
    frame(); frame();
    expect(drawn.slice(3)).toEqual(["a top 2", "a 3"]);
  });

  test("queueDraw hands what a draw throws to fail, and the next view still draws; dropDraws forgets a view", () => {
    const a = {}, b = {}, c = {}, drawn: string[] = [];
    const fail = vi.fn();
    queueDraw(a, () => { throw new Error("bad data"); }, fail);
    queueDraw(b, () => void drawn.push("b"));
    queueDraw(c, () => void drawn.push("c"));
    dropDraws([c]);
    frame(); frame(); frame();
    expect(fail).toHaveBeenCalledWith(new Error("bad data"));
    expect(drawn).toEqual(["b"]);
  });
});
