//! Grading `/ask` on question files (`factbot eval`): each question is
//! asked, its reply graded correct, wrong or missed by one set of rules,
//! and the results summed per category, with the facts no question yet
//! asks about in each of the ways people ask.
//!
//! Why a file and a grader, beside `/ask`'s own tests: the questions are
//! written apart from the code, by someone who did not tune `/ask` to them,
//! and the grade says how far `/ask` is from the bar rather than which
//! assertion failed first. A *wrong* answer (saying what the article does
//! not) is worse than a *missed* one (refusing, or leaving something out):
//! refusing is safe, inventing is not, so one wrong answer fails the bar.
//!
//! Sans-IO like the commands: questions are parsed from `&str` ([`parse`]),
//! checked against a `&Dataset` ([`check_facts`]) and graded against it
//! ([`grade`]); `factbot eval` reads the files and prints the [`Report`].
//!
//! # The question file
//! ```toml
//! [[q]]
//! ask = "who designated the taliban a terrorist group, and when?"
//! category = "plain"   # plain | casual | misspelt | unanswerable | yes-no | inference
//! facts = ["ru-supreme-court-designates-taliban"]   # the facts asked about; may be [] or left out
//! expect = "answer"    # answer: the reply answers; refuse: it says the article doesn't say
//! starts = "Yes"       # optional: how the first paragraph starts (a word or phrase)
//! must = ["Supreme Court", "2003"]   # each in the first paragraph; "a|b": either
//! must_not = ["Putin"]               # none in the first paragraph
//! ```
//!
//! Only the reply's *first paragraph* (its body up to the first blank
//! line) is graded: the fields, such as the related facts a refusal lists,
//! never are. Words and phrases match case-insensitively and whole
//! ([`holds`]); punctuation in them counts, so `"1999:"` is not `"1999"`.

use std::fmt;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::commands::ask;
use crate::data::text::did_you_mean;
use crate::data::{Dataset, Problem};
use crate::reply::{Reply, ReplyKind, terminal_safe};

/// The share of a category's questions that must be correct, in percent.
pub const BAR_PERCENT: usize = 95;

/// The ways every fact must be asked about, at least once each.
pub const WAYS: [Category; 3] = [Category::Plain, Category::Casual, Category::Misspelt];

/// How a question is put.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// As written in a careful message.
    Plain,
    /// As typed in chat: lower case, loose grammar, slang.
    Casual,
    /// With typos.
    Misspelt,
    /// Something the article doesn't say.
    Unanswerable,
    /// A yes-or-no question.
    YesNo,
    /// Answered by putting facts together, or reading between their lines.
    Inference,
}

impl Category {
    /// Every category, in the report's order.
    pub const ALL: [Category; 6] = [
        Category::Plain,
        Category::Casual,
        Category::Misspelt,
        Category::Unanswerable,
        Category::YesNo,
        Category::Inference,
    ];

    /// The category as written in a question file.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Plain => "plain",
            Category::Casual => "casual",
            Category::Misspelt => "misspelt",
            Category::Unanswerable => "unanswerable",
            Category::YesNo => "yes-no",
            Category::Inference => "inference",
        }
    }
}

/// What the reply must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// An answer (reply kind `answer`).
    Answer,
    /// "The article doesn't say" (reply kind `not_found`).
    Refuse,
}

/// Where a question is written: `tests/questions/sample.toml:12`, question 3.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, counted in its file.
    pub number: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} (question {})", self.file, self.line, self.number)
    }
}

/// One `[[q]]` of a question file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Set by [`parse`], not read from the file.
    #[serde(skip)]
    pub origin: Origin,
    pub ask: String,
    pub category: Category,
    /// Ids of the facts asked about (for coverage; not graded).
    #[serde(default)]
    pub facts: Vec<String>,
    pub expect: Expect,
    /// How the first paragraph must start: a word or phrase, whole.
    #[serde(default)]
    pub starts: Option<String>,
    /// Each must occur in the first paragraph; `a|b` means either.
    #[serde(default)]
    pub must: Vec<String>,
    /// None may occur in the first paragraph; `a|b` means neither.
    #[serde(default)]
    pub must_not: Vec<String>,
}

