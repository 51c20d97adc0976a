#!/usr/bin/env python3
"""GPU check of the Real-ESRGAN graphs in a `./hybridsr models bundle` (issue 16).

On a machine with an NVIDIA GPU, Python 3, numpy and onnxruntime with the CUDA provider (no JDK):

    python3 scripts/gpu_check.py BUNDLE --out OUT

For each model and precision it runs the bundle's graphs with ONNX Runtime's CUDA provider:
  fp32       the fp32 graph, TF32 off (IEEE float32 arithmetic)
  fp32-tf32  the same graph with TF32 on (ONNX Runtime's default on Ampere and later)
  fp16       the fp16 graph (half-precision weights and activations, tensor cores)
and writes
  OUT/gpu-check.json   everything measured, with the machine and the command
  OUT/gpu-check.csv    one row per model, precision and input size: times in ms
  OUT/gpu-profile.json the times as a profile, in the shape of shared/profiles/realesrgan-measured-h100.json

The files are written again after each variant, and a variant that fails is recorded with its
error while the others go on, so a cut-short run keeps what it measured.
Times: `run` is InferenceSession.run with numpy in and out (the copies to and from the GPU
included), `bound` keeps input and output on the GPU (IOBinding): the network alone. Each is the
median and min of --runs passes after --warmup.
Accuracy: each output on the hold-out crops against the bundle's CPU outputs (ONNX Runtime from
Java, the project's runner): fp32 and fp32-tf32 against the CPU fp32 output, fp16 against the CPU
fp32 and the CPU fp16 output (on the CPU fp16 runs in float behind casts). PSNR is on outputs
clamped to [0, 1] (peak 1); max levels is the largest difference in 8-bit levels.

    python3 scripts/gpu_check.py BUNDLE --check

reads and checks the bundle with numpy alone (no onnxruntime): every file present with its shape,
and the CPU fp16 outputs against the CPU fp32 ones.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np


def load(bundle, entry):
    a = np.fromfile(os.path.join(bundle, entry["file"]), dtype="<f4")
    shape = entry["shape"]
    if a.size != int(np.prod(shape)):
        raise SystemExit("%s: %d floats, shape %s wants %d" % (entry["file"], a.size, shape, int(np.prod(shape))))
    return a.reshape(shape)


def compare(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    ca, cb = np.clip(a, 0, 1), np.clip(b, 0, 1)
    mse = float(np.mean((ca - cb) ** 2))
    return {
        "max_abs": float(np.max(np.abs(a - b))),
        "psnr_db": None if mse == 0 else 10 * np.log10(1 / mse),
        "max_levels": int(np.max(np.abs(np.round(ca * 255) - np.round(cb * 255)))),
    }


def fmt_cmp(c):
    p = "identical" if c["psnr_db"] is None else "%.2f dB" % c["psnr_db"]
    return "%s, max |diff| %.2e, max %d levels" % (p, c["max_abs"], c["max_levels"])


def gpu_name():
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError):
        pass
    return "unknown GPU"


def cuda_session(ort, path, tf32):
    so = ort.SessionOptions()
    so.log_severity_level = 3
    opts = {"device_id": 0, "use_tf32": "1" if tf32 else "0"}
    try:
        s = ort.InferenceSession(path, so, providers=[("CUDAExecutionProvider", opts)])
        tf32_state = "on" if tf32 else "off"
    except Exception as e:  # an ONNX Runtime without the use_tf32 option: its default
        if "use_tf32" not in str(e):
            raise
        opts.pop("use_tf32")
        s = ort.InferenceSession(path, so, providers=[("CUDAExecutionProvider", opts)])
        tf32_state = "runtime default"
    if "CUDAExecutionProvider" not in s.get_providers():
        raise SystemExit("gpu_check: the CUDA provider did not open for %s (providers %s)" % (path, s.get_providers()))
    return s, tf32_state


def cpu_session(ort, path):
    so = ort.SessionOptions()
    so.log_severity_level = 3
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def time_run(s, x, warmup, runs):
    feed = {s.get_inputs()[0].name: x}
    for _ in range(warmup):
        s.run(None, feed)
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        s.run(None, feed)
        ts.append(time.perf_counter() - t0)
    return ts


def time_bound(ort, s, x, warmup, runs):
    io = s.io_binding()
    io.bind_ortvalue_input(s.get_inputs()[0].name, ort.OrtValue.ortvalue_from_numpy(x, "cuda", 0))
    io.bind_output(s.get_outputs()[0].name, "cuda", 0)
    for _ in range(warmup):
        s.run_with_iobinding(io)
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        s.run_with_iobinding(io)  # the CUDA provider synchronises its stream at the end of a run
        ts.append(time.perf_counter() - t0)
    return ts


def ms(ts):
    return {"median_ms": 1e3 * float(np.median(ts)), "min_ms": 1e3 * float(np.min(ts)), "runs": len(ts)}


def check(bundle, manifest):
    for m in manifest["models"]:
        for f in list(m["graphs"].values()) + [m["weights"]]:
            if not os.path.isfile(os.path.join(bundle, f)):
                raise SystemExit("gpu_check: %s is missing from %s" % (f, bundle))
    inputs = {i["name"]: load(bundle, i) for i in manifest["inputs"]}
    refs = {(r["model"], r["precision"], r["input"]): load(bundle, r) for r in manifest["references"]}
    for (model, precision, name), y in sorted(refs.items()):
        x = inputs[name]
        if y.shape[2] != 4 * x.shape[2] or y.shape[3] != 4 * x.shape[3]:
            raise SystemExit("gpu_check: %s %s %s: output %s is not 4x input %s" % (model, precision, name, y.shape, x.shape))
    rows = []
    for (model, precision, name), y in sorted(refs.items()):
        if precision == "fp16":
            c = compare(y, refs[(model, "fp32", name)])
            rows.append(c["psnr_db"] or float("inf"))
            print("%-20s %-14s CPU fp16 against CPU fp32: %s" % (model, name, fmt_cmp(c)))
    print("bundle %s: %d inputs, %d reference outputs, %d models: readable (mean CPU fp16 PSNR against fp32 %.2f dB)"
          % (bundle, len(inputs), len(refs), len(manifest["models"]), float(np.mean(rows)) if rows else float("nan")))


def run_variant(ort, a, m, name, label, graph, tf32, mres, inputs, timing, accuracy, refs, fp32_out, csv):
    """One model and precision on the CUDA provider: accuracy on the hold-out crops, then timing."""
    t0 = time.perf_counter()
    s, tf32_state = cuda_session(ort, os.path.join(a.bundle, m["graphs"][graph]), tf32)
    v = {"graph": m["graphs"][graph], "tf32": tf32_state, "open_s": time.perf_counter() - t0,
         "accuracy": {}, "timing": {}}
    mres["variants"][label] = v
    for i in accuracy:
        y = s.run(None, {s.get_inputs()[0].name: inputs[i["name"]]})[0]
        v["accuracy"][i["name"]] = {"vs_cpu_fp32": compare(y, refs[(name, "fp32", i["name"])])}
        if graph == "fp16":
            v["accuracy"][i["name"]]["vs_cpu_fp16"] = compare(y, refs[(name, "fp16", i["name"])])
    worst = min((c["vs_cpu_fp32"] for c in v["accuracy"].values()), key=lambda c: c["psnr_db"] or 1e9)
    print("%s %s (TF32 %s): against CPU fp32, worst crop: %s" % (name, label, tf32_state, fmt_cmp(worst)))
    for i in timing:
        x = inputs[i["name"]]
        size = x.shape[2]
        y = s.run(None, {s.get_inputs()[0].name: x})[0]
        if label == "fp32":
            fp32_out[size] = y
        vs = compare(y, fp32_out[size]) if size in fp32_out else None
        r = ms(time_run(s, x, a.warmup, a.runs))
        b = ms(time_bound(ort, s, x, a.warmup, a.runs))
        px = size * size
        v["timing"][str(size)] = {"run": r, "bound": b, "vs_cuda_fp32": vs,
                                  "tflops": m["flops_per_input_pixel"] * px / (b["median_ms"] / 1e3) / 1e12}
        csv.append("%s,%s,cuda,%s,%d,%.3f,%.3f,%.3f,%.3f,%s" % (
            name, label, tf32_state, size, r["median_ms"], r["min_ms"], b["median_ms"], b["min_ms"],
            "" if vs is None or vs["psnr_db"] is None else "%.2f" % vs["psnr_db"]))
        print("%s %-9s %4d px: run %8.2f ms, bound %8.2f ms (%.1f TFLOP/s)%s" % (
            name, label, size, r["median_ms"], b["median_ms"], v["timing"][str(size)]["tflops"],
            "" if vs is None or label == "fp32" else ", against CUDA fp32: " + fmt_cmp(vs)))
    del s


def save(out, result, csv):
    """Writes what is measured so far (again after each variant, so a failure keeps the rest)."""
    with open(os.path.join(out, "gpu-check.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(out, "gpu-check.csv"), "w") as f:
        f.write("\n".join(csv) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundle", help="folder written by ./hybridsr models bundle")
    ap.add_argument("--out", help="where to write gpu-check.json, gpu-check.csv and gpu-profile.json")
    ap.add_argument("--runs", type=int, default=20, help="timed passes per size (default 20)")
    ap.add_argument("--warmup", type=int, default=3, help="passes before timing (default 3)")
    ap.add_argument("--check", action="store_true", help="only read and check the bundle (numpy alone)")
    a = ap.parse_args()
    with open(os.path.join(a.bundle, "manifest.json")) as f:
        manifest = json.load(f)
    if a.check:
        check(a.bundle, manifest)
        return 0
    if not a.out:
        ap.error("--out is required (or --check)")
    try:
        import onnxruntime as ort
    except ImportError:
        print("gpu_check: no onnxruntime here (pip's onnxruntime-gpu has the CUDA provider); "
              "--check reads the bundle without it", file=sys.stderr)
        return 2
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        print("gpu_check: this onnxruntime has no CUDA provider (available: %s)" % ort.get_available_providers(),
              file=sys.stderr)
        return 2
    check(a.bundle, manifest)
    os.makedirs(a.out, exist_ok=True)
    inputs = {i["name"]: load(a.bundle, i) for i in manifest["inputs"]}
    timing = [i for i in manifest["inputs"] if i["use"] == "timing"]
    accuracy = [i for i in manifest["inputs"] if i["use"] == "accuracy"]
    refs = {(r["model"], r["precision"], r["input"]): load(a.bundle, r) for r in manifest["references"]}
    gpu = gpu_name()
    command = "python3 scripts/gpu_check.py %s --out %s --runs %d --warmup %d" % (a.bundle, a.out, a.runs, a.warmup)
    result = {
        "gpu": gpu,
        "onnxruntime": ort.__version__,
        "python": platform.python_version(),
        "host": platform.node(),
        "command": command,
        "bundle_made_by": manifest.get("made_by"),
        "bundle_reference_runtime": manifest.get("reference_runtime"),
        "models": {},
    }
    csv = ["model,precision,provider,tf32,size,run_median_ms,run_min_ms,bound_median_ms,bound_min_ms,psnr_vs_cuda_fp32_db"]
    variants = [("fp32", "fp32", False), ("fp32-tf32", "fp32", True), ("fp16", "fp16", False)]
    for m in manifest["models"]:
        name = m["name"]
        mres = {"flops_per_input_pixel": m["flops_per_input_pixel"], "variants": {}}
        result["models"][name] = mres
        # the device's own CPU provider on the accuracy crops: does it agree with Java's?
        cpu = cpu_session(ort, os.path.join(a.bundle, m["graphs"]["fp32"]))
        cpu_cmp = [compare(cpu.run(None, {cpu.get_inputs()[0].name: inputs[i["name"]]})[0],
                           refs[(name, "fp32", i["name"])]) for i in accuracy]
        mres["cpu_fp32_vs_java_cpu_fp32"] = cpu_cmp
        print("%s: this machine's CPU fp32 against the bundle's: worst %s" % (name, fmt_cmp(min(cpu_cmp, key=lambda c: c["psnr_db"] or 1e9))))
        del cpu
        fp32_out = {}
        for label, graph, tf32 in variants:
            try:
                run_variant(ort, a, m, name, label, graph, tf32, mres, inputs, timing, accuracy, refs, fp32_out, csv)
            except Exception as e:  # keep what the other variants measure: device time is scarce
                mres["variants"][label] = {"error": repr(e)}
                print("%s %s: FAILED: %r" % (name, label, e), file=sys.stderr)
            save(a.out, result, csv)
    save(a.out, result, csv)
    profile = {"device": gpu, "source": "measured: " + command + " on a bundle from " + str(manifest.get("made_by")),
               "onnxruntime": ort.__version__, "units": "ms per forward pass of a square input of the given side, "
               "input and output on the GPU (bound), median of %d" % a.runs}
    for name, mres in result["models"].items():
        t = {}
        for label, v in mres["variants"].items():
            for size, tv in v.get("timing", {}).items():  # a failed variant has none
                t["ort_cuda_%s_%s" % (label.replace("-", "_"), size)] = round(tv["bound"]["median_ms"], 3)
        profile[name] = {"timing": t}
    with open(os.path.join(a.out, "gpu-profile.json"), "w") as f:
        json.dump(profile, f, indent=1)
    print("wrote %s/gpu-check.json, gpu-check.csv, gpu-profile.json" % a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
