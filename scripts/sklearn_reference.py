#!/usr/bin/python3
"""Reference values from scikit-learn for the selection / evaluation tests.

Command (the tests run exactly this through child_process):
    /usr/bin/python3 scripts/sklearn_reference.py < request.json
Needs Debian's python3-sklearn (1.2.x) and python3-numpy.

request.json is one object with "op":
  {"op": "auc", "cases": [{"scores": [...], "labels": [0/1 ...]}, ...]}   -> {"auc": [roc_auc_score per case]}
  {"op": "classification", "y_true": [...], "y_pred": [...]}              -> f1 macro, per-class precision/recall/f1,
                                                                            accuracy, confusion_matrix (labels [0, 1])
  {"op": "logistic", "X": [[...]], "y": [...], "C": 1.0}                   -> StandardScaler + LogisticRegression(C)
                                                                            coef_ / intercept_ on the scaled features
Output: one JSON object on stdout (a JSON list of requests gets a list of answers).
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_score, recall_score,
                             roc_auc_score)
from sklearn.preprocessing import StandardScaler


def answer(req):
    op = req["op"]
    if op == "auc":
        out = {"auc": [float(roc_auc_score(np.asarray(c["labels"]), np.asarray(c["scores"], dtype=np.float64)))
                       for c in req["cases"]]}
    elif op == "classification":
        t, p = np.asarray(req["y_true"]), np.asarray(req["y_pred"])
        out = {
            "accuracy": float(accuracy_score(t, p)),
            "f1_macro": float(f1_score(t, p, average="macro", labels=[0, 1], zero_division=0)),
            "precision": precision_score(t, p, average=None, labels=[0, 1], zero_division=0).tolist(),
            "recall": recall_score(t, p, average=None, labels=[0, 1], zero_division=0).tolist(),
            "f1": f1_score(t, p, average=None, labels=[0, 1], zero_division=0).tolist(),
            "confusion": confusion_matrix(t, p, labels=[0, 1]).tolist(),
        }
    elif op == "logistic":
        X = np.asarray(req["X"], dtype=np.float64)
        y = np.asarray(req["y"])
        Z = StandardScaler().fit_transform(X)
        m = LogisticRegression(C=req.get("C", 1.0), tol=1e-12, max_iter=10000, solver="lbfgs").fit(Z, y)
        out = {"coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])}
    else:
        raise SystemExit(f"unknown op {op!r}")
    return out


def main():
    req = json.load(sys.stdin)
    # A list of requests is answered with a list, so a test pays for one interpreter start only.
    json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)


if __name__ == "__main__":
    main()
