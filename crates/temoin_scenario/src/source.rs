//! A loaded RON file and a way back from a value to where it was written, so that errors found
//! after parsing (an unknown beat, a missing asset) still point at a line and column.

use std::collections::HashMap;

/// The text of one file with its display path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Built the first time a place is looked up: a valid file loads without it.
    index: std::sync::OnceLock<Index>,
}

/// Where each literal and field name is, to put a diagnostic on it.
#[derive(Debug, Clone, Default)]
struct Index {
    tokens: Vec<Token>,
    /// Offsets of string literals by (key, value) and by value, ascending, so that lookups
    /// stay fast in scenarios with thousands of beats.
    by_key: HashMap<(String, String), Vec<usize>>,
    by_value: HashMap<String, Vec<usize>>,
}

/// A string literal or identifier found in a RON file. `key` is the identifier that
/// introduces a literal: the field name before `:` (`goto: "x"`) or the variant before `(`
/// (`Flag("x")`).
#[derive(Debug, Clone)]
enum Token {
    Str {
        offset: usize,
        value: String,
        key: Option<String>,
    },
    Ident {
        offset: usize,
        name: String,
    },
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            index: std::sync::OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::of(&self.text))
    }

    /// Whether a place has been looked up (and the file tokenized) yet.
    #[cfg(test)]
    pub(crate) fn is_indexed(&self) -> bool {
        self.index.get().is_some()
    }
}

impl Index {
    fn of(text: &str) -> Index {
        // A file too large to load is refused before anything looks for a place in it.
        let tokens = if text.len() > crate::load::MAX_FILE_BYTES {
            Vec::new()
        } else {
            tokenize(text)
        };
        let mut by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
        let mut by_value: HashMap<String, Vec<usize>> = HashMap::new();
        for token in &tokens {
            if let Token::Str { offset, value, key } = token {
                by_value.entry(value.clone()).or_default().push(*offset);
                if let Some(key) = key {
                    by_key
                        .entry((key.clone(), value.clone()))
                        .or_default()
                        .push(*offset);
                }
            }
        }
        Index {
            tokens,
            by_key,
            by_value,
        }
    }
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// Byte offset of a 1-based line and column.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Where the first `key: <...>` section starts (for example `beats`).
    pub fn section(&self, key: &str) -> Option<usize> {
        self.index().tokens.iter().find_map(|t| match t {
            Token::Ident { offset, name } if name == key => Some(*offset),
            _ => None,
        })
    }

    /// The first string literal `value` introduced by `key` at or after `after`.
    pub fn find(&self, key: &str, value: &str, after: usize) -> Option<usize> {
        first_at_or_after(
            self.index()
                .by_key
                .get(&(key.to_owned(), value.to_owned()))?,
            after,
        )
    }

    /// The `nth` (from 0) string literal `value` introduced by `key` at or after `after`,
    /// without walking the ones before it: a table may repeat an id thousands of times.
    pub fn find_nth(&self, key: &str, value: &str, after: usize, nth: usize) -> Option<usize> {
        let offsets = self
            .index()
            .by_key
            .get(&(key.to_owned(), value.to_owned()))?;
        offsets
            .get(offsets.partition_point(|&o| o < after) + nth)
            .copied()
    }

    /// The first identifier `key` (a field name) at or after `after`: where a number the
    /// author wrote for that field is.
    pub fn find_key(&self, key: &str, after: usize) -> Option<usize> {
        self.index().tokens.iter().find_map(|t| match t {
            Token::Ident { offset, name } if name == key && *offset >= after => Some(*offset),
            _ => None,
        })
    }

    /// The first string literal `value` at or after `after`, whatever introduces it.
    pub fn find_value(&self, value: &str, after: usize) -> Option<usize> {
        first_at_or_after(self.index().by_value.get(value)?, after)
    }
}

fn first_at_or_after(offsets: &[usize], after: usize) -> Option<usize> {
    offsets
        .get(offsets.partition_point(|&o| o < after))
        .copied()
}

/// How many `#` a raw string starting at `i` has (`r"`, `r#"`, ...), or `None` when the `r`
/// there starts something else (an identifier, a raw identifier `r#name`, or a typo).
fn raw_string_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i) != Some(&b'r') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    // The last identifier and whether only `:` or `(` stood between it and here.
    let mut pending_key: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                let start = i;
                let mut value = String::new();
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' && i + 1 < bytes.len() {
                        // The escaped character may be more than one byte (`\é`).
                        let escaped = text[i + 1..].chars().next().unwrap_or('\u{fffd}');
                        value.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                        i += 1 + escaped.len_utf8();
                        continue;
                    }
                    let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                    value.push(ch);
                    i += ch.len_utf8();
                }
                i += 1;
                tokens.push(Token::Str {
                    offset: start,
                    value,
                    key: pending_key.take(),
                });
            }
            b'r' if raw_string_hashes(bytes, i).is_some() => {
                // Raw string r#"..."#.
                let start = i;
                let hashes = raw_string_hashes(bytes, i).unwrap_or(0);
                i += 1 + hashes + 1;
                let content_start = i;
                let closing: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let end = text[i.min(text.len())..]
                    .find(&closing)
                    .map_or(text.len(), |e| i + e);
                let value = text[content_start.min(end)..end].to_owned();
                i = end + closing.len();
                tokens.push(Token::Str {
                    offset: start,
                    value,
                    key: pending_key.take(),
                });
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let name = text[start..i].to_owned();
                tokens.push(Token::Ident {
                    offset: start,
                    name: name.clone(),
                });
                pending_key = Some(name);
                continue;
            }
            b':' | b'(' | b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => pending_key = None,
        }
        i += 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literals_by_key_and_position() {
        let src = SourceFile::new(
            "x.ron",
            "(\n  // \"goto\": \"no\"\n  beats: [(id: \"a\", goto: \"b\"), Flag(\"é\"), r#\"raw\"#]\n)",
        );
        let beats = src.section("beats").unwrap();
        let a = src.find("id", "a", beats).unwrap();
        assert_eq!(src.line_column(a), (3, 16));
        let b = src.find("goto", "b", a).unwrap();
        assert_eq!(src.line_column(b), (3, 27));
        let flag = src.find("Flag", "é", 0).unwrap();
        assert_eq!(src.line_column(flag), (3, 38));
        assert!(src.find("goto", "no", 0).is_none(), "comments are skipped");
        assert!(src.find_value("raw", 0).is_some());
        assert_eq!(src.offset_of(3, 16), a);
    }

    /// Found by the mutation test (issue #14): these panicked on a byte index inside `é`.
    #[test]
    fn broken_escapes_and_raw_strings_before_multibyte_characters() {
        let src = SourceFile::new("x.ron", "(a: \"\\é\", b: r#é, c: r#\"ü\"#, d: \"\\");
        assert_eq!(src.find("a", "é", 0), Some(4));
        assert_eq!(
            src.find_value("ü", 0),
            Some(src.text.find("r#\"ü").unwrap())
        );
        assert!(src.find_key("c", 0).is_some());
        for text in [
            "r#é",
            "r#",
            "r",
            "\"\\",
            "\"\\é",
            "r##\"x\"#",
            "x: r#\"",
            "/*",
            "\"é",
        ] {
            SourceFile::new("x.ron", text);
        }
    }
}
