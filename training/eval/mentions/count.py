#!/usr/bin/env python3
"""Prints every line of the two review files beside this script whose
decision differs with `policy.quoted_mentions` on (the shipped
configuration) and off: `counter_speech.txt` (civil comments that quote the
words they condemn: "Calling immigrants "invaders" is ugly") and
`probes.txt` (the writer's own abuse in quotation marks, "Keep calling
immigrants "cockroaches"", and parsing probes: apostrophes, mismatched
marks, padding). Both were written on 2026-12-02 by a review helper,
against the first version of the feature, which accepted many probes; the
second version was fitted to them (training/eval/README.md, "Quoted
mentions"). A probe that changes decision is an evasion to look at. Run
from the repository root after `cargo build --release`:

    python3 training/eval/mentions/count.py
"""
import json
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
BINARY = HERE.parents[2] / "target/release/moderator"


def decision(text, mentions):
    env = dict(os.environ, MODERATOR_POLICY__QUOTED_MENTIONS=str(mentions).lower(), RUST_LOG="error")
    out = subprocess.run([str(BINARY), "check", "--", text], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["decision"]


def main():
    for name in ("counter_speech.txt", "probes.txt"):
        lines = [l.strip() for l in open(HERE / name, encoding="utf-8") if l.strip() and not l.startswith("#")]
        changed = []
        for text in lines:
            on, off = decision(text, True), decision(text, False)
            if on != off:
                changed.append(f"  {off} -> {on} | {text}")
        print(f"{name}: {len(changed)} of {len(lines)} change decision with quoted mentions on")
        print("\n".join(changed))


if __name__ == "__main__":
    main()
