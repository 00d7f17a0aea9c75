//! `/ask` graded on the shipped question set (`tests/questions/*.toml`)
//! against the shipped data, the question files' own soundness, and
//! `factbot eval` as a script sees it: the report, and exit status 0
//! (passes), 1 (does not) or 2 (a malformed question file).
//!
//! The grading rules themselves are unit-tested in `src/eval.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use factbot::eval::{self, Category, Grade, Question};

use crate::commands::{data_dir, shipped};
use crate::console::{factbot, text};

/// `factbot eval FILE --data data/`, as a script runs it.
fn eval_file(path: &Path) -> std::process::Output {
    factbot()
        .arg("eval")
        .arg(path)
        .arg("--data")
        .arg(data_dir())
        .output()
        .expect("run factbot eval")
}

/// The shipped question files, in name order.
fn question_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no question files in {}", dir.display());
    files
}

/// Every shipped question, each file parsed and its fact ids checked.
fn shipped_questions() -> Vec<Question> {
    let mut questions = Vec::new();
    for path in question_files() {
        let text = fs::read_to_string(&path).expect("read a question file");
        let name = path.display().to_string();
        questions.extend(eval::parse(&name, &text).unwrap_or_else(|p| panic!("{p}")));
    }
    let unknown = eval::check_facts(shipped(), &questions);
    assert!(
        unknown.is_empty(),
        "{}",
        eval::QuestionProblems(unknown.clone())
    );
    questions
}

/// The bar `/ask` is held to: no wrong answer, every category at least
/// 95% correct, every fact asked about plainly, casually and misspelt.
/// Not met yet (issue 10 stays open): run it with `cargo test --test it
/// eval -- --ignored`, or `factbot eval tests/questions/*.toml`.
#[test]
#[ignore = "issue 10: /ask does not meet the 95% bar yet; see shipped_question_set_does_not_regress"]
fn shipped_question_set_meets_the_bar() {
    let questions = shipped_questions();
    let report = eval::grade(shipped(), &questions);
    let wrong = report.with_grade(Grade::Wrong).count();
    assert_eq!(wrong, 0, "{wrong} wrong answers\n{report}");
    assert_eq!(
        report.below_the_bar(),
        [],
        "categories below {}%\n{report}",
        eval::BAR_PERCENT
    );
    assert_eq!(
        report.uncovered.len(),
        0,
        "facts not asked about each way\n{report}"
    );
    assert!(report.passes(), "{report}");
}

/// Until the bar is met, what `/ask` reached stays reached: no wrong
/// answer (the worst outcome), each category at least its measured count
/// correct. Raise the figures as answers improve; never lower them.
#[test]
fn shipped_question_set_does_not_regress() {
    const MIN_CORRECT: [(Category, usize); 6] = [
        (Category::Plain, 99),
        (Category::Casual, 70),
        (Category::Misspelt, 77),
        (Category::Unanswerable, 80),
        (Category::YesNo, 69),
        (Category::Inference, 34),
    ];
    let questions = shipped_questions();
    let report = eval::grade(shipped(), &questions);
    let wrong = report.with_grade(Grade::Wrong).count();
    assert_eq!(wrong, 0, "{wrong} wrong answers\n{report}");
    for (category, min) in MIN_CORRECT {
        let tally = report.tally(category);
        assert!(
            tally.correct >= min,
            "{}: {} correct, was {min}\n{report}",
            category.as_str(),
            tally.correct
        );
    }
    assert_eq!(
        report.uncovered.len(),
        0,
        "facts not asked about each way\n{report}"
    );
}

#[test]
fn shipped_question_files_parse_and_name_real_facts() {
    let questions = shipped_questions();
    assert!(questions.len() >= 10, "{} questions", questions.len());
    for category in eval::Category::ALL {
        assert!(
            questions.iter().any(|q| q.category == category),
            "no {} question",
            category.as_str()
        );
    }
}

/// A question file in a fresh temporary directory (kept while the guard
/// lives).
fn question_file(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("questions.toml");
    fs::write(&path, toml).expect("write the question file");
    (dir, path)
}

#[test]
fn eval_passes_with_exit_zero_when_every_fact_is_asked_every_way() {
    // The test fixture's four facts, each asked about in the three ways by
    // questions the article cannot answer.
    let facts = r#"facts = ["otter-council-bans-fishing", "beaver-league-criticises-ban",
         "beaver-league-is-alliance", "council-says-fishing-resumes"]"#;
    let (_dir, path) = question_file(&format!(
        "[[q]]\nask = \"What is the boiling point of mercury?\"\ncategory = \"plain\"\n{facts}\n\
         expect = \"refuse\"\n\n\
         [[q]]\nask = \"boiling point of mercury??\"\ncategory = \"casual\"\n{facts}\n\
         expect = \"refuse\"\n\n\
         [[q]]\nask = \"wat is the boilling point of mercury\"\ncategory = \"misspelt\"\n{facts}\n\
         expect = \"refuse\"\n"
    ));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let out = factbot()
        .arg("eval")
        .arg(&path)
        .arg("--data")
        .arg(&fixture)
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    for expected in [
        "plain         1/1 (100%)",
        "Wrong answers (0)",
        "Missed (0)",
        "Coverage: 4 of 4 facts asked about each way (plain, casual, misspelt); 0 not",
        "PASS",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in\n{stdout}");
    }
}

#[test]
fn eval_fails_with_exit_one_and_lists_what_was_missed() {
    let (_dir, path) = question_file(
        "[[q]]\nask = \"When was the CSTO formed?\"\ncategory = \"plain\"\n\
         facts = [\"russia-formed-csto\"]\nexpect = \"answer\"\nmust = [\"zebra crossing\"]\n",
    );
    let out = eval_file(&path);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    for expected in [
        "plain         0/1 (0%)  below 95%",
        "Missed (1)",
        &format!(
            "{}:1 (question 1) [plain] When was the CSTO formed?",
            path.display()
        ),
        "expected: an answer, with \"zebra crossing\"",
        "\"zebra crossing\" is missing",
        "facts asked about each way",
        "FAIL: below 95%: plain; ",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in\n{stdout}");
    }
}

#[test]
fn eval_with_a_malformed_question_says_where_and_how_to_fix_it() {
    let (_dir, path) = question_file(
        "[[q]]\nask = \"When was the CSTO formed?\"\ncategory = \"plain\"\nexpect = \"answer\"\n\n\
         [[q]]\nask = \"csto members?\"\ncategory = \"casual\"\nexpect = \"answer\"\n\
         mustnot = [\"China\"]\n\n\
         [[q]]\nask = \"wen was the csto formd\"\ncategory = \"mispelt\"\nexpect = \"answer\"\n",
    );
    let out = eval_file(&path);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let shown = path.display();
    for expected in [
        "the questions have 2 problems".to_string(),
        format!("{shown}:10:1: question 2: unknown key \"mustnot\" (did you mean \"must_not\"?)"),
        format!(
            "{shown}:14:12: question 3: unknown category \"mispelt\" (did you mean \"misspelt\"?)"
        ),
    ] {
        assert!(stderr.contains(&expected), "no {expected:?} in\n{stderr}");
    }

    let (_dir, path) = question_file(
        "[[q]]\nask = \"When was the CSTO formed?\"\ncategory = \"plain\"\n\
         facts = [\"russia-formed-cst\"]\nexpect = \"answer\"\n",
    );
    let out = eval_file(&path);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "question 1: unknown fact \"russia-formed-cst\" (did you mean \"russia-formed-csto\"?)"
        ),
        "{stderr}"
    );
}
