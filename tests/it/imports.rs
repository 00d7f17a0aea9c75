//! The import graph of `src/`, file to file, read from the sources: every
//! `use` of a `crate::`, `super::` or `self::` path, and every `crate::`
//! path written inline. A path is followed through `pub use` re-exports to
//! the file that defines the item, so `use crate::data::Dataset` is an
//! import of `data/model.rs`, not of `data/mod.rs`.
//!
//! Deliberately small: it reads Rust as this crate writes it (no macros
//! that build paths, no `#[path]`), which the tests of this module check.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module path from the crate root, e.g. `["data", "model"]`.
type ModPath = Vec<String>;

/// The crate's files and which files each imports.
pub struct Graph {
    /// File (relative to `src/`, with `/`) → its module path.
    pub modules: BTreeMap<String, ModPath>,
    /// File → files it imports (itself excluded).
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// Reads every `.rs` file under `src` (`main.rs` aside: the binary is
    /// a crate of its own).
    pub fn read(src: &Path) -> Graph {
        let mut texts = BTreeMap::new();
        for path in super::architecture::rust_files(src) {
            let relative = path
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "main.rs" {
                continue;
            }
            texts.insert(relative, fs::read_to_string(&path).unwrap());
        }
        Graph::from_sources(&texts)
    }

    /// The graph of in-memory sources (file → text).
    pub fn from_sources(texts: &BTreeMap<String, String>) -> Graph {
        let modules: BTreeMap<String, ModPath> =
            texts.keys().map(|f| (f.clone(), module_of(f))).collect();
        let files: BTreeMap<ModPath, String> = modules
            .iter()
            .map(|(f, m)| (m.clone(), f.clone()))
            .collect();
        // Module → (name → absolute path it re-exports).
        let mut reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>> = BTreeMap::new();
        let mut uses: BTreeMap<String, Vec<ModPath>> = BTreeMap::new();
        // Module → the names its file defines (for `pub use x::*`).
        let mut definitions: BTreeMap<ModPath, BTreeSet<String>> = BTreeMap::new();
        // Module → the modules it re-exports whole (`pub use x::*`).
        let mut globs: BTreeMap<ModPath, Vec<ModPath>> = BTreeMap::new();
        for (file, text) in texts {
            let here = &modules[file];
            let code = without_test_modules(&strip_comments(text));
            definitions.insert(here.clone(), defined_names(&code));
            let inline = inline_modules(&code);
            for (at, public, tree) in use_statements(&code) {
                // Inside `mod tests { ... }`, `super` is the file's module.
                let mut here = here.clone();
                here.extend(
                    inline
                        .iter()
                        .filter(|(start, end, _)| (*start..*end).contains(&at))
                        .map(|(_, _, name)| name.clone()),
                );
                let here = &here;
                for (path, alias, glob) in expand(&tree) {
                    let Some(absolute) = absolute(here, &path, &files) else {
                        continue;
                    };
                    if public && glob {
                        globs
                            .entry(here.clone())
                            .or_default()
                            .push(absolute.clone());
                        uses.entry(file.clone()).or_default().push(absolute);
                        continue;
                    }
                    if public && let Some(name) = alias.or_else(|| absolute.last().cloned()) {
                        reexports
                            .entry(here.clone())
                            .or_default()
                            .insert(name, absolute.clone());
                    }
                    uses.entry(file.clone()).or_default().push(absolute);
                }
            }
            let code = without_uses(&code);
            for path in inline_crate_paths(&code) {
                uses.entry(file.clone()).or_default().push(path);
            }
            for path in inline_relative_paths(&code) {
                if let Some(absolute) = absolute(here, &path, &files) {
                    uses.entry(file.clone()).or_default().push(absolute);
                }
            }
        }
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in texts.keys() {
            let targets = edges.entry(file.clone()).or_default();
            let names = Names {
                files: &files,
                reexports: &reexports,
                globs: &globs,
                definitions: &definitions,
            };
            for path in uses.get(file).into_iter().flatten() {
                if let Some(target) = names.resolve(path, 0)
                    && &target != file
                {
                    targets.insert(target);
                }
            }
        }
        Graph { modules, edges }
    }

