//! A reader for TOML that keeps every key's place and goes on after a mistake.
//!
//! The file is parsed into `toml`'s spanned document tree rather than deserialized with serde,
//! so that every key and value keeps its place in the file and reading can go on after a mistake:
//! one run reports all of them. Nothing here knows about close codes; `schema` builds on it.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Location, SourceFile};
use crate::naming;

/// A value in the document, with its byte span.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// Parses `file`, reporting each syntax mistake once per line (the parser recovers and may
/// report the same mistake again further along its line). `None` if there was any.
pub(crate) fn parse<'f>(
    file: &'f SourceFile,
    errors: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'f>>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(&file.text);
    let mut lines_with_errors = Vec::new();
    for error in &syntax_errors {
        let span = error.span().unwrap_or(0..0);
        let line = Location::new(file, span.clone()).line;
        if lines_with_errors.contains(&line) {
            continue;
        }
        lines_with_errors.push(line);
        errors.push(
            Diagnostic::at(
                file,
                span,
                "(syntax)",
                format!("invalid TOML: {}", error.message()),
            )
            .help("fix the TOML syntax; see https://toml.io"),
        );
    }
    syntax_errors.is_empty().then_some(document)
}

/// A string, a whole number (within `i64`) or a boolean, as a matcher compares with; `None` for
/// any other value.
pub(crate) fn scalar(value: &Value<'_>) -> Option<crate::model::Scalar> {
    use crate::model::Scalar;
    match value.get_ref() {
        DeValue::String(text) => Some(Scalar::Text(text.to_string())),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(Scalar::Integer),
        DeValue::Boolean(b) => Some(Scalar::Boolean(*b)),
        _ => None,
    }
}

