//! `/ask` against the shipped dataset: questions as people type them,
//! each with the facts and words the answer must contain and the invented
//! answers it must not. One `check` helper; one row per question.

use factbot::commands::{Command, execute};
use factbot::reply::ReplyKind;

use crate::commands::shipped;

/// What the article cannot answer: the reply must say so.
const DOESNT_SAY: &str = "The article doesn't say";

/// Asks `question` and checks the plain-text reply holds every string of
/// `must` and none of `must_not` (case-insensitively).
fn check(question: &str, must: &[&str], must_not: &[&str]) {
    let reply = execute(
        shipped(),
        &Command::Ask {
            question: question.to_string(),
        },
    );
    let text = reply.to_plain_text();
    let lower = text.to_lowercase();
    for m in must {
        assert!(
            lower.contains(&m.to_lowercase()),
            "{question:?}: the answer should contain {m:?}\n---\n{text}"
        );
    }
    for m in must_not {
        assert!(
            !lower.contains(&m.to_lowercase()),
            "{question:?}: the answer must not contain {m:?}\n---\n{text}"
        );
    }
    // An answer always cites the article's words; "doesn't say" never
    // passes a suggestion off as an answer.
    if text.contains(DOESNT_SAY) {
        assert_eq!(reply.kind, ReplyKind::NotFound, "{question:?}\n{text}");
        assert!(reply.citations.is_empty(), "{question:?}\n{text}");
    } else {
        assert_eq!(reply.kind, ReplyKind::Answer, "{question:?}\n{text}");
        assert!(
            !reply.citations.is_empty(),
            "{question:?}: no citation\n{text}"
        );
    }
}

/// (question, must contain, must not contain)
type Row = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const DESIGNATIONS: &[Row] = &[
    (
        "Who designated the Taliban as a terrorist organisation, and when?",
        &[
            "Russia's Supreme Court",
            "2003",
            "criminal organization",
            "terrorist organisation",
            "ru-supreme-court-designates-taliban",
        ],
        &[DOESNT_SAY, "China designated", "United States designated"],
    ),
    (
        "When did Russia designate the Taliban?",
        &["In 2003", "ru-supreme-court-designates-taliban"],
        &[DOESNT_SAY, "1999:"],
    ),
    (
        "Which court banned the Taliban?",
        &["Russia's Supreme Court", "2003"],
        &[DOESNT_SAY],
    ),
    (
        "who labelled the taliban a criminal organization",
        &["Russia's Supreme Court", "criminal organization"],
        &[DOESNT_SAY],
    ),
    (
        "Is the Taliban on Russia's list of terrorists?",
        &["Yes.", "Russia designated the Taliban", "in force"],
        &[DOESNT_SAY, "No."],
    ),
    (
        "Is Russia considering removing the Taliban from its list of terrorist organisations?",
        &["Yes.", "under review", "russia-considering-removal"],
        &[DOESNT_SAY],
    ),
    (
        "Has Russia taken the Taliban off its terror list?",
        &["Not done", "under review", "russia-considering-removal"],
        &["Yes.", DOESNT_SAY],
    ),
    (
        "Why did the Russian Supreme Court designate the Taliban?",
        &[
            "Reason given",
            "Chechnya's illegal armed forces",
            "Uzbekistan, Tajikistan and Kyrgyzstan",
        ],
        &[DOESNT_SAY],
    ),
    (
        "What did the UN Security Council find the Taliban guilty of?",
        &[
            "refuge and training to foreign terrorists",
            "1999",
            "unsc-res-1267-taliban",
        ],
        &[DOESNT_SAY],
    ),
    (
        "Who enforced sanctions against the Taliban?",
        &[
            "Vladimir Putin",
            "imposed sanctions on the Taliban",
            "a few months afterwards",
        ],
        &[DOESNT_SAY],
    ),
    (
        "What did Putin ratify, and when?",
        &[
            "Putin's order implementing Resolution 1267",
            "a few months afterwards",
            "1999",
        ],
        &[DOESNT_SAY],
    ),
];

