#!/usr/bin/env python3
"""Counts what the service does with the two review sets beside this script:
`hateful.jsonl` (reader comments that call for a group of people to be
denied rights, access or presence: "Muslims shouldn't be allowed to build
mosques here") and `civil.jsonl` (comments a careful moderator accepts that
use the same words: policy debate, defence of a group, reported speech,
nationalities named for their states, legal facts). Prints, per set, how
many are not accepted and how many the exclusion form of `identity_attack`
holds, then every civil comment that is not accepted and every hateful one
that is. Run from the repository root after `cargo build --release`:

    python3 training/eval/exclusions/count.py

MODERATOR_CHECKOUT=path/to/checkout counts with another checkout's build
and configuration (its target/release/moderator and config/default.toml),
e.g. a worktree of the commit before the exclusion form.

Both sets were written on 2026-12-01 by a helper session that had only a
brief (no access to this repository, no classifier run, every item by
hand); measured once blind (training/eval/README.md, "Calls for
exclusion"), read since: the exclusion list and the subject's construction
gained entries after reading the hateful set's misses, so figures after
that are fitted.
"""
import json
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXCLUSION_FORM = "to be excluded"


def decide(text):
    checkout = pathlib.Path(os.environ.get("MODERATOR_CHECKOUT", ROOT))
    binary = str(checkout / "target/release/moderator")
    out = subprocess.run([binary, "check", text], capture_output=True, text=True, cwd=checkout, check=True)
    d = json.loads(out.stdout)
    return d["decision"], " ".join(r["message"] for r in d["reasons"])


def main():
    for name in ("hateful", "civil"):
        total = not_accepted = excluded = 0
        shown = []
        for line in open(HERE / f"{name}.jsonl", encoding="utf-8"):
            row = json.loads(line)
            decision, messages = decide(row["text"])
            total += 1
            not_accepted += decision != "accept"
            excluded += EXCLUSION_FORM in messages
            if (name == "civil") == (decision != "accept"):
                shown.append(f"  {name} {decision}: {row['text'][:110]}")
        print(f"{name}: not accepted {not_accepted} of {total}, held by the exclusion form {excluded}")
        print("\n".join(shown))


if __name__ == "__main__":
    main()
