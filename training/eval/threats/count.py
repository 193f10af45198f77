#!/usr/bin/env python3
"""Counts what the service does with the threat review sets beside this
script: each *-civil.txt and *-abusive.txt holds one comment per line (a
literal \\n stands for a line break). Prints, per set, how many civil
comments the `threat` rule holds (and how many are not accepted at all),
and how many abusive ones it holds (and how many are accepted); then every
civil comment `threat` holds. Run from the repository root after
`cargo build --release`:

    python3 training/eval/threats/count.py

(MODERATOR_BIN=path/to/moderator counts with another build, e.g. the one
before a change.)

blind-*: written by a helper who had read only the module doc of
src/policy/threat.rs; measured once blind (training/eval/README.md,
"Threats against others"), read since. edges-*: written against the rule's
first version to find its edges; read while building. openers-*: written
blind by a helper against the third version's additions (a name opening its
sentence, "hope X and Y both die", titles, idioms at the reader); measured
once blind (training/eval/README.md, "Names, titles and idioms"), read
since. intent-*: written blind by a helper against the fourth version's
main addition (the writer's own intent to kill or hurt others, "I'll shoot
him"); measured once blind (training/eval/README.md, "The writer's own
threats"), read since. veiled-*: written blind by a helper against the
sixth version's main addition (killing and intimidation in other words:
"take him out", "put him in the hospital", "drive a truck into that
march", "I know where this reporter lives", "hope someone shoots him");
measured once blind (training/eval/README.md, "Veiled threats"), read
since.
"""
import json
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def decide(text):
    out = subprocess.run(
        [os.environ.get("MODERATOR_BIN", str(ROOT / "target/release/moderator")), "check", text],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    d = json.loads(out.stdout)
    return d["decision"], [r["message"] for r in d["reasons"] if r["code"] == "threat"]


def comments(path):
    return [line.rstrip("\n").replace("\\n", "\n") for line in open(path, encoding="utf-8") if line.strip()]


def main():
    for name in ("blind", "edges", "openers", "intent", "veiled"):
        civil = [(c, *decide(c)) for c in comments(HERE / f"{name}-civil.txt")]
        abusive = [(c, *decide(c)) for c in comments(HERE / f"{name}-abusive.txt")]
        print(
            f"{name}: civil held by threat {sum(1 for _, _, t in civil if t)} of {len(civil)} "
            f"(not accepted {sum(1 for _, d, _ in civil if d != 'accept')}); "
            f"abusive held by threat {sum(1 for _, _, t in abusive if t)} of {len(abusive)} "
            f"(accepted {sum(1 for _, d, _ in abusive if d == 'accept')})"
        )
        for comment, _, held in civil:
            if held:
                print(f"  civil held: {held[0]} | {' '.join(comment.split())[:120]}")


if __name__ == "__main__":
    main()
