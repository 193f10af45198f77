//! The threat rule: violence promised or wished to the person addressed,
//! and violence called for or wished on someone else.
//!
//! A threat's words are a news report's (`kill`, `shoot`, `hang`), so the
//! abuse model gives them no weight alone (recipe
//! `debias.abuse_neutral_words`), and the abuse data has few threats to
//! learn their pairs from. The rule reads the pairs instead, in two forms:
//!
//! - **At the reader** (`policy.threat`): phrases aimed at "you" ("i will
//!   kill you", "hope you die"; `threat-phrases.txt`). A report of violence
//!   is never addressed to the reader. A negation or idiom marker just
//!   before ("won't kill you", "wouldn't kill you to") breaks it, and so
//!   does a thing, a habit, a place or the reader as the subject of
//!   "kill" or "break" ("smoking will kill you", "the cold in Yakutsk
//!   will kill you", "you'll break your neck"), and laughter or effort
//!   after "kill yourself" ("you'll kill yourself laughing").
//! - **At others** (`policy.threat_others`): a call for someone's killing,
//!   or a wish for their death, in a few fixed constructions, because a
//!   news site's comments wish death on the people in its stories ("they
//!   should all be shot dead", "someone should put a bullet in his head", "I
//!   hope Putin dies", "let the refugees drown"), and the writer's own
//!   intent to kill or hurt someone ("I'll shoot him", "I'm going to find
//!   him and beat him to death").
//!
//! The second form is built for precision, because the same verbs fill
//! everyday talk ("shoot them an email", "the bill should be killed",
//! "hang them in the hallway", "malaria must be wiped out", "everyone
//! deserves to die with dignity", "sinners burn in hell"), and a civil
//! comment held is the product's first failure. So every construction
//! needs a person as its target:
//!
//! - "he", "she", "him", "her" (not before a thing of hers: "shoot her
//!   portrait"), a name written with a capital letter (a title's full stop
//!   ends no sentence: "Mr. Putin"), or a word for people ("traitors",
//!   "refugees": [`PERSON_NOUNS`] and the plural identity terms), also
//!   after a determiner ("the traitors", "my landlord": [`TARGET_ROLES`]),
//!   and a role after up to two modifiers ("that smug lying judge"), but
//!   never a possessive ("my neighbour's wedding");
//! - "they" and "them", and crowds ("them all", "the lot"), only when the
//!   comment names people somewhere ("Immigrants are invading. Shoot them
//!   at the border.", but not "Old tax records? Burn them all.");
//! - after an imperative, a name only where it ends the clause ("Hang
//!   Putin.", not "Hang Seng fell 2%" or "Kill Bill is a great film");
//! - at a sentence's start, where every word has a capital, a single word
//!   only before the few verbs said of people ("Putin should be shot.",
//!   "Kim must hang.", "Assad deserves a bullet.", "Harris should be
//!   shot."), and never a pronoun, a plural or an abstract noun
//!   ("Badgers should be shot.", "Corruption must be shot down");
//! - or a verb that only people suffer ("lynched", "shot dead", "lined up
//!   and shot", "raped").
//!
//! And it must be a call or a wish, not its report or its rejection:
//! a modal before a passive ("should all be shot dead", "should have been
//! shot", not "must have been shot"), an imperative opening its clause or
//! after a modal, the writer's intent or "someone" opening the clause
//! ("hang them all", "someone should shoot him", "I'll shoot him",
//! "Someone shoot him"; not on a condition that is an attack: "if
//! someone breaks into my house, I'll shoot him"), "hope" or "can't wait"
//! before a death ("hope he dies."), a damnation as a wish ("may he rot in
//! hell", not "Judas rots in hell").
//! A denial, a question, reported speech or an opinion reported rather
//! than held in the same sentence ("nobody deserves to die", "should he be
//! shot?", "'They should all be shot,' the general said", "most people
//! think he should be shot") breaks it; "i think he should be shot" does
//! not. Kind wishes ("hope she dies peacefully", "deserves to die with
//! dignity") and idioms ("shoot him an email", "kill them off") are read
//! by the words that follow.
//!
//! Killing is called for in other words too, and trolls use them to get
//! past a filter of its words: "take him out", "put her in the ground",
//! "needs to be put in the ground", "send him to meet his maker", "give
//! him the Gaddafi treatment", "drive a truck into that march", "mow them
//! down", "guillotines for every politician", "unalive", "Where's a
//! sniper when you need one?", and a wish that someone else does it ("I
//! hope someone shoots him", "hope somebody takes him out"). They are read
//! in the same constructions, with the same person as target ("take out
//! the trash", "take out the bridge" and "take him out to dinner" are not
//! read), and so is intimidation left hanging at the comment's end: "I
//! know where this reporter lives. Just saying." (not "I know where she
//! lives, we're neighbours", nor "... She is my neighbour and she is
//! lovely."), "it would be a shame if something happened to him." (not
//! "..., he is the best player we have"). Words that are kind as often as
//! not are read only where someone is asked to do it: "take him out"
//! (not "take him out somewhere nice", "please take him out, he has been
//! crying"), and "put him in the hospital" only as the writer's own
//! intent ("They should put him in the hospital, he has been coughing" is
//! care). A question put to "someone" is a request ("Can someone shoot
//! him already?"), unless a word of photography is near ("... We need a
//! headshot"), and a name may end in an execution simile after an
//! imperative too ("Hang Putin like Mussolini").
//!
//! A threat quoted in a report or a condemnation is not the writer's:
//! inside quotation marks, with a word of report or condemnation outside
//! them in its sentence and no "I" or "we" ("Police say the man wrote "I
//! know where you live" to the journalist", 'Comments like "someone
//! should take out the mayor" are disgusting'; "I told him "I will kill
//! you"" is held).
//!
//! Both forms hold (not a weak hold: a regular's death wish still needs a
//! moderator's eye). Legal punishment argued as such ("he should be
//! executed", "hanged for treason") is left to the model and the
//! moderators: the death penalty is a topic a news site debates. The second
//! form is a judgement a site may not share, so it has its own switch.

use super::mention::{closing_mark, closing_of, gap_after};
use super::rules::{
    POSSESSIVES, RulesError, builtin_list, hashed, report_continues, sentence_around, text_between, within_one_clause,
    within_one_sentence,
};
use super::wordlist::WordList;
use super::{Action, ReasonCode, RuleHit};
use crate::config::PolicySettings;
use crate::domain::Comment;
use crate::text::{Features, TokenKind, token_hash};
use nohash_hasher::IntSet;

/// The built-in phrases of the threat rule's first form.
const BUILTIN_THREAT_PHRASES: &str = include_str!("threat-phrases.txt");

/// Words that, within [`GUARD_WINDOW`] tokens before a threat at the
/// reader, make it an idiom, a denial or a report of one: "it won't kill
/// you to read", "nobody wants to kill you", "he threatened to kill you".
/// Reported speech ("said") is not among them: "i said i will kill you" is
/// a threat.
const GUARDS: &[&str] = &[
    "wont",
    "wouldnt",
    "doesnt",
    "didnt",
    "dont",
    "not",
    "never",
    "cant",
    "couldnt",
    "isnt",
    "wasnt",
    "nobody",
    "no",
    "threatened",
    "threatening",
];

/// Verbs of a threat at the reader that are also said of things, habits
/// and places ("smoking will kill you", "those stairs will break your
/// neck", "loneliness kills you"): with them a threat needs a person as
/// its subject ([`READER_THREAT_SUBJECTS`], a word for people, a name), or
/// none ("Break his legs."). "kill yourself" is not read this way: "you
/// should kill yourself" is a taunt.
const IDIOM_VERBS: &[&str] = &["kill", "kills", "killing", "break", "murder"];

/// Verbs read like [`IDIOM_VERBS`] when "you" is their object: "smoking
/// will put you in the ground", "this diet will send you to an early
/// grave".
const IDIOM_VERBS_BEFORE_YOU: &[&str] = &["put", "send"];

/// Tokens before a quoted capitalized word searched for a word for terms.
const TERM_REACH: usize = 6;

/// Words for terms, after which a capitalized word in quotation marks is a
/// term named, not a person: 'The term "Umbrella Term" needs to be taken
/// out'.
const TERM_NOUNS: &[&str] =
    &["term", "terms", "word", "words", "phrase", "category", "label", "heading", "section", "tag", "title", "header"];

/// Subjects that make an [`IDIOM_VERBS`] phrase a threat, besides
/// [`THREATENERS`], [`PERSON_PRONOUNS`] and [`PLURAL_PRONOUNS`]: who
/// threatens ("we'll", "imma"), who is wished on the reader ("i hope
/// someone kills you"), or who is warned of ("they'll kill you", "my
/// brothers will").
const READER_THREAT_SUBJECTS: &[&str] = &[
    "well",
    "wed",
    "hell",
    "hed",
    "shell",
    "shed",
    "theyll",
    "theyd",
    "someone",
    "somebody",
    "someones",
    "somebodys",
    "who",
    "whoever",
    "friends",
    "brother",
    "brothers",
    "boys",
    "mates",
    "lads",
    "comrades",
    "patriot",
    "patriots",
    "imma",
    "ima",
    "dey",
    "yall",
];

/// Tokens before an [`IDIOM_VERBS`] phrase searched for someone who
/// threatens or wishes ([`THREATENERS`], a wish).
const READER_CLAUSE_LOOKBACK: usize = 12;

/// Who, besides [`FIRST_PERSON`], anywhere earlier in the clause makes an
/// [`IDIOM_VERBS`] phrase a threat whatever its subject: "I'll seriously
/// kill you", "you'll make me kill you", "let us kill you".
const THREATENERS: &[&str] = &["ill", "me", "us"];

/// Prepositions before a place's name, which is then no subject of an
/// [`IDIOM_VERBS`] phrase: "The cold in Yakutsk will kill you" is said of
/// the cold, "the guy from Kazan will kill you" of a person.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "of", "near", "outside", "around", "across", "on", "to"];

/// [`READER_THREAT_SUBJECTS`] that are also words ("hell", "shed",
/// "well", "shell", "wed", "hed"): subjects only where an apostrophe was
/// written.
const AMBIGUOUS_CONTRACTIONS: &[&str] = &["hell", "shed", "well", "shell", "wed", "hed"];

/// Words between a subject and an [`IDIOM_VERBS`] verb ("i will kill you",
/// "we're coming to kill you", "someone is going to kill you", "go
/// fucking kill yourself").
const AUXILIARIES: &[&str] = &[
    "will",
    "would",
    "could",
    "can",
    "might",
    "may",
    "must",
    "should",
    "shall",
    "need",
    "needs",
    "gonna",
    "going",
    "to",
    "is",
    "are",
    "was",
    "were",
    "am",
    "be",
    "been",
    "coming",
    "come",
    "want",
    "wants",
    "wanna",
    "gotta",
    "go",
    "also",
    "just",
    "really",
    "gon",
    "try",
    "trying",
    "tryna",
    "start",
    "starting",
    "happily",
    "gladly",
    "personally",
    "literally",
    "actually",
    "probably",
    "surely",
    "definitely",
    "slowly",
    "eventually",
    "fucking",
    "fuckin",
    "freaking",
    "frigging",
    "effing",
    "bloody",
];

/// Tokens before a threat at the reader searched for a guard.
const GUARD_WINDOW: usize = 3;

/// Words that, with [`GUARDS`], deny or reject a call for violence against
/// others anywhere earlier in its sentence ("nobody deserves to die", "I
/// really don't think he should be shot", "it's barbaric to say they
/// should be killed").
const DENIALS: &[&str] = &[
    "shouldnt",
    "arent",
    "noone",
    "none",
    "nor",
    "without",
    "against",
    "wrong",
    "barbaric",
    "disagree",
    "disagrees",
    "oppose",
    "opposed",
    "threatens",
];

/// Verbs of saying (and "according"): anywhere in a sentence, they make
/// what it says someone else's words. Shared with the identity-attack
/// rule's claims and calls for exclusion (src/policy/rules.rs).
pub(super) const SAYING: &[&str] = &[
    "said",
    "says",
    "saying",
    "claimed",
    "claims",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "chanted",
    "chanting",
    "shouted",
    "shouting",
    "yelled",
    "argued",
    "argues",
    "suggested",
    "suggests",
    "declared",
    "announced",
    "insisted",
    "insists",
    "told",
    "tells",
    "ruled",
    "quoted",
    "according",
];

/// Words that, besides [`SAYING`], anywhere in the sentence, make a call
/// for violence against others someone else's words or a question put:
/// "he said the protesters should be shot", "'They should all be shot,'
/// the general said", "the crowd chanted 'hang him'", "whether he deserves
/// to die".
const REPORTED: &[&str] = &[
    "demanded",
    "demands",
    "urged",
    "urges",
    "believes",
    "believed",
    "thinks",
    "thought",
    "feels",
    "vowed",
    "promised",
    "whether",
    "wonder",
    "wonders",
    "argument",
    "idea",
    "notion",
    "claim",
    "view",
    "belief",
    "debate",
    "poll",
    "polls",
    "majority",
    "understand",
    "why",
];

/// Words that, outside a quotation of a threat in its sentence, make it
/// someone else's words reported or condemned ("Police say the man wrote
/// "I know where you live"", "The court heard he sent "watch your back"
/// messages", 'Comments like "take out the mayor" are disgusting').
const QUOTED_REPORTS: &[&str] = &[
    "said",
    "says",
    "say",
    "wrote",
    "writes",
    "told",
    "tells",
    "sent",
    "sends",
    "texted",
    "tweeted",
    "posted",
    "shouted",
    "yelled",
    "screamed",
    "chanted",
    "heard",
    "threatened",
    "threatening",
    "charged",
    "convicted",
    "police",
    "court",
    "prosecutors",
    "according",
    "allegedly",
    "reportedly",
    "quoted",
    "comments",
    "phrase",
    "writing",
    "posting",
    "tweets",
    "chants",
    "disgusting",
    "vile",
    "unacceptable",
    "reported",
    "banned",
    "intimidation",
    "incitement",
];

/// Words of the writer besides [`FIRST_PERSON`], any one of which
/// outside a quoted threat makes it theirs: 'My message to the mayor: "we
/// know where you live"', 'I told him "I will kill you"'.
const THE_WRITER: &[&str] = &["ill", "imma", "ima", "me", "my", "mine", "myself", "us", "our", "ours", "ourselves"];

/// Opinion verbs that report an opinion unless "i" or "we" holds it: "many
/// people think he should be shot" reports, "i think he should be shot"
/// calls.
const OPINIONS: &[&str] = &["think", "believe", "feel", "say", "argue", "agree", "suggest"];

/// Who holds an opinion that is the writer's own.
const FIRST_PERSON: &[&str] = &["i", "we", "id", "im", "ive"];

/// Words for people, besides the plural identity terms: what "they" may
/// stand for, and who may be the target of a call.
const PERSON_NOUNS: &[&str] = &[
    "people",
    "men",
    "women",
    "folk",
    "folks",
    "traitor",
    "traitors",
    "terrorist",
    "terrorists",
    "criminal",
    "criminals",
    "pedophile",
    "pedophiles",
    "paedophile",
    "paedophiles",
    "pedos",
    "rapist",
    "rapists",
    "murderer",
    "murderers",
    "killer",
    "killers",
    "dictator",
    "dictators",
    "tyrant",
    "tyrants",
    "politician",
    "politicians",
    "bastard",
    "bastards",
    "scum",
    "thugs",
    "looters",
    "rioters",
    "protesters",
    "protestors",
    "collaborators",
    "leftists",
    "liberals",
    "commies",
    "communists",
    "fascists",
    "nazis",
    "globalists",
    "elites",
    "families",
    "everyone",
    "everybody",
    "anyone",
    "anybody",
    "guy",
    "guys",
    "man",
    "woman",
    "pigs",
    "animals",
    "vermin",
];

/// Titles before a name, after which a capital letter marks the name even
/// past the title's full stop ("Mr. Putin").
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "general",
    "comrade",
    "chairman",
    "minister",
    "premier",
    "sir",
    "lord",
    "marshal",
];

/// Crowds an imperative may name ("kill them all", "hang the lot of
/// them", "execute every last one"): people only where the comment names
/// people, as for "them" ("Old receipts? Burn the lot." is not).
const CROWDS: &str = "them all|em all|all of them|every one of them|every last one of them|every last one|\
                      every single one|the lot of them|the lot of em|the whole lot of them|the whole lot|the lot";

/// Crowds named as people: "hang the traitors", "nuke the whole country".
const NAMED_CROWDS: &str = "the bastards|the bastard|the traitors|the traitor|the scum|the dictator|the tyrant|\
                            the whole country";