    /// Every cycle of imports, each as the files on it (one per strongly
    /// connected component of more than one file).
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for component in strongly_connected(&self.edges) {
            if component.len() > 1 {
                out.push(component);
            }
        }
        out
    }
}

/// A file's code as the checks read it: comments and string literals
/// blanked, `#[cfg(test)]` modules removed.
pub fn code_of(text: &str) -> String {
    without_test_modules(&strip_comments(text))
}

/// `data/model.rs` → `["data", "model"]`; `data/mod.rs` → `["data"]`.
fn module_of(file: &str) -> ModPath {
    let trimmed = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The text with `//` and `/* */` comments blanked and string literals
/// emptied, so neither is read as code.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            // A raw string's `r#"` is read as its `"`; its body has no `"#`
            // in this crate's sources worth following.
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if c == '\'' && next.is_some_and(|n| n != '\\') && chars.get(i + 2) == Some(&'\'') {
            // A char literal such as '"'.
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Each inline module (`mod tests { ... }`): where its body starts and ends,
/// and its name; nested ones are listed after their parent.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = find_word(&code[from..], "mod") {
        let at = from + found + 3;
        let rest = &code[at..];
        let name_len = rest
            .trim_start()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(0);
        let skipped = rest.len() - rest.trim_start().len();
        let name = &rest[skipped..skipped + name_len];
        let after = rest[skipped + name_len..].trim_start();
        if !name.is_empty() && after.starts_with('{') {
            let open = code.len() - after.len();
            let mut depth = 0;
            let mut end = code.len();
            for (i, c) in code[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out.push((open, end, name.to_string()));
        }
        from = at;
    }
    out
}

/// The code with its `use` statements blanked (they are read apart).
fn without_uses(code: &str) -> String {
    let mut out = code.to_string();
    for (at, _, _) in use_statements(code) {
        let end = code[at..].find(';').map_or(code.len(), |e| at + e);
        out.replace_range(at..end, &" ".repeat(end - at));
    }
    out
}

/// Each `use` statement: where it is, whether it is public (`pub`,
/// `pub(crate)`), and its tree (`crate::a::{b, c::D}`).
fn use_statements(code: &str) -> Vec<(usize, bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let offset = code.len() - rest.len() + at;
        let before = rest[..at].trim_end();
        let public = before.ends_with("pub") || before.ends_with("pub(crate)");
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        let tree = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let tree = ["::", "{", "}", ","].iter().fold(tree, |t, p| {
            t.replace(&format!(" {p}"), p).replace(&format!("{p} "), p)
        });
        out.push((offset, public, tree));
        rest = &after[end..];
    }
    out
}

/// The byte offset of `word` standing alone (not part of an identifier).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        let ident = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !ident(before) && !ident(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expands a use tree into its paths, each with its alias (`as X`) and
/// whether it is a glob (`x::*`).
fn expand(tree: &str) -> Vec<(Vec<String>, Option<String>, bool)> {
    let mut out = Vec::new();
    expand_into(&[], tree, &mut out);
    out
}

fn expand_into(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, Option<String>, bool)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut base = prefix.to_vec();
        base.extend(segments(tree[..open].trim_end_matches("::")));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        for part in split_top(inner) {
            if part == "self" {
                out.push((base.clone(), None, false));
            } else if !part.is_empty() {
                expand_into(&base, part, out);
            }
        }
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p, Some(a.trim().to_string())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(segments(path));
    let glob = full.last().is_some_and(|s| s == "*");
    if glob {
        full.pop();
    }
    if full.last().is_some_and(|s| s == "self") {
        full.pop();
    }
    out.push((full, alias.filter(|a| a != "_"), glob));
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits on commas not inside braces.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

/// A path made absolute from the crate root, or `None` for another crate's.
fn absolute(here: &ModPath, path: &[String], files: &BTreeMap<ModPath, String>) -> Option<ModPath> {
    let first = path.first()?;
    let mut child = here.clone();
    child.push(first.clone());
    if files.contains_key(&child) {
        // `use model::X` in `data/mod.rs`: a child module, named bare.
        let mut out = here.clone();
        out.extend(path.iter().cloned());
        return Some(out);
    }
    let (mut base, rest) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (here.clone(), &path[1..]),
        "super" => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// `crate::a::b` paths written in code outside `use` statements.
fn inline_crate_paths(code: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "crate") {
        let after = &rest[at + "crate".len()..];
        let before = rest[..at].trim_end();
        if after.starts_with("::") && !before.ends_with("use") {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(after.len());
            out.push(segments(&after[..end]));
        }
        rest = after;
    }
    out
}

