//! The schema of one `codes/*.toml` file: which tables and keys exist, what type each holds,
//! and how they become the model. Every key of the schema is read here, and each rule in
//! `rules` is called once the keys it concerns are read. Every rule beyond one key's type lives
//! there; only a name that cannot become a Rust item is reported here, where the Rust name is
//! made.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{
    Action, Advice, BackoffSpec, CodeSpec, ConditionSpec, DefaultSpec, Endpoint, Ends,
    ExtensionSpec, FlagRuleSpec, FlagSpec, MatcherSpec, MessageSpec, RangeSpec, Scalar, Session,
    SessionSpec, SignalSpec, StatusSpec, VendorSpec, Window,
};
use crate::naming;
use crate::row::{RowContext, RowIdentity};
use crate::toml_reader::{self, Reader, Table};

const TOP_KEYS: &[&str] = &["vendor", "extend", "code", "status", "range", "message"];
/// An extension adds rows for codes; a vendor's messages are its own file's.
const EXTENSION_TOP_KEYS: &[&str] = &["extend", "code", "status", "range"];
const EXTEND_KEYS: &[&str] = &["vendor", "source", "verified", "note"];
const VENDOR_KEYS: &[&str] = &[
    "id", "name", "source", "standard", "note", "verified", "default", "backoff", "session",
    "flags",
];
const SESSION_KEYS: &[&str] = &[
    "ready",
    "min_uptime_ms",
    "resubscribe",
    "idle_timeout_ms",
    "source",
];
/// The keys of a `[[message]]` that point at what it carries.
const MESSAGE_HINT_KEYS: [&str; 4] = [
    "retry_after_ms",
    "retry_after_s",
    "reconnect_url",
    "keepalive_s",
];
const MESSAGE_KEYS: &[&str] = &[
    "name",
    "pointer",
    "equals",
    "and",
    "first",
    "text_prefix",
    "ready",
    "meaning",
    "action",
    "ends",
    "inferred",
    "session",
    "reconnect_to",
    "delay_ms",
    "retry_after_ms",
    "retry_after_s",
    "reconnect_url",
    "keepalive_s",
    "source",
    "note",
];
/// The keys of a `[[message]]`'s `and`.
const CONDITION_KEYS: &[&str] = &["pointer", "equals", "between"];
const BACKOFF_KEYS: &[&str] = &[
    "initial_ms",
    "max_ms",
    "factor",
    "jitter",
    "max_attempts",
    "source",
    "note",
];
/// The keys every kind of row has: what the documentation says (see [`Advice`]).
const ADVICE_KEYS: [&str; 10] = [
    "meaning",
    "action",
    "source",
    "inferred",
    "note",
    "session",
    "reconnect_to",
    "delay_ms",
    "first_delay_ms",
    "uncounted",
];
/// The longest delay window a row may give: an hour, in milliseconds.
const MAX_WINDOW_MS: i128 = 3_600_000;
const CODE_KEYS: &[&str] = &["code", "name", "retry_limit", "when_flag"];
const WHEN_FLAG_KEYS: &[&str] = &["flag", "action", "uncounted"];
const STATUS_KEYS: &[&str] = &["status"];
const RANGE_KEYS: &[&str] = &["start", "end", "name"];

/// What one file holds: a vendor of its own, or rows added to another file's vendor.
pub(crate) enum FileSpec {
    Vendor(Box<VendorSpec>),
    Extension(ExtensionSpec),
}

/// Reads `file`, the `index`-th input. Returns what it holds only if the file has no mistakes;
/// every mistake found is pushed to `errors`.
pub(crate) fn read_file(
    index: usize,
    file: &SourceFile,
    errors: &mut Vec<Diagnostic>,
) -> Option<FileSpec> {
    let document = toml_reader::parse(file, errors)?;
    let mut reader = Reader::new(file);
    let top = Table::root(&document);
    let spec = if top.get("extend").is_some() && top.get("vendor").is_none() {
        reader.extension(index, &top).map(FileSpec::Extension)
    } else {
        reader
            .document(index, &top)
            .map(|vendor| FileSpec::Vendor(Box::new(vendor)))
    };
    let clean = reader.errors.is_empty();
    errors.append(&mut reader.errors);
    spec.filter(|_| clean)
}

