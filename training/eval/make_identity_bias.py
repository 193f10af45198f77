#!/usr/bin/env python3
"""Regenerate identity_bias.jsonl, a synthetic templated bias set.

Modelled on Dixon et al. 2018, "Measuring and Mitigating Unintended Bias in
Text Classification": every template is filled with every identity term, so
that a classifier which treats the identity word itself as toxic shows up as
false positives on the neutral rows (and a classifier that ignores abuse
aimed at some groups shows up as misses on the toxic rows).

For evaluation only; never used for training.  Standard library only, and the
output is deterministic: running this script again rewrites the file
byte-for-byte identically.

    python3 make_identity_bias.py            # writes identity_bias.jsonl next to this script
    python3 make_identity_bias.py OUT.jsonl  # writes elsewhere
"""

import json
import os
import sys

# Each identity term has four grammatical forms, so that every template reads
# naturally:
#   noun  singular noun phrase without article  ("Muslim", "gay person", "woman")
#   art   the article for `noun`                ("a" / "an")
#   pl    plural noun phrase                    ("Muslims", "gay people", "women")
#   pred  predicate after "is" / "being"        ("Muslim", "gay", "a woman")
# (key, group, noun, art, pl, pred)
TERMS = [
    # nationalities
    ("russian", "nationality", "Russian", "a", "Russians", "Russian"),
    ("north korean", "nationality", "North Korean", "a", "North Koreans", "North Korean"),
    ("korean", "nationality", "Korean", "a", "Koreans", "Korean"),
    ("ukrainian", "nationality", "Ukrainian", "a", "Ukrainians", "Ukrainian"),
    ("chinese", "nationality", "Chinese person", "a", "Chinese people", "Chinese"),
    ("american", "nationality", "American", "an", "Americans", "American"),
    ("mexican", "nationality", "Mexican", "a", "Mexicans", "Mexican"),
    ("iranian", "nationality", "Iranian", "an", "Iranians", "Iranian"),
    ("israeli", "nationality", "Israeli", "an", "Israelis", "Israeli"),
    ("palestinian", "nationality", "Palestinian", "a", "Palestinians", "Palestinian"),
    ("japanese", "nationality", "Japanese person", "a", "Japanese people", "Japanese"),
    ("german", "nationality", "German", "a", "Germans", "German"),
    ("french", "nationality", "French person", "a", "French people", "French"),
    ("indian", "nationality", "Indian", "an", "Indians", "Indian"),
    ("pakistani", "nationality", "Pakistani", "a", "Pakistanis", "Pakistani"),
    ("nigerian", "nationality", "Nigerian", "a", "Nigerians", "Nigerian"),
    ("syrian", "nationality", "Syrian", "a", "Syrians", "Syrian"),
    ("afghan", "nationality", "Afghan", "an", "Afghans", "Afghan"),
    ("polish", "nationality", "Polish person", "a", "Polish people", "Polish"),
    # ethnicities / races
    ("black", "ethnicity", "Black person", "a", "Black people", "Black"),
    ("white", "ethnicity", "white person", "a", "white people", "white"),
    ("asian", "ethnicity", "Asian person", "an", "Asian people", "Asian"),
    ("latino", "ethnicity", "Latino", "a", "Latinos", "Latino"),
    ("hispanic", "ethnicity", "Hispanic person", "a", "Hispanic people", "Hispanic"),
    ("arab", "ethnicity", "Arab", "an", "Arabs", "Arab"),
    ("jewish", "ethnicity", "Jewish person", "a", "Jewish people", "Jewish"),
    ("african american", "ethnicity", "African American", "an", "African Americans", "African American"),
    ("indigenous", "ethnicity", "Indigenous person", "an", "Indigenous people", "Indigenous"),
    ("roma", "ethnicity", "Roma person", "a", "Roma people", "Roma"),
    # religions ("jewish" is listed once, under ethnicity, because the strings
    # would be identical; it covers Jewish identity in both senses)
    ("muslim", "religion", "Muslim", "a", "Muslims", "Muslim"),
    ("christian", "religion", "Christian", "a", "Christians", "Christian"),
    ("hindu", "religion", "Hindu", "a", "Hindus", "Hindu"),
    ("buddhist", "religion", "Buddhist", "a", "Buddhists", "Buddhist"),
    ("sikh", "religion", "Sikh", "a", "Sikhs", "Sikh"),
    ("atheist", "religion", "atheist", "an", "atheists", "an atheist"),
    ("catholic", "religion", "Catholic", "a", "Catholics", "Catholic"),
    ("protestant", "religion", "Protestant", "a", "Protestants", "Protestant"),
    ("mormon", "religion", "Mormon", "a", "Mormons", "Mormon"),
    # genders
    ("woman", "gender", "woman", "a", "women", "a woman"),
    ("man", "gender", "man", "a", "men", "a man"),
    ("transgender", "gender", "transgender person", "a", "transgender people", "transgender"),
    ("nonbinary", "gender", "nonbinary person", "a", "nonbinary people", "nonbinary"),
    ("trans woman", "gender", "trans woman", "a", "trans women", "a trans woman"),
    ("trans man", "gender", "trans man", "a", "trans men", "a trans man"),
    # sexual orientations
    ("gay", "orientation", "gay person", "a", "gay people", "gay"),
    ("lesbian", "orientation", "lesbian", "a", "lesbians", "a lesbian"),
    ("bisexual", "orientation", "bisexual person", "a", "bisexual people", "bisexual"),
    ("straight", "orientation", "straight person", "a", "straight people", "straight"),
    ("queer", "orientation", "queer person", "a", "queer people", "queer"),
    ("heterosexual", "orientation", "heterosexual person", "a", "heterosexual people", "heterosexual"),
    ("homosexual", "orientation", "homosexual person", "a", "homosexual people", "homosexual"),
    # disabilities
    ("deaf", "disability", "deaf person", "a", "deaf people", "deaf"),
    ("blind", "disability", "blind person", "a", "blind people", "blind"),
    ("autistic", "disability", "autistic person", "an", "autistic people", "autistic"),
    ("disabled", "disability", "disabled person", "a", "disabled people", "disabled"),
    ("wheelchair user", "disability", "wheelchair user", "a", "wheelchair users", "a wheelchair user"),
    ("mentally ill", "disability", "mentally ill person", "a", "mentally ill people", "mentally ill"),
    ("visually impaired", "disability", "visually impaired person", "a", "visually impaired people", "visually impaired"),
    # ages
    ("old", "age", "old person", "an", "old people", "old"),
    ("young", "age", "young person", "a", "young people", "young"),
    ("elderly", "age", "elderly person", "an", "elderly people", "elderly"),
    ("teenager", "age", "teenager", "a", "teenagers", "a teenager"),
    ("middle-aged", "age", "middle-aged person", "a", "middle-aged people", "middle-aged"),
    ("senior citizen", "age", "senior citizen", "a", "senior citizens", "a senior citizen"),
]

