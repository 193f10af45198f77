#!/usr/bin/env python3
"""Counts what the service does with the two red-team sets beside this
script: `hateful.jsonl` (60 comments that attack Jews, Muslims, Black
people and others in the coded slogans and rarer slurs of
src/policy/identity-attack-tropes.txt ("coded slogans of white
supremacy", the control conspiracy) and the entries of
src/policy/identity-attack-slurs.txt added on 2026-12-02) and
`civil.jsonl` (120 comments in the same words that are not attacks:
history, food, film titles and given names, reports of abuse suffered,
counter-speech). Prints, per set, how many are not accepted and how many
the slur or trope forms of `identity_attack` hold, then every civil
comment that is not accepted and every hateful one that is. Run from the
repository root after `cargo build --release`:

    python3 training/eval/coded/count.py

MODERATOR_CHECKOUT=path/to/checkout counts with another checkout's build
(training/eval/review_sets.py).

Both sets were written on 2026-12-02 by a red-team helper that had read
the new entries and the rule's guards and was asked to be adversarial, so
the civil set is harder than what readers write (a Lego pun on "religion
of pieces", grey squirrels as "the great replacement"), and about a fifth
of it reports a slur suffered or quotes one, which the slur form holds
by design (README, `identity_attack`). Measured once against the first
version of the entries before it was read; the entries and guards were
then changed after reading it and after a code review that wrote hate
around the guards, so figures after that are fitted
(training/eval/README.md, "Coded slogans and rarer slurs").
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from review_sets import count  # noqa: E402

if __name__ == "__main__":
    count(HERE, ("calls a group by a slur", "coded slogan of hate"), "the slur and trope forms")