const DATES: &[Row] = &[
    (
        "When was Resolution 1267 adopted?",
        &["In 1999", "unsc-adopted-res-1267"],
        &[DOESNT_SAY],
    ),
    (
        "When was the CSTO formed?",
        &["2002", "Collective Security Treaty Organization"],
        &[DOESNT_SAY],
    ),
    (
        "When did Russia launch its regional initiative on Afghanistan?",
        &["In 2017", "russia-launched-moscow-format"],
        &[DOESNT_SAY],
    ),
    (
        "When did the Soviet Union fight in Afghanistan?",
        &["From 1979 to 1989"],
        &[DOESNT_SAY],
    ),
    (
        "What happened in 1999?",
        &["1999", "Resolution 1267"],
        &[DOESNT_SAY],
    ),
    (
        "When is the Taliban invited to the forum in Kazan?",
        &["May", "KazanForum"],
        &[DOESNT_SAY],
    ),
];

const MEMBERSHIP_AND_GOALS: &[Row] = &[
    (
        "Which countries are members of the CSTO?",
        &[
            "Armenia",
            "Belarus",
            "Kazakhstan",
            "Kyrgyzstan",
            "Tajikistan",
        ],
        &[DOESNT_SAY, "China"],
    ),
    (
        "How many members does the CSTO have?",
        &["5: Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan"],
        &[DOESNT_SAY, "6:"],
    ),
    (
        "Is Kazakhstan a member of the CSTO?",
        &["Yes.", "csto-members"],
        &[DOESNT_SAY, "No."],
    ),
    (
        "Who took part in the Moscow format talks?",
        &["China", "Iran", "Pakistan", "Central Asian states"],
        &[DOESNT_SAY],
    ),
    (
        "What is the Eurasian Economic Union?",
        &["five post-Soviet states"],
        &[DOESNT_SAY],
    ),
    (
        "What does the Taliban want?",
        &["global sanctions withdrawn", "UN seat", "frozen assets"],
        &[DOESNT_SAY],
    ),
    (
        "What does Russia aim to do in the region?",
        &["security provider", "security company"],
        &[DOESNT_SAY],
    ),
    (
        "What is Russia worried about?",
        &["drug trafficking", "Islamist extremism", "Crocus City Hall"],
        &[DOESNT_SAY],
    ),
    (
        "Has any country recognised the Taliban government?",
        &["No.", "no-state-recognises-taliban"],
        &[DOESNT_SAY, "Yes."],
    ),
    (
        "What would Afghanistan gain if sanctions were lifted?",
        &["Lapis Lazuli"],
        &[DOESNT_SAY],
    ),
];

const QUOTES_AND_SOURCE: &[Row] = &[
    (
        "What did Putin say in 2022?",
        &[
            "Vladimir Putin said",
            "multipolar world",
            "In 2022, Putin said:",
        ],
        &[DOESNT_SAY],
    ),
    (
        "Who called the West godless?",
        &["Russia", "godless"],
        &[DOESNT_SAY],
    ),
    (
        "Who wrote the article?",
        &["Intigam Mamedov", "mamedov-wrote-article"],
        &[DOESNT_SAY],
    ),
    (
        "Where does the author work?",
        &["Northumbria University"],
        &[DOESNT_SAY],
    ),
    ("Who published the article?", &["Asia Times"], &[DOESNT_SAY]),
    (
        "Where was this article republished from?",
        &["The Conversation"],
        &[DOESNT_SAY],
    ),
    (
        "Under what licence is the article?",
        &["Creative Commons"],
        &[DOESNT_SAY],
    ),
    (
        "Who is Intigam Mamedov?",
        &["Intigam Mamedov (person)", "Northumbria"],
        &[DOESNT_SAY],
    ),
];

const MISSPELLINGS: &[Row] = &[
    (
        "wen did rusia designate the talibn?",
        &["2003", "Russia's Supreme Court"],
        &[DOESNT_SAY],
    ),
    (
        "Who desginated the Taliban?",
        &["Russia's Supreme Court"],
        &[DOESNT_SAY],
    ),
    (
        "what does the talliban want",
        &["global sanctions withdrawn"],
        &[DOESNT_SAY],
    ),
    (
        "When was the Colective Security Treaty Organisation formed?",
        &["2002"],
        &[DOESNT_SAY],
    ),
    (
        "who is vladimr putin",
        &["Vladimir Putin (person)"],
        &[DOESNT_SAY],
    ),
];