/// Every problem found in question files, each located and with a hint
/// where there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct QuestionProblems(pub Vec<Problem>);

impl fmt::Display for QuestionProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the questions have {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n{p}")?;
        }
        Ok(())
    }
}

/// The questions of one file, `file` being its name as shown in messages;
/// every problem at once when any question is malformed.
pub fn parse(file: &str, text: &str) -> Result<Vec<Question>, QuestionProblems> {
    let mut problems = Vec::new();
    let problem = |offset: usize, about: Option<String>, message: String, hint: Option<String>| {
        let (line, column) = line_column(text, offset);
        Problem {
            file: file.to_owned(),
            line: Some(line),
            column: Some(column),
            about,
            message,
            hint,
        }
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc.into_inner(),
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let message = format!("TOML syntax error: {}", e.message().trim_end());
            return Err(QuestionProblems(vec![problem(at, None, message, None)]));
        }
    };
    let mut questions = Vec::new();
    for (key, value) in doc {
        let name: &str = key.get_ref().as_ref();
        if name != "q" {
            let hint = did_you_mean(name, ["q"])
                .unwrap_or_else(|| "write each question under a [[q]] header".to_owned());
            let message = format!("unknown table \"{name}\"");
            problems.push(problem(key.span().start, None, message, Some(hint)));
            continue;
        }
        let DeValue::Array(items) = value.into_inner() else {
            let message = "\"q\" must be an array of tables".to_owned();
            let hint = Some("write each question under a [[q]] header".to_owned());
            problems.push(problem(key.span().start, None, message, hint));
            continue;
        };
        for (i, item) in items.into_iter().enumerate() {
            let number = i + 1;
            let about = Some(format!("question {number}"));
            let start = item.span().start;
            match read_question(item) {
                Ok(mut q) => {
                    let (line, _) = line_column(text, start);
                    q.origin = Origin {
                        file: file.to_owned(),
                        line,
                        number,
                    };
                    for (message, hint) in check_question(&q) {
                        problems.push(problem(start, about.clone(), message, hint));
                    }
                    questions.push(q);
                }
                Err(e) => {
                    let at = e.span().map_or(start, |s| s.start);
                    let (message, hint) = explain(&e);
                    problems.push(problem(at, about, message, hint));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(QuestionProblems(problems))
    }
}

fn read_question(item: Spanned<DeValue<'_>>) -> Result<Question, toml::de::Error> {
    Question::deserialize(ValueDeserializer::from(item))
}

/// serde's "unknown field `mustnot`, expected one of `ask`, ..." as a
/// message and a "did you mean" hint from the names serde lists.
fn explain(e: &toml::de::Error) -> (String, Option<String>) {
    let message = e.message().trim_end();
    // toml names the key at fault in its full text: "in `category`".
    let shown = e.to_string();
    let key = shown
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("in `").and_then(|l| l.strip_suffix('`')));
    let what = if message.starts_with("unknown field") {
        "key"
    } else if message.starts_with("unknown variant") {
        key.unwrap_or("value")
    } else {
        return (message.to_owned(), None);
    };
    // Names are in backticks: the unknown one first, then the known ones.
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let Some((&unknown, known)) = names.split_first() else {
        return (message.to_owned(), None);
    };
    let hint = did_you_mean(unknown, known.iter().copied())
        .unwrap_or_else(|| format!("expected one of: {}", known.join(", ")));
    (format!("unknown {what} \"{unknown}\""), Some(hint))
}

/// What deserializing cannot check: nothing blank, no empty alternative.
fn check_question(q: &Question) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    if q.ask.trim().is_empty() {
        out.push(("\"ask\" is empty".to_owned(), None));
    }
    if let Some(starts) = &q.starts {
        check_pattern("starts", starts, &mut out);
    }
    for pattern in &q.must {
        check_pattern("must", pattern, &mut out);
    }
    for pattern in &q.must_not {
        check_pattern("must_not", pattern, &mut out);
    }
    out
}

fn check_pattern(key: &str, pattern: &str, out: &mut Vec<(String, Option<String>)>) {
    if pattern.split('|').any(|alt| normalise(alt).is_empty()) {
        out.push((
            format!("\"{key}\" has an empty word or phrase in {pattern:?}"),
            Some("write words or phrases, separated by | for alternatives".to_owned()),
        ));
    }
}