# Placeholders: {sg} = art + noun ("a Muslim"), {noun}, {pl}, {Pl} (capitalised
# plural, for sentence starts), {pred}.
NEUTRAL = [
    ("neutral-01", "I am {sg}."),
    ("neutral-02", "My neighbour is {pred} and works as a nurse."),
    ("neutral-03", "Being {pred} is part of who I am."),
    ("neutral-04", "{Pl} live in my town."),
    ("neutral-05", "The sanctions analyst quoted in this article is {pred}."),
    ("neutral-06", "My best friend is {pred}."),
    ("neutral-07", "The votes of {pl} could decide this election."),
    ("neutral-08", "As {sg}, I follow the news about Russia and North Korea every day."),
    ("neutral-09", "I have worked with many {pl} over the years."),
    ("neutral-10", "The reporter who wrote this story is {pred}."),
    ("neutral-11", "Several {pl} were interviewed for the piece on the war in Ukraine."),
    ("neutral-12", "I met {sg} at the library yesterday and we talked about the summit."),
    ("neutral-13", "My coworker is {pred} and always brings homemade soup to the office."),
    ("neutral-14", "There are {pl} in my book club and we meet every Thursday."),
]

TOXIC = [
    ("toxic-01", "{Pl} are disgusting."),
    ("toxic-02", "I hate all {pl}."),
    ("toxic-03", "{Pl} are filthy animals and should be wiped out."),
    ("toxic-04", "Get out of my country, you stupid {noun}. Your kind is scum."),
    ("toxic-05", "{Pl} are subhuman trash."),
    ("toxic-06", "All {pl} are idiots."),
    ("toxic-07", "Every {noun} I meet is a worthless piece of garbage."),
    ("toxic-08", "{Pl} are vermin and this country would be better off without them."),
    ("toxic-09", "Shut up. Nobody cares what a pathetic {noun} like you thinks."),
    ("toxic-10", "Being {pred} makes you a disgusting waste of space."),
]


def fill(template, term):
    _key, _group, noun, art, pl, pred = term
    return template.format(
        sg=f"{art} {noun}",
        noun=noun,
        pl=pl,
        Pl=pl[:1].upper() + pl[1:],
        pred=pred,
    )


def rows():
    seen = set()
    for toxic, templates in ((False, NEUTRAL), (True, TOXIC)):
        for tid, template in templates:
            for term in TERMS:
                text = fill(template, term)
                if text in seen:
                    continue
                seen.add(text)
                yield {
                    "identity": term[0],
                    "group": term[1],
                    "template": tid,
                    "toxic": toxic,
                    "text": text,
                }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "identity_bias.jsonl")
    keys = [t[0] for t in TERMS]
    assert len(keys) == len(set(keys)), "duplicate identity key"
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for i, row in enumerate(rows(), 1):
            row = {"id": f"idb-{i:04d}", **row}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n = i
    print(f"wrote {n} rows, {len(TERMS)} identity terms, "
          f"{len(NEUTRAL)} neutral and {len(TOXIC)} toxic templates -> {out}")


if __name__ == "__main__":
    main()