const NOT_IN_THE_ARTICLE: &[Row] = &[
    (
        "When did China designate the Taliban?",
        &[DOESNT_SAY, "China", "Related, not an answer"],
        &[
            "Yes.",
            "China designated Taliban as",
            "China designated the Taliban in",
        ],
    ),
    (
        "What is the population of Kazan?",
        &[DOESNT_SAY, "population"],
        &["million", "population of Kazan is"],
    ),
    (
        "Who won the 2018 World Cup?",
        &[DOESNT_SAY],
        &["France", "Yes."],
    ),
    (
        "Did the United States designate the Taliban?",
        &[DOESNT_SAY],
        &["Yes."],
    ),
    (
        "Who is the leader of the Taliban?",
        &[DOESNT_SAY, "leader"],
        &["leader of the Taliban is"],
    ),
    (
        "What is the capital of Afghanistan?",
        &[DOESNT_SAY, "capital"],
        &["Kabul is the capital"],
    ),
    (
        "Did Russia designate the Taliban in 2010?",
        &[DOESNT_SAY, "2010"],
        &["Yes."],
    ),
    (
        "How much money has been frozen?",
        &[DOESNT_SAY],
        &["billion", "million"],
    ),
    (
        "What did Iran say about the Taliban?",
        &[DOESNT_SAY, "Iran"],
        &["Yes.", "Iran said the"],
    ),
    (
        "When did the Taliban take control of Afghanistan?",
        &["gives no date"],
        &["2021", "1996"],
    ),
];

fn run(rows: &[Row]) {
    for (question, must, must_not) in rows {
        check(question, must, must_not);
    }
}

#[test]
fn who_designated_whom_and_when() {
    run(DESIGNATIONS);
}

#[test]
fn dates() {
    run(DATES);
}

#[test]
fn membership_and_what_each_side_wants() {
    run(MEMBERSHIP_AND_GOALS);
}

#[test]
fn quotes_the_source_and_its_author() {
    run(QUOTES_AND_SOURCE);
}

#[test]
fn misspellings() {
    run(MISSPELLINGS);
}

#[test]
fn says_plainly_what_the_article_does_not_say() {
    run(NOT_IN_THE_ARTICLE);
}

#[test]
fn the_table_is_big_enough() {
    let all = [
        DESIGNATIONS,
        DATES,
        MEMBERSHIP_AND_GOALS,
        QUOTES_AND_SOURCE,
        MISSPELLINGS,
        NOT_IN_THE_ARTICLE,
    ];
    assert!(all.iter().map(|t| t.len()).sum::<usize>() >= 40);
    assert!(NOT_IN_THE_ARTICLE.len() >= 8);
}

