#!/usr/bin/env python3
"""Counts what the service does with the two review sets beside this script:
`hateful.jsonl` (70 reader comments that say a whole group of people *is*
something derogatory: "Romanians are a race of pickpockets", "Straight
people are boring breeders", "Deaf people are dimwits") and `civil.jsonl`
(90 comments a careful moderator accepts that use the same shape and words:
denials, reports and quotes, counter-speech, groups as victims, praise with
adjectives, subsets and organisations, self-description, passive labelling).
Prints, per set, how many are not accepted and how many the generic
statement form of `identity_attack` holds, then every civil comment that is
not accepted and every hateful one that is. Run from the repository root
after `cargo build --release`:

    python3 training/eval/traits/count.py

MODERATOR_CHECKOUT=path/to/checkout counts with another checkout's build
(training/eval/review_sets.py).

Both sets were written on 2026-12-01 by a helper session with only a brief
(no access to this repository, no classifier run, every item by hand). The
brief's examples of the hateful shape ("a nation of drunks", "a generation
of spineless whiners", "boring breeders", "emotionless robots") were the
change's own, so the hateful set is not blind to it. Measured once before
the change was read against it (training/eval/README.md, "Words of
contempt in the generic statement"); the trait list, the group phrases and
the denial words gained entries after reading the misses, so figures after
that are fitted.
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from review_sets import count  # noqa: E402

if __name__ == "__main__":
    count(HERE, "the comment says that a group", "the generic statement form")
