#!/usr/bin/env python3
"""Counts what the service does with the two review sets beside this script:
`template-spam.jsonl` (comment spam as it floods WordPress forms: long spun
templates, short generic compliments, other template spam; every item with
a website) and `site-civil.jsonl` (genuine readers who talk about the post,
the writing or the site, half of them with a website of their own). Prints,
per set and kind, how many are not accepted and how many `praise_with_link`
holds, then every civil comment that is not accepted. Run from the
repository root after `cargo build --release`:

    python3 training/eval/templates/count.py

MODERATOR_BIN=path/to/moderator counts with another build, and
MODERATOR_CONFIG=path/to/config.toml with another configuration (e.g. a
copy of config/default.toml with praise_with_link_long_max_words = 50, the
rule as it was before its long form).

Both sets were written on 2026-12-01 by a helper session that had only a
brief (no access to this repository, no classifier run, every item by
hand); measured once blind (training/eval/README.md, "Spun templates"),
read since: the phrase lists of `praise_with_link` gained entries after
reading the spam set's misses, so its figures after that are fitted.
"""
import collections
import json
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def decide(row):
    args = [os.environ.get("MODERATOR_BIN", str(ROOT / "target/release/moderator")), "check"]
    if os.environ.get("MODERATOR_CONFIG"):
        args += ["--config", os.environ["MODERATOR_CONFIG"]]
    for field, flag in (("author_name", "--author-name"), ("author_email", "--author-email"), ("author_url", "--author-url")):
        if row.get(field):
            args += [flag, row[field]]
    args.append(row["text"])
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=True)
    d = json.loads(out.stdout)
    return d["decision"], [r["code"] for r in d["reasons"]]


def main():
    for name in ("template-spam", "site-civil"):
        counts = collections.defaultdict(lambda: [0, 0, 0])
        flagged = []
        for line in open(HERE / f"{name}.jsonl", encoding="utf-8"):
            row = json.loads(line)
            decision, codes = decide(row)
            c = counts[row["kind"]]
            c[0] += 1
            c[1] += decision != "accept"
            c[2] += "praise_with_link" in codes
            if name == "site-civil" and decision != "accept":
                flagged.append(f"  civil {decision}: {','.join(codes)} | {' '.join(row['text'].split())[:110]}")
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        print(f"{name}: not accepted {total[1]} of {total[0]}, held by praise_with_link {total[2]}")
        for kind, (n, not_accepted, praise) in sorted(counts.items()):
            print(f"  {kind}: not accepted {not_accepted} of {n}, praise_with_link {praise}")
        print("\n".join(flagged))


if __name__ == "__main__":
    main()