/// Words for people who may be a call's subject ("the general who gave
/// the order should be shot") but who do not make "them" people: "If
/// Russian troops cross the border, shoot them" is about an army.
const PERSON_SUBJECTS: &[&str] = &[
    "general",
    "generals",
    "officer",
    "officers",
    "commander",
    "commanders",
    "soldier",
    "soldiers",
    "troops",
    "president",
    "minister",
    "ministers",
    "leader",
    "leaders",
    "official",
    "officials",
    "cop",
    "cops",
    "judge",
    "judges",
    "person",
    // The people of the page itself, whom its comments threaten most.
    "author",
    "authors",
    "writer",
    "writers",
    "editor",
    "editors",
    "columnist",
    "columnists",
    "journalist",
    "journalists",
    "reporter",
    "reporters",
    "moderator",
    "moderators",
    "blogger",
    "bloggers",
    "presenter",
    "presenters",
    // Office holders, whom a news site's comments name as often as the
    // president.
    "mayor",
    "mayors",
    "senator",
    "senators",
    "governor",
    "governors",
    "councillor",
    "councillors",
    "councilor",
    "councilors",
    "councilman",
    "councilwoman",
    "congressman",
    "congresswoman",
    "lawmaker",
    "lawmakers",
    "ambassador",
    "ambassadors",
    "chancellor",
    "premier",
];

/// Roles that may be a threat's target after a determiner ("I'll kill
/// that judge", "shoot my landlord"), besides [`PERSON_NOUNS`], and the
/// only words for people that may follow modifiers ("that smug lying
/// judge"). Not soldiers, troops or officers (war is reported in the same
/// words: "shoot the soldiers" may be an order quoted), nor words that
/// name things or game characters too ("driver", "boss", "referee",
/// "troll", "ex"). [`PERSON_NOUNS`] ("guy", "man", "pigs") count right
/// after a determiner, as they did before this list.
const TARGET_ROLES: &[&str] = &[
    "judge",
    "judges",
    "president",
    "minister",
    "ministers",
    "official",
    "officials",
    "cop",
    "cops",
    "person",
    "landlord",
    "landlords",
    "neighbour",
    "neighbours",
    "neighbor",
    "neighbors",
    "senator",
    "senators",
    "mayor",
    "councillor",
    "councillors",
    "councilor",
    "councilors",
    "governor",
    "mp",
    "mps",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "author",
    "authors",
    "writer",
    "editor",
    "editors",
    "columnist",
    "moderator",
    "moderators",
    "stepdad",
    "stepfather",
    "husband",
    "boyfriend",
    "wife",
    "girlfriend",
    "bloke",
    "nonce",
    "looter",
    "rioter",
    "protester",
    "smuggler",
    "smugglers",
    "collaborator",
    "blogger",
    "bloggers",
    "presenter",
    "ambassador",
    "ambassadors",
    "councilman",
    "councilwoman",
    "congressman",
    "congresswoman",
    "lawmaker",
    "lawmakers",
    "chancellor",
];

/// Words between a determiner and a role ("that smug lying judge"), at
/// most.
const TARGET_MODIFIERS: usize = 2;

/// Words that end the modifiers before a role: the role after them is in
/// another phrase ("fry the chicken for everyone").
const NOT_MODIFIERS: &[&str] = &[
    "for", "at", "to", "in", "of", "on", "with", "and", "or", "but", "the", "a", "an", "this", "that", "my", "his",
    "her", "their", "our", "your", "from", "by", "as", "than", "then",
];

/// What may follow "her" as an object ("kill her now", "shoot her in the
/// head"): after the writer's intent, "her" before another word is read as
/// a possessive ("I'll hang her coat").
const AFTER_AN_OBJECT: &[&str] = &[
    "in",
    "on",
    "at",
    "with",
    "and",
    "or",
    "now",
    "today",
    "tonight",
    "tomorrow",
    "too",
    "first",
    "myself",
    "ourselves",
    "dead",
    "already",
    "again",
    "slowly",
    "right",
    "then",
    "so",
    "if",
    "when",
    "before",
    "after",
    "until",
    "till",
    "for",
    "because",
    "as",
    "like",
    "from",
    "to",
    "off",
    "up",
    "down",
    "out",
    "over",
    "back",
    "soon",
    "personally",
    "alive",
    "lol",
];

/// What follows "her" as a possessive rather than an object: things
/// photographed, filmed or drafted ("shoot her portrait", "kill her
/// proposal").
const POSSESSED_AFTER_HER: &[&str] = &[
    "portrait",
    "portraits",
    "photo",
    "photos",
    "picture",
    "pictures",
    "headshot",
    "headshots",
    "wedding",
    "video",
    "videos",
    "film",
    "scene",
    "scenes",
    "idea",
    "ideas",
    "plan",
    "plans",
    "proposal",
    "bill",
    "email",
    "message",
    "text",
    "engagement",
    "campaign",
    "career",
    "chances",
    "vibe",
];

/// Words that open sentences and are no names: what
/// [`Start::AfterOpeningName`] never reads as one.
const NO_NAMES: &[&str] = &[
    "it",
    "this",
    "that",
    "there",
    "here",
    "what",
    "which",
    "who",
    "one",
    "each",
    "both",
    "all",
    "some",
    "any",
    "many",
    "most",
    "such",
    "another",
    "everything",
    "something",
    "nothing",
    "anything",
    "film",
    "footage",
    "video",
    "movie",
    "scene",
    "art",
    "laundry",
    "washing",
    "game",
    "deer",
    "cattle",
    "livestock",
    "grouse",
    "geese",
    "pheasant",
    "duck",
    "boar",
    "fox",
    "badger",
    "venison",
    "meat",
    "beef",
    "wallpaper",
    "tinsel",
    "bunting",
    "walrus",
    "octopus",
    "cactus",
    "asparagus",
    "hibiscus",
    "dress",
    "glass",
    "grass",
    "moss",
    "press",
    "chess",
    "brass",
];

/// Endings of abstract nouns, which open sentences with a capital and are
/// no names ("Corruption", "Terrorism", "Equality"). Plurals (a final "s")
/// are no names either, for "Badgers should be shot." is a cull argued.
const ABSTRACT_ENDINGS: &[&str] = &["ism", "ion", "ity", "ness", "ment"];

/// Final letters of a name that ends in "s" but of few plurals: "Harris",
/// "Boris", "Marcus", "Ross" ("Taxis" and "Buses" are no people either).
/// "Jones", "Williams", "Carlos" and "Vargas" share their endings with
/// plurals ("Crates", "Llamas", "Videos") and are still missed.
const NAME_ENDINGS_IN_S: &[&str] = &["ss", "is", "us"];

/// Pronouns that always stand for a person.
const PERSON_PRONOUNS: &[&str] = &["he", "she", "hes", "shes", "him", "her", "himself", "herself"];

/// Pronouns that stand for people only when the comment names some.
const PLURAL_PRONOUNS: &[&str] = &["they", "theyre", "them", "em"];

/// Words between a subject and its modal ("they all should", "he too
/// must").
const SUBJECT_FILLERS: &[&str] = &["all", "both", "each", "too", "also", "just", "really", "frankly", "honestly"];

/// Words that, just before an imperative, make it a call ("someone should
/// shoot him", "let's gas them", "i'd hang the lot", "somebody needs to
/// shoot him").
const CALLERS: &[&str] = &["should", "must", "lets", "gotta", "id", "please", "to", "then"];

/// Who an imperative may be addressed to at its clause's start, making it
/// a call on anyone ("Someone shoot the journalist who wrote this",
/// "Somebody hang him").
const ADDRESSEES: &[&str] = &["someone", "somebody"];

/// Verbs whose past tense is written as their imperative, after which
/// "someone" is a report's subject, not an addressee.
const PAST_ALIKE: &[&str] = &["put", "hit", "cut", "beat", "let", "set", "shut", "cast", "burst", "spread"];

/// What may follow a name's execution called for, where the call must
/// otherwise end its clause: a simile of dictators executed or of animals
/// put down, or a square of public executions ("Putin should be strung up
/// like Mussolini", "Kim should be shot like a dog", "... in Red
/// Square"). Not "in public" or "at dawn", which films are shot too
/// ("Barbie should be shot in public"), nor "for" a crime: legal
/// punishment argued is left to the model.
const EXECUTIONS: &str = "like mussolini|like ceausescu|like gaddafi|like saddam|like a dog|like dogs|\
                          like a rabid dog|like a rat|like rats|like an animal|like animals|like a traitor|\
                          in red square|in the town square";

/// What one "shoots" someone as a message, read in the eight tokens after
/// the target of a call addressed to "someone", up to the clause's end or
/// a word that joins another clause ("and", "or", "then", "but").
const SENT_THINGS: &[&str] = &[
    "email",
    "emails",
    "message",
    "messages",
    "note",
    "line",
    "text",
    "dm",
    "link",
    "correction",
    "memo",
    "invite",
    "question",
    "questions",
    "raise",
    "reply",
];

/// Words that, just before "to", make it a call ("needs to", "ought to";
/// not "tried to").
const CALLERS_BEFORE_TO: &[&str] = &["need", "needs", "ought"];

/// Words of the writer's own intent that, just before an imperative, make
/// it a threat against others ("I'll shoot him", "I'm going to beat him to
/// death", "we're coming to string them up"). "I'd" alone is a call
/// ([`CALLERS`]); "I'd love to" and "I'd like to" are intent. "We'll" and
/// "we're" are written "well" and "were", and count only with their
/// apostrophe.
const INTENTS: &str = "ill|imma|ima|i will|we will|well|i shall|we shall|im going to|i am going to|\
                       we are going to|were going to|im gonna|i am gonna|i gonna|were gonna|im coming to|\
                       i am coming to|we are coming to|were coming to|i want to|we want to|i wanna|we wanna|\
                       id love to|id like to";

/// Tokens an intent may span, adverbs inside it included ("i am
/// definitely going to").
const INTENT_SPAN: usize = 6;

/// Words that make the writer's intent a condition ("If he shows up here
/// I'll shoot him"), which is still a threat unless the condition is an
/// attack ([`DEFENCE`]).
const CONDITIONALS: &[&str] = &["if", "unless", "whether"];

/// Words of an attack that, with a condition, make the writer's intent
/// self-defence argued: "If someone breaks into my house, I'll shoot him."
const DEFENCE: &[&str] = &[
    "breaks",
    "broke",
    "break",
    "breaking",
    "intruder",
    "intruders",
    "burglar",
    "burglars",
    "attacks",
    "attacked",
    "attack",
    "invades",
    "invade",
    "invaded",
    "robs",
    "rob",
    "robbed",
    "defend",
    "defending",
    "self",
    "armed",
    "points",
    "pointing",
    "pulls",
];

/// Tokens before "and", "then" or "or" searched for the verb an intent opens
/// ("I'm going to find him and beat him to death").
const COORDINATED_VERB_LOOKBACK: usize = 8;

/// Tokens before an intent and after its threat searched for a condition,
/// an attack and a photographer's words ([`Threat::threat_by_intent`]).
const SENTENCE_REACH: usize = 40;

/// Tokens after "if" or "unless" in which an attack makes the condition
/// self-defence ("If someone breaks into my house", "if he pulls a gun").
const CONDITION_LENGTH: usize = 12;

/// Words before a bare "ill" that make it "I'll" ("i swear ill kill
/// him"), where it does not open its clause.
const BEFORE_ILL: &[&str] = &["swear", "then", "and", "so", "or", "but", "lol", "honestly", "now", "i"];

/// Verbs of war, whose threat by "we" is a state's ("If they close the
/// strait, we will bomb them"): not read after the writer's intent.
const WAR_VERBS: &[&str] = &["bomb", "nuke"];

/// Words only photography uses, which make "shoot" in a call a
/// photographer's in its sentence or the next ([`Threat::photographed`]).
const CAMERA_WORDS: &[&str] = &[
    "camera",
    "cameras",
    "photo",
    "photos",
    "photograph",
    "photographs",
    "photoshoot",
    "portrait",
    "portraits",
    "headshot",
    "headshots",
    "yearbook",
    "selfie",
    "lens",
];

/// Words that, with [`CAMERA_WORDS`], make "shoot" in a sentence a
/// photographer's after the writer's intent ("I'm going to shoot the
/// protesters at the march for the paper", "grab my camera and shoot
/// them"): news uses them too, so a call ("Someone should shoot the
/// editor of this paper") does not read them.
const PHOTO_WORDS: &[&str] =
    &["picture", "pictures", "magazine", "paper", "film", "video", "footage", "shots", "wedding", "documentary"];

/// Adverbs that may stand between a caller or a clause's start and the
/// imperative ("we should just shoot them", "Just hang them", "i'd happily
/// shoot him").
const IMPERATIVE_FILLERS: &[&str] = &[
    "just",
    "simply",
    "all",
    "also",
    "really",
    "frankly",
    "honestly",
    "happily",
    "personally",
    "definitely",
    "definately",
    "seriously",
    "actually",
    "literally",
    "quietly",
    "gladly",
    "absolutely",
];

/// Where a construction may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// After a subject that is a person ("he should be shot dead"; see
    /// the module doc).
    AfterPerson,
    /// Anywhere: the construction names its target itself ("hope he
    /// dies").
    Anywhere,
    /// Opening its clause, or after one of [`CALLERS`]: the shape of a
    /// command ("Hang them all", "someone should shoot him"), not of a
    /// report ("the soldiers shoot them", "he tried to kill him").
    Imperative,
    /// As [`Start::Imperative`], but never bare: after a caller other than
    /// "please" or "then", addressed to "someone", or after the writer's
    /// intent ("Someone should take him out", "I'll take him out"; not
    /// "Take him out somewhere nice", "Please take him out, he has been
    /// crying"), for imperatives that are kind as often as not.
    Called,
    /// Only after the writer's own intent ("I'll put him in the
    /// hospital"; not "They should put him in the hospital, he has been
    /// coughing for weeks").
    Intent,
    /// After "i" or "we" ("I want him dead", not "the regime wants him
    /// dead").
    AfterFirstPerson,
    /// Opening its clause (after [`IMPERATIVE_FILLERS`] at most): "Just die
    /// already", not "this heatwave needs to die already".
    OpensClause,
    /// After a capitalized word that opens its sentence and may be a name
    /// ("Putin should be shot."), or after any subject [`Start::AfterPerson`]
    /// takes: for the few constructions whose verbs are rarely said of
    /// anything but people, since at a sentence's start every word has a
    /// capital ("Everything should be shot." is not read: its first word
    /// is listed as no name; "Dune should be shot entirely on film" is
    /// not: the construction must end its clause).
    AfterOpeningName,
    /// As a wish: opening its clause ("Rot in hell!", "Go rot in hell"),
    /// after "may" and someone ("may he rot in hell"), or after a person
    /// and "can", "should", "must" or "may" ("he can rot in hell"); not
    /// "Judas rots in hell" or "this law can rot in hell".
    Wish,
}

/// A construction as written. Its slots are `|`-separated alternatives
/// (each a word or a phrase, in canonical form), or one of: `?` before
/// alternatives that may be left out; `PERSON` for a person
/// ([`Slot::Person`]); `TARGET` for a person or a crowd ([`CROWDS`]);
/// `WHOSE` for "his", "her", "their" or a name's possessive; `PLURAL` for a
/// plural noun.
struct Spec {
    what: &'static str,
    start: Start,
    slots: &'static [&'static str],
    /// Words that, right after the construction, change what it means
    /// ("shoot him an email", "dies peacefully", "shot down"), in up to
    /// two lists.
    not_followed_by: [&'static [&'static str]; 2],
    /// Whether the construction must end its sentence ("I hope he dies.",
    /// not "I hope he dies surrounded by family" or "I hope she dies, she
    /// has suffered enough"), or its clause.
    ending: Ending,
    /// Whether a name may be the target ("Hang Putin."), and where.
    names: Names,
    /// Whether "they" and "them" in it count only when the comment names
    /// people.
    needs_people: bool,
    /// Whether it counts in a question: one that asks nothing ("Where's a
    /// sniper when you need one?").
    even_asked: bool,
}

impl Spec {
    const fn new(what: &'static str, start: Start, slots: &'static [&'static str]) -> Spec {
        Spec {
            what,
            start,
            slots,
            not_followed_by: [&[], &[]],
            ending: Ending::Anywhere,
            needs_people: false,
            names: Names::Anywhere,
            even_asked: false,
        }
    }

    const fn not_followed_by(self, words: &'static [&'static str]) -> Spec {
        Spec { not_followed_by: [words, self.not_followed_by[1]], ..self }
    }

