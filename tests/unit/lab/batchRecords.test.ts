import {describe, expect, it, vi} from "vitest";
import {batchRecords, RECORD_BATCH_MS} from "../../../src/train/batchRecords.js";

type M = {type: string; n?: number};

describe("batchRecords", () => {
  it("sends records together after RECORD_BATCH_MS, and any other message at once after the records before it", () => {
    vi.useFakeTimers();
    const sent: M[][] = [];
    const post = batchRecords<M>((batch) => sent.push(batch));
    post({type: "record", n: 1});
    post({type: "record", n: 2});
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(RECORD_BATCH_MS);
    expect(sent).toEqual([[{type: "record", n: 1}, {type: "record", n: 2}]]);
    post({type: "record", n: 3});
    post({type: "status"});
    expect(sent.at(-1)).toEqual([{type: "record", n: 3}, {type: "status"}]);
    post({type: "views"});
    expect(sent.at(-1)).toEqual([{type: "views"}]);
    vi.advanceTimersByTime(10 * RECORD_BATCH_MS);
    expect(sent.length).toBe(3); // nothing left to send, nothing sent twice
    vi.useRealTimers();
  });
});
