//! Reads one `codes/*.toml` file into the model, reporting every mistake in it.
//!
//! The file is parsed into `toml`'s spanned document tree rather than deserialized with serde,
//! so that every key and value keeps its place in the file and reading can go on after a mistake:
//! one run reports all of them.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::compiler::diagnostic::{Diagnostic, Location, SourceFile};
use crate::compiler::model::{
    Action, BackoffSpec, CodeSpec, DefaultSpec, FlagRuleSpec, FlagSpec, RangeSpec, StatusSpec,
    VendorSpec,
};
use crate::compiler::naming;

const TOP_KEYS: &[&str] = &["vendor", "code", "status", "range"];
const VENDOR_KEYS: &[&str] = &[
    "id", "name", "source", "standard", "note", "default", "backoff", "flags",
];
const DEFAULT_KEYS: &[&str] = &["action", "meaning", "source"];
const BACKOFF_KEYS: &[&str] = &[
    "initial_ms",
    "max_ms",
    "factor",
    "jitter",
    "max_attempts",
    "source",
    "note",
];
const CODE_KEYS: &[&str] = &[
    "code",
    "name",
    "meaning",
    "action",
    "source",
    "inferred",
    "note",
    "retry_limit",
    "when_flag",
];
const WHEN_FLAG_KEYS: &[&str] = &["flag", "action"];
const STATUS_KEYS: &[&str] = &["status", "meaning", "action", "source", "inferred", "note"];
const RANGE_KEYS: &[&str] = &[
    "start", "end", "name", "meaning", "action", "source", "inferred", "note",
];
/// Flags are kept as a bit set in the reconnect policy.
const MAX_FLAGS: usize = 64;

/// Reads `file`, the `index`-th input. Returns the vendor only if the file has no mistakes;
/// every mistake found is pushed to `errors`.
pub fn read_vendor_file(
    index: usize,
    file: &SourceFile,
    errors: &mut Vec<Diagnostic>,
) -> Option<VendorSpec> {
    let mut reader = Reader {
        file,
        errors: Vec::new(),
    };
    let (document, syntax_errors) = DeTable::parse_recoverable(&file.text);
    let mut lines_with_errors = Vec::new();
    for error in &syntax_errors {
        let span = error.span().unwrap_or(0..0);
        // The parser recovers and may report the same mistake again further along its line.
        let line = Location::new(file, span.clone()).line;
        if lines_with_errors.contains(&line) {
            continue;
        }
        lines_with_errors.push(line);
        reader.push(
            Diagnostic::at(
                file,
                span,
                "(syntax)",
                format!("invalid TOML: {}", error.message()),
            )
            .help("fix the TOML syntax; see https://toml.io"),
        );
    }
    let vendor = if syntax_errors.is_empty() {
        reader.document(index, document.get_ref(), document.span())
    } else {
        None
    };
    let clean = reader.errors.is_empty();
    errors.append(&mut reader.errors);
    vendor.filter(|_| clean)
}

type Value<'i> = Spanned<DeValue<'i>>;

/// What identifies a row (its code, its name and the Rust variant it becomes), with places,
/// for messages about duplicates.
struct RowIdentity {
    path: String,
    code: Option<(u16, Range<usize>)>,
    name: Option<((String, Range<usize>), String)>,
}

/// A table being read, with the key path that messages show for it.
struct Table<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    path: String,
}

impl<'a, 'i> Table<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

