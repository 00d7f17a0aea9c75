//! Problems found while loading, collected with the files they point into.
//!
//! The parser and the validator both report problems at byte offsets of
//! registered files, and neither should know how the other runs: this is
//! what they share. Offsets become line and column only at the end
//! ([`Sink::into_problems`]), and only for the files that have problems.

use std::cell::OnceCell;

use super::problem::{Problem, Problems};

/// Index of a file registered with a [`Sink`].
pub(crate) type FileId = u32;

/// A problem whose place is still a byte offset.
struct Pending {
    file: FileId,
    offset: usize,
    about: Option<String>,
    message: String,
    hint: Option<String>,
}

/// Problems found by one pass, located by file and byte offset.
#[derive(Default)]
pub(crate) struct Report {
    located: Vec<Pending>,
    general: Vec<Problem>,
}

impl Report {
    /// Reports a problem at a byte offset of a file.
    pub(crate) fn at(
        &mut self,
        file: FileId,
        offset: usize,
        about: Option<String>,
        message: String,
        hint: Option<String>,
    ) {
        self.located.push(Pending {
            file,
            offset,
            about,
            message,
            hint,
        });
    }

    /// Reports a problem about a whole file or directory.
    pub(crate) fn general(&mut self, file: String, message: String, hint: Option<String>) {
        self.general.push(Problem {
            file,
            line: None,
            column: None,
            about: None,
            message,
            hint,
        });
    }

    /// Takes over the problems of a file's own report, whose offsets point
    /// into `file`.
    pub(crate) fn append(&mut self, file: FileId, other: Report) {
        self.located
            .extend(other.located.into_iter().map(|p| Pending { file, ..p }));
        self.general.extend(other.general);
    }

    fn is_empty(&self) -> bool {
        self.located.is_empty() && self.general.is_empty()
    }
}

/// The files problems point into, and the problems.
#[derive(Default)]
pub(crate) struct Sink<'a> {
    files: Vec<SinkFile<'a>>,
    pub(crate) report: Report,
}

struct SinkFile<'a> {
    display: String,
    text: &'a str,
    /// Byte offset of each line's start, built on the first problem.
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Sink<'a> {
    /// Registers a file so problems can point into it.
    pub(crate) fn add_file(&mut self, display: String, text: &'a str) -> FileId {
        self.files.push(SinkFile {
            display,
            text,
            line_starts: OnceCell::new(),
        });
        (self.files.len() - 1) as FileId
    }

    /// Registers a file that is not UTF-8 from byte `valid` on, reporting
    /// where.
    pub(crate) fn add_invalid_utf8(
        &mut self,
        display: String,
        bytes: &'a [u8],
        valid: usize,
    ) -> FileId {
        // The prefix is valid by definition; it locates the bad byte.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let file = self.add_file(display, prefix);
        self.at(
            file,
            valid,
            None,
            "the file is not valid UTF-8".to_owned(),
            Some("save it as UTF-8 text".to_owned()),
        );
        file
    }

    /// Registers a file that must be UTF-8; reports where it is not.
    pub(crate) fn add_utf8_file(
        &mut self,
        display: String,
        bytes: &'a [u8],
    ) -> Option<(FileId, &'a str)> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Some((self.add_file(display, text), text)),
            Err(e) => {
                self.add_invalid_utf8(display, bytes, e.valid_up_to());
                None
            }
        }
    }

    /// `data/facts.toml:12:5`, for hints pointing at another place.
    pub(crate) fn location(&self, file: FileId, offset: usize) -> String {
        let (line, column) = self.line_column(file, offset);
        format!("{}:{line}:{column}", self.files[file as usize].display)
    }

    fn line_column(&self, file: FileId, offset: usize) -> (u32, u32) {
        let f = &self.files[file as usize];
        let starts = f.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    f.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        });
        let offset = offset.min(f.text.len());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let column = f
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// Reports a problem at a byte offset of a registered file.
    pub(crate) fn at(
        &mut self,
        file: FileId,
        offset: usize,
        about: Option<String>,
        message: String,
        hint: Option<String>,
    ) {
        self.report.at(file, offset, about, message, hint);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.report.is_empty()
    }

    /// The problems in file, line and column order (stable otherwise).
    pub(crate) fn into_problems(self) -> Problems {
        let Sink { files, report } = self;
        let located = Sink {
            files,
            report: Report::default(),
        };
        let mut problems = report.general;
        for p in report.located {
            let (line, column) = located.line_column(p.file, p.offset);
            problems.push(Problem {
                file: located.files[p.file as usize].display.clone(),
                line: Some(line),
                column: Some(column),
                about: p.about,
                message: p.message,
                hint: p.hint,
            });
        }
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Problems(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let mut sink = Sink::default();
        let file = sink.add_file("f.toml".into(), "ab\nçd = 1\n\nx");
        assert_eq!(sink.line_column(file, 0), (1, 1));
        assert_eq!(sink.line_column(file, 2), (1, 3));
        assert_eq!(sink.line_column(file, 3), (2, 1));
        assert_eq!(sink.line_column(file, 5), (2, 2), "ç is one column");
        assert_eq!(sink.line_column(file, 11), (3, 1));
        assert_eq!(sink.line_column(file, 12), (4, 1));
        assert_eq!(sink.line_column(file, 13), (4, 2));
        assert_eq!(sink.line_column(file, 99), (4, 2), "clamped to the end");
    }
}