    const fn nor_by(self, words: &'static [&'static str]) -> Spec {
        Spec { not_followed_by: [self.not_followed_by[0], words], ..self }
    }

    const fn ending_its_sentence(self) -> Spec {
        Spec { ending: Ending::Sentence, ..self }
    }

    /// "Putin should be shot, the sooner the better", not "Dune should be
    /// shot entirely on film".
    const fn ending_its_clause(self) -> Spec {
        Spec { ending: Ending::Clause, ..self }
    }

    const fn ending_the_comment(self) -> Spec {
        Spec { ending: Ending::Comment, ..self }
    }

    /// A name counts only where it ends the clause: "Hang Putin.", not
    /// "Hang Seng fell 2%" or "Kill Bill is a great film".
    const fn names_ending_the_clause(self) -> Spec {
        Spec { names: Names::EndingTheClause, ..self }
    }

    /// No name counts: "Let Twitter die", "Let Rome burn".
    const fn no_names(self) -> Spec {
        Spec { names: Names::Never, ..self }
    }

    const fn needing_people(self) -> Spec {
        Spec { needs_people: true, ..self }
    }

    const fn even_asked(self) -> Spec {
        Spec { even_asked: true, ..self }
    }
}

/// Where a construction must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Anywhere,
    Clause,
    Sentence,
    /// Its sentence, with at most [`TAIL_TOKENS`] tokens after it in the
    /// comment: a warning left hanging ("I know where this reporter
    /// lives. Just saying."), not one that goes on ("... She is my
    /// neighbour and she is lovely."). A length, not a reading: a short
    /// explanation ("... She is my neighbour.") is held.
    Comment,
}

/// Tokens that may follow a construction that must end the comment.
const TAIL_TOKENS: usize = 4;

impl Start {
    /// Whether the construction is an imperative, read after a caller, an
    /// addressee or the writer's intent.
    fn imperative(self) -> bool {
        matches!(self, Start::Imperative | Start::Called | Start::Intent)
    }
}

/// Where a capitalized word counts as a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Anywhere,
    EndingTheClause,
    Never,
}

/// What a construction's hit says the comment does.
const KILL: &str = "calls for someone to be killed";
const DEAD: &str = "wishes someone dead";
const DAMNED: &str = "wishes someone damned";
/// What knowing where someone lives, said as a warning, does.
const INTIMIDATES: &str = "intimidates someone with harm";
/// What an imperative after the writer's intent does ("I'll shoot him").
const THREATENED: &str = "threatens violence against others";

/// Passives that only people suffer.
const PEOPLE_ONLY_PASSIVES: &str = "shot dead|shot on sight|shot in the head|lynched|gassed|beheaded|lined up and shot|\
                                    burned alive|burnt alive|raped|murdered|taken out and shot|\
                                    taken out back and shot|put up against a wall|put against a wall|\
                                    put down like dogs|put down like a dog|put down like rabid dogs|\
                                    put down like animals|beaten to death|tortured to death|stoned to death|\
                                    burned to death|burnt to death|hacked to death|thrown out of helicopters|unalived|\
                                    thrown out of a helicopter|dragged out and shot";

/// Modals that make a passive a call ("should be shot", "needs to be killed").
const MODALS: &str = "should|must|ought to|oughta|need to|needs to|deserve to|deserves to|gotta|has to|has got to";

/// Modals that make a past passive a wish ("he should have been shot years
/// ago"). Not "must have been" or "could have been": those guess at what
/// happened ("he must have been shot from behind").
const PAST_MODALS: &str = "should have|shouldve|should of|shoulda|should all have|should both have|ought to have|\
                           oughta have";

/// Words between a modal and "be" ("should all be shot").
const MODAL_FILLERS: &str = "?all|both|each|just|simply|frankly|honestly|really|also|too";

/// Words between "be" and a passive ("should be publicly hanged").
const PASSIVE_ADVERBS: &str = "?publicly|summarily|immediately|simply|just|promptly|all|slowly";

/// Words of a wish.
const HOPE: &str = "hope|hoping|pray|praying";

/// Verbs of an imperative call to kill.
const KILLING_VERBS: &str = "shoot|kill|unalive|un alive|hang|lynch|gas|nuke|bomb|burn|drown|behead|execute|exterminate|slaughter|\
                           massacre|murder|stab|butcher|strangle|torch|fry|castrate|assassinate|poison|throttle|\
                           choke";

/// What a wish may call on someone that no kind wish does ("gets shot", "dies a slow death").
const CRUEL_ENDS: &str = "gets shot|get shot|gets killed|get killed|gets murdered|get murdered|gets lynched|\
                        get lynched|gets raped|get raped|gets cancer|get cancer|chokes to death|burns to death|\
                        rots in hell|rot in hell|burns in hell|burn in hell|dies in a fire|die in a fire|\
                        dies a slow|die a slow|dies a painful|die a painful|dies slowly|die slowly|dies painfully|\
                        die painfully|dies in agony|die in agony|dies in pain|die in pain|dies screaming|\
                        die screaming|dies horribly|die horribly|dies of cancer|die of cancer|dies like a dog|\
                        die like a dog|die like dogs|dies like a rat|die like rats|gets hit by a bus|\
                        get hit by a bus|gets run over|get run over";

/// Deaths a wish may look forward to ("the sooner they die the better").
const DYING_OFF: &str = "die|dies|croak|croaks|are dead|is dead|drop dead|die off|die out|kick the bucket|\
                       kicks the bucket";

/// Deaths a wish may wait for ("can't wait till he dies").
const DYING: &str = "die|dies|croak|croaks|are dead|is dead|drop dead|die off|kick the bucket|kicks the bucket";

/// What follows a death in a kind wish or a natural one ("deserves to die
/// with dignity", "dies peacefully", "needs to die at home").
const KIND_ENDINGS: &[&str] = &[
    "with",
    "at",
    "in",
    "on",
    "peacefully",
    "comfortably",
    "naturally",
    "surrounded",
    "a",
    "of",
    "before",
    "after",
    "alone",
];

/// What follows "a bullet" and "the rope" in other senses ("a bullet
/// journal", "a bullet train", "the rope by Friday").
const NOT_AFTER_A_BULLET: &[&str] = &[
    "journal", "journals", "point", "points", "proof", "list", "train", "trains", "by", "at", "in", "near", "next",
    "of",
];

/// What, after "take out" and a person, puts them somewhere rather than
/// kills them ("take him out to dinner", "take them out of school",
/// "take them out in the second round").
const TAKEN_OUT_ELSEWHERE: &[&str] = &[
    "to",
    "for",
    "of",
    "on",
    "at",
    "with",
    "from",
    "into",
    "in",
    "tonight",
    "sometime",
    "later",
    "dinner",
    "lunch",
    "again",
    "dancing",
    "shopping",
    "drinking",
    "fishing",
    "hunting",
    "somewhere",
];

/// Where putting someone buries them ("put her in the ground", "in a body
/// bag").
const BURIED_PLACES: &str = "in the ground|into the ground|in a body bag|in body bags|into a body bag|in an early grave|\
                             into an early grave|in the morgue|in a coffin|in a box|in the grave|in their graves|\
                             in his grave|in her grave|in a pine box|in pine boxes";

/// Where putting someone hurts them, said as the writer's own intent ("I'll
/// put him in the hospital"): care, when anyone else is asked.
const HURT_PLACES: &str = "in the hospital|into the hospital|in a wheelchair|in intensive care|in the icu";

/// Vehicles driven into a crowd.
const VEHICLES: &str = "a truck|a car|a bus|a van|a lorry|a tank|a pickup|a semi|a bulldozer|trucks|cars|your car|\
                        your truck|the truck|the car|my truck|my car|his car|his truck";

/// The crowds a vehicle is driven into: people in the street, not a
/// market or a building.
const CROWDS_IN_THE_STREET: &str = "march|marches|marchers|protest|protests|protesters|protestors|crowd|crowds|rally|\
                                    rallies|demonstrators|demonstration|demonstrations|mob|mobs|parade|pride parade|\
                                    them|rioters|activists|people|refugees|migrants|immigrants|picket|picket line|\
                                    pickets";

/// The people, not the event, that "plow through" with no vehicle named
/// runs down: "plow through those protesters", not "plow through the
/// crowd, the exit is at the back" or "plow through the protests and pass
/// the bill".
const PEOPLE_IN_THE_STREET: &str = "marchers|protesters|protestors|demonstrators|rioters|activists|refugees|migrants|\
                                    immigrants|them";

/// The ends of dictators, wished on someone as a "treatment".
const DICTATORS_ENDS: &str = "the gaddafi treatment|the mussolini treatment|the ceausescu treatment|\
                              the saddam treatment|the romanov treatment|the qaddafi treatment";

/// Who a wish may ask to do the killing ("I hope someone shoots him").
const HIRED_HANDS: &str = "someone|somebody|anyone|anybody|a sniper|some patriot|some hero";

/// A killing done to someone, as wished ("hope someone shoots him").
const KILLINGS_DONE: &str = "shoots|kills|stabs|strangles|poisons|murders|hangs|lynches|assassinates|executes|\
                             beheads|guns down|runs over|finishes off";

