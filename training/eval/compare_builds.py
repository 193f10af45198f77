#!/usr/bin/env python3
"""Prints every readable hand-written text whose decision or reasons differ
between two builds: the first sets (`training/eval/*.jsonl`), the readable
halves (`fresh*-dev/`), `templates/`, `exclusions/`, `traits/` and
`threats/`. The sealed halves are never read. Run from the repository root:

    python3 training/eval/compare_builds.py OLD_CHECKOUT [NEW_CHECKOUT]

Each checkout is a directory with `target/release/moderator` and
`config/default.toml` (a `git worktree` of the older commit, built; the new
one defaults to this checkout). Each build is started once with `moderator
serve` on a free local port, from its checkout, and every text (with its
website, where the set gives one) is posted to `POST /v1/moderate`. Prints
one line per change, "old -> new", the reasons and the text, then the
number of texts compared.
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
    for name in ("templates", "exclusions", "traits"):
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
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    old_checkout, new_checkout = sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else str(ROOT)
    texts = readable_texts()
    old, new = decisions(old_checkout, texts), decisions(new_checkout, texts)
    for (text, _), before, after in zip(texts, old, new):
        if before != after:
            print(f"{before[0]} -> {after[0]} {after[1] or before[1]} | {text[:160]}")
    print(f"{len(texts)} texts compared")


if __name__ == "__main__":
    main()
