#!/usr/bin/env python3
"""Score the evaluation splits exported by `moderator eval --export-splits`
with two peer classifiers, so `moderator eval --peers DIR` can measure them
with the same metric code as our model.

Input (written by the Rust side):

    DIR/<fold>/<head>/{train,validation,test}.jsonl   one {"label", "text"} a line
    DIR/hand/<key>/{civil,identity,spam}.jsonl        label always 0, one <key>
                                                      per directory of hand sets

Output (written beside the rows, one probability a line, same order and
same number of lines as the matching .jsonl):

    DIR/<fold>/<head>/sklearn-nb.{validation,test}.scores
    DIR/<fold>/abuse/profanity-check.{validation,test}.scores
    DIR/hand/<key>/<set>.sklearn-nb.<head>.scores
    DIR/hand/<key>/<set>.profanity-check.abuse.scores
    DIR/timings.json

Peers:

* ``sklearn-nb``: scikit-learn ``CountVectorizer()`` (defaults) and
  ``MultinomialNB()`` (alpha=1, defaults), fitted on each fold's train rows
  of each head. The hand sets are scored by the model of the ``random`` fold.
* ``profanity-check``: the ``alt-profanity-check`` package's own shipped model
  (``profanity_check.predict_prob``), abuse head only, no training.

Development tooling only: see README.md beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

HEADS = ("spam", "abuse")
SPLITS = ("validation", "test")
HAND_SETS = ("civil", "identity", "spam")
SKLEARN_NB = "sklearn-nb"
PROFANITY_CHECK = "profanity-check"
ALL_PEERS = (SKLEARN_NB, PROFANITY_CHECK)


def read_rows(path: Path) -> tuple[list[str], list[int]]:
    """Texts and labels of one JSON Lines file.

    Read as bytes and split on b"\\n" only: the texts may hold U+2028 and
    other characters that ``str.splitlines`` would treat as line breaks,
    while the Rust side writes exactly one JSON object per "\\n".
    A missing or empty file gives no rows.
    """
    texts: list[str] = []
    labels: list[int] = []
    if not path.exists():
        return texts, labels
    with path.open("rb") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{lineno}: not JSON: {e}") from e
            texts.append(str(row["text"]))
            labels.append(int(row.get("label", 0)))
    return texts, labels


def write_scores(path: Path, scores: Sequence[float]) -> None:
    """One float a line; an empty file for no rows. Written atomically so
    the Rust side never reads a half-written file."""
    body = "".join(f"{float(p):.10g}\n" for p in scores)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, path)


def folds_in(root: Path) -> list[str]:
    """Fold directories (those holding a head directory), `random` first."""
    names = sorted(
        d.name
        for d in root.iterdir()
        if d.is_dir() and d.name != "hand" and any((d / h).is_dir() for h in HEADS)
    )
    return sorted(names, key=lambda n: (n != "random", n))


class NaiveBayes:
    """CountVectorizer() + MultinomialNB(), both with default settings."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.naive_bayes import MultinomialNB

        self.vectorizer = CountVectorizer()
        self.model = MultinomialNB()  # alpha=1.0, fit_prior=True

    def fit(self, texts: list[str], labels: list[int]) -> "NaiveBayes":
        x = self.vectorizer.fit_transform(texts)
        self.model.fit(x, labels)
        return self

    def scores(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        proba = self.model.predict_proba(self.vectorizer.transform(texts))
        positive = list(self.model.classes_).index(1)
        return proba[:, positive].tolist()


def profanity_scorer() -> Callable[[list[str]], list[float]]:
    from profanity_check import predict_prob

    def score(texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in predict_prob(texts)]

    return score


def remove_stale(paths: Sequence[Path]) -> None:
    for p in paths:
        if p.exists():
            p.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", required=True, type=Path, help="directory written by `moderator eval --export-splits`")
    parser.add_argument(
        "--peer",
        action="append",
        choices=ALL_PEERS,
        help="run only this peer (repeatable; default: all)",
    )
    parser.add_argument(
        "--fit-repeats",
        type=int,
        default=3,
        metavar="N",
        help="fit sklearn-nb N times on the random fold and report the fastest wall time (default: 3)",
    )
    args = parser.parse_args(argv)
    root: Path = args.splits
    peers = tuple(args.peer or ALL_PEERS)
    if not root.is_dir():
        parser.error(f"{root} is not a directory (run `moderator eval --export-splits {root}` first)")
    folds = folds_in(root)
    if not folds:
        parser.error(f"{root} holds no exported folds")

    # One thread and one process: fair against the single-threaded Rust
    # trainer, and the machine has 2 cores.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)

    profanity = profanity_scorer() if PROFANITY_CHECK in peers else None
    hand_root = root / "hand"
    hand_dirs = sorted(d for d in hand_root.iterdir() if d.is_dir()) if hand_root.is_dir() else []
    # (directory, set name) -> texts
    hand_rows = {(d, s): read_rows(d / f"{s}.jsonl")[0] for d in hand_dirs for s in HAND_SETS}
    fit_seconds: dict[str, float] = {}
    fit_rows: dict[str, int] = {}
    fit_all: dict[str, list[float]] = {}
    fit_cpu: dict[str, float] = {}
    started = time.perf_counter()

    for fold in folds:
        notes: list[str] = []
        for head in HEADS:
            d = root / fold / head
            if not d.is_dir():
                continue
            rows = {s: read_rows(d / f"{s}.jsonl") for s in SPLITS}
            parts: list[str] = []

            if SKLEARN_NB in peers:
                texts, labels = read_rows(d / "train.jsonl")
                outputs = [d / f"{SKLEARN_NB}.{s}.scores" for s in SPLITS]
                if len(set(labels)) < 2:
                    remove_stale(outputs)
                    if fold == "random":
                        remove_stale([d / f"{s}.{SKLEARN_NB}.{head}.scores" for (d, s) in hand_rows])
                    parts.append(f"nb skipped (train has {len(set(labels))} class(es), {len(labels)} rows)")
                else:
                    # The random fold's fit is the benchmark: repeat it and
                    # keep the fastest, as the wall time of a shared machine
                    # is noisy. The scores come from the last (identical) fit.
                    walls: list[float] = []
                    cpus: list[float] = []
                    for _ in range(max(1, args.fit_repeats) if fold == "random" else 1):
                        t0, c0 = time.perf_counter(), time.process_time()
                        nb = NaiveBayes().fit(texts, labels)
                        walls.append(time.perf_counter() - t0)
                        cpus.append(time.process_time() - c0)
                    fit = min(walls)
                    for s, out in zip(SPLITS, outputs):
                        write_scores(out, nb.scores(rows[s][0]))
                    parts.append(f"nb fit {fit:.2f}s on {len(labels)} rows")
                    if fold == "random":
                        fit_seconds[head] = round(fit, 4)
                        fit_rows[head] = len(labels)
                        fit_all[head] = [round(w, 4) for w in walls]
                        fit_cpu[head] = round(min(cpus), 4)
                        print(
                            f"sklearn-nb fit on random/{head}: {fit:.3f} s wall (fastest of {len(walls)}: "
                            + ", ".join(f"{w:.3f}" for w in walls)
                            + f"), {min(cpus):.3f} s CPU, {len(labels)} train rows",
                            flush=True,
                        )
                        for (hd, s), texts_of_set in hand_rows.items():
                            write_scores(hd / f"{s}.{SKLEARN_NB}.{head}.scores", nb.scores(texts_of_set))

            if profanity is not None and head == "abuse":
                for s in SPLITS:
                    write_scores(d / f"{PROFANITY_CHECK}.{s}.scores", profanity(rows[s][0]))
                parts.append("profanity-check scored")

            sizes = "/".join(str(len(rows[s][0])) for s in SPLITS)
            notes.append(f"{head} (val/test {sizes}): " + ", ".join(parts))
        print(f"[{time.perf_counter() - started:6.1f}s] {fold}: " + "; ".join(notes), flush=True)

    if profanity is not None and hand_rows:
        for (hd, s), texts_of_set in hand_rows.items():
            write_scores(hd / f"{s}.{PROFANITY_CHECK}.abuse.scores", profanity(texts_of_set))
        print(f"hand sets: profanity-check scored {sum(len(v) for v in hand_rows.values())} texts", flush=True)

    if SKLEARN_NB in peers:
        import numpy
        import scipy
        import sklearn

        timings = {
            "sklearn_fit_seconds": fit_seconds,
            "sklearn_rows": fit_rows,
            "sklearn_fit_seconds_all": fit_all,
            "sklearn_fit_cpu_seconds": fit_cpu,
            "what": "wall seconds of CountVectorizer().fit_transform + MultinomialNB().fit on the random fold's "
            "train rows (texts already read), one thread; fastest of sklearn_fit_seconds_all",
            "versions": {
                "python": platform.python_version(),
                "scikit-learn": sklearn.__version__,
                "numpy": numpy.__version__,
                "scipy": scipy.__version__,
            },
        }
        (root / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    print(f"done in {time.perf_counter() - started:.1f}s; scores written under {root}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