/// A table being read, with the key path that messages show for it.
pub(crate) struct Table<'a, 'i> {
    pub(crate) table: &'a DeTable<'i>,
    pub(crate) span: Range<usize>,
    pub(crate) path: String,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The document's top level.
    pub(crate) fn root(document: &'a Spanned<DeTable<'i>>) -> Table<'a, 'i> {
        Table {
            table: document.get_ref(),
            span: document.span(),
            path: String::new(),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// The path messages show for `key` in this table, e.g. `vendor.backoff.max_ms`.
    pub(crate) fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

/// Reads values out of one file's tables, collecting a diagnostic for every mistake.
pub(crate) struct Reader<'f> {
    pub(crate) file: &'f SourceFile,
    pub(crate) errors: Vec<Diagnostic>,
}

impl<'f> Reader<'f> {
    pub(crate) fn new(file: &'f SourceFile) -> Reader<'f> {
        Reader {
            file,
            errors: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, span: Range<usize>, key: String, message: String, help: String) {
        let diagnostic = Diagnostic::at(self.file, span, key, message).help(help);
        self.errors.push(diagnostic);
    }

    pub(crate) fn required_table<'a, 'i>(
        &mut self,
        t: &Table<'a, 'i>,
        key: &str,
    ) -> Option<Table<'a, 'i>> {
        if t.get(key).is_none() {
            self.missing(t, key, format!("add a `[{}]` table", t.key_path(key)));
            return None;
        }
        self.optional_table(t, key)
    }

    pub(crate) fn optional_table<'a, 'i>(
        &mut self,
        t: &Table<'a, 'i>,
        key: &str,
    ) -> Option<Table<'a, 'i>> {
        let value = t.get(key)?;
        match value.get_ref().as_table() {
            Some(table) => Some(Table {
                table,
                span: value.span(),
                path: t.key_path(key),
            }),
            None => {
                self.wrong_type(value, t.key_path(key), "a table");
                None
            }
        }
    }

    pub(crate) fn required_string(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
    ) -> Option<(String, Range<usize>)> {
        let Some(value) = t.get(key) else {
            self.missing(t, key, format!("add `{key} = \"…\"`"));
            return None;
        };
        let text = self.string_value(value, &t.key_path(key))?;
        Some((text, value.span()))
    }

    pub(crate) fn optional_string(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        self.string_value(t.get(key)?, &t.key_path(key))
    }

    pub(crate) fn string_value(&mut self, value: &Value<'_>, path: &str) -> Option<String> {
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(value, path.to_owned(), "a string");
            return None;
        };
        if text.trim().is_empty() {
            self.error(
                value.span(),
                path.to_owned(),
                "must not be empty".into(),
                "write the text, or remove the key if it is optional".into(),
            );
            return None;
        }
        if text.trim() != text {
            self.error(
                value.span(),
                path.to_owned(),
                "has leading or trailing white space".into(),
                "remove the spaces or line breaks around the text".into(),
            );
            return None;
        }
        Some(text.to_owned())
    }

    pub(crate) fn optional_bool(&mut self, t: &Table<'_, '_>, key: &str) -> Option<bool> {
        let value = t.get(key)?;
        let flag = value.get_ref().as_bool();
        if flag.is_none() {
            self.wrong_type(value, t.key_path(key), "a boolean (`true` or `false`)");
        }
        flag
    }

    /// One of `words` (a closed set of `what`s, e.g. actions), spelled exactly, as the index of
    /// the word; a near miss is suggested.
    pub(crate) fn required_word(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        words: &[&str],
        what: &str,
    ) -> Option<usize> {
        let (word, span) = self.required_string(t, key)?;
        let index = words.iter().position(|w| *w == word);
        if index.is_none() {
            let help = match naming::suggest(&word, words.iter().copied()) {
                Some(s) => format!(
                    "did you mean \"{s}\"? The {what}s are: {}",
                    words.join(", ")
                ),
                None => format!("use one of: {}", words.join(", ")),
            };
            self.error(
                span,
                t.key_path(key),
                format!("unknown {what} \"{word}\""),
                help,
            );
        }
        index
    }

    /// `[low, high]`: two whole numbers from `min` to `max`, the first not above the second.
    pub(crate) fn optional_integer_pair(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        min: i128,
        max: i128,
    ) -> Option<(i128, i128)> {
        let value = t.get(key)?;
        let help = format!("write `{key} = [LOW, HIGH]` with whole numbers from {min} to {max}");
        let numbers: Option<Vec<i128>> = value.get_ref().as_array().and_then(|items| {
            items
                .iter()
                .map(|item| {
                    let integer = item.get_ref().as_integer()?;
                    i128::from_str_radix(integer.as_str(), integer.radix()).ok()
                })
                .collect()
        });
        match numbers.as_deref() {
            Some(&[low, high]) if (min..=max).contains(&low) && (min..=max).contains(&high) => {
                if low <= high {
                    return Some((low, high));
                }
                self.error(
                    value.span(),
                    t.key_path(key),
                    format!("the low end ({low}) is above the high end ({high})"),
                    format!("write the lower number first: `{key} = [{high}, {low}]`"),
                );
            }
            Some(&[_, _]) => self.error(
                value.span(),
                t.key_path(key),
                "is out of range".into(),
                help,
            ),
            _ => self.error(
                value.span(),
                t.key_path(key),
                "expected an array of two whole numbers".into(),
                help,
            ),
        }
        None
    }

    pub(crate) fn required_integer(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        min: i128,
        max: i128,
    ) -> Option<(i128, Range<usize>)> {
        if t.get(key).is_none() {
            self.missing(t, key, format!("add `{key} = <number>`"));
            return None;
        }
        self.optional_integer(t, key, min, max)
    }

    pub(crate) fn optional_integer(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        min: i128,
        max: i128,
    ) -> Option<(i128, Range<usize>)> {
        let value = t.get(key)?;
        let Some(integer) = value.get_ref().as_integer() else {
            self.wrong_type(value, t.key_path(key), "an integer");
            return None;
        };
        let parsed = i128::from_str_radix(integer.as_str(), integer.radix())
            .ok()
            .filter(|n| (min..=max).contains(n));
        if parsed.is_none() {
            self.error(
                value.span(),
                t.key_path(key),
                format!("{integer} is out of range"),
                format!("use a whole number from {min} to {max}"),
            );
        }
        parsed.map(|n| (n, value.span()))
    }

    pub(crate) fn optional_number(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        min: f64,
        max: f64,
    ) -> Option<(f64, Range<usize>)> {
        let value = t.get(key)?;
        let number = match value.get_ref() {
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            _ => {
                self.wrong_type(value, t.key_path(key), "a number");
                return None;
            }
        };
        let number = number.filter(|n| n.is_finite() && (min..=max).contains(n));
        if number.is_none() {
            self.error(
                value.span(),
                t.key_path(key),
                "is out of range".into(),
                format!("use a number from {min:?} to {max:?}"),
            );
        }
        number.map(|n| (n, value.span()))
    }

    /// The tables of the array of tables `[[key]]` (none if absent), or `None` if `key` holds
    /// something else; rows that are not tables are reported and left out.
    pub(crate) fn array_of_tables<'a, 'i>(
        &mut self,
        top: &Table<'a, 'i>,
        key: &str,
    ) -> Option<Vec<Table<'a, 'i>>> {
        let Some(value) = top.get(key) else {
            return Some(Vec::new());
        };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(
                value,
                key.into(),
                &format!("an array of tables (`[[{key}]]`)"),
            );
            return None;
        };
        let mut tables = Vec::new();
        for (i, row) in array.iter().enumerate() {
            let path = format!("{key}[{i}]");
            match row.get_ref().as_table() {
                Some(table) => tables.push(Table {
                    table,
                    span: row.span(),
                    path,
                }),
                None => self.wrong_type(row, path, &format!("a table (`[[{key}]]`)")),
            }
        }
        Some(tables)
    }

    pub(crate) fn unknown_keys(&mut self, t: &Table<'_, '_>, known: &[&str]) {
        for key in t.table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let help = match naming::suggest(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Allowed here: {}", known.join(", ")),
                None => format!("allowed here: {} (see codes/README.md)", known.join(", ")),
            };
            self.error(
                key.span(),
                t.key_path(name),
                format!("unknown key `{name}`"),
                help,
            );
        }
    }

    pub(crate) fn missing(&mut self, t: &Table<'_, '_>, key: &str, help: String) {
        let place = if t.path.is_empty() {
            "the file".to_owned()
        } else {
            format!("`{}`", t.path)
        };
        let header = self.header_span(t);
        self.error(
            header,
            t.key_path(key),
            format!("missing key `{key}` in {place}"),
            help,
        );
    }

    /// The first line of a table (its `[header]`), to point at rather than its whole body.
    pub(crate) fn header_span(&self, t: &Table<'_, '_>) -> Range<usize> {
        let start = t.span.start;
        let end = self
            .file
            .text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(start, |n| start + n);
        start..end
    }

    pub(crate) fn wrong_type(&mut self, value: &Value<'_>, path: String, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            path,
            format!("expected {expected}, found {found}"),
            format!("write {expected} here"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_words_are_words_of_letters_and_digits_with_one_separator() {
        use crate::naming::is_lower_case_words;
        assert!(is_lower_case_words("acme-stream", '-'));
        assert!(is_lower_case_words("rfc6455", '-'));
        assert!(is_lower_case_words("subscriptions_active", '_'));
        for bad in [
            "Acme-stream",
            "acme--stream",
            "-acme",
            "acme-",
            "6455rfc",
            "",
            "a_b",
        ] {
            assert!(!is_lower_case_words(bad, '-'), "{bad:?}");
        }
    }

    #[test]
    fn a_syntax_mistake_is_reported_once_per_line() {
        let file = SourceFile::new("x.toml", "a = = 1\nb = \"ok\"\nc = [\n");
        let mut errors = Vec::new();
        assert!(parse(&file, &mut errors).is_none());
        let lines: Vec<usize> = errors
            .iter()
            .map(|e| e.location.as_ref().unwrap().line)
            .collect();
        let mut unique = lines.clone();
        unique.dedup();
        assert_eq!(lines, unique, "{errors:?}");
        assert!(lines.contains(&1), "{errors:?}");
    }

    #[test]
    fn a_valid_document_parses_without_errors() {
        let file = SourceFile::new("x.toml", "[vendor]\nid = \"x\"\n");
        let mut errors = Vec::new();
        assert!(parse(&file, &mut errors).is_some());
        assert!(errors.is_empty());
    }
}
