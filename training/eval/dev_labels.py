#!/usr/bin/env python3
"""Writes the dev halves of the hand-written sets as moderator labels.

Each line is a `POST /v1/feedback` body, ready for
`moderator feedback import`. It is how training/reports/feedback-experiment.md
measures what in-domain labels buy: the dev halves play a site's moderation
history, and the sealed halves (never labels) stay the test.

A civil or neutral comment is labelled twice, `civil` (abuse head) and `ham`
(spam head), as a moderator approving it speaks for both; a toxic one is
`abuse`, a spam one `spam`. The reply form's fields go along where a set has
them.

    python3 training/eval/dev_labels.py > target/dev-labels.jsonl
"""

import json
import sys
from pathlib import Path

DEV = ["fresh-dev", "fresh2-dev", "fresh3-dev", "fresh4-dev"]


def labels(item, kind):
    if kind == "comment_spam":
        return ["spam"]
    if kind == "identity_bias" and item.get("toxic"):
        return ["abuse"]
    return ["civil", "ham"]


def main():
    here = Path(__file__).resolve().parent
    out = sys.stdout
    for name in DEV:
        for kind in ("civil_hard_topics", "identity_bias", "comment_spam"):
            with open(here / name / f"{kind}.jsonl", encoding="utf-8") as f:
                for line in f:
                    item = json.loads(line)
                    author = {k[len("author_"):]: item[k] for k in ("author_name", "author_email", "author_url") if item.get(k)}
                    for label in labels(item, kind):
                        body = {"content": item["text"], "label": label}
                        if author:
                            body["author"] = author
                        out.write(json.dumps(body, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