/// Fact ids that name no fact of `ds`, one problem each, with the closest
/// id as a hint.
pub fn check_facts(ds: &Dataset, questions: &[Question]) -> Vec<Problem> {
    let mut out = Vec::new();
    for q in questions {
        for id in &q.facts {
            if ds.fact_by_id(id).is_none() {
                out.push(Problem {
                    file: q.origin.file.clone(),
                    line: Some(q.origin.line),
                    column: None,
                    about: Some(format!("question {}", q.origin.number)),
                    message: format!("unknown fact \"{id}\""),
                    hint: did_you_mean(id, ds.facts.iter().map(|f| &*f.id)),
                });
            }
        }
    }
    out
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

// --- Matching ------------------------------------------------------------------

/// The part of a reply that is graded: its body up to the first blank
/// line, trimmed.
pub fn first_paragraph(body: &str) -> &str {
    body.split("\n\n").next().unwrap_or_default().trim()
}

/// Text as compared: lower case, curly apostrophes straight, each run of
/// whitespace one space, trimmed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            out.push(if matches!(c, '\u{2018}' | '\u{2019}') {
                '\''
            } else {
                c
            });
        }
    }
    out
}

/// Whether `text` holds `pattern`: any of its `|`-separated alternatives,
/// each a word or phrase matched case-insensitively and whole: where it
/// starts or ends with a letter or digit, the character beyond it in
/// `text` must not be one. "Court" is in "the Court's ruling" but not in
/// "courtyard"; "1999" is not in "19999".
pub fn holds(text: &str, pattern: &str) -> bool {
    let text = normalise(text);
    pattern
        .split('|')
        .map(normalise)
        .filter(|phrase| !phrase.is_empty())
        .any(|phrase| whole_at(&text, &phrase).next().is_some())
}

/// Where `phrase` occurs whole in `text` (both normalised), by byte offset.
fn whole_at<'t>(text: &'t str, phrase: &'t str) -> impl Iterator<Item = usize> + 't {
    let starts_word = phrase.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    text.match_indices(phrase)
        .map(|(i, _)| i)
        .filter(move |&i| {
            let joins_before = text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let joins_after = text[i + phrase.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            // A word at the phrase's edge must not run on into the text's.
            let runs_on = (starts_word && joins_before) || (ends_word && joins_after);
            !runs_on
        })
}

/// Whether `paragraph`, past any leading punctuation, starts with `pattern`
/// (any alternative, whole, as in [`holds`]).
pub fn starts_with(paragraph: &str, pattern: &str) -> bool {
    let text = normalise(paragraph.trim_start_matches(|c: char| !c.is_alphanumeric()));
    pattern
        .split('|')
        .map(normalise)
        .filter(|phrase| !phrase.is_empty())
        .any(|phrase| whole_at(&text, &phrase).next() == Some(0))
}

/// The first word of `paragraph`: its first run of letters and digits.
fn first_word(paragraph: &str) -> String {
    paragraph
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_lowercase()
}

// --- Grading -------------------------------------------------------------------

/// How a reply did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// The kind expected, starting as expected, with every `must` and no
    /// `must_not`.
    Correct,
    /// Says what it must not: answered where the article doesn't say, has
    /// a `must_not`, or says yes for no (or no for yes).
    Wrong,
    /// Anything else that is not correct: refused where it should answer,
    /// or left a `must` out.
    Missed,
}

/// A question, its reply's graded part, and its grade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graded<'q> {
    pub question: &'q Question,
    pub grade: Grade,
    pub kind: ReplyKind,
    pub first_paragraph: String,
    /// What is not as expected, e.g. `"Putin" is there`; empty when correct.
    pub faults: Vec<String>,
}