/// The constructions of the second form.
const CONSTRUCTIONS: &[Spec] = &[
    Spec::new(KILL, Start::Anywhere, &[MODALS, MODAL_FILLERS, "be", PASSIVE_ADVERBS, PEOPLE_ONLY_PASSIVES]),
    Spec::new(
        KILL,
        Start::AfterPerson,
        &[
            MODALS,
            MODAL_FILLERS,
            "be",
            PASSIVE_ADVERBS,
            "shot|killed|wiped out|exterminated|drowned|slaughtered|butchered|put down|strung up|hanged|hung",
        ],
    )
    .not_followed_by(&["down", "out", "off", "up", "for", "by", "a", "with"]),
    Spec::new(KILL, Start::AfterPerson, &[MODALS, MODAL_FILLERS, "hang for|hang from"]),
    // The same, wished in the past: "He should have been shot years ago."
    Spec::new(KILL, Start::Anywhere, &[PAST_MODALS, MODAL_FILLERS, "been", PASSIVE_ADVERBS, PEOPLE_ONLY_PASSIVES]),
    Spec::new(
        KILL,
        Start::AfterPerson,
        &[
            PAST_MODALS,
            MODAL_FILLERS,
            "been",
            PASSIVE_ADVERBS,
            "shot|wiped out|exterminated|put down|strung up|hanged|hung",
        ],
    )
    // Not "killed": "by rights he should have been killed in the crash".
    .not_followed_by(&["down", "out", "off", "up", "for", "by", "a", "with"]),
    Spec::new(
        KILL,
        Start::AfterOpeningName,
        &[PAST_MODALS, MODAL_FILLERS, "been", PASSIVE_ADVERBS, "shot|hanged|strung up"],
    )
    .ending_its_clause(),
    // "Putin should be shot.", "Kim must hang.", "Assad deserves a
    // bullet.": the verbs said of people, ending the clause. "He should
    // hang." too, not "you guys should hang sometime" or "should hang his
    // head in shame".
    Spec::new(KILL, Start::AfterOpeningName, &[MODALS, MODAL_FILLERS, "be", PASSIVE_ADVERBS, "shot|hanged|strung up"])
        .ending_its_clause(),
    Spec::new(KILL, Start::AfterOpeningName, &[MODALS, MODAL_FILLERS, "hang"]).ending_its_sentence(),
    // Not "needs the rope" (a climber).
    Spec::new(
        DEAD,
        Start::AfterOpeningName,
        &["deserves", "a bullet|the rope|the noose|a firing squad|the firing squad|a bullet in the head"],
    )
    .not_followed_by(NOT_AFTER_A_BULLET),
    Spec::new(DEAD, Start::AfterOpeningName, &["needs", "a bullet|a bullet in the head|a firing squad"])
        .not_followed_by(NOT_AFTER_A_BULLET),
    Spec::new(DEAD, Start::AfterPerson, &["deserve to|deserves to", "die|hang|burn|be dead"])
        .not_followed_by(KIND_ENDINGS)
        .nor_by(&["out", "around", "up", "loose", "together"]),
    Spec::new(
        DEAD,
        Start::AfterPerson,
        &[
            "deserve|deserves|need|needs",
            "a bullet|the rope|the noose|the chair|a firing squad|the firing squad|a slow death|a painful death|\
             a slow and painful death|to be shot|a bullet in the head|an early grave|a dirt nap|a body bag|\
             a pine box|a lead injection|some lead poisoning|lead poisoning|a dose of lead poisoning",
        ],
    )
    .not_followed_by(NOT_AFTER_A_BULLET),
    Spec::new(DEAD, Start::Anywhere, &[HOPE, "?that", "PERSON", CRUEL_ENDS])
        .not_followed_by(&["on", "at", "down", "off", "up", "screening", "screened", "tested"])
        .needing_people(),
    Spec::new(
        DEAD,
        Start::Anywhere,
        &[
            HOPE,
            "?that",
            "PERSON",
            "?just|finally|soon|quickly|both|all",
            "dies|die|drops dead|drop dead|croaks|croak|is dead|are dead",
        ],
    )
    .ending_its_sentence()
    .needing_people(),
    // On the journey in the news, the seed story's own ("I hope Kim dies
    // on that train"); "in" and "on" alone end kind wishes too ("in his
    // sleep", "on his 100th birthday"), so only before a journey.
    Spec::new(
        DEAD,
        Start::Anywhere,
        &[
            HOPE,
            "?that",
            "PERSON",
            "?just|finally|soon|quickly|both|all",
            "dies|die|drops dead|drop dead|croaks|croak",
            "on|in",
            "that|this|the|his|her|their",
            "?armoured|armored|bulletproof|private|next|return",
            "train|plane|jet|flight|trip|journey|ride|convoy|motorcade|helicopter",
            "?home|back",
        ],
    )
    .ending_its_sentence()
    .needing_people(),
    // "I hope Putin and Kim both die."
    Spec::new(
        DEAD,
        Start::Anywhere,
        &[
            HOPE,
            "?that",
            "?both",
            "PERSON",
            "and",
            "PERSON",
            "?both|all|just|finally|soon",
            "die|drop dead|croak|are dead",
            "?soon|already|quickly",
        ],
    )
    .ending_its_sentence()
    .needing_people(),
    Spec::new(DEAD, Start::Anywhere, &[HOPE, "?that", "?both", "PERSON", "and", "PERSON", "?both|all", CRUEL_ENDS])
        .not_followed_by(&["on", "at", "down", "off", "up", "screening", "screened", "tested"])
        .needing_people(),
    Spec::new(DAMNED, Start::Wish, &["rot|burn|roast", "in hell"]),
    Spec::new(KILL, Start::Imperative, &[KILLING_VERBS, "TARGET"])
        .not_followed_by(&[
            "an", "a", "up", "down", "off", "out", "over", "on", "onto", "with", "back", "to", "into", "in",
        ])
        .needing_people()
        .names_ending_the_clause(),
    Spec::new(KILL, Start::Imperative, &["slit|cut", "WHOSE", "throat|throats"]),
    Spec::new(KILL, Start::Imperative, &["cut|chop", "WHOSE", "head off|heads off"]),
    Spec::new(
        KILL,
        Start::Imperative,
        &["wipe", "TARGET", "off the face of the earth|off the map|from the face of the earth"],
    ),
    Spec::new(
        DEAD,
        Start::AfterPerson,
        &["need to|needs to|must|should|deserve to|deserves to|ought to", "?all|just|simply", "die"],
    )
    .not_followed_by(KIND_ENDINGS)
    .nor_by(&[
        "down",
        "out",
        "off",
        "first",
        "young",
        "old",
        "happy",
        "eventually",
        "someday",
        "sometime",
        "one",
        "too",
    ]),
    Spec::new(KILL, Start::Imperative, &["shoot|kill|gun down", "TARGET", "on sight"]),
    Spec::new(KILL, Start::Imperative, &["beat|stab|kick|stone|torture|burn|starve|whip", "TARGET", "to death"]),
    Spec::new(
        KILL,
        Start::Imperative,
        &["break|smash", "WHOSE", "legs|neck|kneecaps|skull|jaw|nose|ribs|fingers|arms|face|teeth"],
    ),
    Spec::new(KILL, Start::Imperative, &["kick|cave|bash|smash|beat", "WHOSE", "head in|skull in|face in|teeth in"]),
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "beat",
            "TARGET",
            "senseless|bloody|unconscious|half to death|to a pulp|within an inch of his life|\
             within an inch of her life|within an inch of their lives",
        ],
    )
    .needing_people(),
    Spec::new(KILL, Start::Imperative, &["take a bat to|take a baseball bat to|take a machete to", "TARGET"])
        .needing_people(),
    // Not "run them over the weekend".
    Spec::new(KILL, Start::Imperative, &["run", "TARGET", "over"]).ending_its_clause().needing_people().no_names(),
    // Killing in other words. "Take out" a person ("Someone should take
    // out the mayor", "take him out"), not a thing ("take out the trash",
    // "take out the bridge") nor a person somewhere ("take him out to
    // dinner", "take them out of school", "take them out in the second
    // round").
    Spec::new(KILL, Start::Imperative, &["take out", "TARGET"])
        .not_followed_by(TAKEN_OUT_ELSEWHERE)
        .needing_people()
        .names_ending_the_clause(),
    // "Take him out" is kind as often ("take him out somewhere nice",
    // "take him out now, coach"): only when called for.
    Spec::new(KILL, Start::Called, &["take", "TARGET", "out"]).not_followed_by(TAKEN_OUT_ELSEWHERE).needing_people(),
    Spec::new(KILL, Start::AfterPerson, &[MODALS, MODAL_FILLERS, "be", PASSIVE_ADVERBS, "taken out"])
        .ending_its_clause(),
    // Not in the list above, whose follow-up words would cut "should be
    // six feet under by Christmas".
    Spec::new(
        KILL,
        Start::AfterPerson,
        &[
            MODALS,
            MODAL_FILLERS,
            "be",
            PASSIVE_ADVERBS,
            "six feet under|sent to an early grave|sent to the morgue|sent to meet his maker|\
             sent to meet her maker|sent to meet their maker",
        ],
    ),
    Spec::new(KILL, Start::AfterPerson, &[MODALS, MODAL_FILLERS, "be", PASSIVE_ADVERBS, "put", BURIED_PLACES])
        .not_followed_by(&["at", "for", "with", "until", "to"]),
    // Hurt or buried: "I'll put him in the hospital", "put her in the
    // ground", "send him to an early grave".
    // (The writer's own only for the hospital: "they should put him in
    // the hospital, he has been coughing for weeks" is care; "put him in
    // the ground at first slip" is cricket.)
    Spec::new(KILL, Start::Imperative, &["put", "TARGET", BURIED_PLACES])
        .not_followed_by(&["at", "for", "with", "until", "to"])
        .needing_people(),
    Spec::new(KILL, Start::Intent, &["put", "TARGET", HURT_PLACES])
        .not_followed_by(&["tonight", "today", "tomorrow", "for", "because", "so", "myself"])
        .needing_people(),
    Spec::new(KILL, Start::Imperative, &["put", "TARGET", "six feet under"]).needing_people(),
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "send",
            "TARGET",
            "to an early grave|to the morgue|to the grave|six feet under|to meet his maker|to meet her maker|\
             to meet their maker|to sleep with the fishes",
        ],
    )
    .needing_people(),
    Spec::new(
        KILL,
        Start::Imperative,
        &["feed", "TARGET", "to the fishes|to the fish|to the sharks|to the crocodiles|to the pigs"],
    )
    .needing_people(),
    // A vehicle driven into people: "Drive a truck into that march",
    // "plow through those protesters", "mow them down".
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "drive|ram|plow|plough|steer",
            VEHICLES,
            "into|through",
            "?the|that|those|these|all|all those|all these",
            CROWDS_IN_THE_STREET,
        ],
    ),
    Spec::new(
        KILL,
        Start::Imperative,
        &["plow|plough|ram", "into|through", "?the|that|those|these|all|all those|all these", PEOPLE_IN_THE_STREET],
    ),
    Spec::new(KILL, Start::Imperative, &["mow", "TARGET", "?all", "down"]).needing_people().no_names(),
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "run",
            "the|that|this|those|these|the whole|all those|all these",
            "?peace|antiwar|anti war|climate|pride",
            CROWDS_IN_THE_STREET,
            "over",
        ],
    )
    .ending_its_clause(),
    Spec::new(KILL, Start::Imperative, &["mow down", "TARGET"]).needing_people().names_ending_the_clause(),
    // The end of a dictator dragged out of his hiding place: "Give him
    // the Gaddafi treatment", "Putin deserves the Mussolini treatment",
    // "drag him through the streets".
    Spec::new(KILL, Start::Imperative, &["give", "TARGET", DICTATORS_ENDS]).needing_people(),
    Spec::new(
        KILL,
        Start::Imperative,
        &["give", "TARGET", "a lead injection|a lead sandwich|a dirt nap|a necktie party"],
    )
    .needing_people(),
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "do",
            "TARGET",
            "like mussolini|like gaddafi|like ceausescu|like the ceausescus|like saddam|like the romanovs",
        ],
    )
    // Not "do him like Mussolini did the trains".
    .not_followed_by(&["did", "does", "used", "was", "would"])
    .needing_people(),
    Spec::new(DEAD, Start::AfterOpeningName, &["deserve|deserves|need|needs|should get|must get", DICTATORS_ENDS]),
    Spec::new(KILL, Start::Imperative, &["drag", "TARGET", "through the streets|through the street|into the street"])
        .needing_people(),
    // A wish that someone else does it: "I hope someone shoots him",
    // "hope somebody takes him out".
    Spec::new(DEAD, Start::Anywhere, &[HOPE, "?that", HIRED_HANDS, KILLINGS_DONE, "TARGET"])
        .not_followed_by(&[
            "an", "a", "up", "down", "off", "out", "over", "on", "onto", "with", "back", "to", "into", "in", "for",
        ])
        .needing_people(),
    Spec::new(DEAD, Start::Anywhere, &[HOPE, "?that", HIRED_HANDS, "takes", "TARGET", "out"])
        .not_followed_by(TAKEN_OUT_ELSEWHERE)
        .needing_people(),
    Spec::new(
        DEAD,
        Start::Anywhere,
        &[HOPE, "?that", HIRED_HANDS, "puts a bullet in|puts a bullet through|puts one in|puts a round in", "TARGET"],
    )
    .needing_people(),
    // "Where's a sniper when you need one?": asked, and asking nothing.
    Spec::new(
        KILL,
        Start::Anywhere,
        &[
            "wheres|where is|where are|where r",
            "?a|an|the|all the|a good",
            "sniper|snipers|assassin|assassins|oswald|lee harvey oswald|john wilkes booth|brutus|hinckley",
            "when",
            "you need one|we need one|u need one|you need him|we need him|you need them|we need them|\
             you need one most|we need one most",
        ],
    )
    .ending_its_sentence()
    .even_asked(),
    // The writer who knows where someone lives, said as a warning: "I
    // know where this reporter lives." ending its sentence; not "I know
    // where she lives, we're neighbours".
    Spec::new(INTIMIDATES, Start::AfterFirstPerson, &["know where", "TARGET", "lives|live|works|work|sleeps|sleep"])
        .ending_the_comment()
        .needing_people(),
    Spec::new(
        INTIMIDATES,
        Start::Anywhere,
        &[
            "shame if something|shame if anything",
            "happened to|were to happen to|was to happen to|happens to",
            "TARGET",
        ],
    )
    .ending_the_comment()
    .needing_people(),
    Spec::new(
        KILL,
        Start::Imperative,
        &[
            "put|pump|stick",
            "a bullet|a round|one|bullets|two bullets|a bullet right",
            "in|into|through|between",
            "WHOSE",
            "head|heads|brain|brains|skull|skulls",
        ],
    ),
    Spec::new(KILL, Start::Imperative, &["line up", "TARGET", "against", "?a|the", "wall"]).needing_people().no_names(),
    Spec::new(KILL, Start::Imperative, &["line", "TARGET", "?all", "up", "against", "?a|the", "wall"])
        .not_followed_by(&["for", "to"])
        .no_names(),
    Spec::new(KILL, Start::Imperative, &["put|stand", "PERSON", "?up", "against", "?a|the", "wall"])
        .not_followed_by(&["for", "to"])
        .needing_people()
        .no_names(),
    Spec::new(KILL, Start::Imperative, &["string", "TARGET", "up"])
        .not_followed_by(&["along", "across", "between", "around", "on", "over"])
        .needing_people()
        .no_names(),
    Spec::new(DEAD, Start::Imperative, &["let", "PERSON", "?all", "drown|starve|die|burn|rot"])
        .not_followed_by(&["with", "in", "peacefully", "quietly", "back", "out", "down", "off", "at", "on"])
        .needing_people()
        .no_names(),
    Spec::new(
        KILL,
        Start::Imperative,
        &["line", "TARGET", "?all", "up and shoot|up and gas", "?them|em|them all|em all"],
    ),
    Spec::new(DEAD, Start::Imperative, &["let", "the", "PLURAL", "drown|starve"])
        .not_followed_by(&["in", "with", "for", "out"]),
    Spec::new(DEAD, Start::OpensClause, &["die already"]),
    Spec::new(KILL, Start::OpensClause, &["death to", "?the|all", "TARGET"]).needing_people().names_ending_the_clause(),
    Spec::new(KILL, Start::OpensClause, &["off with", "WHOSE", "head|heads"]),
    Spec::new(
        KILL,
        Start::OpensClause,
        &[
            "firing squad for|the rope for|the noose for|the guillotine for|guillotines for|a guillotine for|\
             the gallows for|gallows for|helicopter rides for|free helicopter rides for|a helicopter ride for|\
             free helicopter ride for|lampposts for|lamp posts for|a lamppost for",
            "TARGET",
        ],
    )
    .needing_people()
    .names_ending_the_clause(),
    Spec::new(DEAD, Start::AfterFirstPerson, &["want|wanted|wants", "TARGET", "?all", "dead"]).needing_people(),
    Spec::new(DEAD, Start::Anywhere, &["dance on|piss on|spit on", "WHOSE", "grave|graves"]),
    Spec::new(DEAD, Start::Anywhere, &["the sooner", "PERSON", "?all", DYING_OFF]).needing_people(),
    Spec::new(
        DEAD,
        Start::Anywhere,
        &["cant wait|cannot wait|can not wait", "till|until|til|for", "PERSON", "?all|to", DYING],
    )
    .needing_people(),
];

/// One position of a construction.
#[derive(Debug, Clone)]
enum Slot {
    /// One of these entries (a word or a phrase).
    Words(WordList),
    /// One of these entries, or nothing.
    Optional(WordList),
    /// A person (see the module doc): a person pronoun, "they" or "them"
    /// where the comment names people, a word for people, or a name of up
    /// to three words ("Kim Jong-un").
    Person,
    /// A crowd ([`CROWDS`], which counts as [`Slot::Person`]'s "them"
    /// does), a crowd named as people ([`NAMED_CROWDS`]) or a person.
    Target { crowds: WordList, named_crowds: WordList },
    /// "his", "her", "their", or a name's possessive ("Putin's").
    Whose(WordList),
    /// A token written as a plural (ending in "s": "the refugees").
    Plural,
}

/// A construction, compiled.
#[derive(Debug, Clone)]
struct Construction {
    what: &'static str,
    start: Start,
    slots: Vec<Slot>,
    not_followed_by: IntSet<u64>,
    ending: Ending,
    needs_people: bool,
    names: Names,
    even_asked: bool,
}

/// The threat rule, either form of which may be off.
#[derive(Debug, Clone)]
pub(super) struct Threat {
    /// Phrases aimed at the reader; `None` when `policy.threat` is off.
    at_reader: Option<WordList>,
    /// Constructions aimed at others; empty when `policy.threat_others` is
    /// off.
    at_others: Vec<Construction>,
    /// The constructions (indices into `at_others`) each first word may
    /// start: one hash lookup per token finds where one may start, and
    /// which ("the" only tries "the sooner ...").
    by_first_word: nohash_hasher::IntMap<u64, Vec<usize>>,
    guards: IntSet<u64>,
    words: Words,
}

/// The word classes of the second form, hashed.
#[derive(Debug, Clone)]
struct Words {
    denials: IntSet<u64>,
    reported: IntSet<u64>,
    opinions: IntSet<u64>,
    first_person: IntSet<u64>,
    people: IntSet<u64>,
    person_subjects: IntSet<u64>,
    person_pronouns: IntSet<u64>,
    plural_pronouns: IntSet<u64>,
    subject_fillers: IntSet<u64>,
    callers: IntSet<u64>,
    /// Hashes of [`ADDRESSEES`], [`PAST_ALIKE`] and [`SENT_THINGS`].
    addressees: IntSet<u64>,
    past_alike: IntSet<u64>,
    sent_things: IntSet<u64>,
    clause_joins: IntSet<u64>,
    callers_before_to: IntSet<u64>,
    imperative_fillers: IntSet<u64>,
    titles: IntSet<u64>,
    idiom_verbs: IntSet<u64>,
    reader_threat_subjects: IntSet<u64>,
    coordinators: IntSet<u64>,
    yourself: u64,
    threateners: IntSet<u64>,
    wishes: IntSet<u64>,
    contractions: IntSet<u64>,
    auxiliaries: IntSet<u64>,
    intents: WordList,
    conditionals: IntSet<u64>,
    defence: IntSet<u64>,
    we_contractions: IntSet<u64>,
    ill: u64,
    before_ill: IntSet<u64>,
    war_verbs: IntSet<u64>,
    photo_words: IntSet<u64>,
    shoot: u64,
    effort_idioms: IntSet<u64>,
    place_prepositions: IntSet<u64>,
    owners: IntSet<u64>,
    no_names: IntSet<u64>,
    /// "can", "could", "will", "would" opening a question, and who is
    /// asked after them: "Can someone please just shoot him?" is a
    /// request, not a question.
    modal_questions: IntSet<u64>,
    askers: IntSet<u64>,
    /// [`QUOTED_REPORTS`].
    quoted_reports: IntSet<u64>,
    /// [`FIRST_PERSON`] and [`THE_WRITER`].
    writer: IntSet<u64>,
    /// [`CAMERA_WORDS`].
    camera_words: IntSet<u64>,
    /// [`IDIOM_VERBS_BEFORE_YOU`], [`TERM_NOUNS`].
    idiom_verbs_before_you: IntSet<u64>,
    term_nouns: IntSet<u64>,
    you: u64,
    /// "can" and "could" before "someone": a request ("Can someone shoot
    /// him already?"); not "will" ("Will somebody kill him before the
    /// finale?" asks about a story).
    request_modals: IntSet<u64>,
    /// Callers that leave a [`Start::Called`] imperative bare ("please",
    /// "then").
    bare_callers: IntSet<u64>,
    to: u64,
    may: u64,
    who: u64,
    whoever: u64,
    /// "this" and "it": what "whoever wrote" refers to when it is the
    /// comment's own article.
    this_text: IntSet<u64>,
    wait: u64,
    determiners: IntSet<u64>,
    target_roles: IntSet<u64>,
    not_modifiers: IntSet<u64>,
    possessed_after_her: IntSet<u64>,
    after_an_object: IntSet<u64>,
    her: u64,
    /// [`EXECUTIONS`].
    executions: WordList,
    answers: IntSet<u64>,
    wish_modals: IntSet<u64>,
    go: u64,
}

impl Words {
    /// Whether a word names people or a person ("traitors", "general").
    fn person_word(&self, h: u64) -> bool {
        self.people.contains(&h) || self.person_subjects.contains(&h)
    }

