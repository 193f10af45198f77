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
(training/eval/review_sets.py), e.g. a worktree of the commit before the
exclusion form.

Both sets were written on 2026-12-01 by a helper session that had only a
brief (no access to this repository, no classifier run, every item by
hand); measured once blind (training/eval/README.md, "Calls for
exclusion"), read since: the exclusion list and the subject's construction
gained entries after reading the hateful set's misses, so figures after
that are fitted.
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from review_sets import count  # noqa: E402

if __name__ == "__main__":
    count(HERE, "to be excluded", "the exclusion form")