/// `base` followed by the keys every row has.
fn row_keys(base: &[&'static str]) -> Vec<&'static str> {
    base.iter().copied().chain(ADVICE_KEYS).collect()
}

impl Reader<'_> {
    /// A file that adds rows to another file's vendor: `[extend]` and rows, nothing else.
    fn extension(&mut self, index: usize, top: &Table<'_, '_>) -> Option<ExtensionSpec> {
        self.unknown_keys(top, TOP_KEYS);
        let t = self.required_table(top, "extend")?;
        self.unknown_keys(&t, EXTEND_KEYS);
        let vendor = self.required_string(&t, "vendor");
        let source = self.required_source(&t, "source");
        let _ = self.verified(&t);
        let _ = self.optional_string(&t, "note");
        let context = source.as_ref().map(|source| RowContext {
            standard: false,
            source: source.clone(),
            // The vendor's flags are another file's: rows added here cannot name them.
            flags: Vec::new(),
        });
        self.unknown_keys(top, EXTENSION_TOP_KEYS);
        let codes = self.codes(top, context.as_ref());
        let statuses = self.statuses(top, context.as_ref());
        let ranges = self.ranges(top, context.as_ref());
        let (vendor, vendor_span) = vendor?;
        let spec = ExtensionSpec {
            file: index,
            vendor,
            vendor_span,
            codes: codes?,
            statuses: statuses?,
            ranges: ranges?,
        };
        self.extension_adds_rows(&t, &spec);
        Some(spec)
    }

    fn document(&mut self, index: usize, top: &Table<'_, '_>) -> Option<VendorSpec> {
        self.unknown_keys(top, TOP_KEYS);
        let vendor_table = self.required_table(top, "vendor")?;
        let mut vendor = self.vendor(index, &vendor_table);
        let context = vendor.as_ref().map(|v| RowContext {
            standard: v.standard,
            source: v.source.clone(),
            flags: v.flags.iter().map(|f| f.name.clone()).collect(),
        });
        let codes = self.codes(top, context.as_ref());
        let statuses = self.statuses(top, context.as_ref());
        let ranges = self.ranges(top, context.as_ref());
        let messages = self.messages(top, context.as_ref());
        if let (Some(vendor), Some(codes), Some(statuses), Some(ranges), Some(messages)) =
            (vendor.as_mut(), codes, statuses, ranges, messages)
        {
            vendor.codes = codes;
            vendor.statuses = statuses;
            vendor.ranges = ranges;
            vendor.messages = messages;
            self.vendor_defines_codes(&vendor_table, vendor);
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
        let verified = self.verified(t);
        let default = self
            .optional_table(t, "default")
            .and_then(|d| self.default_rule(&d, source.as_deref()));
        let backoff = self.optional_table(t, "backoff").map(|b| self.backoff(&b));
        let session = self.optional_table(t, "session").map(|b| self.session(&b));
        let flags = self.optional_table(t, "flags").map(|f| self.flags(&f));

        let (id, id_span) = id?;
        let (variant, module) = self.vendor_names(t, &id, &id_span)?;
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
            verified,
            default,
            backoff: backoff.unwrap_or_default(),
            session: session.unwrap_or_default(),
            flags: flags.unwrap_or_default(),
            codes: Vec::new(),
            statuses: Vec::new(),
            ranges: Vec::new(),
            messages: Vec::new(),
        })
    }

    /// The `Vendor` variant and module an id becomes, if the id is a valid one.
    fn vendor_names(
        &mut self,
        t: &Table<'_, '_>,
        id: &str,
        span: &Range<usize>,
    ) -> Option<(String, String)> {
        if !self.vendor_id_is_valid(t, id, span) {
            return None;
        }
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

    /// `[vendor.default]`: a row for every code the vendor does not list, with the keys every
    /// row has.
    fn default_rule(
        &mut self,
        t: &Table<'_, '_>,
        vendor_source: Option<&str>,
    ) -> Option<DefaultSpec> {
        self.unknown_keys(t, &ADVICE_KEYS);
        let context = vendor_source.map(|source| RowContext {
            standard: false,
            source: source.to_owned(),
            flags: Vec::new(),
        });
        let advice = self.advice(t, context.as_ref())?;
        self.reconnect_keys_take_effect(t, &advice, None)
            .then_some(DefaultSpec { advice })
    }

    /// `verified`: the day someone last checked the file against its sources, `YYYY-MM-DD`.
    fn verified(&mut self, t: &Table<'_, '_>) -> Option<String> {
        t.get("verified")?;
        let (date, span) = self.required_string(t, "verified")?;
        self.verified_is_a_date(t, &date, span).then_some(date)
    }

    fn backoff(&mut self, t: &Table<'_, '_>) -> BackoffSpec {
        self.unknown_keys(t, BACKOFF_KEYS);
        let initial = self.optional_integer(t, "initial_ms", 1, u32::MAX.into());
        let max = self.optional_integer(t, "max_ms", 1, u32::MAX.into());
        let factor = self.optional_number(t, "factor", 1.0, 16.0);
        let jitter = self.optional_number(t, "jitter", 0.0, 1.0);
        let max_attempts = self.optional_integer(t, "max_attempts", 1, u32::MAX.into());
        if let (Some((initial, _)), Some((max, max_span))) = (&initial, &max) {
            self.max_at_least_initial(t, *initial, *max, max_span.clone());
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

    fn session(&mut self, t: &Table<'_, '_>) -> SessionSpec {
        self.unknown_keys(t, SESSION_KEYS);
        SessionSpec {
            ready: self.optional_string(t, "ready"),
            // Below a second, a server that closes every connection at once could be met with
            // an immediate reconnect each time.
            min_uptime_ms: self
                .optional_integer(t, "min_uptime_ms", 1_000, 600_000)
                .map(|(v, _)| v as u32),
            resubscribe: self.optional_bool(t, "resubscribe").unwrap_or(false),
            idle_timeout_ms: self
                .optional_integer(t, "idle_timeout_ms", 1_000, 3_600_000)
                .map(|(v, _)| v as u32),
            source: self.optional_source(t, "source"),
        }
    }

    fn flags(&mut self, t: &Table<'_, '_>) -> Vec<FlagSpec> {
        self.flag_count_fits(t);
        let mut flags = Vec::new();
        for (key, value) in t.table.iter() {
            let name = key.get_ref().as_ref();
            let path = t.key_path(name);
            if !self.flag_name_is_valid(name, key.span(), &path) {
                continue;
            }
            if let Some(meaning) = self.string_value(value, &path) {
                flags.push(FlagSpec {
                    name: name.to_owned(),
                    meaning,
                });
            }
        }
        flags
    }

    /// Reads every `[[code]]` row; `None` if any row has a mistake.
    fn codes(
        &mut self,
        top: &Table<'_, '_>,
        context: Option<&RowContext>,
    ) -> Option<Vec<CodeSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "code")?;
        let mut codes = Vec::new();
        let mut identities = Vec::new();
        for t in &tables {
            let (code, identity) = self.code_row(t, context);
            codes.extend(code);
            identities.push(identity);
        }
        self.no_duplicate_rows(&identities);
        if self.errors.len() != before {
            return None;
        }
        codes.sort_by_key(|c: &CodeSpec| c.code);
        Some(codes)
    }

    /// Reads every `[[range]]` row; `None` if any row has a mistake.
    fn ranges(
        &mut self,
        top: &Table<'_, '_>,
        context: Option<&RowContext>,
    ) -> Option<Vec<RangeSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "range")?;
        let mut ranges: Vec<(RangeSpec, String)> = Vec::new();
        for t in &tables {
            self.unknown_keys(t, &row_keys(RANGE_KEYS));
            let start = self.required_integer(t, "start", 0, u16::MAX.into());
            let end = self.required_integer(t, "end", 0, u16::MAX.into());
            let name = self.required_string(t, "name");
            let advice = self.advice(t, context);
            let (Some((start, start_span)), Some((end, end_span))) = (start, end) else {
                continue;
            };
            let (start, end) = (start as u16, end as u16);
            let span = start_span.start..end_span.end;
            let fits = self.range_is_valid(t, start, end, end_span, span, context, &ranges);
            let takes_effect = advice
                .as_ref()
                .is_none_or(|a| self.reconnect_keys_take_effect(t, a, None));
            if let (true, true, Some((name, _)), Some(advice)) = (fits, takes_effect, name, advice)
            {
                let range = RangeSpec {
                    start,
                    end,
                    name,
                    advice,
                };
                ranges.push((range, t.path.clone()));
            }
        }
        if self.errors.len() != before {
            return None;
        }
        let mut ranges: Vec<RangeSpec> = ranges.into_iter().map(|(r, _)| r).collect();
        ranges.sort_by_key(|r| r.start);
        Some(ranges)
    }

    /// Reads every `[[message]]` row; `None` if any row has a mistake.
    fn messages(
        &mut self,
        top: &Table<'_, '_>,
        context: Option<&RowContext>,
    ) -> Option<Vec<MessageSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "message")?;
        let mut messages: Vec<MessageSpec> = Vec::new();
        let mut names: Vec<(String, Range<usize>)> = Vec::new();
        for t in &tables {
            self.unknown_keys(t, MESSAGE_KEYS);
            let name = self.required_string(t, "name");
            let matcher = self.matcher(t);
            let also = self.also(t);
            let ready = self.optional_bool(t, "ready").unwrap_or(false);
            let pointers = MESSAGE_HINT_KEYS.map(|key| self.optional_pointer(t, key));
            let [retry_after_ms, retry_after_s, reconnect_url, keepalive_s] = pointers;
            let meaning = t
                .get("meaning")
                .and_then(|_| self.required_meaning(t, "meaning"));
            let inferred = self.optional_bool(t, "inferred").unwrap_or(false);
            let signal = self.signal(t, ready, meaning.as_ref());
            let source = self.optional_source(t, "source");
            let note = self.optional_string(t, "note");
            // A hint or signal that is there but wrong was reported where it was read.
            let says_something = ready
                || t.get("action").is_some()
                || t.get("meaning").is_some()
                || MESSAGE_HINT_KEYS.iter().any(|key| t.get(key).is_some());
            self.message_says_something(t, says_something);
            if let Some((name, span)) = &name {
                self.message_name_is_new(t, name, span.clone(), &names);
                names.push((name.clone(), span.clone()));
            }
            if let Some(matcher) = &matcher {
                self.hints_read_json(t, matcher, &MESSAGE_HINT_KEYS);
                self.and_reads_json(t, matcher);
            }
            let (Some((name, _)), Some(matcher), Some(also), Some(context), Some(signal)) =
                (name, matcher, also, context, signal)
            else {
                continue;
            };
            messages.push(MessageSpec {
                name,
                matcher,
                also,
                ready,
                retry_after_ms,
                retry_after_s,
                signal,
                meaning,
                inferred,
                reconnect_url,
                keepalive_s,
                source: source.unwrap_or_else(|| context.source.clone()),
                note,
            });
        }
        (self.errors.len() == before).then_some(messages)
    }

    /// A `[[message]]`'s signal keys: `Some(None)` when it has none, `None` when they are wrong.
    /// `meaning` is the message's own, required of a signal.
    fn signal(
        &mut self,
        t: &Table<'_, '_>,
        ready: bool,
        meaning: Option<&String>,
    ) -> Option<Option<SignalSpec>> {
        let keys = ["action", "ends", "session", "reconnect_to", "delay_ms"];
        if keys.iter().all(|key| t.get(key).is_none()) {
            return Some(None);
        }
        let action = self.required_action(t, "action");
        if t.get("meaning").is_none() {
            self.missing(
                t,
                "meaning",
                "add `meaning = \"…\"`: what the signal means".into(),
            );
        }
        let words = Ends::ALL.map(Ends::word);
        let ends = self
            .required_word(t, "ends", &words, "ending")
            .map(|i| Ends::ALL[i]);
        let (session, reconnect_to) = self.session_keys(t);
        let delay_ms = self.window(t, "delay_ms");
        let wrong = |key: &str, read: bool| t.get(key).is_some() && !read;
        if wrong("session", session.is_some())
            || wrong("reconnect_to", reconnect_to.is_some())
            || wrong("delay_ms", delay_ms.is_some())
        {
            return None;
        }
        if let Some(action) = action
            && !self.signal_wait_takes_effect(t, action)
        {
            return None;
        }
        if !self.signal_is_not_ready(t, ready) {
            return None;
        }
        meaning?;
        Some(Some(SignalSpec {
            action: action?,
            ends: ends?,
            session,
            reconnect_to,
            delay_ms,
        }))
    }

    /// How a `[[message]]` is recognised: `first = true`, `text_prefix`, or `pointer` and
    /// optionally `equals`.
    fn matcher(&mut self, t: &Table<'_, '_>) -> Option<MatcherSpec> {
        if t.get("text_prefix").is_some() {
            let (prefix, span) = self.required_string(t, "text_prefix")?;
            let alone = self.prefix_is_alone(t, span);
            return alone.then_some(MatcherSpec::Prefix(prefix));
        }
        let first = self.optional_bool(t, "first");
        let pointer_given = t.get("pointer").is_some();
        let pointer = self.optional_pointer(t, "pointer");
        let equals = t
            .get("equals")
            .map(|value| (self.scalars(t, value), value.span()));
        match (first, pointer, equals) {
            (Some(true), None, None) if !pointer_given => Some(MatcherSpec::First),
            (None, Some(pointer), equals) => {
                let equals = match equals {
                    Some((values, _)) => values?,
                    None => Vec::new(),
                };
                Some(MatcherSpec::Pointer { pointer, equals })
            }
            // A pointer that is not one was reported where it was read.
            (None, None, _) if pointer_given => None,
            (first, _, equals) => {
                self.matcher_is_one_of_two(t, first, pointer_given, equals.map(|(_, s)| s));
                None
            }
        }
    }

    /// `and`: a second test, on another value of the message's JSON. `Some(None)` when there
    /// is none, `None` when it is wrong (reported here).
    fn also(&mut self, t: &Table<'_, '_>) -> Option<Option<ConditionSpec>> {
        if t.get("and").is_none() {
            return Some(None);
        }
        let c = self.optional_table(t, "and")?;
        self.unknown_keys(&c, CONDITION_KEYS);
        let pointer = match c.get("pointer") {
            Some(_) => self.optional_pointer(&c, "pointer"),
            None => {
                self.missing(
                    &c,
                    "pointer",
                    "add `pointer = \"/…\"`, where the value is".into(),
                );
                None
            }
        };
        let equals = c.get("equals").map(|value| self.scalars(&c, value));
        let between =
            self.optional_integer_pair(&c, "between", i128::from(i64::MIN), i128::from(i64::MAX));
        let test = match (equals, between, c.get("between").is_some()) {
            (Some(_), _, true) => {
                self.error(
                    c.span.clone(),
                    c.key_path("between"),
                    "`and` takes `equals` or `between`, not both".into(),
                    "keep the one test the value must pass".into(),
                );
                None
            }
            (Some(values), _, false) => values.map(|equals| (Some(equals), None)),
            (None, Some(window), _) => Some((None, Some(window))),
            // A window that is there but wrong was reported where it was read.
            (None, None, true) => None,
            (None, None, false) => {
                self.missing(
                    &c,
                    "equals",
                    "add `equals = …` (the values it may hold) or `between = [LOW, HIGH]` (a \
                     window of whole numbers)"
                        .into(),
                );
                None
            }
        };
        match (pointer?, test?) {
            (pointer, (Some(equals), _)) => Some(Some(ConditionSpec::Equals { pointer, equals })),
            (pointer, (None, Some((low, high)))) => Some(Some(ConditionSpec::Between {
                pointer,
                low: low as i64,
                high: high as i64,
            })),
            (_, (None, None)) => None,
        }
    }

    /// `equals`: one value, or an array of them, each a string, a whole number or a boolean.
    fn scalars(
        &mut self,
        t: &Table<'_, '_>,
        value: &toml_reader::Value<'_>,
    ) -> Option<Vec<Scalar>> {
        let path = t.key_path("equals");
        let items: Vec<&toml_reader::Value<'_>> = match value.get_ref().as_array() {
            Some(array) => array.iter().collect(),
            None => vec![value],
        };
        if items.is_empty() {
            self.error(
                value.span(),
                path,
                "`equals` lists no value".into(),
                "list the values that mark the message, or leave `equals` out to match any value at the pointer".into(),
            );
            return None;
        }
        let mut scalars = Vec::new();
        for item in items {
            match toml_reader::scalar(item) {
                Some(scalar) => scalars.push(scalar),
                None => {
                    self.wrong_type(item, path.clone(), "a string, a whole number or a boolean")
                }
            }
        }
        (scalars.len() == value.get_ref().as_array().map_or(1, |a| a.len())).then_some(scalars)
    }

    /// A JSON pointer (RFC 6901) under `key`, checked.
    fn optional_pointer(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let value = t.get(key)?;
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(
                value,
                t.key_path(key),
                "a JSON pointer string such as \"/type\"",
            );
            return None;
        };
        self.pointer_is_valid(t, key, text, value.span())
            .then(|| text.to_owned())
    }

    /// Reads every `[[status]]` row; `None` if any row has a mistake.
    fn statuses(
        &mut self,
        top: &Table<'_, '_>,
        context: Option<&RowContext>,
    ) -> Option<Vec<StatusSpec>> {
        let before = self.errors.len();
        let tables = self.array_of_tables(top, "status")?;
        let mut rows: Vec<StatusSpec> = Vec::new();
        for t in &tables {
            self.unknown_keys(t, &row_keys(STATUS_KEYS));
            let status = self.required_integer(t, "status", 100, 599);
            let advice = self.advice(t, context);
            let Some((status, span)) = status else {
                continue;
            };
            let status = status as u16;
            self.status_is_valid(t, status, span, &rows);
            if let Some(advice) = advice.filter(|a| self.reconnect_keys_take_effect(t, a, None)) {
                rows.push(StatusSpec { status, advice });
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
        context: Option<&RowContext>,
    ) -> (Option<CodeSpec>, RowIdentity) {
        self.unknown_keys(t, &row_keys(CODE_KEYS));
        let code = self.required_code(t, context.map(|c| c.standard));
        let name = self.required_string(t, "name");
        let variant = name
            .as_ref()
            .and_then(|(name, span)| self.variant_name(t, name, span));
        let identity = RowIdentity {
            path: t.path.clone(),
            code: code.clone(),
            name: name.clone().zip(variant.clone()),
        };
        let advice = self.advice(t, context);
        let retry_limit = self
            .optional_integer(t, "retry_limit", 1, u32::MAX.into())
            .map(|(v, _)| v as u32);
        let when_flag = self
            .optional_table(t, "when_flag")
            .map(|w| self.when_flag(&w, context));
        let flag_action = when_flag
            .as_ref()
            .and_then(|w| w.as_ref().map(|w| w.action));
        let advice = advice.filter(|a| self.reconnect_keys_take_effect(t, a, flag_action));
        let row = (|| {
            let (name, _) = name?;
            Some(CodeSpec {
                code: code?.0,
                folded: naming::folded(&name),
                name,
                variant: variant?,
                advice: advice?,
                retry_limit,
                when_flag: match when_flag {
                    Some(rule) => Some(rule?),
                    None => None,
                },
            })
        })();
        (row, identity)
    }

    /// The keys every row has: `meaning`, `action`, `source` (the vendor's when absent),
    /// `inferred` and `note`. `None` if any is wrong.
    fn advice(&mut self, t: &Table<'_, '_>, context: Option<&RowContext>) -> Option<Advice> {
        let meaning = self.required_meaning(t, "meaning");
        let action = self.required_action(t, "action");
        let source = self.optional_source(t, "source");
        let inferred = self.optional_bool(t, "inferred").unwrap_or(false);
        let note = self.optional_string(t, "note");
        let (session, reconnect_to) = self.session_keys(t);
        let delay_ms = self.window(t, "delay_ms");
        let first_delay_ms = self.window(t, "first_delay_ms");
        let uncounted = self.optional_bool(t, "uncounted").unwrap_or(false);
        // A key that is present but wrong has been reported; the row is then left out.
        let wrong = |key: &str, read: bool| t.get(key).is_some() && !read;
        if wrong("session", session.is_some())
            || wrong("reconnect_to", reconnect_to.is_some())
            || wrong("delay_ms", delay_ms.is_some())
            || wrong("first_delay_ms", first_delay_ms.is_some())
        {
            return None;
        }
        Some(Advice {
            meaning: meaning?,
            action: action?,
            source: source.or_else(|| context.map(|c| c.source.clone()))?,
            inferred,
            note,
            session,
            reconnect_to,
            delay_ms,
            first_delay_ms,
            uncounted,
        })
    }

    fn window(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Window> {
        self.optional_integer_pair(t, key, 0, MAX_WINDOW_MS)
            .map(|(low, high)| (low as u32, high as u32))
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
        context: Option<&RowContext>,
    ) -> Option<FlagRuleSpec> {
        self.unknown_keys(t, WHEN_FLAG_KEYS);
        let flag = self.required_string(t, "flag");
        let action = self.required_action(t, "action");
        let uncounted = self.optional_bool(t, "uncounted").unwrap_or(false);
        let (flag, flag_span) = flag?;
        // Without a readable `[vendor]` table there is nothing to check the name against, and
        // the file has failed already.
        let context = context?;
        let index = self.declared_flag(t, &flag, flag_span, &context.flags)?;
        Some(FlagRuleSpec {
            flag,
            index,
            action: action?,
            uncounted,
        })
    }

    fn required_code(
        &mut self,
        t: &Table<'_, '_>,
        standard: Option<bool>,
    ) -> Option<(u16, Range<usize>)> {
        let (code, span) = self.required_integer(t, "code", 0, u16::MAX.into())?;
        let code = code as u16;
        self.code_is_definable(t, code, span.clone(), standard)
            .then_some((code, span))
    }

    /// `session` and `reconnect_to`, where present: the words a row or a signal takes.
    fn session_keys(&mut self, t: &Table<'_, '_>) -> (Option<Session>, Option<Endpoint>) {
        let session = t.get("session").and_then(|_| {
            let words = Session::ALL.map(Session::word);
            self.required_word(t, "session", &words, "session")
                .map(|i| Session::ALL[i])
        });
        let reconnect_to = t.get("reconnect_to").and_then(|_| {
            let words = Endpoint::ALL.map(Endpoint::word);
            self.required_word(t, "reconnect_to", &words, "address")
                .map(|i| Endpoint::ALL[i])
        });
        (session, reconnect_to)
    }

    fn required_action(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Action> {
        let words = Action::ALL.map(Action::word);
        self.required_word(t, key, &words, "action")
            .map(|i| Action::ALL[i])
    }

    fn required_meaning(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let (meaning, span) = self.required_string(t, key)?;
        self.meaning_is_one_line(t, key, &meaning, span)
            .then_some(meaning)
    }

    fn required_source(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let (source, span) = self.required_string(t, key)?;
        self.web_address(t, key, source, span)
    }

    fn optional_source(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        t.get(key)?;
        let (source, span) = self.required_string(t, key)?;
        self.web_address(t, key, source, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<VendorSpec, Vec<Diagnostic>> {
        let file = SourceFile::new("codes/acme.toml", text);
        let mut errors = Vec::new();
        match read_file(0, &file, &mut errors) {
            Some(FileSpec::Vendor(vendor)) => Ok(*vendor),
            _ => Err(errors),
        }
    }

    const HEADER: &str =
        "[vendor]\nid = \"acme\"\nname = \"Acme\"\nsource = \"https://acme.example\"\n";

    #[test]
    fn a_flag_rule_carries_the_position_of_its_flag() {
        let vendor = read(&format!(
            "{HEADER}[vendor.flags]\nfirst = \"One.\"\nsecond = \"Two.\"\n\n\
             [[code]]\ncode = 4000\nname = \"A\"\nmeaning = \"m\"\naction = \"stop\"\n\
             when_flag = {{ flag = \"second\", action = \"backoff\" }}\n"
        ))
        .unwrap();
        let rule = vendor.codes[0].when_flag.as_ref().unwrap();
        assert_eq!((rule.flag.as_str(), rule.index), ("second", 1));
    }

    #[test]
    fn rows_without_a_source_take_the_vendors() {
        let vendor = read(&format!(
            "{HEADER}\n[[code]]\ncode = 4000\nname = \"A\"\nmeaning = \"m\"\naction = \"stop\"\n\n\
             [[code]]\ncode = 4001\nname = \"B\"\nmeaning = \"m\"\naction = \"stop\"\n\
             source = \"https://acme.example/b\"\n\n\
             [[status]]\nstatus = 429\nmeaning = \"m\"\naction = \"backoff\"\n\n\
             [vendor.default]\naction = \"backoff\"\nmeaning = \"m\"\n"
        ));
        // `[vendor.default]` after the rows is a second `[vendor]` table part: TOML allows it.
        let vendor = vendor.unwrap();
        let sources: Vec<&str> = vendor
            .codes
            .iter()
            .map(|c| c.advice.source.as_str())
            .collect();
        assert_eq!(sources, ["https://acme.example", "https://acme.example/b"]);
        assert_eq!(vendor.statuses[0].advice.source, "https://acme.example");
        assert_eq!(
            vendor.default.unwrap().advice.source,
            "https://acme.example"
        );
    }

    #[test]
    fn every_row_kind_accepts_the_advice_keys_and_only_its_own_others() {
        let errors = read(&format!(
            "{HEADER}\n[[status]]\nstatus = 429\nmeaning = \"m\"\naction = \"backoff\"\n\
             inferred = true\nnote = \"n\"\nretry_limit = 1\n"
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].key, "status[0].retry_limit");
    }
}