/// `super::x`, `self::x` and `child::x` paths written in code outside
/// `use` statements (a bare first segment counts only if it names a child
/// module, which [`absolute`] checks).
fn inline_relative_paths(code: &str) -> Vec<ModPath> {
    let path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = code[i..].find("::") {
        let at = i + found;
        let start = code[..at]
            .rfind(|c: char| !path_char(c))
            .map_or(0, |p| p + 1);
        let end = code[at..]
            .find(|c: char| !path_char(c))
            .map_or(code.len(), |p| at + p);
        let first = code[start..at].split("::").next().unwrap_or("");
        let lower = first.starts_with(|c: char| c.is_ascii_lowercase());
        if lower && first != "crate" {
            out.push(segments(&code[start..end]));
        }
        i = end.max(at + 2);
    }
    out
}

/// What the crate's modules define and re-export.
struct Names<'a> {
    files: &'a BTreeMap<ModPath, String>,
    reexports: &'a BTreeMap<ModPath, BTreeMap<String, ModPath>>,
    globs: &'a BTreeMap<ModPath, Vec<ModPath>>,
    definitions: &'a BTreeMap<ModPath, BTreeSet<String>>,
}

impl Names<'_> {
    /// The file defining what `path` names: the longest module prefix that
    /// is a file, followed through that module's re-export of the next
    /// segment (named, or by a glob of a module defining it).
    fn resolve(&self, path: &[String], depth: usize) -> Option<String> {
        let mut module: ModPath = Vec::new();
        let mut i = 0;
        while i < path.len() {
            let mut longer = module.clone();
            longer.push(path[i].clone());
            if self.files.contains_key(&longer) {
                module = longer;
                i += 1;
            } else {
                break;
            }
        }
        if i < path.len() && depth < 8 {
            let name = &path[i];
            let named = self
                .reexports
                .get(&module)
                .and_then(|r| r.get(name))
                .cloned();
            let globbed = || {
                self.globs.get(&module)?.iter().find_map(|target| {
                    let defines = self.definitions.get(target)?.contains(name);
                    defines.then(|| {
                        let mut p = target.clone();
                        p.push(name.clone());
                        p
                    })
                })
            };
            let defined_here = self
                .definitions
                .get(&module)
                .is_some_and(|d| d.contains(name));
            if !defined_here && let Some(mut next) = named.or_else(globbed) {
                next.extend(path[i + 1..].iter().cloned());
                if next != path {
                    return self.resolve(&next, depth + 1);
                }
            }
        }
        self.files.get(&module).cloned()
    }
}

/// The names of the items a file defines at its top level (or anywhere:
/// a nested `fn` of the same name is rare enough not to matter).
fn defined_names(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for keyword in [
        "struct",
        "enum",
        "fn",
        "trait",
        "type",
        "const",
        "static",
        "macro_rules!",
    ] {
        let mut from = 0;
        while let Some(found) = find_word(&code[from..], keyword.trim_end_matches('!')) {
            let at = from + found + keyword.len();
            let rest = code.get(at..).unwrap_or("").trim_start();
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if len > 0 {
                out.insert(rest[..len].to_string());
            }
            from = at.min(code.len());
        }
    }
    out
}

/// The code without its `#[cfg(test)]` modules: unit tests sit above
/// everything they test and may use anything.
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    for (start, end, _) in inline_modules(code).into_iter().rev() {
        let head = &code[..start];
        let Some(mod_at) = head.rfind("mod") else {
            continue;
        };
        let attributes = code[..mod_at].trim_end();
        let attributes = attributes
            .strip_suffix("pub(crate)")
            .or_else(|| attributes.strip_suffix("pub"))
            .unwrap_or(attributes)
            .trim_end();
        if attributes.ends_with("#[cfg(test)]") {
            out.replace_range(start..end, &" ".repeat(end - start));
        }
    }
    out
}