/// Grades `reply` as the answer to `q`.
pub fn grade_reply<'q>(q: &'q Question, reply: &Reply) -> Graded<'q> {
    let paragraph = first_paragraph(&reply.body);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    match (q.expect, reply.kind) {
        (Expect::Answer, ReplyKind::Answer) | (Expect::Refuse, ReplyKind::NotFound) => {}
        (Expect::Refuse, ReplyKind::Answer) => {
            wrong.push("answered, where the article doesn't say".to_owned());
        }
        (Expect::Answer, ReplyKind::NotFound) => missed.push("refused to answer".to_owned()),
        (_, kind) => missed.push(format!("replied {}", kind.as_str())),
    }
    if let Some(starts) = &q.starts
        && !starts_with(paragraph, starts)
    {
        let first = first_word(paragraph);
        let fault = format!("starts with \"{first}\", not \"{starts}\"");
        let opposite = match normalise(starts).as_str() {
            "yes" => Some("no"),
            "no" => Some("yes"),
            _ => None,
        };
        if opposite == Some(first.as_str()) {
            wrong.push(fault);
        } else {
            missed.push(fault);
        }
    }
    for pattern in &q.must {
        if !holds(paragraph, pattern) {
            missed.push(format!("\"{pattern}\" is missing"));
        }
    }
    for pattern in &q.must_not {
        if holds(paragraph, pattern) {
            wrong.push(format!("\"{pattern}\" is there"));
        }
    }
    let grade = if !wrong.is_empty() {
        Grade::Wrong
    } else if !missed.is_empty() {
        Grade::Missed
    } else {
        Grade::Correct
    };
    wrong.append(&mut missed);
    Graded {
        question: q,
        grade,
        kind: reply.kind,
        first_paragraph: paragraph.to_owned(),
        faults: wrong,
    }
}

/// Asks every question of `/ask` on `ds` and grades the replies, with the
/// facts of `ds` not asked about in each of the [`WAYS`].
pub fn grade<'q>(ds: &Dataset, questions: &'q [Question]) -> Report<'q> {
    let graded = questions
        .iter()
        .map(|q| grade_reply(q, &ask::run(ds, &q.ask)))
        .collect();
    let uncovered = ds
        .facts
        .iter()
        .filter_map(|fact| {
            let missing: Vec<Category> = WAYS
                .into_iter()
                .filter(|&way| {
                    !questions
                        .iter()
                        .any(|q| q.category == way && q.facts.iter().any(|id| **id == *fact.id))
                })
                .collect();
            (!missing.is_empty()).then(|| (fact.id.to_string(), missing))
        })
        .collect();
    Report {
        graded,
        facts: ds.facts.len(),
        uncovered,
    }
}

/// Correct answers of a category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub correct: usize,
    pub total: usize,
}

impl Tally {
    /// Whether at least [`BAR_PERCENT`] are correct.
    pub fn meets_the_bar(self) -> bool {
        self.correct * 100 >= BAR_PERCENT * self.total
    }

    /// The share correct in whole percent, rounded down (so 94.9% never
    /// shows as 95%).
    pub fn percent(self) -> usize {
        (self.correct * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The grades of a question set, and the facts it leaves unasked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<'q> {
    pub graded: Vec<Graded<'q>>,
    /// How many facts the dataset has.
    pub facts: usize,
    /// Facts not asked about in some of the [`WAYS`], with those ways.
    pub uncovered: Vec<(String, Vec<Category>)>,
}

impl Report<'_> {
    /// The correct answers of a category.
    pub fn tally(&self, category: Category) -> Tally {
        let mut tally = Tally::default();
        for g in self
            .graded
            .iter()
            .filter(|g| g.question.category == category)
        {
            tally.total += 1;
            tally.correct += usize::from(g.grade == Grade::Correct);
        }
        tally
    }

    /// The questions graded `grade`, in file order.
    pub fn with_grade(&self, grade: Grade) -> impl Iterator<Item = &Graded<'_>> {
        self.graded.iter().filter(move |g| g.grade == grade)
    }

    /// Categories with questions and fewer than [`BAR_PERCENT`] correct.
    pub fn below_the_bar(&self) -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|&c| !self.tally(c).meets_the_bar())
            .collect()
    }

    /// No wrong answer, every category at the bar, every fact asked about
    /// in each of the [`WAYS`].
    pub fn passes(&self) -> bool {
        self.with_grade(Grade::Wrong).next().is_none()
            && self.below_the_bar().is_empty()
            && self.uncovered.is_empty()
    }
}

