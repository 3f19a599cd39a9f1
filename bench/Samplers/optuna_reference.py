"""Optuna's TPE and random search on the same test functions, seeds and budgets as bench/Samplers
(Program.cs), for a side-by-side comparison. Debian 12: apt-get install python3-optuna (3.1.0).
Usage: /usr/bin/python3 bench/Samplers/optuna_reference.py [SEEDS]"""
import math
import statistics
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
SEEDS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
BUDGETS = (25, 50, 100)


def branin(x):
    a, b, c, r, s, t = 1, 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return a * (x[1] - b * x[0] ** 2 + c * x[0] - r) ** 2 + s * (1 - t) * math.cos(x[0]) + s


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


FUNCTIONS = [("Branin", [(-5, 10), (0, 15)], branin), ("Hartmann-6", [(0, 1)] * 6, hartmann6)]


def run(space, f, sampler, batch):
    """Best value after each trial; with batch k, k trials are asked before the oldest is told."""
    study = optuna.create_study(sampler=sampler)
    best, pending, trials = [], [], BUDGETS[-1]
    for i in range(trials):
        trial = study.ask()
        pending.append((trial, [trial.suggest_float(f"x{d}", lo, hi) for d, (lo, hi) in enumerate(space)]))
        while len(pending) >= batch or (i == trials - 1 and pending):
            done, x = pending.pop(0)
            study.tell(done, f(x))
        told = [t.value for t in study.trials if t.value is not None]
        best.append(min(told) if told else math.inf)
    return best


for name, space, f in FUNCTIONS:
    print(f"\n{name}")
    methods = [
        ("optuna random", lambda s: optuna.samplers.RandomSampler(seed=s), 1),
        ("optuna tpe", lambda s: optuna.samplers.TPESampler(seed=s), 1),
        ("optuna tpe, 4 pending", lambda s: optuna.samplers.TPESampler(seed=s, constant_liar=True), 4),
    ]
    for label, make, batch in methods:
        curves = [run(space, f, make(s), batch) for s in range(SEEDS)]
        print(f"{label:24}" + "".join(f"{statistics.median(c[n - 1] for c in curves):12.4f}" for n in BUDGETS))