/// Tarjan's strongly connected components, each sorted.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(files: &[(&str, &str)]) -> Graph {
        Graph::from_sources(
            &files
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect(),
        )
    }

    fn targets(g: &Graph, file: &str) -> Vec<String> {
        g.edges[file].iter().cloned().collect()
    }

    #[test]
    fn a_reexport_is_followed_to_the_defining_file() {
        let g = graph(&[
            ("lib.rs", "pub mod data;\npub mod commands;"),
            (
                "data/mod.rs",
                "pub mod model;\npub use model::{Dataset, Fact as F};",
            ),
            ("data/model.rs", "pub struct Dataset;"),
            (
                "commands/mod.rs",
                "use crate::data::{Dataset, F};\nfn f() { crate::data::model::x(); }",
            ),
        ]);
        assert_eq!(targets(&g, "commands/mod.rs"), ["data/model.rs"]);
        assert_eq!(targets(&g, "data/mod.rs"), ["data/model.rs"]);
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn a_cycle_through_super_is_found() {
        let g = graph(&[
            ("lib.rs", "pub mod discord;\npub mod metrics;"),
            (
                "discord/mod.rs",
                "mod handler;\nuse crate::metrics::Metrics;\npub trait Backend {}",
            ),
            ("discord/handler.rs", "use super::{Backend, Settings};"),
            (
                "metrics.rs",
                "// use crate::nothing;\nuse crate::discord::Backend;\nuse serde::X;",
            ),
        ]);
        assert_eq!(targets(&g, "discord/handler.rs"), ["discord/mod.rs"]);
        assert_eq!(
            g.cycles(),
            vec![vec!["discord/mod.rs".to_string(), "metrics.rs".to_string()]]
        );
    }

    #[test]
    fn super_in_a_tests_module_is_the_file_itself() {
        let g = graph(&[
            ("lib.rs", "pub mod a;"),
            ("a/mod.rs", "pub mod b;\npub use b::B;"),
            (
                "a/b.rs",
                "pub struct B;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
            ),
        ]);
        assert!(targets(&g, "a/b.rs").is_empty());
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn a_glob_reexport_is_followed_to_the_file_defining_the_name() {
        let g = graph(&[
            ("lib.rs", "pub mod data;\npub mod query;"),
            (
                "data/mod.rs",
                "pub mod model;\npub use model::*;\npub fn here() {}",
            ),
            ("data/model.rs", "pub struct Dataset;\npub enum Kind { A }"),
            ("query.rs", "use crate::data::{Dataset, Kind, here};"),
        ]);
        assert_eq!(targets(&g, "query.rs"), ["data/mod.rs", "data/model.rs"]);
    }

    #[test]
    fn unit_tests_are_not_part_of_the_graph() {
        let g = graph(&[
            ("lib.rs", "pub mod a;\npub mod b;"),
            ("a.rs", "use crate::b::B;\npub struct A;"),
            (
                "b.rs",
                "pub struct B;\n#[cfg(test)]\nmod tests {\n    use crate::a::A;\n    mod deeper { fn f() { crate::a::g(); } }\n}\n",
            ),
        ]);
        assert!(targets(&g, "b.rs").is_empty());
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn a_child_module_named_in_code_is_an_import() {
        let g = graph(&[
            ("lib.rs", "pub mod http;"),
            (
                "http/mod.rs",
                "pub mod answer;\npub struct Endpoint;\nfn f() { answer::answer(); }",
            ),
            (
                "http/answer.rs",
                "use super::Endpoint;\npub fn answer() { std::mem::drop(1); }",
            ),
        ]);
        assert_eq!(targets(&g, "http/mod.rs"), ["http/answer.rs"]);
        assert_eq!(g.cycles().len(), 1);
    }

    #[test]
    fn comments_strings_and_other_crates_are_not_imports() {
        let g = graph(&[
            ("lib.rs", "pub mod a;\npub mod b;"),
            (
                "a.rs",
                "/* use crate::b; */\nconst S: &str = \"crate::b::X\";\nuse std::fmt;",
            ),
            ("b.rs", "use crate::a::{self, Thing};"),
        ]);
        assert!(targets(&g, "a.rs").is_empty());
        assert_eq!(targets(&g, "b.rs"), ["a.rs"]);
    }
}