fn quoted_list(patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "an answer starting "Yes", with "2003", without "Putin"".
fn expectation(q: &Question) -> String {
    let mut out = match q.expect {
        Expect::Answer => "an answer".to_owned(),
        Expect::Refuse => "\"the article doesn't say\"".to_owned(),
    };
    if let Some(starts) = &q.starts {
        out.push_str(&format!(" starting \"{starts}\""));
    }
    if !q.must.is_empty() {
        out.push_str(&format!(", with {}", quoted_list(&q.must)));
    }
    if !q.must_not.is_empty() {
        out.push_str(&format!(", without {}", quoted_list(&q.must_not)));
    }
    out
}

fn write_graded(f: &mut fmt::Formatter<'_>, g: &Graded<'_>) -> fmt::Result {
    let q = g.question;
    writeln!(
        f,
        "  {} [{}] {}",
        q.origin,
        q.category.as_str(),
        terminal_safe(&q.ask).replace('\n', " ")
    )?;
    writeln!(f, "    expected: {}", expectation(q))?;
    writeln!(f, "    but:      {}", g.faults.join("; "))?;
    writeln!(
        f,
        "    got ({}): {}",
        g.kind.as_str(),
        terminal_safe(&g.first_paragraph).replace('\n', " ")
    )
}

/// The report `factbot eval` prints: per category `correct/total (pct%)`,
/// every wrong answer, every missed one, the facts not asked about in each
/// of the [`WAYS`], and the verdict.
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Correct, by category")?;
        for category in Category::ALL {
            let tally = self.tally(category);
            if tally.total == 0 {
                continue;
            }
            writeln!(
                f,
                "  {:<13} {}/{} ({}%){}",
                category.as_str(),
                tally.correct,
                tally.total,
                tally.percent(),
                if tally.meets_the_bar() {
                    String::new()
                } else {
                    format!("  below {BAR_PERCENT}%")
                }
            )?;
        }
        for (grade, heading) in [(Grade::Wrong, "Wrong answers"), (Grade::Missed, "Missed")] {
            let listed: Vec<&Graded<'_>> = self.with_grade(grade).collect();
            writeln!(f, "\n{heading} ({})", listed.len())?;
            for g in listed {
                write_graded(f, g)?;
            }
        }
        let ways = WAYS.map(Category::as_str).join(", ");
        writeln!(
            f,
            "\nCoverage: {} of {} facts asked about each way ({ways}); {} not",
            self.facts - self.uncovered.len(),
            self.facts,
            self.uncovered.len()
        )?;
        for (id, missing) in &self.uncovered {
            let missing: Vec<&str> = missing.iter().map(|c| c.as_str()).collect();
            writeln!(f, "  {id}: no {} question", missing.join(", "))?;
        }
        let wrong = self.with_grade(Grade::Wrong).count();
        let below = self.below_the_bar();
        let mut failures = Vec::new();
        if wrong > 0 {
            failures.push(format!(
                "{wrong} wrong answer{}",
                if wrong == 1 { "" } else { "s" }
            ));
        }
        if !below.is_empty() {
            let names: Vec<&str> = below.iter().map(|c| c.as_str()).collect();
            failures.push(format!("below {BAR_PERCENT}%: {}", names.join(", ")));
        }
        if !self.uncovered.is_empty() {
            failures.push(format!(
                "{} facts not asked about each way",
                self.uncovered.len()
            ));
        }
        if failures.is_empty() {
            writeln!(f, "\nPASS")
        } else {
            writeln!(f, "\nFAIL: {}", failures.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question as a file would hold it.
    fn question(toml: &str) -> Question {
        let mut qs = parse("t.toml", &format!("[[q]]\n{toml}\n")).unwrap_or_else(|p| panic!("{p}"));
        qs.remove(0)
    }

    fn reply(kind: ReplyKind, body: &str) -> Reply {
        Reply::private(kind, "title", body)
    }

    fn graded(q: &str, kind: ReplyKind, body: &str) -> (Grade, Vec<String>) {
        let q = question(q);
        let g = grade_reply(&q, &reply(kind, body));
        (g.grade, g.faults)
    }

    #[test]
    fn the_first_paragraph_ends_at_the_first_blank_line() {
        assert_eq!(
            first_paragraph("One.\nStill one.\n\nTwo."),
            "One.\nStill one."
        );
        assert_eq!(first_paragraph("  Only one.  "), "Only one.");
        assert_eq!(first_paragraph(""), "");
    }

    #[test]
    fn words_match_whole_and_in_any_case() {
        let text = "The Supreme Court of Russia designated the Taliban in 2003.";
        assert!(holds(text, "supreme court"));
        assert!(holds(text, "TALIBAN"));
        assert!(holds(text, "2003"));
        assert!(holds(text, "2003."));
        assert!(!holds(text, "Court of R"), "a phrase ends at a word's end");
        assert!(!holds(text, "200"), "a number is a whole word");
        assert!(!holds(text, "designate"), "a word is whole");
        assert!(!holds("courtyard", "court"));
        assert!(holds("the Court's ruling", "court"));
        assert!(holds("Putin’s order", "Putin's order"), "apostrophes agree");
        assert!(holds("Supreme\n  Court", "supreme court"), "spacing agrees");
        assert!(holds("Kyrgyzstán", "KYRGYZSTÁN"));
        // Punctuation in a pattern counts.
        assert!(!holds("In 1999 it was adopted", "1999:"));
        assert!(holds("1999: adopted", "1999:"));
        // Every occurrence is tried, not only the first.
        assert!(holds("courtyard and court", "court"));
    }

    #[test]
    fn alternatives_match_either() {
        assert!(holds("It was in 2003.", "2002|2003"));
        assert!(holds("It was in 2003.", "2003 | never"));
        assert!(!holds("It was in 2004.", "2002|2003"));
    }

    #[test]
    fn starts_matches_the_first_word_past_punctuation() {
        assert!(starts_with("Yes. Russia designated ...", "yes"));
        assert!(starts_with("**Yes**, it did", "Yes"));
        assert!(!starts_with("Yesterday it did", "Yes"));
        assert!(!starts_with("It did. Yes.", "Yes"));
        assert!(starts_with(
            "Not necessarily. The Taliban ...",
            "Not necessarily"
        ));
        assert!(starts_with("No. Nobody.", "Yes|No"));
        assert_eq!(first_word("“Not done”, as far as"), "not");
    }

    #[test]
    fn a_reply_of_the_kind_with_every_must_and_no_must_not_is_correct() {
        let q = r#"ask = "who designated the taliban?"
category = "plain"
facts = ["ru-supreme-court-designates-taliban"]
expect = "answer"
must = ["Supreme Court", "2003|2004"]
must_not = ["Putin"]"#;
        let body = "The Supreme Court of Russia designated the Taliban in 2003.\n\nPutin later ...";
        assert_eq!(graded(q, ReplyKind::Answer, body), (Grade::Correct, vec![]));
        // The fields are never graded.
        let q = question(q);
        let mut r = reply(ReplyKind::Answer, body);
        r.fields.push(crate::reply::Field {
            name: "Also".into(),
            value: "Putin".into(),
            inline: false,
        });
        assert_eq!(grade_reply(&q, &r).grade, Grade::Correct);
    }

    #[test]
    fn a_missing_must_or_a_refusal_is_missed() {
        let q = r#"ask = "who designated the taliban?"
category = "plain"
expect = "answer"
must = ["Supreme Court", "2003"]"#;
        assert_eq!(
            graded(q, ReplyKind::Answer, "The Supreme Court designated it."),
            (Grade::Missed, vec!["\"2003\" is missing".to_owned()])
        );
        // Where it is only after the first paragraph, it is missing too.
        assert_eq!(
            graded(q, ReplyKind::Answer, "The Supreme Court.\n\nIn 2003.").0,
            Grade::Missed
        );
        let (grade, faults) = graded(q, ReplyKind::NotFound, "The article doesn't say.");
        assert_eq!(grade, Grade::Missed);
        assert_eq!(faults[0], "refused to answer");
        assert_eq!(
            graded(q, ReplyKind::Unresolved, "Supreme Court 2003"),
            (Grade::Missed, vec!["replied unresolved".to_owned()])
        );
        // A refusal that should have been an answer, but with a wrong yes/no
        // word only misses, unless it is the opposite.
        let q = r#"ask = "is it?"
category = "yes-no"
expect = "answer"
starts = "Yes""#;
        assert_eq!(
            graded(
                q,
                ReplyKind::Answer,
                "Not done, as far as the article says."
            )
            .0,
            Grade::Missed
        );
    }

    #[test]
    fn an_answer_to_the_unanswerable_a_must_not_or_the_opposite_yes_no_is_wrong() {
        let refuse = r#"ask = "when did china designate the taliban?"
category = "unanswerable"
expect = "refuse""#;
        assert_eq!(
            graded(refuse, ReplyKind::NotFound, "The article doesn't say.").0,
            Grade::Correct
        );
        assert_eq!(
            graded(refuse, ReplyKind::Answer, "China designated it in 2003."),
            (
                Grade::Wrong,
                vec!["answered, where the article doesn't say".to_owned()]
            )
        );
        let q = r#"ask = "who designated the taliban?"
category = "casual"
expect = "answer"
must = ["Supreme Court"]
must_not = ["Putin|Medvedev"]"#;
        let (grade, faults) = graded(q, ReplyKind::Answer, "Putin designated it.");
        assert_eq!(grade, Grade::Wrong, "wrong outweighs missed");
        assert_eq!(
            faults,
            [
                "\"Putin|Medvedev\" is there",
                "\"Supreme Court\" is missing"
            ]
        );
        let yes = r#"ask = "is the taliban on russia's list?"
category = "yes-no"
expect = "answer"
starts = "Yes""#;
        assert_eq!(
            graded(yes, ReplyKind::Answer, "No. Russia ...").1,
            ["starts with \"no\", not \"Yes\""]
        );
        assert_eq!(
            graded(yes, ReplyKind::Answer, "No. Russia ...").0,
            Grade::Wrong
        );
        assert_eq!(
            graded(yes, ReplyKind::Answer, "Yes. Russia ...").0,
            Grade::Correct
        );
        let no = yes.replace("\"Yes\"", "\"no\"");
        assert_eq!(
            graded(&no, ReplyKind::Answer, "Yes, it is.").0,
            Grade::Wrong
        );
    }

    #[test]
    fn questions_parse_with_their_origin_and_defaults() {
        let text = "# header\n\n[[q]]\nask = \"a?\"\ncategory = \"plain\"\nexpect = \"answer\"\n\n\
                    [[q]]\nask = \"b?\"\ncategory = \"yes-no\"\nfacts = [\"f\"]\nexpect = \"refuse\"\n";
        let qs = parse("qs.toml", text).unwrap();
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].origin.to_string(), "qs.toml:3 (question 1)");
        assert_eq!(qs[0].facts, Vec::<String>::new());
        assert_eq!(qs[0].starts, None);
        assert_eq!(qs[1].category, Category::YesNo);
        assert_eq!(qs[1].expect, Expect::Refuse);
        assert_eq!(qs[1].origin.line, 8);
        assert_eq!(qs[1].origin.number, 2);
        assert_eq!(parse("empty.toml", ""), Ok(vec![]));
    }

    #[test]
    fn unknown_keys_and_categories_are_located_with_a_hint() {
        let text = "[[q]]\nask = \"a?\"\ncategory = \"plain\"\nexpect = \"answer\"\n\n\
                    [[q]]\nask = \"b?\"\ncategory = \"plian\"\nexpect = \"answer\"\nmustnot = [\"x\"]\n\n\
                    [[q]]\nask = \"c?\"\ncategory = \"trivia\"\nexpect = \"maybe\"\n";
        let problems = parse("qs.toml", text).unwrap_err();
        let shown: Vec<String> = problems.0.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        // serde stops at a question's first problem; every question is read.
        assert_eq!(
            shown[0],
            "qs.toml:8:12: question 2: unknown category \"plian\" (did you mean \"plain\"?)"
        );
        assert_eq!(
            shown[1],
            "qs.toml:14:12: question 3: unknown category \"trivia\" \
             (expected one of: plain, casual, misspelt, unanswerable, yes-no, inference)"
        );
        let problems = parse(
            "qs.toml",
            "[[q]]\nask = \"a\"\ncategory = \"plain\"\nexpect = \"answer\"\nmustnot = []\n",
        )
        .unwrap_err();
        assert_eq!(
            problems.to_string(),
            "the questions have 1 problem:\n\
             qs.toml:5:1: question 1: unknown key \"mustnot\" (did you mean \"must_not\"?)"
        );
        let problems = parse("qs.toml", "[[question]]\nask = \"a\"\n").unwrap_err();
        assert!(
            problems.0[0]
                .to_string()
                .contains("unknown table \"question\""),
            "{problems}"
        );
    }

    #[test]
    fn blank_questions_and_empty_alternatives_are_problems() {
        let problems = parse(
            "qs.toml",
            "[[q]]\nask = \" \"\ncategory = \"plain\"\nexpect = \"answer\"\nmust = [\"a|\"]\n",
        )
        .unwrap_err();
        assert_eq!(problems.0.len(), 2, "{problems}");
        assert!(problems.0[1].to_string().contains("empty word or phrase"));
        let problems = parse("qs.toml", "[[q]]\nask = \"a\"\ncategory = \"plain\"\n").unwrap_err();
        assert!(problems.to_string().contains("expect"), "{problems}");
        assert!(parse("qs.toml", "[[q]\n").is_err());
    }

    #[test]
    fn the_report_sums_categories_then_lists_wrong_missed_and_coverage() {
        let text = r#"
[[q]]
ask = "who designated the taliban?"
category = "plain"
facts = ["court-designates"]
expect = "answer"
must = ["Supreme Court"]

[[q]]
ask = "did china designate the taliban?"
category = "unanswerable"
expect = "refuse"

[[q]]
ask = "wen was it"
category = "misspelt"
facts = ["court-designates"]
expect = "answer"
must = ["2003"]
"#;
        let qs = parse("qs.toml", text).unwrap();
        let replies = [
            reply(ReplyKind::Answer, "The Supreme Court designated it."),
            reply(ReplyKind::Answer, "China designated\nit.\n\nMore."),
            reply(ReplyKind::NotFound, "The article doesn't say."),
        ];
        let report = Report {
            graded: qs
                .iter()
                .zip(&replies)
                .map(|(q, r)| grade_reply(q, r))
                .collect(),
            facts: 2,
            uncovered: vec![
                ("court-designates".into(), vec![Category::Casual]),
                ("other".into(), WAYS.to_vec()),
            ],
        };
        assert_eq!(
            report.tally(Category::Plain),
            Tally {
                correct: 1,
                total: 1
            }
        );
        assert_eq!(
            report.below_the_bar(),
            [Category::Misspelt, Category::Unanswerable]
        );
        assert!(!report.passes());
        assert_eq!(
            report.to_string(),
            "Correct, by category
  plain         1/1 (100%)
  misspelt      0/1 (0%)  below 95%
  unanswerable  0/1 (0%)  below 95%

Wrong answers (1)
  qs.toml:9 (question 2) [unanswerable] did china designate the taliban?
    expected: \"the article doesn't say\"
    but:      answered, where the article doesn't say
    got (answer): China designated it.

Missed (1)
  qs.toml:14 (question 3) [misspelt] wen was it
    expected: an answer, with \"2003\"
    but:      refused to answer; \"2003\" is missing
    got (not_found): The article doesn't say.

Coverage: 0 of 2 facts asked about each way (plain, casual, misspelt); 2 not
  court-designates: no casual question
  other: no plain, casual, misspelt question

FAIL: 1 wrong answer; below 95%: misspelt, unanswerable; 2 facts not asked about each way
"
        );
        let passing = Report {
            graded: vec![report.graded[0].clone()],
            facts: 1,
            uncovered: vec![],
        };
        assert!(passing.passes());
        assert!(passing.to_string().ends_with("\nPASS\n"), "{passing}");
    }

    #[test]
    fn tallies_meet_the_bar_at_95_percent() {
        let t = |correct, total| Tally { correct, total };
        assert!(t(19, 20).meets_the_bar());
        assert!(!t(18, 19).meets_the_bar());
        assert_eq!(t(18, 19).percent(), 94);
        assert!(t(0, 0).meets_the_bar());
        assert_eq!(t(3, 3).percent(), 100);
    }
}
