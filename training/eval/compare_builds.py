#!/usr/bin/env python3
"""Prints every readable hand-written text whose decision or reasons differ
between two builds: the first sets (`training/eval/*.jsonl`), the readable
halves (`fresh*-dev/`), `templates/`, `exclusions/`, `traits/`,
`coded/`, `mild/` and `threats/`. The sealed halves are never read. Run
from the repository root:

    python3 training/eval/compare_builds.py [--splits DIR] OLD_CHECKOUT [NEW_CHECKOUT]

Each checkout is a directory with `target/release/moderator` and
`config/default.toml` (a `git worktree` of the older commit, built; the new
one defaults to this checkout). Each build is started once with `moderator
serve` on a free local port, from its checkout, and every text (with its
website, where the set gives one) is posted to `POST /v1/moderate`. Prints
one line per change, "old -> new", the reasons and the text, then the
number of texts compared.

With `--splits DIR`, every example of the abuse sources is compared too
(the test sets of the leave-one-source-out folds, which together hold each
source whole), as written by `moderator eval --export-splits DIR`; each
change is printed with its label (1 abusive, 0 clean). About 95,000 texts,
a few minutes.
"""
import contextlib
import glob
import json
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
EVAL = ROOT / "training/eval"


def readable_texts():
    files = [*glob.glob(str(EVAL / "*.jsonl")), *glob.glob(str(EVAL / "fresh*-dev/*.jsonl"))]
    for name in ("templates", "exclusions", "traits", "coded", "mild"):
        files += glob.glob(str(EVAL / name / "*.jsonl"))
    texts = {}
    for path in sorted(files):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            texts[(row["text"], row.get("author_url") or "")] = None
    for path in sorted(glob.glob(str(EVAL / "threats/*.txt"))):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                texts[(line, "")] = None
    return list(texts)


def source_examples(splits):
    rows = {}
    for path in sorted(glob.glob(os.path.join(splits, "without-*/abuse/test.jsonl"))):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            rows.setdefault(row["text"], row["label"])
    if not rows:
        sys.exit(f"no without-*/abuse/test.jsonl under {splits}: run `moderator eval --export-splits {splits}`")
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(checkout):
    port = free_port()
    data = tempfile.mkdtemp(prefix="compare-builds-")
    env = dict(
        os.environ,
        MODERATOR_SERVER__ADDR=f"127.0.0.1:{port}",
        MODERATOR_RATE_LIMIT__ENABLED="false",
        MODERATOR_STORE__DATA_DIR=data,
        RUST_LOG="error",
    )
    binary = str(pathlib.Path(checkout) / "target/release/moderator")
    server = subprocess.Popen([binary, "serve"], cwd=checkout, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz")
                break
            time.sleep(0.1)
        else:
            sys.exit(f"{binary} did not answer /healthz")
        yield f"http://127.0.0.1:{port}/v1/moderate"
    finally:
        server.terminate()
        server.wait()


def decisions(checkout, texts):
    out = []
    with serving(checkout) as url:
        for text, website in texts:
            body = {"content": text}
            if website:
                body["author"] = {"url": website}
            request = urllib.request.Request(
                url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
            )
            try:
                answer = json.load(urllib.request.urlopen(request))
                out.append((answer["decision"], [r["message"] for r in answer["reasons"]]))
            except urllib.error.HTTPError as error:
                out.append((f"error {error.code}", []))
    return out


def main():
    args = sys.argv[1:]
    splits = None
    if args[:1] == ["--splits"] and len(args) >= 2:
        splits, args = args[1], args[2:]
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    old_checkout, new_checkout = args[0], args[1] if len(args) == 2 else str(ROOT)
    texts = readable_texts()
    labels = {}
    if splits:
        labels = source_examples(splits)
        texts += [(text, "") for text in labels]
    old, new = decisions(old_checkout, texts), decisions(new_checkout, texts)
    for (text, _), before, after in zip(texts, old, new):
        if before != after:
            label = f"[label {labels[text]}] " if text in labels else ""
            print(f"{before[0]} -> {after[0]} {label}{after[1] or before[1]} | {text[:160]}")
    print(f"{len(texts)} texts compared")


if __name__ == "__main__":
    main()
