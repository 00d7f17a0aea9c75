//! Finding the words of a vocabulary within a few typos of a word, without
//! scanning the vocabulary: the names, the search terms and the article's
//! words each have such an index, built by the one code here.

use crate::data::text::max_edits;

/// Typo-tolerant lookup of words (SymSpell's deletion neighbourhood): every
/// word is indexed under the hashes of all strings made by deleting up to
/// [`max_edits`] of its bytes. Two words within that many edits (insertions,
/// deletions, substitutions, transpositions) share at least one such string,
/// so a query's deletion variants find every candidate in a few hash-bucket
/// probes, with no scan over the vocabulary. Candidates are then verified
/// with a real edit distance.
#[derive(Debug)]
pub(crate) struct DeletionIndex {
    /// Variant hashes, sorted; `words[i]` is the word that produced `hashes[i]`.
    hashes: Vec<u32>,
    words: Vec<u32>,
    /// `buckets[b]..buckets[b + 1]`: the entries whose hash's top bits are `b`.
    buckets: Vec<u32>,
    bits: u32,
    /// Edits indexed for a word of a given length.
    edits: fn(usize) -> usize,
}

/// Equal when built over the same words (the `edits` rule is not compared:
/// function pointers have no meaningful equality).
#[cfg(test)]
impl PartialEq for DeletionIndex {
    fn eq(&self, other: &Self) -> bool {
        (&self.hashes, &self.words, &self.buckets, self.bits)
            == (&other.hashes, &other.words, &other.buckets, other.bits)
    }
}

impl Default for DeletionIndex {
    fn default() -> Self {
        DeletionIndex {
            hashes: Vec::new(),
            words: Vec::new(),
            buckets: Vec::new(),
            bits: 0,
            edits: max_edits,
        }
    }
}

impl DeletionIndex {
    /// Indexes `words` (word id, folded ASCII text), each within
    /// `edits(len)` edits ([`max_edits`] or less).
    pub(crate) fn build<'a>(
        words: impl Iterator<Item = (u32, &'a str)>,
        edits: fn(usize) -> usize,
    ) -> DeletionIndex {
        let mut entries: Vec<(u32, u32)> = Vec::new();
        let mut variants = Vec::new();
        for (id, word) in words {
            deletion_hashes(word.as_bytes(), edits(word.len()), &mut variants);
            entries.extend(variants.iter().map(|&h| (h, id)));
        }
        entries.sort_unstable();
        entries.dedup();
        let bits = (usize::BITS - (entries.len() / 2).max(1).leading_zeros()).clamp(1, 24);
        let mut buckets = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &entries {
            buckets[(h >> (32 - bits)) as usize + 1] += 1;
        }
        for b in 1..buckets.len() {
            buckets[b] += buckets[b - 1];
        }
        let (hashes, words) = entries.into_iter().unzip();
        DeletionIndex {
            hashes,
            words,
            buckets,
            bits,
            edits,
        }
    }

    /// Ids of the words that may be within the indexed edits of `query`
    /// (unverified, sorted, deduplicated), appended to `out`.
    pub(crate) fn candidates(&self, query: &str, out: &mut Vec<u32>) {
        if self.hashes.is_empty() {
            return;
        }
        let mut variants = Vec::new();
        deletion_hashes(query.as_bytes(), (self.edits)(query.len()), &mut variants);
        let start = out.len();
        for h in variants {
            let b = (h >> (32 - self.bits)) as usize;
            let range = self.buckets[b] as usize..self.buckets[b + 1] as usize;
            for i in range {
                if self.hashes[i] == h {
                    out.push(self.words[i]);
                }
            }
        }
        out[start..].sort_unstable();
        let mut kept = start;
        for i in start..out.len() {
            if kept == start || out[i] != out[kept - 1] {
                out[kept] = out[i];
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.hashes.shrink_to_fit();
        self.words.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.hashes.capacity() + self.words.capacity() + self.buckets.capacity()) * 4
    }
}

/// Hashes of `word` and of every string made by deleting up to `edits`
/// bytes of it (sorted, deduplicated).
fn deletion_hashes(word: &[u8], edits: usize, out: &mut Vec<u32>) {
    out.clear();
    out.push(hash(word));
    let mut buf = Vec::with_capacity(word.len());
    if edits >= 1 {
        for i in 0..word.len() {
            buf.clear();
            buf.extend_from_slice(&word[..i]);
            buf.extend_from_slice(&word[i + 1..]);
            out.push(hash(&buf));
            if edits >= 2 {
                for j in i + 1..word.len() {
                    buf.clear();
                    buf.extend_from_slice(&word[..i]);
                    buf.extend_from_slice(&word[i + 1..j]);
                    buf.extend_from_slice(&word[j + 1..]);
                    out.push(hash(&buf));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// FNV-1a with a final avalanche, so the top bits pick buckets evenly.
fn hash(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::text::edit_distance;

    #[test]
    fn deletion_index_finds_words_within_the_allowed_edits() {
        let words = [
            "kyrgyzstan",
            "moscow",
            "pakistan",
            "tajikistan",
            "iran",
            "chechnya",
        ];
        let idx = DeletionIndex::build(
            words.iter().enumerate().map(|(i, w)| (i as u32, *w)),
            max_edits,
        );
        let found = |q: &str| {
            let mut out = Vec::new();
            idx.candidates(q, &mut out);
            out.into_iter()
                .filter(|&w| {
                    let w = words[w as usize];
                    edit_distance(q, w) <= max_edits(q.len()).min(max_edits(w.len()))
                })
                .map(|w| words[w as usize])
                .collect::<Vec<_>>()
        };
        assert_eq!(found("kirgizstan"), ["kyrgyzstan"]);
        assert_eq!(found("moskow"), ["moscow"]);
        assert_eq!(found("mocsow"), ["moscow"], "transposition");
        assert_eq!(found("pakistn"), ["pakistan"]);
        assert_eq!(found("tadjikistan"), ["tajikistan"]);
        assert_eq!(found("chechnia"), ["chechnya"]);
        assert_eq!(found("iram"), ["iran"], "4 letters allow one edit");
        assert!(found("irxx").is_empty(), "two edits on 4 letters");
        assert!(found("ira").is_empty(), "3 letters: no typos");
        assert!(found("").is_empty());
    }

    #[test]
    fn deletion_index_on_an_empty_vocabulary() {
        let idx = DeletionIndex::build(std::iter::empty(), max_edits);
        let mut out = Vec::new();
        idx.candidates("anything", &mut out);
        assert!(out.is_empty());
    }
}