    fn new() -> Words {
        // Plural identity terms are people ("refugees", "jews"); singular
        // ones are adjectives as often as not ("russian drones").
        let mut people = hashed(PERSON_NOUNS);
        people.extend(
            crate::text::listed_words(crate::text::IDENTITY_TERMS)
                .filter(|w| w.ends_with('s') || w.ends_with("men"))
                .map(token_hash),
        );
        Words {
            denials: hashed(GUARDS).union(&hashed(DENIALS)).copied().collect(),
            reported: hashed(SAYING).union(&hashed(REPORTED)).copied().collect(),
            opinions: hashed(OPINIONS),
            first_person: hashed(FIRST_PERSON),
            people,
            person_subjects: hashed(PERSON_SUBJECTS),
            person_pronouns: hashed(PERSON_PRONOUNS),
            plural_pronouns: hashed(PLURAL_PRONOUNS),
            subject_fillers: hashed(SUBJECT_FILLERS),
            callers: hashed(CALLERS),
            addressees: hashed(ADDRESSEES),
            past_alike: hashed(PAST_ALIKE),
            sent_things: hashed(SENT_THINGS),
            clause_joins: hashed(&["and", "or", "then", "but"]),
            callers_before_to: hashed(CALLERS_BEFORE_TO),
            imperative_fillers: hashed(IMPERATIVE_FILLERS),
            titles: hashed(TITLES),
            idiom_verbs: hashed(IDIOM_VERBS),
            reader_threat_subjects: [
                READER_THREAT_SUBJECTS,
                THREATENERS,
                FIRST_PERSON,
                PERSON_PRONOUNS,
                PLURAL_PRONOUNS,
            ]
            .into_iter()
            .flat_map(hashed)
            .collect(),
            coordinators: hashed(&["and", "then", "or"]),
            yourself: token_hash("yourself"),
            threateners: hashed(THREATENERS).union(&hashed(FIRST_PERSON)).copied().collect(),
            wishes: hashed(&["hope", "hoping", "pray", "praying", "wish", "may"]),
            contractions: hashed(AMBIGUOUS_CONTRACTIONS),
            auxiliaries: hashed(AUXILIARIES),
            place_prepositions: hashed(PLACE_PREPOSITIONS),
            owners: hashed(POSSESSIVES),
            intents: WordList::from_entries(INTENTS.split('|').map(str::trim)),
            executions: WordList::from_entries(EXECUTIONS.split('|').map(str::trim)),
            conditionals: hashed(CONDITIONALS),
            defence: hashed(DEFENCE),
            we_contractions: hashed(&["well", "were"]),
            ill: token_hash("ill"),
            before_ill: hashed(BEFORE_ILL),
            war_verbs: hashed(WAR_VERBS),
            photo_words: hashed(CAMERA_WORDS).union(&hashed(PHOTO_WORDS)).copied().collect(),
            shoot: token_hash("shoot"),
            effort_idioms: hashed(&["laughing", "trying", "working"]),
            no_names: hashed(NO_NAMES),
            modal_questions: hashed(&["can", "could", "will", "would"]),
            askers: hashed(&["someone", "somebody", "anyone", "anybody", "we", "you"]),
            quoted_reports: hashed(QUOTED_REPORTS),
            writer: hashed(FIRST_PERSON).union(&hashed(THE_WRITER)).copied().collect(),
            camera_words: hashed(CAMERA_WORDS),
            idiom_verbs_before_you: hashed(IDIOM_VERBS_BEFORE_YOU),
            term_nouns: hashed(TERM_NOUNS),
            you: token_hash("you"),
            request_modals: hashed(&["can", "could"]),
            bare_callers: hashed(&["please", "then"]),
            to: token_hash("to"),
            may: token_hash("may"),
            who: token_hash("who"),
            whoever: token_hash("whoever"),
            this_text: hashed(&["this", "it"]),
            wait: token_hash("wait"),
            determiners: hashed(&[
                "the", "all", "every", "these", "those", "that", "this", "my", "our", "his", "their",
            ]),
            target_roles: hashed(TARGET_ROLES),
            not_modifiers: hashed(NOT_MODIFIERS),
            possessed_after_her: hashed(POSSESSED_AFTER_HER),
            after_an_object: hashed(AFTER_AN_OBJECT),
            her: token_hash("her"),
            answers: hashed(&["no", "nope", "nah"]),
            wish_modals: hashed(&["can", "should", "must", "may"]),
            go: token_hash("go"),
        }
    }
}

/// What one comment's check needs besides the rule: its text, and
/// whether it names people anywhere (worked out once, when first asked).
struct Reading<'a> {
    comment: &'a Comment,
    features: &'a Features,
    hashes: &'a [u64],
    names_people: std::cell::OnceCell<bool>,
    sentences: std::cell::OnceCell<Sentences>,
}

/// Sentence bounds and running counts of the guard words, worked out in
/// one pass over the tokens when a construction first matches, so that
/// each match is checked in constant time however long the comment.
struct Sentences {
    /// For each token, the first and last token of its sentence. A colon
    /// does not end one ("Medvedev posted: 'The traitors must be shot.'").
    bounds: Vec<(usize, usize)>,
    /// Denials, reported words and reported opinions among the tokens
    /// before each index (`counts[i]` covers tokens `..i`).
    denials: Vec<u32>,
    reported: Vec<u32>,
    opinions: Vec<u32>,
}

impl Sentences {
    fn new(features: &Features, w: &Words) -> Sentences {
        let hashes = features.token_hashes();
        let n = hashes.len();
        let joined = |i: usize| report_continues(features, i);
        let mut bounds = vec![(0, 0); n];
        let mut first = 0;
        for (i, bound) in bounds.iter_mut().enumerate() {
            if i > 0 && !joined(i - 1) {
                first = i;
            }
            bound.0 = first;
        }
        let mut last = n.saturating_sub(1);
        for (i, bound) in bounds.iter_mut().enumerate().rev() {
            if i + 1 < n && !joined(i) {
                last = i;
            }
            bound.1 = last;
        }
        let running = |counts: &dyn Fn(usize) -> bool| {
            let mut out = Vec::with_capacity(n + 1);
            out.push(0);
            for i in 0..n {
                out.push(out[i] + u32::from(counts(i)));
            }
            out
        };
        let denials = running(&|i| {
            let h = hashes[i];
            // "No, hang him": a "no" that is its own clause at the start
            // answers what came before; "can't wait" is eagerness.
            let answer = w.answers.contains(&h) && bounds[i].0 == i && !within_one_clause(features, i, i + 1);
            w.denials.contains(&h) && !answer && hashes.get(i + 1) != Some(&w.wait)
        });
        // "Whoever wrote this should be shot": the saying is the target's
        // (its relative clause, about this very text), not a report of the
        // call. "The general who said that ..." still reports.
        let targets_writer = |i: usize| {
            i > 0
                && (hashes[i - 1] == w.whoever || hashes[i - 1] == w.who)
                && hashes.get(i + 1).is_some_and(|next| w.this_text.contains(next))
        };
        let reported = running(&|i| w.reported.contains(&hashes[i]) && !targets_writer(i));
        let opinions =
            running(&|i| w.opinions.contains(&hashes[i]) && !(i > 0 && w.first_person.contains(&hashes[i - 1])));
        Sentences { bounds, denials, reported, opinions }
    }
}

impl Threat {
    pub(super) fn new(policy: &PolicySettings) -> Result<Option<Threat>, RulesError> {
        let at_reader = builtin_list(policy.threat, BUILTIN_THREAT_PHRASES, &policy.threat_phrases_files)?;
        let at_others: Vec<Construction> =
            if policy.threat_others { CONSTRUCTIONS.iter().map(Construction::new).collect() } else { Vec::new() };
        if at_reader.is_none() && at_others.is_empty() {
            return Ok(None);
        }
        let mut by_first_word = nohash_hasher::IntMap::<u64, Vec<usize>>::default();
        for (index, construction) in at_others.iter().enumerate() {
            if let Some(Slot::Words(words)) = construction.slots.first() {
                for word in words.entries().map(first_word_hash) {
                    let starts = by_first_word.entry(word).or_default();
                    if !starts.contains(&index) {
                        starts.push(index);
                    }
                }
            }
        }
        Ok(Some(Threat { at_reader, at_others, by_first_word, guards: hashed(GUARDS), words: Words::new() }))
    }

    pub(super) fn check(&self, comment: &Comment, features: &Features) -> Option<RuleHit> {
        let hashes = features.token_hashes();
        if let Some(phrases) = &self.at_reader {
            let found = phrases.positions_hashed(hashes).find(|&(at, _)| {
                let len = phrases.longest_at_hashed(&hashes[at..]).map_or(1, |(_, len)| len);
                // A guard in the sentence before ("You're not safe. Watch
                // your back." is a threat) does not count.
                let guarded = (at.saturating_sub(GUARD_WINDOW)..at)
                    .any(|i| self.guards.contains(&hashes[i]) && within_one_sentence(features, i, at));
                !guarded
                    && within_one_sentence(features, at, at + len - 1)
                    && !self.idiom_at_reader(comment, features, at)
                    && !self.quoted_report(features, at, at + len)
            });
            if let Some((_, phrase)) = found {
                return Some(RuleHit {
                    code: ReasonCode::Threat,
                    action: Action::Hold,
                    weak: false,
                    message: format!("the comment threatens or wishes violence to the person addressed ({phrase:?})"),
                });
            }
        }
        if self.at_others.is_empty() {
            return None;
        }
        let reading = Reading {
            comment,
            features,
            hashes,
            names_people: std::cell::OnceCell::new(),
            sentences: std::cell::OnceCell::new(),
        };
        for (at, starts) in hashes.iter().enumerate().filter_map(|(at, h)| Some((at, self.by_first_word.get(h)?))) {
            for construction in starts.iter().map(|&index| &self.at_others[index]) {
                let found = self.match_slots(&reading, construction, &construction.slots, at);
                // A call quoted in a report or a condemnation ('Comments
                // like "someone should take out the mayor" are
                // disgusting') is not the writer's.
                let counted = |&end: &usize| {
                    self.counts(&reading, construction, at, end) && !self.quoted_report(features, at, end)
                };
                let Some(end) = found.filter(counted) else {
                    continue;
                };
                // The canonical words, never the text between them: links
                // and addresses are `<url>` and `<email>` there.
                let tokens = &features.tokens;
                let said = tokens.tokens[at..end].iter().map(|t| tokens.text(t)).collect::<Vec<_>>().join(" ");
                let first = back_over(features, at, &self.words.imperative_fillers);
                let threatened = construction.start.imperative() && self.threat_by_intent(&reading, at, first, end);
                let what = if threatened { THREATENED } else { construction.what };
                return Some(RuleHit {
                    code: ReasonCode::Threat,
                    action: Action::Hold,
                    weak: false,
                    message: format!("the comment {what} ({said:?})"),
                });
            }
        }
        None
    }

    /// Whether the imperative construction at tokens `at..end` (its
    /// adverbs start at `first`) is the writer's threat: their intent
    /// stands before it and their sentence argues no self-defence
    /// ([`Threat::writers_intent_before`]), its verb is not one of war ("we
    /// will bomb them" is a state's, not a person's), "shoot" is not a
    /// photographer's ([`CAMERA_WORDS`] or [`PHOTO_WORDS`] in the sentence), and "her" is
    /// read as a person only before a word that follows an object ("I'll
    /// kill her now"; not "I'll hang her coat", "burn her old letters").
    fn threat_by_intent(&self, reading: &Reading, at: usize, first: usize, end: usize) -> bool {
        let (features, hashes, w) = (reading.features, reading.hashes, &self.words);
        if w.war_verbs.contains(&hashes[at]) {
            return false;
        }
        let her_as_object = (at..end).filter(|&j| hashes[j] == w.her).all(|j| {
            let next = j + 1;
            next >= hashes.len()
                || next < end
                || !within_one_clause(features, j, next)
                || w.after_an_object.contains(&hashes[next])
        });
        if !her_as_object {
            return false;
        }
        let Some(start) = self.writers_intent_before(reading, first) else {
            return false;
        };
        // The sentence's bounds are worked out once per comment.
        let (sentence_first, sentence_last) =
            reading.sentences.get_or_init(|| Sentences::new(features, w)).bounds[start];
        let reach =
            start.saturating_sub(SENTENCE_REACH).max(sentence_first)..=(end + SENTENCE_REACH).min(sentence_last);
        let (mut condition, mut attack, mut photo) = (None, false, false);
        for j in reach {
            let h = hashes[j];
            if w.conditionals.contains(&h) {
                condition = Some(j);
            }
            // An attack counts in the condition, after its "if".
            attack |= condition.is_some_and(|c| j > c && j <= c + CONDITION_LENGTH) && w.defence.contains(&h);
            photo |= w.photo_words.contains(&h);
        }
        let photographed = photo && hashes[at] == w.shoot;
        !(attack || photographed)
    }

    /// Where the writer's intent ([`INTENTS`]) that stands just before
    /// token `first` starts, or the one before the first verb of two
    /// ("I'm going to find him and beat him", "I'll find him then kill
    /// him", "ignore him or kill him").
    fn writers_intent_before(&self, reading: &Reading, first: usize) -> Option<usize> {
        let (features, hashes, w) = (reading.features, reading.hashes, &self.words);
        let coordinated =
            first > 1 && w.coordinators.contains(&hashes[first - 1]) && within_one_clause(features, first - 1, first);
        if coordinated {
            (first.saturating_sub(COORDINATED_VERB_LOOKBACK)..first - 1)
                .filter(|&verb| within_one_clause(features, verb, first))
                .find_map(|verb| self.writers_intent_at(reading, verb))
        } else {
            self.writers_intent_at(reading, first)
        }
    }

    /// Where the writer's intent ending just before token `first` starts,
    /// if one does: [`INTENTS`] with adverbs inside ("i'm definitely going
    /// to"); "we'll" and "we're" only with their apostrophe, "ill" without
    /// one only where it opens its clause or follows "i swear" and the like
    /// ("the mentally ill kill people" is no threat).
    fn writers_intent_at(&self, reading: &Reading, first: usize) -> Option<usize> {
        let (features, hashes, w) = (reading.features, reading.hashes, &self.words);
        // The intent's words with the adverbs inside it left out, in a
        // fixed buffer: no allocation per call.
        let spelled = |s: usize| {
            let mut words = [0u64; INTENT_SPAN];
            let mut len = 0;
            for &h in hashes[s..first].iter().filter(|h| !w.imperative_fillers.contains(h)) {
                words[len] = h;
                len += 1;
            }
            w.intents.longest_at_hashed(&words[..len]).is_some_and(|(_, found)| found == len)
        };
        let start = (first.saturating_sub(INTENT_SPAN)..first).find(|&s| {
            within_one_clause(features, s, first) && !w.imperative_fillers.contains(&hashes[s]) && spelled(s)
        })?;
        let apostrophe = written_with_apostrophe(reading.comment, features, start);
        if w.we_contractions.contains(&hashes[start]) && !apostrophe {
            return None;
        }
        let opens_clause = start == 0 || !within_one_clause(features, start - 1, start);
        if hashes[start] == w.ill && !apostrophe && !opens_clause && !w.before_ill.contains(&hashes[start - 1]) {
            return None;
        }
        Some(start)
    }

    /// Whether the threat at tokens `at..end` is quoted in a report of
    /// someone else's words or a condemnation of them: inside quotation
    /// marks, with a word of report or condemnation ([`QUOTED_REPORTS`])
    /// outside them in its sentence and no "I" or "we" ("Police say the
    /// man wrote "I know where you live" to the journalist", 'Comments like
    /// "someone should take out the mayor" are disgusting'; not "I told him
    /// "I will kill you"", which is the writer's own, nor a quotation with
    /// neither, which may be the writer's voice).
    fn quoted_report(&self, features: &Features, at: usize, end: usize) -> bool {
        let (hashes, w) = (features.token_hashes(), &self.words);
        let tokens = &features.tokens.tokens;
        let (first, last) = (sentence_around(features, at).0, sentence_around(features, end - 1).1);
        // The quotation's first token, and the mark that closes it.
        let opened = (first..=at).rev().find_map(|k| {
            let close = match k.checked_sub(1) {
                Some(before) => closing_mark(gap_after(features, before)),
                None => features
                    .normalized
                    .text
                    .get(..tokens[0].start as usize)?
                    .trim_end()
                    .chars()
                    .last()
                    .and_then(closing_of),
            };
            close.map(|close| (k, close))
        });
        let Some((open, close)) = opened else {
            return false;
        };
        // Closed before the threat, it was another quotation.
        if (open..at).any(|m| gap_after(features, m).contains(close)) {
            return false;
        }
        let Some(closed) = (end - 1..=last).find(|&m| gap_after(features, m).contains(close)) else {
            return false;
        };
        let outside = || (first..open).chain(closed + 1..=last).map(|j| hashes[j]);
        outside().any(|h| w.quoted_reports.contains(&h)) && !outside().any(|h| w.writer.contains(&h))
    }

