// The backends' names and reports, without TensorFlow.js (the page's main thread reads them; the Worker measures).

export const BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | "auto";

export interface SelfTest {
  ok: boolean;
  /** Largest |candidate − cpu| / (1 + |cpu|) over all checked numbers. */
  maxError: number;
}

export interface BackendReport {
  name: BackendName;
  /** The backend could be initialised here. */
  available: boolean;
  selfTest: SelfTest | null;
  /** Measured training steps per second of the page's model, or null if not measured. */
  stepsPerSec: number | null;
  /** WASM only: the threads its matrix products use (more than one only where the page is cross-origin isolated). */
  threads?: number;
  error?: string;
}

export function isBackendChoice(v: unknown): v is BackendChoice {
  return v === "auto" || (BACKENDS as readonly unknown[]).includes(v);
}