/// The replies people got wrong before the staged `/ask`, judged by the
/// answer's first paragraph: (question, it must hold, it must not hold,
/// answered or not).
const ONCE_WRONG: &[(&str, &[&str], &[&str], ReplyKind)] = &[
    // Filler no longer vetoes the question.
    (
        "what does russia really want from the taliban?",
        &["Russia", "Taliban"],
        &["really", DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "so basically who runs the csto lol",
        &[
            DOESNT_SAY,
            "who runs the Collective Security Treaty Organization",
        ],
        &["basically"],
        ReplyKind::NotFound,
    ),
    (
        "what's the deal with the kazan forum",
        &["invited", "Kazan"],
        &[DOESNT_SAY, "deal"],
        ReplyKind::Answer,
    ),
    (
        "did russia break off ties with the taliban after 2003?",
        &["No.", "relations"],
        &["Yes", "break"],
        ReplyKind::Answer,
    ),
    // One-step reasoning.
    (
        "did turkey recognise the taliban government?",
        &["No.", "have not recognised", "every foreign state"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "is iran a member of the csto?",
        &["No.", "Armenia", "Iran is not among them"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "was the csto formed before or after the supreme court ruling?",
        &["Before", "2002", "2003"],
        &["After:"],
        ReplyKind::Answer,
    ),
    (
        "did the taliban designate russia?",
        &[DOESNT_SAY],
        &["Yes"],
        ReplyKind::NotFound,
    ),
    // A missing detail is said to be missing, never answered with another fact.
    (
        "who is the taliban's defence minister?",
        &[DOESNT_SAY, "defence"],
        &["embassy"],
        ReplyKind::NotFound,
    ),
    (
        "what is the taliban's ambassador called?",
        &[DOESNT_SAY],
        &["kept its embassy open in Afghanistan."],
        ReplyKind::NotFound,
    ),
    (
        "who signed resolution 1267?",
        &[DOESNT_SAY, "who signed"],
        &[],
        ReplyKind::NotFound,
    ),
    (
        "how long is the lapis lazuli corridor?",
        &["doesn't say how long", "no length"],
        &["gives no date"],
        ReplyKind::NotFound,
    ),
    // Fluent sentences: display forms and relative dates.
    (
        "When did Putin enforce sanctions against the Taliban?",
        &[
            "few months after UN Security Council Resolution 1267 (1999)",
            "the Taliban",
        ],
        &["[unsc-res-1267-taliban]", "afterwards (after"],
        ReplyKind::Answer,
    ),
    (
        "Who designated the Taliban in 2003?",
        &["Russia's Supreme Court designated the Taliban"],
        &["designated Taliban"],
        ReplyKind::Answer,
    ),
    (
        "What did the UN Security Council find the Taliban guilty of?",
        &["The UN Security Council found the Taliban guilty of providing refuge"],
        &["found guilty the"],
        ReplyKind::Answer,
    ),
];

/// One step further: synonyms of words the facts never use, a
/// description or a number the article gives otherwise, the order of two
/// dated facts asked as yes or no, whom an action was meant for, and a
/// clause that sets the scene of the claim (checked on its own).
const ONE_STEP_MORE: &[(&str, &[&str], &[&str], ReplyKind)] = &[
    (
        "Did the UN Security Council find the Taliban guilty of sheltering foreign terrorists?",
        &["Yes.", "refuge"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "what crisis is Afganistan facing",
        &["political and economic crisis"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "Is the EAEU a military alliance?",
        &["No.", "economic union"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "Is the CSTO an economic union?",
        &["No.", "military alliance"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "Is the Taliban a military alliance?",
        &["The article doesn't say that the Taliban is a military alliance."],
        &["Yes"],
        ReplyKind::NotFound,
    ),
    (
        "Are many countries getting ready to recognise the Taliban?",
        &["No.", "few signs of considering recognising"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    // Said of every state, but of another action: not a no for one state.
    (
        "is china considering recognising the taliban",
        &["The article doesn't say that China is considering recognising the Taliban."],
        &["No.", "removing"],
        ReplyKind::NotFound,
    ),
    (
        "Does the Eurasian Economic Union have six members?",
        &["No.", "five"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "Did the US succeed in stabilising Afghanistan?",
        &["No.", "failed"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "Did Putin sign his order before Resolution 1267 was adopted?",
        &["No, after:", "a few months after"],
        &["Before:"],
        ReplyKind::Answer,
    ),
    (
        "Who was Russia's 2017 initiative meant to engage?",
        &["the Kabul government and the Taliban"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "Did Russia stay in touch with the Taliban even after calling them terrorists?",
        &["Yes.", "in touch"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "When did Russia adopt the foreign policy concept that mentions Afghanistan?",
        &["In 2023", "Russia adopted"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "When did Russia adopt the foreign policy concept that mentions China?",
        &[DOESNT_SAY],
        &["In 2023"],
        ReplyKind::NotFound,
    ),
    (
        "who was usually in those 2017 afghanistan talks",
        &["China, Iran, Pakistan"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "what was the point of the moscow format talks",
        &["solutions"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "What is the article's headline?",
        &["The article's headline is “Putin wants to get closer to the Taliban”."],
        &[],
        ReplyKind::Answer,
    ),
    (
        "Was the Soviet Union fighting in Afghanistan in the 1990s?",
        &["No", "1979", "1989"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    // The same action by someone else is what the article does say.
    (
        "Did Putin write the article?",
        &[
            "doesn't say that Vladimir Putin wrote the article",
            "Intigam Mamedov wrote",
        ],
        &["Yes", "No."],
        ReplyKind::NotFound,
    ),
    (
        "Did the Taliban carry out the Crocus City Hall attack?",
        &[
            "doesn't say that the Taliban attacked Crocus City Hall",
            "ISIS-K attacked",
        ],
        &["Yes", "No.", "implemented"],
        ReplyKind::NotFound,
    ),
    (
        "Was any of the 2017 talks participants named in the article a CSTO member: China, Iran or Pakistan?",
        &[
            "No.",
            "None of China, Iran and Pakistan is among them in the article.",
        ],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "Which of the countries the Taliban allegedly wanted to take over are CSTO members?",
        &[
            "Kyrgyzstan and Tajikistan, going by the article's list.",
            "The Taliban was attempting to take control of",
        ],
        &["Uzbekistan and", "Uzbekistan, going"],
        ReplyKind::Answer,
    ),
    // Every fact alike is the answer, a shared reason said once.
    (
        "What does the Taliban want?",
        &[
            "global sanctions withdrawn",
            "UN seat",
            "frozen assets released. Reason given for each:",
        ],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // A place within a place: Kazan is in Russia.
    (
        "lol the taliban got invited to some forum in russia? when is it",
        &["In May", "Kazan"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // The invitation's fact names no one inviting; a fact that only has
    // the word does not answer for it.
    (
        "did russia invite the taliban",
        &["The article doesn't say that Russia invited the Taliban."],
        &["Yes"],
        ReplyKind::NotFound,
    ),
    // What is set aside is not counted, and a count in words cannot say
    // whether it was among them.
    (
        "how many members does the csto have, not counting armenia",
        &["4: Belarus, Kazakhstan, Kyrgyzstan and Tajikistan."],
        &["5:"],
        ReplyKind::Answer,
    ),
    (
        "how many members does the eaeu have, not counting russia",
        &["doesn't say how many"],
        &["5,"],
        ReplyKind::NotFound,
    ),
    // Years from a dated fact to the year asked.
    (
        "By 2023, how many years had the Taliban been on Russia's terror list?",
        &["20 years, to 2023:", "in 2003"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // A detail the answering fact lacks is not taken from a less sure fact
    // of another action.
    (
        "Why does being taken off Russia's terrorist list matter to the Taliban?",
        &["doesn't say why", "considering removing"],
        &["Chechnya"],
        ReplyKind::NotFound,
    ),
    // A number asked of a list is answered with what the list names; of
    // a count in words, yes or no, digits or not.
    (
        "does the csto have 6 members",
        &["5: Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan."],
        &["Yes", "No."],
        ReplyKind::Answer,
    ),
    (
        "does the eaeu have 5 members",
        &["Yes.", "five post-Soviet states"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "which of kazakhstan and uzbekistan did the taliban try to take over",
        &["Uzbekistan, going by the article's list."],
        &["Kazakhstan,"],
        ReplyKind::Answer,
    ),
    // Another thing's name is no word of the claim.
    (
        "is the eaeu a security alliance",
        &["No.", "economic union"],
        &["Yes"],
        ReplyKind::Answer,
    ),
    (
        "how long did the soviet afghan war last",
        &["10 years:", "from 1979 to 1989"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "what does the taliban think of russia",
        &["The Taliban does not necessarily trust Russia"],
        &["considering removing"],
        ReplyKind::Answer,
    ),
    (
        "what does russia think of the west",
        &["The article doesn't say that about Russia and the West."],
        &["does not necessarily"],
        ReplyKind::NotFound,
    ),
    // A refusal never says the article is silent on what it says.
    (
        "does russia have relations with the taliban in 2010",
        &["The article doesn't say that about Russia and the Taliban in 2010."],
        &["doesn't say that Russia has relations with the Taliban"],
        ReplyKind::NotFound,
    ),
    (
        "is russia taliban rapprochement definitive",
        &[DOESNT_SAY],
        &["Russia is the Taliban", "Yes", "No."],
        ReplyKind::NotFound,
    ),
    (
        "Was the article first published by Asia Times?",
        &[DOESNT_SAY, "Asia Times published the article."],
        &["published anyone or anything"],
        ReplyKind::NotFound,
    ),
    // A typo of a word the facts never use, and one that stems like
    // another word ("compred" as "comprise").
    (
        "what did the Untied States fail to acheive in Afghanistan",
        &["failed to bring stability"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "how does Russia want to be compred to the United Sates",
        &["favourably"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // A name used for another entity: "Moscow" for Russia, "the UN" for
    // its Security Council; a place named as where is the place.
    (
        "is Moscow a usefull ally for the Taliban",
        &["Yes.", "Russia is an ally of the Taliban"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "so what did the un actually accuse the taliban of back then",
        &["UN Security Council found the Taliban guilty of providing refuge"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "what happened in moscow",
        &["Crocus City Hall"],
        &["Moscow format"],
        ReplyKind::Answer,
    ),
    // What a document named is about only says which document.
    (
        "who put the un resolution on the taliban into effect in russia",
        &["Vladimir Putin implemented"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // Of more than two things named, the two compared.
    (
        "was putin's decree on the un resolution signed before or after the csto was formed",
        &[
            "Before:",
            "Collective Security Treaty Organization, in 2002",
        ],
        &["After"],
        ReplyKind::Answer,
    ),
    (
        "did the supreme court ruling come before or after russia started the moscow format talks",
        &["Before:", "Moscow format"],
        &["After"],
        ReplyKind::Answer,
    ),
    (
        "Did Russia designate the Taliban even after recognising them?",
        &[DOESNT_SAY, "recognised the Taliban"],
        &["Yes"],
        ReplyKind::NotFound,
    ),
    // Of facts as sure, the one in the question's own words first.
    (
        "so is this russia taliban rapprochement a done deal or just a maybe",
        &["Not done", "a potential rapprochement"],
        &["Yes", "cordial"],
        ReplyKind::Answer,
    ),
    (
        "What kind of rapprochement with the Taliban does the article describe for Russia?",
        &["Russia has relations with the Taliban (a potential rapprochement)"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    // A clause with its own subject sets the scene; the answer must come
    // after it.
    (
        "what did Vladimir Putin ratifiy after the UN resolution was adopted",
        &["Vladimir Putin signed Putin's order implementing Resolution 1267"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
    (
        "who did russia designate after the csto was formed",
        &["Russia's Supreme Court designated the Taliban", "2003"],
        &["formed the Collective Security Treaty Organization"],
        ReplyKind::Answer,
    ),
    (
        "what did Putin sign after the CSTO was formed",
        &[DOESNT_SAY],
        &["signed Putin's order", "formed"],
        ReplyKind::NotFound,
    ),
    // Who did both: each action asked on its own.
    (
        "Which country both kept its embassy in Afghanistan and designated the Taliban as terrorists?",
        &[
            "Russia kept its embassy open in Afghanistan.",
            "Russia designated the Taliban",
        ],
        &[DOESNT_SAY, "Supreme Court"],
        ReplyKind::Answer,
    ),
    (
        "which country both formed the csto and recognised the taliban",
        &[DOESNT_SAY],
        &["Russia formed"],
        ReplyKind::NotFound,
    ),
    // "These discussions" are the Moscow format's.
    (
        "What were the Moscow format discussions meant to achieve?",
        &["aims to offer solutions to Afghanistan's problems"],
        &[DOESNT_SAY, "included China"],
        ReplyKind::Answer,
    ),
    // An idiom: to cash in is to benefit.
    (
        "so afghanistan could cash in on the lapis lazuli corridor if the sanctions go?",
        &["Afghanistan would benefit from developing the critical Lapis Lazuli"],
        &[DOESNT_SAY],
        ReplyKind::Answer,
    ),
];

#[test]
fn the_replies_once_wrong_are_right() {
    first_paragraphs(ONCE_WRONG);
}

#[test]
fn one_step_further() {
    first_paragraphs(ONE_STEP_MORE);
}

/// Each question's first paragraph holds its musts, none of its must-nots,
/// and the reply is of its kind.
fn first_paragraphs(rows: &[(&str, &[&str], &[&str], ReplyKind)]) {
    for &(question, must, must_not, kind) in rows {
        let reply = execute(
            shipped(),
            &Command::Ask {
                question: question.to_string(),
            },
        );
        let first = factbot::eval::first_paragraph(&reply.body);
        for m in must {
            assert!(first.contains(m), "{question:?}: {m:?} not in {first:?}");
        }
        for m in must_not {
            assert!(!first.contains(m), "{question:?}: {m:?} in {first:?}");
        }
        assert_eq!(reply.kind, kind, "{question:?}: {first:?}");
    }
}
