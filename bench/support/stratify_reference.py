"""Times a Python reference of iterative stratification on labels written by bench/stratify.ts.

Usage: python3 stratify_reference.py LABELS ROWS COLS METHOD SEEDS [TIMEOUT_S]

LABELS is a raw file of ROWS x COLS uint8 labels (0/1, row-major); METHOD is `iterstrat`
(MultilabelStratifiedKFold, order 1), `skmultilearn1` or `skmultilearn2` (IterativeStratification
of order 1 or 2); SEEDS is a comma-separated list of split seeds (random_state, shuffled). The
packages come from PYTHONPATH (an extracted checkout, see bench/README.md); nothing is imported
from this project.

Each seed's split (5 folds, every fold's indices materialised, as a user iterates them) is timed
once; a split under 10 s is timed twice more and the median kept. A split still running after
TIMEOUT_S seconds (default 300) ends the case: the remaining seeds are skipped and `timedOut` is
true. Prints one JSON object: {"method", "seconds": [per seed], "timedOut", "error"}.
"""

import json
import signal
import sys
import time

FOLDS = 5
QUICK_S = 10.0


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def splitter(method, seed):
    if method == "iterstrat":
        from iterstrat.ml_stratifiers import MultilabelStratifiedKFold

        return MultilabelStratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    if method in ("skmultilearn1", "skmultilearn2"):
        from skmultilearn.model_selection import IterativeStratification

        order = 1 if method == "skmultilearn1" else 2
        return IterativeStratification(n_splits=FOLDS, order=order, random_state=seed)
    raise ValueError(f"unknown method {method!r}: use iterstrat, skmultilearn1 or skmultilearn2")


def main():
    path, rows, cols, method, seeds = sys.argv[1:6]
    timeout = float(sys.argv[6]) if len(sys.argv) > 6 else 300.0
    result = {"method": method, "seconds": [], "timedOut": False, "error": None}
    try:
        import numpy as np

        y = np.fromfile(path, dtype=np.uint8).reshape(int(rows), int(cols))
        x = np.zeros((y.shape[0], 1), dtype=np.float32)
        # Import (and fail) before any timing.
        splitter(method, 0)
        signal.signal(signal.SIGALRM, on_alarm)
        for seed in (int(s) for s in seeds.split(",")):
            times = []
            while len(times) < 1 or (len(times) < 3 and times[0] < QUICK_S):
                signal.setitimer(signal.ITIMER_REAL, timeout)
                start = time.perf_counter()
                try:
                    folds = [test for _, test in splitter(method, seed).split(x, y)]
                except Timeout:
                    result["timedOut"] = True
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                times.append(time.perf_counter() - start)
                if sum(len(f) for f in folds) != y.shape[0]:
                    raise RuntimeError(f"{method} folds do not cover the {y.shape[0]} rows")
            if result["timedOut"]:
                break
            times.sort()
            result["seconds"].append(times[len(times) // 2])
            print(f"  {method} seed {seed}: {times[len(times) // 2]:.2f} s", file=sys.stderr)
    except Exception as error:  # reported to the bench, which falls back to the recorded anchors
        result["error"] = f"{type(error).__name__}: {error}"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
