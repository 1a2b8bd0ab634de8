"""A second check of Kiln's ONNX export, with the ONNX project's own tools: every model in a folder
passes onnx.checker with full_check (strict shape inference), and the current ONNX Runtime's Python
binding gives, on the inputs stored beside it, what Kiln's predict gave.

    ~/.cache/kiln-peers/bin/python -m pip install --no-index --find-links /opt/pypi/files onnx onnxruntime
    ~/.cache/kiln-peers/bin/python examples/peers/onnx_check.py DIR

DIR holds NAME.onnx and NAME.json ({"inputs": {name: {"shape", "dtype", "values"}}, "outputs": {name:
{"shape", "values"}}}), as OnnxPythonCheckTest writes them. Differences are relative to each sample's
largest output, as the Java check measures them. Prints one line per model; exits 1 if any fails.
"""
import glob
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime

TOLERANCE = 1e-5


def check(path):
    onnx.checker.check_model(onnx.load(path), full_check=True)
    with open(path[: -len(".onnx")] + ".json") as f:
        stored = json.load(f)
    feeds = {name: np.array(i["values"], dtype=i["dtype"]).reshape(i["shape"])
             for name, i in stored["inputs"].items()}
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = list(stored["outputs"])
    results = session.run(names, feeds)
    expected = np.concatenate([np.array(stored["outputs"][n]["values"], dtype=np.float32)
                               .reshape(stored["outputs"][n]["shape"][0], -1) for n in names], axis=1)
    actual = np.concatenate([r.reshape(r.shape[0], -1) for r in results], axis=1)
    scale = np.maximum(np.abs(expected).max(axis=1, keepdims=True), np.finfo(np.float32).tiny)
    return float((np.abs(actual - expected) / scale).max())


def main(folder):
    failed = 0
    print(f"onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}")
    for path in sorted(glob.glob(os.path.join(folder, "*.onnx"))):
        name = os.path.basename(path)
        try:
            worst = check(path)
            ok = worst <= TOLERANCE
            print(f"{name}: {'ok' if ok else 'FAILED'}, within {worst:.2g} of the largest output")
        except Exception as e:  # a checker or runtime error names the model and goes on to the next
            ok = False
            print(f"{name}: FAILED: {e}")
        failed += not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1])