    /// Whether a threat at the reader starting at token `at` is an idiom:
    /// one of [`IDIOM_VERBS`] with a subject that is not a person ("smoking
    /// will kill you", "that'll kill you", "those stairs will break your
    /// neck", "you'll break your neck", "nobody is going to kill you"), and
    /// no one who threatens or wishes earlier in its clause ("I will
    /// seriously kill you", "I'd love to kill you", "I hope cancer kills
    /// you" are threats). With no subject it is an order ("Break your
    /// legs."), and the other phrases ("hope you die") are read as written.
    fn idiom_at_reader(&self, comment: &Comment, features: &Features, at: usize) -> bool {
        let (hashes, w) = (features.token_hashes(), &self.words);
        // "kill yourself" is left as written: "you should kill yourself"
        // is the taunt, and "<user> kill yourself" has no subject to read.
        // Except where what follows makes it effort or laughter: "you'll
        // kill yourself laughing", "don't kill yourself trying".
        if hashes.get(at + 1) == Some(&w.yourself) {
            return hashes.get(at + 2).is_some_and(|next| w.effort_idioms.contains(next))
                && within_one_clause(features, at + 1, at + 2);
        }
        // "put" and "send" only with the reader as their object ("smoking
        // will put you in the ground"), not in "put a bullet in your head".
        let before_you = hashes.get(at + 1) == Some(&w.you);
        let idiom_verb =
            w.idiom_verbs.contains(&hashes[at]) || (before_you && w.idiom_verbs_before_you.contains(&hashes[at]));
        if !idiom_verb {
            return false;
        }
        let i = back_over(features, at, &w.auxiliaries);
        let Some(subject) = i.checked_sub(1).filter(|&s| within_one_clause(features, s, at)) else {
            return false;
        };
        let h = hashes[subject];
        // "we will find you and kill you": the subject is further back.
        // And a word joined from spaced letters ("k i l l  y o u") spans
        // the pieces that follow it, which are no subject of theirs.
        let tokens = &features.tokens.tokens;
        if w.coordinators.contains(&h) || tokens[subject].end > tokens[at].start {
            return false;
        }
        // "The commute from hell", "the shed": these subjects count only
        // as written with an apostrophe ("he'll", "she'd").
        let contracted = !w.contractions.contains(&h) || written_with_apostrophe(comment, features, subject);
        let person = (w.reader_threat_subjects.contains(&h) && contracted)
            || w.person_word(h)
            || self.named_subject(comment, features, subject, at);
        // Someone earlier in the clause who threatens or wishes: "I'd love
        // to kill you", "I hope cancer kills you". A few tokens back at
        // most, so a long clause costs no more than a short one.
        let threatener = (at.saturating_sub(READER_CLAUSE_LOOKBACK)..subject).rev().any(|j| {
            within_one_clause(features, j, at) && (w.threateners.contains(&hashes[j]) || w.wishes.contains(&hashes[j]))
        });
        !person && !threatener
    }

    /// Whether the capitalized words ending at token `subject` (up to
    /// three: "North Korea") name the subject of the verb at `at`: not
    /// when a place preposition stands before them, for then they are
    /// where the subject is ("The cold in Yakutsk will kill you"), and
    /// the word before the preposition says whether that is a person
    /// ("The guy from Kazan will kill you", "Friends of Putin").
    fn named_subject(&self, comment: &Comment, features: &Features, subject: usize, at: usize) -> bool {
        let (hashes, w) = (features.token_hashes(), &self.words);
        if !written_capitalized(comment, features, subject) {
            return false;
        }
        let mut first = subject;
        while first > 0 && subject - first < 2 && written_capitalized(comment, features, first - 1) {
            first -= 1;
        }
        let Some(preposition) = first.checked_sub(1).filter(|&p| within_one_clause(features, p, at)) else {
            return true;
        };
        if !w.place_prepositions.contains(&hashes[preposition]) {
            return true;
        }
        preposition.checked_sub(1).filter(|&head| within_one_clause(features, head, at)).is_some_and(|head| {
            let h = hashes[head];
            // "My cousin in Chicago": someone's relation is a person.
            let owned = head > 0 && w.owners.contains(&hashes[head - 1]);
            owned || w.person_word(h) || w.reader_threat_subjects.contains(&h)
        })
    }

    /// The end (exclusive) of the first way `slots` match from token `i`
    /// on that the construction's follow-up rules accept, trying longer
    /// alternatives first.
    fn match_slots(&self, reading: &Reading, construction: &Construction, slots: &[Slot], i: usize) -> Option<usize> {
        let hashes = reading.hashes;
        let Some((slot, rest)) = slots.split_first() else {
            return self.ends_well(reading, construction, i).then_some(i);
        };
        let next = |len: usize| self.match_slots(reading, construction, rest, i + len);
        let here = hashes.get(i..).filter(|h| !h.is_empty());
        match slot {
            Slot::Words(words) => next(words.longest_at_hashed(here?)?.1),
            Slot::Optional(words) => {
                here.and_then(|h| words.longest_at_hashed(h)).and_then(|(_, len)| next(len)).or_else(|| next(0))
            }
            Slot::Plural => {
                let token = reading.features.tokens.tokens.get(i)?;
                let word = reading.features.normalized.text.get(token.start as usize..token.end as usize)?;
                (word.len() > 3 && word.ends_with('s')).then(|| next(1)).flatten()
            }
            Slot::Target { crowds, named_crowds } => {
                let crowd = |list: &WordList| here.and_then(|h| list.longest_at_hashed(h)).map(|(_, len)| len);
                let people = !construction.needs_people || self.names_people(reading);
                crowd(named_crowds)
                    .or_else(|| crowd(crowds).filter(|_| people))
                    .and_then(next)
                    .or_else(|| self.person(reading, construction, i, next))
            }
            Slot::Whose(possessives) => match possessives.longest_at_hashed(here?) {
                Some((_, len)) => next(len),
                None => (1..=name_length(reading, i, &self.words.titles)).rev().find_map(next),
            },
            Slot::Person => self.person(reading, construction, i, next),
        }
    }

    /// The first way the rest of a construction matches after a person
    /// at token `i`: one token for a pronoun or a word for people, two for
    /// "the migrants", up to four for a name (longest first), as the
    /// construction allows names.
    fn person(
        &self,
        reading: &Reading,
        construction: &Construction,
        i: usize,
        next: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        let (hashes, w) = (reading.hashes, &self.words);
        let &h = hashes.get(i)?;
        // "the migrants", "all traitors", "every paedophile", "that judge",
        // "my landlord", "her lawyer", "that smug lying judge"; not "my
        // neighbour's wedding" (a possessive).
        if w.determiners.contains(&h) || h == w.her {
            let features = reading.features;
            let person_at = |j: usize, roles_only: bool| {
                let word = hashes[j];
                (w.target_roles.contains(&word) || (!roles_only && w.people.contains(&word)))
                    && !possessive(reading.comment, features, j)
            };
            if hashes.get(i + 1).is_some() && within_one_clause(features, i, i + 1) && person_at(i + 1, false) {
                return next(2);
            }
            // Modifiers: the tokens after the determiner, in its clause,
            // up to the first that begins another phrase.
            let modifiers = (i + 1..hashes.len())
                .take(TARGET_MODIFIERS)
                .take_while(|&j| within_one_clause(features, j - 1, j) && !w.not_modifiers.contains(&hashes[j]))
                .count();
            let role = (i + 2..=i + 1 + modifiers)
                .find(|&j| j < hashes.len() && within_one_clause(features, j - 1, j) && person_at(j, true));
            if let Some(role) = role {
                return next(role + 1 - i);
            }
        }
        // "her" before a thing is its possessive: "shoot her portrait".
        if h == w.her && hashes.get(i + 1).is_some_and(|after| w.possessed_after_her.contains(after)) {
            return None;
        }
        if w.person_pronouns.contains(&h) || w.people.contains(&h) {
            return next(1);
        }
        if w.plural_pronouns.contains(&h) {
            return (!construction.needs_people || self.names_people(reading)).then(|| next(1)).flatten();
        }
        // Or where an execution simile ends it: "Hang Putin like Mussolini".
        let ends_clause = |len: usize| {
            i + len >= hashes.len()
                || !within_one_clause(reading.features, i + len - 1, i + len)
                || self.simile_ends_clause(reading, i + len)
        };
        // A name cut short of the capitalized words on both sides of it
        // is Title Case, not a name: "Take Care Out There!!" (not "I hope
        // Putin Dies").
        let (comment, features) = (reading.comment, reading.features);
        let cut_short = |len: usize| {
            i > 0
                && i + len < hashes.len()
                && within_one_clause(features, i - 1, i + len)
                && capital_letter(comment, features, i - 1)
                && capital_letter(comment, features, i + len)
        };
        (1..=name_length(reading, i, &w.titles))
            .rev()
            .filter(|&len| !cut_short(len))
            .filter(|&len| match construction.names {
                Names::Anywhere => true,
                Names::EndingTheClause => ends_clause(len),
                Names::Never => false,
            })
            .find_map(next)
    }

    /// Whether what follows a match at `end` leaves its meaning alone.
    fn ends_well(&self, reading: &Reading, construction: &Construction, end: usize) -> bool {
        let features = reading.features;
        if end >= reading.hashes.len() {
            return true;
        }
        match construction.ending {
            Ending::Sentence => return !within_one_sentence(features, end - 1, end),
            Ending::Comment => {
                return !within_one_sentence(features, end - 1, end) && reading.hashes.len() - end <= TAIL_TOKENS;
            }
            Ending::Clause => {
                // Or a simile of an execution that ends it: "Putin should
                // be strung up like Mussolini", "... in Red Square".
                return self.simile_ends_clause(reading, end) || !within_one_clause(features, end - 1, end);
            }
            Ending::Anywhere => {}
        }
        !within_one_clause(features, end - 1, end) || !construction.not_followed_by.contains(&reading.hashes[end])
    }

    /// Whether "shoot" at `at` is a photographer's: a word only
    /// photography uses ([`CAMERA_WORDS`]) in its sentence or the next ("Can
    /// someone shoot him? We need a headshot for the campaign website"; not
    /// "Someone should shoot the editor of this paper", which
    /// [`PHOTO_WORDS`] would read as one after an intent).
    fn photographed(&self, reading: &Reading, at: usize, end: usize) -> bool {
        let (features, hashes) = (reading.features, reading.hashes);
        let (first, own_last) = (sentence_around(features, at).0, sentence_around(features, end - 1).1);
        let last = if own_last + 1 < hashes.len() { sentence_around(features, own_last + 1).1 } else { own_last };
        hashes[first..=last].iter().any(|h| self.words.camera_words.contains(h))
    }

    /// Whether an execution simile ([`EXECUTIONS`]) starts at token `at`
    /// and ends its clause.
    fn simile_ends_clause(&self, reading: &Reading, at: usize) -> bool {
        let (features, hashes) = (reading.features, reading.hashes);
        self.words
            .executions
            .longest_at_hashed(&hashes[at..])
            .is_some_and(|(_, len)| at + len >= hashes.len() || !within_one_clause(features, at + len - 1, at + len))
    }

    /// Whether the comment names people anywhere.
    fn names_people(&self, reading: &Reading) -> bool {
        *reading.names_people.get_or_init(|| reading.hashes.iter().any(|h| self.words.people.contains(h)))
    }

    /// Whether a construction found at tokens `at..end` calls for or
    /// wishes violence, rather than denying, asking about, reporting or
    /// meaning something else by it.
    fn counts(&self, reading: &Reading, construction: &Construction, at: usize, end: usize) -> bool {
        let (features, hashes, w) = (reading.features, reading.hashes, &self.words);
        if !within_one_sentence(features, at, end - 1) {
            return false;
        }
        let sentences = reading.sentences.get_or_init(|| Sentences::new(features, w));
        let (first, last) = sentences.bounds[at];
        let request = hashes
            .get(first..first + 2)
            .is_some_and(|two| w.modal_questions.contains(&two[0]) && (w.askers.contains(&two[1])));
        if sentences.denials[at] > sentences.denials[first]
            || sentences.reported[last + 1] > sentences.reported[first]
            || sentences.opinions[at] > sentences.opinions[first]
            || (asks(features, last) && !request && !construction.even_asked)
        {
            return false;
        }
        match construction.start {
            Start::Anywhere => true,
            Start::AfterPerson | Start::AfterOpeningName => match self.subject_before(reading, at) {
                Subject::Person => true,
                // "They should all be shot.": only as a whole clause.
                Subject::UnnamedPlural => end >= hashes.len() || !within_one_clause(features, end - 1, end),
                Subject::NotPerson => {
                    construction.start == Start::AfterOpeningName && self.opening_name_before(reading, at)
                }
            },
            Start::AfterFirstPerson => {
                let i = back_over(features, at, &w.imperative_fillers);
                i > 0 && w.first_person.contains(&hashes[i - 1]) && within_one_clause(features, i - 1, i)
            }
            Start::Imperative | Start::Called | Start::Intent | Start::OpensClause => {
                let first = back_over(features, at, &w.imperative_fillers);
                // "Can someone shoot him? We need a headshot": a
                // photographer's, read anywhere near.
                if hashes[at] == w.shoot && self.photographed(reading, at, end) {
                    return false;
                }
                let intent = || construction.start.imperative() && self.threat_by_intent(reading, at, first, end);
                if construction.start == Start::Intent {
                    return intent();
                }
                // "Someone shoot him": the imperative's addressee named
                // at the clause's start. Not before a verb whose past tense
                // is the same word: that is a report ("Someone put a bullet
                // in his head in 1994"); nor with a thing sent after the
                // target's words, in their clause ("Someone shoot the
                // journalist who wrote this an email"; not "..., no
                // questions asked" or "... and post the link").
                let sent = || {
                    (end..(end + 8).min(last + 1))
                        .take_while(|&k| {
                            within_one_clause(features, end - 1, k) && !w.clause_joins.contains(&hashes[k])
                        })
                        .any(|k| w.sent_things.contains(&hashes[k]))
                };
                // "Can someone shoot him already?": asked after a modal that
                // opens the question, a request ([`Words::modal_questions`]).
                let opens = |i: usize| i == 0 || !within_one_clause(features, i - 1, i);
                let addressed = |i: usize| {
                    w.addressees.contains(&hashes[i])
                        && !w.past_alike.contains(&hashes[at])
                        && (opens(i) || (w.request_modals.contains(&hashes[i - 1]) && opens(i - 1)))
                        && !sent()
                };
                let caller = |h: u64| {
                    w.callers.contains(&h) && !(construction.start == Start::Called && w.bare_callers.contains(&h))
                };
                // "You should take her out, she is lovely": the reader told
                // what to do with someone is advice.
                let advised = construction.start == Start::Called
                    && first > 1
                    && hashes[first - 2] == w.you
                    && within_one_clause(features, first - 2, first);
                let called = construction.start.imperative()
                    && !advised
                    && first > 0
                    && ((caller(hashes[first - 1])
                        && (hashes[first - 1] != w.to
                            || (first > 1 && w.callers_before_to.contains(&hashes[first - 2]))))
                        || addressed(first - 1));
                let bare = first == 0 || !within_one_clause(features, first - 1, first);
                (bare && construction.start != Start::Called) || called || intent()
            }
            Start::Wish => {
                // "Rot in hell!", "Go rot in hell", "may he rot in hell",
                // "he can rot in hell"; not "sinners burn in hell" or "this
                // law can rot in hell".
                let from = if at > 0 && hashes[at - 1] == w.go { at - 1 } else { at };
                let opens = from == 0 || !within_one_clause(features, from - 1, from);
                let may_someone = at > 1 && hashes[at - 2] == w.may;
                let someone_wishes = at > 1
                    && w.wish_modals.contains(&hashes[at - 1])
                    && matches!(self.subject_before(reading, at - 1), Subject::Person);
                opens || may_someone || someone_wishes
            }
        }
    }

    /// Whether the subject just before the modal at `at` is one word that
    /// opens its sentence and may be a name: written with a capital, not
    /// a plural, a pronoun, a quantifier or an abstract noun ("Putin", not
    /// "Traitors", "It", "Everything" or "Corruption").
    fn opening_name_before(&self, reading: &Reading, at: usize) -> bool {
        let (features, hashes) = (reading.features, reading.hashes);
        let i = back_over(features, at, &self.words.subject_fillers);
        let Some(subject) = i.checked_sub(1).filter(|&s| within_one_clause(features, s, at)) else {
            return false;
        };
        let opens = subject == 0 || !within_one_sentence(features, subject - 1, subject);
        let token = &features.tokens.tokens[subject];
        let word = features.normalized.text.get(token.start as usize..token.end as usize).unwrap_or("");
        opens
            && capital_letter(reading.comment, features, subject)
            && !self.words.no_names.contains(&hashes[subject])
            && (!word.ends_with('s') || NAME_ENDINGS_IN_S.iter().any(|ending| word.ends_with(ending)))
            && !ABSTRACT_ENDINGS.iter().any(|ending| word.ends_with(ending))
    }

