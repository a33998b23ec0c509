import * as tf from "@tensorflow/tfjs";
import {MathBackendCPU} from "@tensorflow/tfjs-backend-cpu";
import "../../src/train/nodeBackends.js";
import {describe, expect, it} from "vitest";
import {chooseFastest, selfTest, SELF_TEST_TOLERANCE, withTimeout} from "../../src/train/backends.js";

// A backend that computes everything like the CPU one except Softplus, which is off by 1%: the self-test must see it.
tf.registerBackend("broken", () => new MathBackendCPU());
for (const k of tf.getKernelsForBackend("cpu")) {
  if (k.kernelName === tf.Softplus) {
    tf.registerKernel({...k, backendName: "broken", kernelFunc: (args) => {
      const out = k.kernelFunc(args) as tf.TensorInfo;
      const backend = args.backend as MathBackendCPU;
      const vals = backend.readSync(out.dataId) as Float32Array;
      backend.disposeIntermediateTensorInfo(out);
      return backend.makeTensorInfo(out.shape, "float32", vals.map((v) => v * 1.01));
    }});
  } else tf.registerKernel({...k, backendName: "broken"});
}

describe("backends", () => {
  it("selfTest('wasm') agrees with cpu within the tolerance", async () => {
    const r = await selfTest("wasm");
    expect(r.ok).toBe(true);
    expect(r.maxError).toBeLessThan(SELF_TEST_TOLERANCE);
  });

  it("selfTest('broken') fails when one kernel is off by 1%", async () => {
    const r = await selfTest("broken");
    expect(r.ok).toBe(false);
    expect(r.maxError).toBeGreaterThan(SELF_TEST_TOLERANCE);
  });

  it("chooseFastest() picks the backend with the most measured steps per second", async () => {
    // A probe that is slow on cpu and fast on wasm, whatever the machine.
    const probeStep = async () => { await new Promise((r) => setTimeout(r, tf.getBackend() === "cpu" ? 40 : 5)); };
    const {best, report} = await chooseFastest({candidates: ["cpu", "wasm"], probeStep, measureMs: 200});
    expect(best).toBe("wasm");
    expect(report.map((r) => r.selfTest?.ok)).toEqual([true, true]);
    expect(report[1].stepsPerSec!).toBeGreaterThan(report[0].stepsPerSec!);
    // Node's WASM has no threads: one; cpu has no pool to report.
    expect(report.map((r) => r.threads)).toEqual([undefined, 1]);
  });

  it("chooseFastest() reports a backend that cannot start and skips it", async () => {
    const {best, report} = await chooseFastest({candidates: ["webgpu", "cpu"], probeStep: async () => {}, measureMs: 20});
    expect(best).toBe("cpu");
    expect(report[0].available).toBe(false);
    expect(report[0].error).toMatch(/does not offer WebGPU/);
  });

  it("withTimeout() rejects with a message naming what took too long", async () => {
    await expect(withTimeout(new Promise(() => {}), 10, "the first webgl step")).rejects.toThrow("the first webgl step took longer than 0.01 s");
  });
});
