"""Counts what the service does with a review set: a directory holding
`hateful.jsonl` (or another file of comments to hold) and `civil.jsonl`
(JSON lines with a "text"), written for one form of a rule or one
weakness of the model. Prints, per file, how many comments
are not accepted and how many the form holds (found by a phrase of its
reason message), then every civil comment that is not accepted and every
hateful one that is. Used by the `count.py` beside each set; run those from
the repository root after `cargo build --release`.

MODERATOR_CHECKOUT=path/to/checkout counts with another checkout's build
and configuration (its target/release/moderator and config/default.toml),
e.g. a worktree of the commit before a change.
"""
import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def decide(text):
    checkout = pathlib.Path(os.environ.get("MODERATOR_CHECKOUT", ROOT))
    binary = str(checkout / "target/release/moderator")
    out = subprocess.run([binary, "check", text], capture_output=True, text=True, cwd=checkout, check=True)
    d = json.loads(out.stdout)
    return d["decision"], " ".join(r["message"] for r in d["reasons"])


def count(set_dir, form_message, form_name, files=("hateful", "civil")):
    """Counts the set in `set_dir`; `form_message` is a phrase only the
    form's reason message has (or a tuple of them, for several forms),
    `form_name` how the printout names it; `files` the set's two files,
    the one to hold first and the civil one last."""
    for name in files:
        total = not_accepted = by_form = 0
        shown = []
        for line in open(pathlib.Path(set_dir) / f"{name}.jsonl", encoding="utf-8"):
            row = json.loads(line)
            decision, messages = decide(row["text"])
            total += 1
            not_accepted += decision != "accept"
            phrases = form_message if isinstance(form_message, tuple) else (form_message,)
            by_form += any(phrase in messages for phrase in phrases)
            if (name == "civil") == (decision != "accept"):
                shown.append(f"  {name} {decision}: {row['text'][:110]}")
        print(f"{name}: not accepted {not_accepted} of {total}, held by {form_name} {by_form}")
        print("\n".join(shown))
