#!/usr/bin/env python3
"""Count candidate entries of the identity_attack rule's lists in the public
abuse data, split by label: how often each occurs in hateful or toxic posts
and how often in clean ones. Development tooling for choosing the lists in
src/policy/ (the rule itself is Rust; `moderator eval` measures the shipped
rule). Tokenization here is a plain approximation of the service's.

    python3 training/eval/rule_candidates.py sweeps "all of them,they all,..."
    python3 training/eval/rule_candidates.py slurs "chinks,wop,..."

sweeps: a candidate counts when an identity term (src/text/identity-terms.txt,
less the words the rule does not read as groups) is within 15 tokens before
it and no "not"/"no"/"nor" is just before it; "typical" counts when a term
follows it. slurs: a candidate counts anywhere ("chink(s) in" excepted).
Columns: source hateful/clean, for HateXplain (hx: offensive or hate vs
normal), Jigsaw (jg: toxic vs not) and Davidson (dv: hate or offensive vs
neither). Up to three clean examples per candidate follow.
"""
import collections
import csv
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "training" / "data"
NOT_GROUPS = set(
    "old young white black brown kid kids child children adult adults youth straight bi cis blind deaf mentally "
    "race races racial ethnic ethnicity minority minorities religious disability disabilities wheelchair "
    "wheelchairs english sri".split()
)
WINDOW = 15


def tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", "").replace("*", "u"))


def identity_terms():
    terms = set()
    for line in open(ROOT / "src" / "text" / "identity-terms.txt", encoding="utf-8"):
        terms.update(w.lower().replace("'", "") for w in line.split("#")[0].split())
    return terms - NOT_GROUPS


def sources():
    csv.field_size_limit(10**9)
    hx = DATA / "hatexplain" / "hatexplain_magpie_preprocessed.csv"
    jg = DATA / "jigsaw-toxic-2018-subset" / "jigsaw_train_subset.csv"
    dv = DATA / "davidson-hate-offensive" / "labeled_data.csv"
    yield "hx", [(r["text"], r["label"] != "0") for r in csv.DictReader(open(hx, encoding="utf-8"))]
    yield "jg", [(r["comment_text"], r["toxic"] == "1") for r in csv.DictReader(open(jg, encoding="utf-8"))]
    yield "dv", [(r["tweet"], r["class"] != "2") for r in csv.DictReader(open(dv, encoding="utf-8"))]


def sweep_hits(words, candidates, terms):
    found = set()
    for i in range(len(words)):
        for cand in candidates:
            if words[i : i + len(cand)] != cand:
                continue
            if i > 0 and words[i - 1] in ("not", "no", "nor"):
                continue
            typical = cand == ["typical"] and i + 1 < len(words) and words[i + 1] in terms
            if typical or (cand != ["typical"] and any(w in terms for w in words[max(0, i - WINDOW) : i])):
                found.add(" ".join(cand))
    return found


def slur_hits(words, candidates):
    single = {c[0] for c in candidates}
    return {
        w
        for i, w in enumerate(words)
        if w in single and not (w.startswith("chink") and i + 1 < len(words) and words[i + 1] == "in")
    }


def main():
    kind, listed = sys.argv[1], sys.argv[2]
    candidates = [c.split() for c in listed.split(",") if c.strip()]
    terms = identity_terms()
    counts, examples = collections.Counter(), collections.defaultdict(list)
    for name, rows in sources():
        for text, hateful in rows:
            words = tokens(text)
            hits = sweep_hits(words, candidates, terms) if kind == "sweeps" else slur_hits(words, candidates)
            for hit in hits:
                counts[(hit, name, hateful)] += 1
                if not hateful and len(examples[hit]) < 3:
                    examples[hit].append(f"{name}: {' '.join(text.split())[:150]}")
    for cand in sorted(" ".join(c) for c in candidates):
        print(f"{cand:24s}", " ".join(f"{n}:{counts[(cand, n, True)]}/{counts[(cand, n, False)]}" for n in ("hx", "jg", "dv")))
    for cand, shown in examples.items():
        for example in shown:
            print("  clean", cand, "|", example)


if __name__ == "__main__":
    main()