    /// What the subject just before the modal at `at` is: a person ("he",
    /// "traitors", "Kim Jong Un", "the people who passed this law",
    /// "whoever did this"), "they" in a comment that names no people, or
    /// something else.
    fn subject_before(&self, reading: &Reading, at: usize) -> Subject {
        let (features, hashes, w) = (reading.features, reading.hashes, &self.words);
        let i = back_over(features, at, &w.subject_fillers);
        let Some(subject) = i.checked_sub(1).filter(|&s| within_one_clause(features, s, at)) else {
            return Subject::NotPerson;
        };
        let h = hashes[subject];
        // "Kim Jong-un should ...": the name's last part, joined by a hyphen.
        let joined_to_name = subject > 0
            && text_between(features, subject - 1, subject) == Some("-")
            && written_capitalized(reading.comment, features, subject - 1);
        if joined_to_name {
            return Subject::Person;
        }
        // A capitalized word in quotation marks after a word for terms is
        // a term named, not a person: 'The term "Umbrella Term" needs to be
        // taken out' ('"Sleepy Joe" should be hanged' names a person).
        let quoted = || {
            let mark = |gap: &str| gap.contains(['"', '\'', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}']);
            let closes = text_between(features, subject, subject + 1).is_some_and(mark);
            // A word for terms a few words back, in the sentence.
            let term = (subject.saturating_sub(TERM_REACH)..subject)
                .any(|j| w.term_nouns.contains(&hashes[j]) && within_one_sentence(features, j, subject));
            closes && term
        };
        if w.person_pronouns.contains(&h)
            || w.person_word(h)
            || (written_capitalized(reading.comment, features, subject) && !quoted())
        {
            return Subject::Person;
        }
        if w.plural_pronouns.contains(&h) {
            return if self.names_people(reading) { Subject::Person } else { Subject::UnnamedPlural };
        }
        // A relative clause: "the people who passed this law", "whoever
        // did this", "anyone who does that".
        let clause_start = (subject.saturating_sub(8)..subject)
            .rev()
            .find(|&j| !within_one_clause(features, j, j + 1))
            .map_or(subject.saturating_sub(8), |j| j + 1);
        for j in (clause_start..subject).rev() {
            if hashes[j] == w.whoever {
                return Subject::Person;
            }
            if hashes[j] == w.who {
                let antecedent = j.checked_sub(1).map(|a| hashes[a]);
                let person = antecedent.is_some_and(|a| w.person_word(a) || w.person_pronouns.contains(&a));
                return if person { Subject::Person } else { Subject::NotPerson };
            }
        }
        Subject::NotPerson
    }
}

/// What stands before a modal.
enum Subject {
    Person,
    /// "they" or "them", in a comment that names no people.
    UnnamedPlural,
    NotPerson,
}

/// The first token of the run of `fillers` that ends just before token
/// `at` within its clause ("we should *just simply* shoot him"); `at` when
/// there is none.
fn back_over(features: &Features, at: usize, fillers: &IntSet<u64>) -> usize {
    let hashes = features.token_hashes();
    let mut i = at;
    while i > 0 && fillers.contains(&hashes[i - 1]) && within_one_clause(features, i - 1, i) {
        i -= 1;
    }
    i
}

/// Whether the sentence whose last token is `last` ends in a question mark
/// ("Should he be shot?", "Do you think he deserves to die... or not?").
pub(super) fn asks(features: &Features, last: usize) -> bool {
    let tokens = &features.tokens.tokens;
    let rest = features.normalized.text.get(tokens[last].end as usize..).unwrap_or("");
    let upto = tokens.get(last + 1).map_or(rest.len(), |next| (next.start - tokens[last].end) as usize);
    rest.get(..upto).unwrap_or(rest).contains('?')
}

/// How many tokens from `i` on make a name: capitalized words, not at a
/// sentence's start, up to three, and what a hyphen joins to them
/// ("Jong-un"); or a title and the capitalized name after it ("President
/// Putin", "Mr. Putin").
fn name_length(reading: &Reading, i: usize, titles: &IntSet<u64>) -> usize {
    let (features, hashes) = (reading.features, reading.hashes);
    if hashes.get(i).is_some_and(|h| titles.contains(h)) {
        let named = i + 1 < hashes.len() && capital_letter(reading.comment, features, i + 1);
        return if named { 1 + name_length_from(reading, i + 1, true) } else { 0 };
    }
    name_length_from(reading, i, false)
}

fn name_length_from(reading: &Reading, i: usize, after_title: bool) -> usize {
    let features = reading.features;
    let count = reading.hashes.len();
    let mut len = 0;
    while i + len < count && len < 4 {
        let t = i + len;
        let joined = len > 0 && text_between(features, t - 1, t) == Some("-");
        let capitalized = if len == 0 && after_title {
            capital_letter(reading.comment, features, t)
        } else {
            written_capitalized(reading.comment, features, t)
        };
        if !(joined || (len < 3 && capitalized)) {
            break;
        }
        len += 1;
    }
    len
}

impl Construction {
    fn new(spec: &Spec) -> Self {
        let &Spec { what, start, slots, not_followed_by, ending, needs_people, names, even_asked } = spec;
        let words = |alternatives: &str| WordList::from_entries(alternatives.split('|').map(str::trim));
        let slots = slots
            .iter()
            .map(|&slot| match slot {
                "PERSON" => Slot::Person,
                "TARGET" => Slot::Target { crowds: words(CROWDS), named_crowds: words(NAMED_CROWDS) },
                "WHOSE" => Slot::Whose(words("his|her|their")),
                "PLURAL" => Slot::Plural,
                _ => match slot.strip_prefix('?') {
                    Some(optional) => Slot::Optional(words(optional)),
                    None => Slot::Words(words(slot)),
                },
            })
            .collect();
        let not_followed_by = not_followed_by.iter().flat_map(|words| words.iter()).map(|w| token_hash(w)).collect();
        Construction { what, start, slots, not_followed_by, ending, needs_people, names, even_asked }
    }
}

/// Whether the token at `at` was written with a capital letter, and does
/// not open its sentence (where every word has one).
fn written_capitalized(comment: &Comment, features: &Features, at: usize) -> bool {
    at > 0 && within_one_sentence(features, at - 1, at) && capital_letter(comment, features, at)
}

/// Whether the token at `at` was written with an apostrophe ("he'll", not
/// "hell").
fn written_with_apostrophe(comment: &Comment, features: &Features, at: usize) -> bool {
    features.written_token(comment.content.as_str(), at).is_some_and(|written| written.contains(['\'', '\u{2019}']))
}

/// Whether the token at `at` was written as a possessive: with an
/// apostrophe inside ("neighbour's") or right after ("ministers'").
fn possessive(comment: &Comment, features: &Features, at: usize) -> bool {
    let Some(token) = features.tokens.tokens.get(at) else {
        return false;
    };
    let original = comment.content.as_str();
    let end = features.normalized.origin.get(token.end as usize).map_or(original.len(), |&o| o as usize);
    let plural = features.tokens.text(token).ends_with('s');
    written_with_apostrophe(comment, features, at)
        || (plural && original.get(end..).is_some_and(|after| after.starts_with(['\'', '\u{2019}'])))
}

/// Whether the token at `at` was written with a capital letter.
fn capital_letter(comment: &Comment, features: &Features, at: usize) -> bool {
    let Some(token) = features.tokens.tokens.get(at).filter(|t| t.kind == TokenKind::Word) else {
        return false;
    };
    let original = comment.content.as_str();
    let written = features.normalized.origin.get(token.start as usize).and_then(|&o| original.get(o as usize..));
    // "Putin", not "PUTIN": in capitals every word has one.
    let mut letters = written.into_iter().flat_map(str::chars).take_while(|c| c.is_alphabetic());
    // Two letters at least: "I" is no name.
    letters.next().is_some_and(char::is_uppercase) && letters.next().is_some_and(char::is_lowercase)
}

/// The hash of an entry's first word, as the tokenizer hashes it.
fn first_word_hash(entry: &str) -> u64 {
    token_hash(entry.split_whitespace().next().unwrap_or(entry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CommentDraft, FieldNames};
    use crate::text::Featurizer;

    /// The rule's message for `text`, if it holds it.
    fn held(threat: &Threat, text: &str) -> Option<String> {
        let comment = CommentDraft { content: Some(text.into()), ..Default::default() }
            .validate(FieldNames::JSON, false)
            .unwrap();
        let features = Featurizer::default().featurize(&comment.model_input());
        threat.check(&comment, &features).map(|hit| hit.message)
    }

    fn default_rule() -> Threat {
        Threat::new(&PolicySettings::default()).unwrap().expect("on by default")
    }

    #[test]
    fn violence_called_for_or_wished_on_others_is_held() {
        let threat = default_rule();
        for (text, said) in [
            // Calls: a modal before a passive, on a person.
            ("They should all be shot dead, the whole regime.", "should all be shot dead"),
            ("He should be publicly hanged in Red Square.", "should be publicly hanged"),
            ("Honestly, Kim Jong Un should be shot.", "should be shot"),
            ("Traitors like him deserve to be lynched.", "deserve to be lynched"),
            ("The general who gave the order should be shot.", "should be shot"),
            ("Whoever did this should be hanged.", "should be hanged"),
            // The people of the page: its author, its editor.
            ("The author should be shot.", "should be shot"),
            ("The editor should be hanged.", "should be hanged"),
            ("Whoever wrote this should be shot.", "should be shot"),
            ("Shoot the editor.", "shoot the editor"),
            ("They should all be killed.", "should all be killed"),
            // Imperatives, opening a clause or after a modal.
            ("Hang them all. Every last traitor.", "hang them all"),
            ("Immigrants are invading us. Shoot them at the border.", "shoot them"),
            ("Someone should put a bullet in his head.", "put a bullet in his head"),
            // An imperative addressed to anyone.
            ("Someone shoot the journalist who wrote this trash.", "shoot the journalist"),
            ("Honestly, somebody hang him already.", "hang him"),
            ("Someone shoot him, no questions asked.", "shoot him"),
            ("Someone shoot that traitor and post the link.", "shoot that traitor"),
            ("Someone should put a bullet in Putin's head.", "put a bullet in putins head"),
            ("We should just nuke the whole country.", "nuke the whole country"),
            ("Somebody needs to shoot him.", "shoot him"),
            ("Hang Putin.", "hang putin"),
            ("Jail? No, hang him.", "hang him"),
            ("Line them up against a wall.", "line them up against a wall"),
            ("Death to the dictator and all his generals.", "death to the dictator"),
            ("Can someone please just shoot him?", "shoot him"),
            // Wishes.
            ("I hope Kim Jong-un dies.", "hope kim jong un dies"),
            ("I hope Putin Dies", "hope putin dies"),
            ("honestly hope he gets shot", "hope he gets shot"),
            ("I pray he dies slowly.", "pray he dies slowly"),
            ("Let the refugees drown.", "let the refugees drown"),
            ("Refugees? Let them starve.", "let them starve"),
            ("Boomers are parasites. The sooner they all die the better.", "the sooner they all die"),
            ("Can't wait for him to die.", "cant wait for him to die"),
            ("Can't wait to dance on his grave.", "dance on his grave"),
            ("Just die already, old man.", "die already"),
            ("Traitors, every one. I want them all dead.", "want them all dead"),
            ("May he rot in hell.", "rot in hell"),
            ("Putin? He can rot in hell.", "rot in hell"),
            ("Go rot in hell, Kim.", "rot in hell"),
            ("I hope Putin and Kim both die.", "hope putin and kim both die"),
            // On the journey of the seed story.
            ("I hope Putin dies on that train.", "hope putin dies on that train"),
            ("Hope Kim dies on his armoured train.", "hope kim dies on his armoured train"),
            ("I hope the author dies on his next flight.", "hope the author dies on his next flight"),
            ("I hope he dies on the flight back.", "hope he dies on the flight back"),
            // "her" is a person unless a thing of hers follows.
            ("Let her rot.", "let her rot"),
            ("Put her against the wall.", "put her against the wall"),
            ("Someone should shoot her lol", "shoot her"),
            ("Hang her high.", "hang her"),
            // A name opening its sentence, before the verbs said of people.
            ("Putin should be shot.", "should be shot"),
            ("Kim should be hanged, the sooner the better.", "should be hanged"),
            ("Assad must hang.", "must hang"),
            ("Lukashenko deserves a bullet.", "deserves a bullet"),
            // A simile of an execution after the name's call.
            ("Putin should be strung up like Mussolini.", "should be strung up"),
            ("Kim should be shot like a rabid dog, in front of his generals.", "should be shot"),
            // A title's full stop ends no sentence.
            ("Mr. Putin should be shot.", "should be shot"),
            ("Dr. Evil should die.", "should die"),
            ("Vance should be shot.", "should be shot"),
            ("Nancy should hang.", "should hang"),
            ("Harris should be shot.", "should be shot"),
            ("Boris must hang.", "must hang"),
            // Wished in the past.
            ("He should have been shot years ago.", "should have been shot"),
            ("They should all have been hanged, every one of them.", "should all have been hanged"),
            ("He should have been shot at birth.", "should have been shot"),
            ("He should have been hanged in public.", "should have been hanged"),
            ("Putin should have been shot.", "should have been shot"),
            ("that traitor shouldve been strung up", "shouldve been strung up"),
        ] {
            let message = held(&threat, text).unwrap_or_else(|| panic!("not held: {text}"));
            assert!(message.contains(&format!("{said:?}")), "{text}: {message}");
        }
    }

    #[test]
    fn killing_in_other_words_is_a_call_and_its_everyday_senses_are_not() {
        let threat = default_rule();
        for (text, said) in [
            ("Someone should take out the mayor.", "take out the mayor"),
            ("Someone take him out already.", "take him out"),
            ("The reporter who wrote this needs to be taken out.", "needs to be taken out"),
            ("I'll put him in the hospital.", "put him in the hospital"),
            ("This reporter needs to be put in the ground.", "needs to be put in the ground"),
            ("Someone should put that journalist in the ground.", "put that journalist in the ground"),
            ("that blogger should be sent to meet his maker", "should be sent to meet his maker"),
            ("Drive a truck into that march.", "drive a truck into that march"),
            ("Someone should run the whole peace march over.", "run the whole peace march over"),
            ("Mow them down, the protesters deserve it.", "mow them down"),
            ("Give him the Gaddafi treatment.", "give him the gaddafi treatment"),
            ("Putin deserves the Gaddafi treatment.", "deserves the gaddafi treatment"),
            ("Do him like Mussolini.", "do him like mussolini"),
            ("Hang Putin like Mussolini.", "hang putin"),
            ("Guillotines for every politician who voted for this war.", "guillotines for every politician"),
            ("I hope someone shoots him.", "hope someone shoots him"),
            ("Hope somebody takes him out soon.", "hope somebody takes him out"),
            ("Can someone shoot him already?", "shoot him"),
            ("Somebody needs to unalive the author of this garbage.", "unalive the author"),
            ("Where's a sniper when you need one?", "wheres a sniper when you need one"),
            ("I know where this reporter lives.", "know where this reporter lives"),
            ("It would be a shame if something happened to him.", "shame if something happened to him"),
            ("I'll put him in the hospital, mark my words.", "put him in the hospital"),
            ("The mayor has to be taken out.", "has to be taken out"),
            ("Lampposts for the ministers, that is the only answer.", "lampposts for the ministers"),
            ("Smoking is bad but I'll put you in the ground myself.", "put you in the ground"),
            // A code review's: news words are no camera, "now" is urgent,
            // a bullet at the reader, a quoted nickname is a person.
            ("Someone should shoot the editor of this paper.", "shoot the editor"),
            ("Someone should take out the mayor now.", "take out the mayor"),
            ("You should put a bullet in your brain.", "put a bullet in your"),
            ("I'll put you in the hospital.", "put you in the hospital"),
            ("\"Sleepy Joe\" should be hanged.", "should be hanged"),
        ] {
            let message = held(&threat, text).unwrap_or_else(|| panic!("{text:?} should be held"));
            assert!(message.contains(&format!("{said:?}")), "{text:?}: {message}");
        }
        for text in [
            "Someone should take out the trash in this comment section, figuratively speaking.",
            "Ukraine should take out the Kerch bridge.",
            "Take him out to dinner and talk him round.",
            "Take them out of school for the day, the march is worth seeing.",
            "We'll take them out in the second round.",
            "Can someone take out the typos in this article?",
            "He ended up in the hospital after the crash.",
            "Put her in the hospital's care and let the doctors decide.",
            "I know where she lives, we're neighbours.",
            "Threatening to run over protesters is a crime.",
            "Drive a truck into the market at dawn and unload before the stalls open.",
            "Gaddafi was dragged through the streets of Sirte in 2011 and killed.",
            "Can someone shoot me the link to the full speech?",
            "Could somebody shoot him an email about the correction?",
            "In Call of Duty I always go sniper, where's a sniper when you need one on my team",
            "Where's the sniper footage the police promised?",
            "I hope someone takes him to court.",
            "I hope someone kills him in the debate tonight.",
            "It would be a shame if something happened to the ceasefire.",
            "Feed them to the wolves, the party will say, once the polls turn.",
            // Care, dates, sport and photographs in the same words.
            "They should put him in the hospital, he has been coughing for weeks.",
            "He needs to be put in the hospital, his fever will not go down.",
            "Take him out somewhere nice for your first date.",
            "Please take him out, he has been crying all afternoon.",
            "Put him in the ground at first slip, that is where he belongs.",
            "Smoking will put you in the ground, my doctor said.",
            "This diet will send you to an early grave.",
            "Can someone shoot him? We need a headshot for the campaign website.",
            "Do him like Mussolini did the trains: on time, for once.",
            // A warning explained, or concern.
            "I know where this reporter lives. She is my neighbour and she is lovely.",
            "It would be a shame if something happened to him, he is the best player we have.",
            // A call quoted to condemn it.
            "Comments like \"someone should take out the mayor\" are disgusting.",
            // A code review's: a question about a story, advice, a crowd
            // to get through, care, an account.
            "Will somebody kill him before the finale?",
            "You should take her out, she is lovely.",
            "Just plow through the crowd, the exit is at the back.",
            "His cough is worse. I'm going to put him in the hospital tonight.",
            "It would be a shame if something happened to your account.",
        ] {
            assert_eq!(held(&threat, text), None, "{text:?}");
        }
    }

    #[test]
    fn reports_denials_questions_and_things_are_not_calls() {
        let threat = default_rule();
        for text in [
            // Reports of violence, in any tense.
            "The regime executed his uncle with anti-aircraft guns in 2013.",
            "Russia's shelling killed them in their beds, according to the UN report.",
            "Witnesses say the soldiers shoot them as they run.",
            "He was hanged in 2006 after a trial many called a farce.",
            "Mussolini was strung up in Milan in 1945.",
            "A bullet in his head, the coroner said, fired at close range.",
            "Someone put a bullet in his head in 1994 and the case was never solved.",
            // Denials, rejections and questions.
            "Nobody deserves to die like that, not even him.",
            "No one, not even a terrorist, should be tortured or shot.",
            "I really don't think that he should be shot.",
            "Those conscripts did not deserve to die for Putin's vanity.",
            "Should he be shot? I don't think the state should kill anyone.",
            "Does anyone really deserve to die for a tweet?",
            "Do you think he should be shot... or is that too harsh?",
            // Someone else's words and opinions.
            "He said the protesters should be shot, and that is why he must resign.",
            "The general who said that the protesters should be shot was sacked.",
            "The author wrote that traitors should be shot; the paper should not have printed it.",
            "The author was shot in 2019 while reporting from Donetsk.",
            "The author should be shot down in the reviews for this nonsense.",
            "I hope he dies on the train home, he always said he would, he loved trains.",
            "'They should all be shot,' the general said on state TV.",
            "Medvedev posted this morning:\n'The traitors must be shot.'",
            "The crowd chanted 'hang him' outside the court.",
            "Many people think he should be shot, and I understand the anger.",
            "In 1946 the tribunal ruled that the Nazi leaders should be hanged.",
            // Things, idioms and other meanings.
            "That bill should be killed in committee.",
            "Malaria must be wiped out, and it can be.",
            "The portraits should be hung at eye level.",
            "The scene should be shot at night, the director said.",
            "Air defence should shoot them down before they reach Kyiv.",
            "If Russian drones keep crossing into Polish airspace, shoot them.",
            "Those old tax records? Burn them.",
            "Just shoot him an email and ask.",
            "Someone shoot me an email when the report is out.",
            "Someone shoot this down in committee, please.",
            "When someone shoot him a message, tell me.",
            "Someone shoot the journalist who wrote this an email, there's a typo.",
            "Everyone deserves to die with dignity.",
            "The bill deserves to die in committee.",
            "I hope he dies peacefully, surrounded by his family.",
            "My gran is in hospice. I just hope she dies without pain.",
            "I hope it dies down before the summit.",
            "Landline phones? The sooner they die out the better.",
            "My grandmother believed that sinners burn in hell.",
            "In Dante's Inferno, Judas rots in hell.",
            "Let them talk. Diplomacy is cheaper than war.",
            "Let the market decide.",
            "She looked drop dead gorgeous at the gala.",
            "Kill two birds with one stone: sanctions and diplomacy.",
            "LETS JUST HANG OUT SOMETIME AND TALK",
            "This heatwave needs to die already.",
            // From the code review: other senses, names that are not
            // people, crowds of things, damnations of things, kind wishes.
            "She should swing by the office later.",
            "You guys should hang sometime!",
            "She deserves to hang out with her friends.",
            "Hang Seng fell 2% on Monday.",
            "Kill Bill is a great film.",
            "Dune should be shot entirely on film.",
            "Barbie should be shot in public.",
            "Dune should be shot at dawn, in the desert.",
            "Let Twitter die.",
            "Those old tax records? Burn them all.",
            "This law can rot in hell.",
            "Sinners are going to burn in hell.",
            "These weeds are everywhere. I hope they die.",
            "Russian drones keep coming. I hope they get shot down.",
            "Everyone needs a bullet journal.",
            "Everyone must die eventually, that is life.",
            "That guy needs to be put down a peg or two.",
            "Let the noodles drown in the broth for a minute.",
            "Fans were dancing on Thatcher's grave in 2013.",
            "My gran is in agony. Honestly I hope she dies, she has suffered enough.",
            "If I am late again I should be shot.",
            "Nobody, and I mean nobody, should be shot dead.",
            "Hang Bob@example.com.",
            // Punishment argued as such is left to the model and moderators.
            "Kim should be tried at The Hague and executed if convicted.",
            "He deserves to rot in prison for the rest of his life.",
            "He should be hanged for treason, as the law then said.",
            // A capital opening a sentence is no name before other verbs,
            // nor when it is a pronoun, a plural or an abstract noun.
            "Putin must die politically before Russia can change.",
            "Corruption must be shot down wherever it appears.",
            "Terrorism should be wiped out.",
            "Everything should be shot on film.",
            "Video should be shot in 4K where possible.",
            "It should be shot again, the light was wrong.",
            "Art should hang at eye level.",
            "Putin should be shot down in the polls.",
            "Washing should hang.",
            "Kim needs a bullet train to get to Moscow faster.",
            "Anna needs the rope. The wall is too high.",
            "Tenet should be shot again with audible dialogue.",
            "Vladivostok should be shot from the Golden Bridge at night.",
            "Dune should be shot entirely on film.",
            "Tinsel should be strung up early.",
            "Meat must hang.",
            "Pandas should be shot in natural light.",
            "Hyenas should be shot.",
            "Badgers should be shot.",
            "Videos should be shot.",
            // A past passive that guesses, or says what was filmed.
            "He must have been shot from behind, the coroner said.",
            "He could have been shot if the guard had not intervened.",
            "The scene should have been shot in daylight.",
            "He should have been shot down over Syria, but the missile missed.",
            "Putin should have been shot at more often by the press.",
            "Tenet should have been shot on film.",
            "Honestly Ellie should have been killed in the first game.",
            "Walrus should be shot.",
            "Dress must hang.",
            "Grouse should be shot.",
        ] {
            assert_eq!(held(&threat, text), None, "{text}");
        }
    }

    #[test]
    fn the_writers_own_intent_to_kill_others_is_a_threat() {
        let threat = default_rule();
        for (text, said) in [
            ("I will kill him.", "kill him"),
            ("I'm going to find him and beat him to death.", "beat him to death"),
            ("I'll happily shoot every last one of them, the traitors.", "shoot every last one of them"),
            ("We're coming to string them up, the traitors.", "string them up"),
            ("We'll hang the lot of them, the traitors.", "hang the lot of them"),
            ("I want to strangle him, honestly.", "strangle him"),
            ("Imma break his legs.", "break his legs"),
            ("If he shows up here again I'll shoot him.", "shoot him"),
            ("i'm definately going to kill my stepdad tonight", "kill my stepdad"),
            ("i will kill her lol", "kill her"),
            ("I'll find him then kill him.", "kill him"),
            ("i swear ill kill him", "kill him"),
            ("I'll shoot him myself.", "shoot him"),
            ("I'll shoot him tomorrow.", "shoot him"),
            ("I'm going to shoot my landlord tonight.", "shoot my landlord"),
            ("I'll kill the judge's wife.", "kill the judges wife"),
            ("If he shows up at my door again, I'll shoot him.", "shoot him"),
            ("If the ATF comes for my guns, I'll shoot them all, the traitors.", "shoot them all"),
            ("Honestly I'm gonna stab that landlord next time.", "stab that landlord"),
            ("I'm going to kill her and her lawyer.", "kill her"),
            ("Next time I see him I'm going to kick his head in.", "kick his head in"),
            ("I'll beat that smug lying judge senseless.", "beat that smug lying judge senseless"),
            ("Those teenagers again. I'll take a bat to every one of them.", "take a bat to every one of them"),
            ("Protesters blocking the road again? I'm going to run them over.", "run them over"),
        ] {
            let message = held(&threat, text).unwrap_or_else(|| panic!("not held: {text}"));
            assert!(message.contains("threatens violence against others"), "{text}: {message}");
            assert!(message.contains(&format!("{said:?}")), "{text}: {message}");
        }
        for text in [
            // Another sense, a thing, a condition, a denial, a report.
            "I'll shoot him an email tomorrow.",
            "I'm going to execute the migration script tonight.",
            "I'll kill the lights when I leave.",
            "If someone breaks into my house, I'll shoot him.",
            "I'm going to shoot her portrait for the local paper.",
            "I'll kill the lights and the engine, then we wait.",
            "Unless they surrender, we will bomb them, the general said.",
            "I will never kill him, whatever he did.",
            "He said: 'I will kill him.'",
            "I'll shoot them in natural light, the portraits look better.",
            "Well, shoot him a message then.",
            // Who "them" is must be people.
            "Old tax records? I'll burn them all.",
            "Old tax records? I'll take a hammer to them.",
            // From the code review: another phrase after the determiner,
            // possessives, farms, effigies and games, photographers,
            // sports, war, self-defence in other words, "ill" as sick.
            "I'm going to fry the chicken for everyone tonight.",
            "I'm going to burn her old letters tonight.",
            "I'll hang her coat in the hall.",
            "I'll take a machete to her hedge.",
            "I'll kill her tomatoes if I forget to water them.",
            "I'll kill this feature for everyone tomorrow.",
            "I'm going to shoot my neighbour's wedding next month.",
            "I'd like to hang the minister's portrait in the hall.",
            "I'm going to take an axe to the ministers' expense accounts.",
            "Next run I'm going to kill the merchant guy first, then grab the loot.",
            "I'm going to shoot the protesters at Saturday's march for the paper.",
            "I'm going to grab my camera and shoot the protesters at the march.",
            "I'll shoot the president tomorrow for the magazine cover.",
            "Chelsea fans, listen up. We're going to beat them senseless on Saturday.",
            "If the Iranians close the strait, we will bomb them.",
            "Studies show the mentally ill kill people far less often than the sane.",
            "If someone points a gun at my kids, I'll shoot him first.",
            "I'll shoot him if he breaks into my house.",
            "If a burglar ever gets into the house in the middle of the night while my two kids are asleep upstairs, I'll shoot him.",
            "The protesters' tests failed? Run them over the weekend.",
        ] {
            assert_eq!(held(&threat, text), None, "{text}");
        }
    }

    #[test]
    fn constructions_ending_a_clause_sentence_or_comment_have_no_follow_up_words() {
        // `ends_well` returns before reading `not_followed_by` for these
        // endings, so a list given with them would be ignored.
        for spec in CONSTRUCTIONS {
            let empty = spec.not_followed_by.iter().all(|words| words.is_empty());
            assert!(spec.ending == Ending::Anywhere || empty, "{:?}", spec.slots);
        }
    }

    #[test]
    fn a_threat_at_the_reader_quoted_in_a_report_is_someone_elses() {
        let threat = default_rule();
        for text in [
            "Police say the man wrote \"I know where you live\" to the journalist.",
            "The court heard the defendant sent \"watch your back\" messages to the councillor.",
            "\"I will kill you,\" he told her, according to the indictment.",
            "He texted her 'you're dead' and the police did nothing.",
            "The troll wrote: \"I will kill you\". Sick.",
        ] {
            assert_eq!(held(&threat, text), None, "{text:?}");
        }
        for text in [
            // The writer's own, quoted or not.
            "I told him \"I will kill you\" and I meant it.",
            "Consider this a threat: \"I know where you live.\"",
            "My message to the mayor: \"we know where you live\"",
            "\"I know where you live.\" Think about that.",
            "I know where you live, \"journalist\".",
            // Reported, but not quoted: the writer may be the one who
            // wrote it.
            "He said it and I say it too: I will kill you.",
        ] {
            assert!(held(&threat, text).is_some(), "{text:?} should be held");
        }
    }

    #[test]
    fn threats_at_the_reader_are_told_from_idioms_by_their_subject() {
        let threat = default_rule();
        for text in [
            "I will kill you.",
            "I'm going to kill you.",
            "Someone should kill you.",
            "Keep talking and I will break your legs.",
            "go fucking kill yourself",
            "Kill yourself.",
            // "kill yourself" is read as written: "you should kill
            // yourself" is the taunt.
            "You should kill yourself.",
            "We will find you and kill you.",
            "Somebody needs to break your legs.",
            "My friends will murder you.",
            "Our boys will be killing you soon.",
            "The Russians will kill you if you go there.",
            // Someone who threatens or wishes earlier in the clause.
            "I will seriously kill you.",
            "I'd love to kill you.",
            "I hope cancer kills you.",
            "I'm coming to your house to break your legs.",
            "He'll kill you.",
            "Go kill yourselves.",
            // A name, or a person from a place.
            "My cousin in Chicago will kill you.",
            "Kill yourself. Trying to reason with you is pointless.",
            "If you come back, Ivan will kill you.",
            "The guy from Kazan will kill you.",
            "My friends in Donetsk will kill you.",
        ] {
            assert!(held(&threat, text).is_some(), "not held: {text}");
        }
        for text in [
            "Smoking will kill you, my doctor said.",
            "That'll kill you faster than any bomb.",
            "Drinking that much will literally kill you.",
            "The heat is killing you slowly out there.",
            "Careful on that ice, you'll break your neck.",
            "Would it kill you to use punctuation?",
            "Those stairs will break your neck if you're not careful.",
            "Vodka kills you slowly, say the doctors.",
            "Sitting at a desk all day is killing you.",
            "Nobody is going to kill you for disagreeing here, relax.",
            "My mum will kill you if you call her borscht soup again.",
            "Those cigarettes were killing you.",
            "The commute from hell will kill you.",
            "I have MS. Vodka will kill you.",
            // Laughter and effort.
            "You'll kill yourself laughing at the state TV footage.",
            "You'll kill yourself trying to fix that old Lada.",
            // A place named after a preposition is no subject.
            "The cold in Yakutsk will kill you before the bears do.",
            "Winters in North Korea will kill you.",
            "A week at Burger King will kill you.",
        ] {
            assert_eq!(held(&threat, text), None, "{text}");
        }
    }

    #[test]
    fn each_form_has_its_own_switch() {
        let at_reader_only =
            Threat::new(&PolicySettings { threat_others: false, ..Default::default() }).unwrap().unwrap();
        assert_eq!(held(&at_reader_only, "He should be shot dead."), None);
        assert!(held(&at_reader_only, "i hope someone kills you").is_some());
        // A denial in the sentence before does not guard a threat.
        assert!(held(&at_reader_only, "You're not safe. Watch your back.").is_some());
        let others_only = Threat::new(&PolicySettings { threat: false, ..Default::default() }).unwrap().unwrap();
        assert_eq!(held(&others_only, "i hope someone kills you"), None);
        assert!(held(&others_only, "He should be shot dead.").is_some());
        let off = PolicySettings { threat: false, threat_others: false, ..Default::default() };
        assert!(Threat::new(&off).unwrap().is_none());
    }

    #[test]
    fn constructions_are_matched_whole_and_never_past_the_text() {
        let threat = default_rule();
        // Every construction cut short at the end of the text, and odd
        // input: nothing panics, and a cut construction does not count.
        for text in
            ["should be", "let the", "hope", "I hope Kim", "put a bullet in his", "the sooner they", "?", "…", "🔥"]
        {
            assert_eq!(held(&threat, text), None, "{text:?}");
        }
        // A line break ends a sentence: a title over a line is no call.
        assert_eq!(held(&threat, "Let the refugees\nDrown in paperwork: a review"), None);
    }
}
