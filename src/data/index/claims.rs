//! The words of each fact's claim as `/ask` reads them, stemmed once per
//! dataset: its quotes read as meant (the source's glossary applied), its
//! object text, reason, "as" words, date words and predicate label; never
//! the editors' note, which is not evidence. Scoring a fact then looks its
//! stems up instead of folding, reading and stemming its texts again for
//! every question.
//!
//! Stop words are not here either ("the", "of"): a question's terms never
//! are one, and a name is found by its other words.
//!
//! The names of the entities a fact involves are not here: `/ask` counts
//! only the names of those the question names (another thing's name is no
//! word of the claim), and adds them itself.

use super::packed::{Csr, Interner, StrTable};
use crate::data::glossary::Glossary;
use crate::data::model::{Fact, Predicate};
use crate::data::text::{fold_into, is_stop_word, stem};

/// Each fact's claim words, as sorted stem ids (see the module docs).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct ClaimWords {
    /// Stems, sorted.
    stems: StrTable,
    /// Per fact: the ids (indexes in `stems`) of its distinct stems, sorted.
    facts: Csr<u32>,
}

/// A fact's claim text (see the module docs), folded, " word word ", into
/// `text`; `folded` is a scratch buffer. One function for the index and
/// for `/ask`, so the two read a claim alike.
pub(crate) fn claim_text(
    fact: &Fact,
    label: &str,
    glossary: Option<&Glossary>,
    text: &mut String,
    folded: &mut String,
) {
    text.clear();
    text.push(' ');
    let add = |t: &str, folded: &mut String, text: &mut String| {
        fold_into(t, folded);
        text.push_str(folded);
        text.push(' ');
    };
    for q in &fact.quotes {
        let start = text.len() - 1;
        add(&q.text, folded, text);
        if let Some(replaced) = glossary.and_then(|g| g.read(&text[start..])) {
            text.truncate(start);
            text.push_str(&replaced);
        }
    }
    for t in [fact.object_text.as_deref(), fact.reason.as_deref()]
        .into_iter()
        .flatten()
    {
        add(t, folded, text);
    }
    if let Some(a) = &fact.as_what {
        add(&a.article, folded, text);
        if let Some(m) = &a.meaning {
            add(m, folded, text);
        }
    }
    if let Some(d) = &fact.date {
        add(&d.words, folded, text);
    }
    add(label, folded, text);
}

impl ClaimWords {
    pub(crate) fn build(
        predicates: &[Predicate],
        glossaries: &[Glossary],
        facts: &[Fact],
    ) -> ClaimWords {
        let mut vocab = Interner::default();
        let (mut text, mut folded) = (String::new(), String::new());
        let mut rows: Csr<u32> = Csr::default();
        let mut row: Vec<u32> = Vec::new();
        for fact in facts {
            let label = predicates
                .get(fact.predicate.0 as usize)
                .map_or("", |p| &*p.label);
            let glossary = glossaries.get(fact.source.0 as usize);
            claim_text(fact, label, glossary, &mut text, &mut folded);
            row.clear();
            row.extend(
                text.split(' ')
                    .filter(|w| !w.is_empty() && !is_stop_word(w))
                    .map(|w| vocab.id(&stem(w))),
            );
            row.sort_unstable();
            row.dedup();
            rows.push_row(row.iter().copied());
        }
        // Number the stems in sorted order, so that a question's stem is
        // found by binary search; each row is sorted again in the new ids.
        let (stems, rank) = vocab.into_sorted();
        for i in 0..rows.rows() {
            let range = rows.range(i);
            let row = &mut rows.items[range];
            for id in row.iter_mut() {
                *id = rank[*id as usize];
            }
            row.sort_unstable();
        }
        rows.shrink_to_fit();
        ClaimWords { stems, facts: rows }
    }

    /// The id of a stem some claim holds.
    pub(crate) fn stem_id(&self, stem: &str) -> Option<u32> {
        self.stems.find(stem).map(|i| i as u32)
    }

    /// A fact's stem ids, sorted.
    pub(crate) fn of_fact(&self, fact: u32) -> &[u32] {
        let i = fact as usize;
        if i >= self.facts.rows() {
            return &[];
        }
        self.facts.get(i)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.stems.heap_bytes() + self.facts.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dataset::fixture;

    #[test]
    fn a_claim_holds_the_stems_of_its_quotes_and_label_but_not_its_note() {
        let ds = fixture::article();
        let claims = &ds.index.claims;
        for (i, fact) in ds.facts.iter().enumerate() {
            let row = claims.of_fact(i as u32);
            assert!(row.windows(2).all(|w| w[0] < w[1]), "sorted, distinct");
            let label = &ds.predicate(fact.predicate).label;
            let (mut text, mut folded) = (String::new(), String::new());
            let glossary = ds.index.glossaries.get(fact.source.0 as usize);
            claim_text(fact, label, glossary, &mut text, &mut folded);
            for w in text
                .split(' ')
                .filter(|w| !w.is_empty() && !is_stop_word(w))
            {
                let id = claims.stem_id(&stem(w));
                assert!(id.is_some_and(|id| row.contains(&id)), "{w} in {}", fact.id);
            }
        }
        // The editors' note is no evidence.
        let mut facts = ds.facts.clone();
        facts[0].note = Some("Zanzibar said so.".into());
        let with_note = ClaimWords::build(&ds.predicates, &ds.index.glossaries, &facts);
        assert_eq!(with_note.stem_id("zanzibar"), None);
        assert_eq!(with_note.of_fact(0), claims.of_fact(0));
        assert_eq!(claims.stem_id("the"), None);
        assert_eq!(claims.stem_id("no-such-stem"), None);
        assert_eq!(claims.of_fact(u32::MAX), &[] as &[u32]);
    }
}
