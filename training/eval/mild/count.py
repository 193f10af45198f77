#!/usr/bin/env python3
"""Counts what the service does with the two sets beside this script:
`civil.jsonl` (120 reader comments a news site would publish that swear
mildly at a situation, not at anyone: "Damn good reporting on the
Kim-Putin summit", "what the hell are the sanctions actually achieving?",
"This fare increase sucks") and `abusive.jsonl` (120 comments in the same
words aimed at a person or a group: "Go to hell, nobody asked you", "Your
crap article reads like a Kremlin press release", "you freaking moron").
Prints, per set, how many are not accepted and how many the model's abuse
score holds, then every civil comment that is not accepted and every
abusive one that is. Run from the repository root after
`cargo build --release`:

    python3 training/eval/mild/count.py

MODERATOR_CHECKOUT=path/to/checkout counts with another checkout's build
(training/eval/review_sets.py).

Both sets were written on 2026-12-02 (seventh session) by a helper that
had not seen the model, the rules or any of our sets, and was asked for
varied words and forms. They measure a weakness of the abuse model and
the service's answer to it (`policy.mild_swearing_words`, README "Mild
swearing"). They were read after the first count and the answer was
shaped on them, so figures after that are fitted: what was tried and
measured is in training/eval/README.md, "Mild swearing (2026-12-02,
seventh)".
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from review_sets import count  # noqa: E402

if __name__ == "__main__":
    count(HERE, "abuse score", "the abuse score", files=("abusive", "civil"))