struct Reader<'f> {
    file: &'f SourceFile,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    fn error(&mut self, span: Range<usize>, key: String, message: String, help: String) {
        let diagnostic = Diagnostic::at(self.file, span, key, message).help(help);
        self.push(diagnostic);
    }

    fn document(
        &mut self,
        index: usize,
        root: &DeTable<'_>,
        span: Range<usize>,
    ) -> Option<VendorSpec> {
        let top = Table {
            table: root,
            span,
            path: String::new(),
        };
        self.unknown_keys(&top, TOP_KEYS);
        let vendor_table = self.required_table(&top, "vendor")?;
        let mut vendor = self.vendor(index, &vendor_table);
        let codes = self.codes(&top, vendor.as_ref());
        let statuses = self.statuses(&top);
        let ranges = self.ranges(&top, vendor.as_ref());
        if let (Some(vendor), Some(codes), Some(statuses), Some(ranges)) =
            (vendor.as_mut(), codes, statuses, ranges)
        {
            vendor.codes = codes;
            vendor.statuses = statuses;
            vendor.ranges = ranges;
            if vendor.codes.is_empty() && vendor.ranges.is_empty() && vendor.default.is_none() {
                let header = self.header_span(&vendor_table);
                self.error(
                    header,
                    "code".into(),
                    "the file defines no codes, ranges or default".into(),
                    "add at least one `[[code]]` or `[[range]]` row, or a `[vendor.default]` table"
                        .into(),
                );
            }
        }
        vendor
    }

    fn vendor(&mut self, index: usize, t: &Table<'_, '_>) -> Option<VendorSpec> {
        self.unknown_keys(t, VENDOR_KEYS);
        let id = self.required_string(t, "id");
        let name = self.required_string(t, "name");
        let source = self.required_source(t, "source");
        let standard = self.optional_bool(t, "standard").unwrap_or(false);
        let note = self.optional_string(t, "note");
        let default = self
            .optional_table(t, "default")
            .and_then(|d| self.default_rule(&d));
        let backoff = self.optional_table(t, "backoff").map(|b| self.backoff(&b));
        let flags = self.optional_table(t, "flags").map(|f| self.flags(&f));

        let (id, id_span) = id?;
        let id_ok = self.vendor_id(t, &id, &id_span);
        let names = if id_ok {
            self.vendor_names(t, &id, &id_span)
        } else {
            None
        };
        let (variant, module) = names?;
        Some(VendorSpec {
            file: index,
            folded_id: naming::folded(&id),
            id,
            id_span,
            variant,
            module,
            name: name?.0,
            source: source?,
            standard,
            note,
            default,
            backoff: backoff.unwrap_or_default(),
            flags: flags.unwrap_or_default(),
            codes: Vec::new(),
            statuses: Vec::new(),
            ranges: Vec::new(),
        })
    }

    fn vendor_id(&mut self, t: &Table<'_, '_>, id: &str, span: &Range<usize>) -> bool {
        let key = t.key_path("id");
        if !naming::is_kebab_case(id) {
            self.error(
                span.clone(),
                key,
                format!("vendor id \"{id}\" is not kebab-case"),
                "use lower-case ASCII letters and digits in words joined by single hyphens, starting with a letter, e.g. \"my-vendor\"".into(),
            );
            return false;
        }
        let stem = self.file.stem();
        if id != stem {
            self.error(
                span.clone(),
                key,
                format!("vendor id \"{id}\" does not match the file name \"{stem}.toml\""),
                format!("rename the file to \"{id}.toml\" or set `id = \"{stem}\"`"),
            );
            return false;
        }
        true
    }

    fn vendor_names(
        &mut self,
        t: &Table<'_, '_>,
        id: &str,
        span: &Range<usize>,
    ) -> Option<(String, String)> {
        let names =
            naming::type_name(id).and_then(|variant| Ok((variant, naming::module_name(id)?)));
        match names {
            Ok(names) => Some(names),
            Err(why) => {
                self.error(
                    span.clone(),
                    t.key_path("id"),
                    format!("vendor id \"{id}\" cannot name a Rust item: {why}"),
                    "choose another id (and rename the file to match)".into(),
                );
                None
            }
        }
    }

    fn default_rule(&mut self, t: &Table<'_, '_>) -> Option<DefaultSpec> {
        self.unknown_keys(t, DEFAULT_KEYS);
        let action = self.required_action(t, "action");
        let meaning = self.required_meaning(t, "meaning");
        let source = self.optional_source(t, "source");
        Some(DefaultSpec {
            action: action?,
            meaning: meaning?,
            source,
        })
    }

    fn backoff(&mut self, t: &Table<'_, '_>) -> BackoffSpec {
        self.unknown_keys(t, BACKOFF_KEYS);
        let initial = self.optional_integer(t, "initial_ms", 1, u32::MAX.into());
        let max = self.optional_integer(t, "max_ms", 1, u32::MAX.into());
        let factor = self.optional_number(t, "factor", 1.0, 16.0);
        let jitter = self.optional_number(t, "jitter", 0.0, 1.0);
        let max_attempts = self.optional_integer(t, "max_attempts", 1, u32::MAX.into());
        if let (Some((initial, _)), Some((max, max_span))) = (&initial, &max)
            && max < initial
        {
            self.error(
                max_span.clone(),
                t.key_path("max_ms"),
                format!("`max_ms` ({max}) is below `initial_ms` ({initial})"),
                "make `max_ms` at least `initial_ms`".into(),
            );
        }
        BackoffSpec {
            initial_ms: initial.map(|(v, _)| v as u64),
            max_ms: max.map(|(v, _)| v as u64),
            factor: factor.map(|(v, _)| v),
            jitter: jitter.map(|(v, _)| v),
            max_attempts: max_attempts.map(|(v, _)| v as u32),
            source: self.optional_source(t, "source"),
            note: self.optional_string(t, "note"),
        }
    }

    fn flags(&mut self, t: &Table<'_, '_>) -> Vec<FlagSpec> {
        let mut flags = Vec::new();
        if t.table.len() > MAX_FLAGS {
            let header = self.header_span(t);
            self.error(
                header,
                t.path.clone(),
                format!(
                    "{} flags declared; a vendor may have at most {MAX_FLAGS}",
                    t.table.len()
                ),
                "merge flags that always go together".into(),
            );
        }
        for (key, value) in t.table.iter() {
            let name = key.get_ref().as_ref();
            let path = t.key_path(name);
            if !is_snake_case(name) {
                self.error(
                    key.span(),
                    path.clone(),
                    format!("flag name \"{name}\" is not snake_case"),
                    "use lower-case ASCII words joined by underscores, e.g. `reconnect_on_duplicate`".into(),
                );
                continue;
            }
            if let Some(meaning) = self.string_value(value, &path, true) {
                flags.push(FlagSpec {
                    name: name.to_owned(),
                    meaning,
                });
            }
        }
        flags
    }

    /// Reads every `[[code]]` row; `None` if any row has a mistake.
    fn codes(&mut self, top: &Table<'_, '_>, vendor: Option<&VendorSpec>) -> Option<Vec<CodeSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "code")?;
        let mut codes = Vec::new();
        let mut identities = Vec::new();
        for t in &tables {
            let (code, identity) = self.code_row(t, vendor);
            codes.extend(code);
            identities.push(identity);
        }
        self.duplicate_rows(&identities);
        if self.errors.len() != before {
            return None;
        }
        codes.sort_by_key(|c: &CodeSpec| c.code);
        Some(codes)
    }

    /// Reads every `[[range]]` row; `None` if any row has a mistake. Ranges may not overlap each
    /// other and must cover at least one code the file may define; exact rows inside a range
    /// take precedence at lookup.
    fn ranges(
        &mut self,
        top: &Table<'_, '_>,
        vendor: Option<&VendorSpec>,
    ) -> Option<Vec<RangeSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "range")?;
        let standard = vendor.map(|v| v.standard);
        let mut rows: Vec<(RangeSpec, String, Range<usize>)> = Vec::new();
        for t in &tables {
            self.unknown_keys(t, RANGE_KEYS);
            let start = self.required_integer(t, "start", 0, u16::MAX.into());
            let end = self.required_integer(t, "end", 0, u16::MAX.into());
            let name = self.required_string(t, "name");
            let meaning = self.required_meaning(t, "meaning");
            let action = self.required_action(t, "action");
            let source = self.optional_source(t, "source");
            let inferred = self.optional_bool(t, "inferred").unwrap_or(false);
            let note = self.optional_string(t, "note");
            let (Some((start, start_span)), Some((end, end_span))) = (start, end) else {
                continue;
            };
            let (start, end) = (start as u16, end as u16);
            if end < start {
                self.error(
                    end_span,
                    t.key_path("end"),
                    format!("`end` ({end}) is below `start` ({start})"),
                    "give the first code as `start` and the last as `end`, both inclusive".into(),
                );
                continue;
            }
            if !(start..=end).any(|code| definable(code, standard)) {
                self.error(
                    start_span.start..end_span.end,
                    t.key_path("start"),
                    format!("the range {start}–{end} covers no code a vendor may define"),
                    DEFINABLE_HELP.into(),
                );
                continue;
            }
            if let Some((other, other_path, _)) = rows
                .iter()
                .find(|(r, _, _)| r.start <= end && start <= r.end)
            {
                self.error(
                    start_span.start..end_span.end,
                    t.key_path("start"),
                    format!(
                        "the range {start}–{end} overlaps {}–{} in `{other_path}`",
                        other.start, other.end
                    ),
                    "ranges may not overlap; split them, or give single codes their own `[[code]]` rows".into(),
                );
                continue;
            }
            if let (Some((name, _)), Some(meaning), Some(action)) = (name, meaning, action) {
                let spec = RangeSpec {
                    start,
                    end,
                    name,
                    meaning,
                    action,
                    source,
                    inferred,
                    note,
                };
                rows.push((spec, t.path.clone(), start_span));
            }
        }
        if self.errors.len() != before {
            return None;
        }
        let mut ranges: Vec<RangeSpec> = rows.into_iter().map(|(r, _, _)| r).collect();
        ranges.sort_by_key(|r| r.start);
        Some(ranges)
    }

    /// Reads every `[[status]]` row; `None` if any row has a mistake.
    fn statuses(&mut self, top: &Table<'_, '_>) -> Option<Vec<StatusSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "status")?;
        let mut rows: Vec<StatusSpec> = Vec::new();
        for t in &tables {
            self.unknown_keys(t, STATUS_KEYS);
            let status = self.required_integer(t, "status", 100, 599);
            let meaning = self.required_meaning(t, "meaning");
            let action = self.required_action(t, "action");
            let source = self.optional_source(t, "source");
            let inferred = self.optional_bool(t, "inferred").unwrap_or(false);
            let note = self.optional_string(t, "note");
            let Some((status, span)) = status else {
                continue;
            };
            let status = status as u16;
            if status == 101 {
                self.error(
                    span.clone(),
                    t.key_path("status"),
                    "101 is the successful upgrade, not a failure".into(),
                    "list the statuses a server answers instead of 101".into(),
                );
            }
            if rows.iter().any(|r| r.status == status) {
                self.error(
                    span,
                    t.key_path("status"),
                    format!("status {status} is defined twice"),
                    "keep one row per status".into(),
                );
            }
            if let (Some(meaning), Some(action)) = (meaning, action) {
                rows.push(StatusSpec {
                    status,
                    meaning,
                    action,
                    source,
                    inferred,
                    note,
                });
            }
        }
        if self.errors.len() != before {
            return None;
        }
        rows.sort_by_key(|r| r.status);
        Some(rows)
    }

    /// Reads one row. Its code and name are returned even when other keys are wrong, so that
    /// duplicates are reported in the same run.
    fn code_row(
        &mut self,
        t: &Table<'_, '_>,
        vendor: Option<&VendorSpec>,
    ) -> (Option<CodeSpec>, RowIdentity) {
        self.unknown_keys(t, CODE_KEYS);
        let code = self.required_code(t, vendor.map(|v| v.standard));
        let name = self.required_string(t, "name");
        let variant = name
            .as_ref()
            .and_then(|(name, span)| self.variant_name(t, name, span));
        let identity = RowIdentity {
            path: t.path.clone(),
            code: code.clone(),
            name: name.clone().zip(variant.clone()),
        };
        let meaning = self.required_meaning(t, "meaning");
        let action = self.required_action(t, "action");
        let source = self.optional_source(t, "source");
        let inferred = self.optional_bool(t, "inferred").unwrap_or(false);
        let note = self.optional_string(t, "note");
        let retry_limit = self
            .optional_integer(t, "retry_limit", 1, u32::MAX.into())
            .map(|(v, _)| v as u32);
        let when_flag = self
            .optional_table(t, "when_flag")
            .map(|w| self.when_flag(&w, vendor));
        let row = (|| {
            let (name, _) = name?;
            Some(CodeSpec {
                code: code?.0,
                folded: naming::folded(&name),
                name,
                variant: variant?,
                meaning: meaning?,
                action: action?,
                source,
                inferred,
                note,
                retry_limit,
                when_flag: match when_flag {
                    Some(rule) => Some(rule?),
                    None => None,
                },
            })
        })();
        (row, identity)
    }

    fn variant_name(
        &mut self,
        t: &Table<'_, '_>,
        name: &str,
        span: &Range<usize>,
    ) -> Option<String> {
        match naming::type_name(name) {
            Ok(variant) => Some(variant),
            Err(why) => {
                self.error(
                    span.clone(),
                    t.key_path("name"),
                    format!("name \"{name}\" cannot name an enum variant: {why}"),
                    "names become UpperCamelCase enum variants; check the spelling against the vendor's documentation".into(),
                );
                None
            }
        }
    }

    fn when_flag(
        &mut self,
        t: &Table<'_, '_>,
        vendor: Option<&VendorSpec>,
    ) -> Option<FlagRuleSpec> {
        self.unknown_keys(t, WHEN_FLAG_KEYS);
        let flag = self.required_string(t, "flag");
        let action = self.required_action(t, "action");
        let (flag, flag_span) = flag?;
        let declared: Vec<&str> = vendor
            .map(|v| v.flags.iter().map(|f| f.name.as_str()).collect())
            .unwrap_or_default();
        if vendor.is_some() && !declared.contains(&flag.as_str()) {
            let help = match naming::suggest(&flag, declared.iter().copied()) {
                Some(s) => {
                    format!("did you mean `{s}`? Otherwise declare it under `[vendor.flags]`")
                }
                None => format!(
                    "declare it under `[vendor.flags]` as `{flag} = \"what turning it on means\"`"
                ),
            };
            self.error(
                flag_span,
                t.key_path("flag"),
                format!("flag \"{flag}\" is not declared in `[vendor.flags]`"),
                help,
            );
            return None;
        }
        Some(FlagRuleSpec {
            flag,
            action: action?,
        })
    }

    /// Two rows of one vendor with the same code, the same variant name or the same folded name.
    fn duplicate_rows(&mut self, rows: &[RowIdentity]) {
        for (i, row) in rows.iter().enumerate() {
            let earlier = &rows[..i];
            if let Some((code, span)) = &row.code {
                let first = earlier
                    .iter()
                    .find(|r| r.code.as_ref().is_some_and(|(c, _)| c == code));
                if let Some(first) = first {
                    self.error(
                        span.clone(),
                        format!("{}.code", row.path),
                        format!("code {code} is defined twice (first in `{}`)", first.path),
                        "keep one row per code".into(),
                    );
                }
            }
            if let Some(((name, span), variant)) = &row.name {
                let folded = naming::folded(name);
                let first = earlier.iter().find_map(|r| {
                    let ((other, _), other_variant) = r.name.as_ref()?;
                    (other_variant == variant || naming::folded(other) == folded)
                        .then_some((r, other))
                });
                if let Some((first, other)) = first {
                    self.error(
                        span.clone(),
                        format!("{}.name", row.path),
                        format!(
                            "name \"{name}\" collides with \"{other}\" in `{}`: both become `{variant}` in Rust and match the same name lookups",
                            first.path
                        ),
                        "names within a vendor must differ in more than case and punctuation".into(),
                    );
                }
            }
        }
    }

    fn required_code(
        &mut self,
        t: &Table<'_, '_>,
        standard: Option<bool>,
    ) -> Option<(u16, Range<usize>)> {
        let (code, span) = self.required_integer(t, "code", 0, u16::MAX.into())?;
        let code = code as u16;
        if definable(code, standard) {
            return Some((code, span));
        }
        // `definable` is the rule; this only says which part of it the code breaks.
        let problem = match code {
            0..=999 => "codes 0–999 are not used by WebSocket",
            1004 => "1004 is reserved by the protocol; only the standard file may describe it",
            5000.. => "codes 5000 and up are not valid close codes",
            _ => "codes 1016–2999 are reserved for future revisions of the protocol",
        };
        self.error(
            span,
            t.key_path("code"),
            format!("close code {code} is out of range: {problem}"),
            DEFINABLE_HELP.into(),
        );
        None
    }

    fn required_action(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Action> {
        let (word, span) = self.required_string(t, key)?;
        let action = Action::from_word(&word);
        if action.is_none() {
            let words: Vec<&str> = Action::WORDS.iter().map(|(w, _)| *w).collect();
            let help = match naming::suggest(&word, words.iter().copied()) {
                Some(s) => format!(
                    "did you mean \"{s}\"? The actions are: {}",
                    words.join(", ")
                ),
                None => format!("use one of: {}", words.join(", ")),
            };
            self.error(
                span,
                t.key_path(key),
                format!("unknown action \"{word}\""),
                help,
            );
        }
        action
    }

    fn required_meaning(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let (meaning, span) = self.required_string(t, key)?;
        if meaning.contains('\n') {
            self.error(
                span,
                t.key_path(key),
                "a meaning is one sentence on one line".into(),
                "put longer explanations in `note`".into(),
            );
            return None;
        }
        Some(meaning)
    }

    fn required_source(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let (source, span) = self.required_string(t, key)?;
        self.check_url(t, key, source, span)
    }

    fn optional_source(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        t.get(key)?;
        let (source, span) = self.required_string(t, key)?;
        self.check_url(t, key, source, span)
    }

    fn check_url(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        url: String,
        span: Range<usize>,
    ) -> Option<String> {
        let ok = ["https://", "http://"].iter().any(|scheme| {
            url.strip_prefix(scheme)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
        });
        if ok {
            Some(url)
        } else {
            self.error(
                span,
                t.key_path(key),
                format!("source \"{url}\" is not a web address"),
                "give the https:// address of the page the row comes from".into(),
            );
            None
        }
    }

    fn required_table<'a, 'i>(&mut self, t: &Table<'a, 'i>, key: &str) -> Option<Table<'a, 'i>> {
        if t.get(key).is_none() {
            self.missing(t, key, format!("add a `[{}]` table", t.key_path(key)));
            return None;
        }
        self.optional_table(t, key)
    }

    fn optional_table<'a, 'i>(&mut self, t: &Table<'a, 'i>, key: &str) -> Option<Table<'a, 'i>> {
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

    fn required_string(&mut self, t: &Table<'_, '_>, key: &str) -> Option<(String, Range<usize>)> {
        let Some(value) = t.get(key) else {
            self.missing(t, key, format!("add `{key} = \"…\"`"));
            return None;
        };
        let text = self.string_value(value, &t.key_path(key), true)?;
        Some((text, value.span()))
    }

    fn optional_string(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        self.string_value(t.get(key)?, &t.key_path(key), true)
    }

    fn string_value(&mut self, value: &Value<'_>, path: &str, non_empty: bool) -> Option<String> {
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(value, path.to_owned(), "a string");
            return None;
        };
        if non_empty && text.trim().is_empty() {
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

    fn optional_bool(&mut self, t: &Table<'_, '_>, key: &str) -> Option<bool> {
        let value = t.get(key)?;
        let flag = value.get_ref().as_bool();
        if flag.is_none() {
            self.wrong_type(value, t.key_path(key), "a boolean (`true` or `false`)");
        }
        flag
    }

    fn required_integer(
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

    fn optional_integer(
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

    fn optional_number(
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
    fn array_of_tables<'a, 'i>(
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

    fn unknown_keys(&mut self, t: &Table<'_, '_>, known: &[&str]) {
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

    fn missing(&mut self, t: &Table<'_, '_>, key: &str, help: String) {
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
    fn header_span(&self, t: &Table<'_, '_>) -> Range<usize> {
        let start = t.span.start;
        let end = self
            .file
            .text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(start, |n| start + n);
        start..end
    }

    fn wrong_type(&mut self, value: &Value<'_>, path: String, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            path,
            format!("expected {expected}, found {found}"),
            format!("write {expected} here"),
        );
    }
}

/// What [`definable`] allows, as advice in messages.
const DEFINABLE_HELP: &str =
    "vendors may define 3000–4999 and restate the standard codes 1000–1015 (except 1004)";

/// Whether a file may define `code`: 1000–1015 and 3000–4999, and 1004 only in the standard
/// file (`standard` is `None` when the file's `[vendor]` table could not be read).
fn definable(code: u16, standard: Option<bool>) -> bool {
    match code {
        1004 => standard != Some(false),
        1000..=1015 | 3000..=4999 => true,
        _ => false,
    }
}

fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('_').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
