//! Every rule the data must follow beyond a key's type: within one file (methods on the
//! reader, called by `schema` as it reads) and across files (`check_registry`). The rules
//! never call back into `schema`: what they need to know of a file reaches them as arguments.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{
    Action, Advice, ExtensionSpec, MatcherSpec, RangeSpec, Registry, StatusSpec, VendorSpec,
};
use crate::naming;
use crate::naming::{is_lower_case_words, is_vendor_id};
use crate::row::{RowContext, RowIdentity};
use crate::toml_reader::{Reader, Table};

/// Flags are kept as a bit set (`u64`) in the reconnect policy.
pub(crate) const MAX_FLAGS: usize = 64;

/// What [`definable`] allows, as advice in messages.
const DEFINABLE_HELP: &str =
    "vendors may define 3000–4999 and restate the standard codes 1000–1015 (except 1004)";

/// Whether a file may define `code`: 1000–1015 and 3000–4999, and 1004 only in the standard
/// file (`standard` is `None` when the file's `[vendor]` table could not be read).
pub(crate) fn definable(code: u16, standard: Option<bool>) -> bool {
    match code {
        1004 => standard != Some(false),
        1000..=1015 | 3000..=4999 => true,
        _ => false,
    }
}

impl Reader<'_> {
    /// A vendor file defines something to look up: a code, a range or a default.
    pub(crate) fn vendor_defines_codes(
        &mut self,
        vendor_table: &Table<'_, '_>,
        vendor: &VendorSpec,
    ) {
        if vendor.codes.is_empty() && vendor.ranges.is_empty() && vendor.default.is_none() {
            let header = self.header_span(vendor_table);
            self.error(
                header,
                "code".into(),
                "the file defines no codes, ranges or default".into(),
                "add at least one `[[code]]` or `[[range]]` row, or a `[vendor.default]` table"
                    .into(),
            );
        }
    }

    /// An extension file adds at least one row.
    pub(crate) fn extension_adds_rows(
        &mut self,
        extend_table: &Table<'_, '_>,
        extension: &ExtensionSpec,
    ) {
        if extension.codes.is_empty()
            && extension.ranges.is_empty()
            && extension.statuses.is_empty()
        {
            let header = self.header_span(extend_table);
            self.error(
                header,
                "code".into(),
                "the extension adds no rows".into(),
                "add the vendor's new `[[code]]`, `[[range]]` or `[[status]]` rows".into(),
            );
        }
    }

    /// A JSON pointer is written as RFC 6901 §3 says: empty (the whole message) or `/`-separated
    /// tokens, in which `~` appears only as `~0` or `~1`.
    pub(crate) fn pointer_is_valid(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        pointer: &str,
        span: Range<usize>,
    ) -> bool {
        let problem = if !pointer.is_empty() && !pointer.starts_with('/') {
            Some("a JSON pointer starts with `/`")
        } else if pointer
            .split('~')
            .skip(1)
            .any(|after| !after.starts_with(['0', '1']))
        {
            Some("in a JSON pointer `~` is written only as `~0` (a `~`) or `~1` (a `/`)")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error(
                span,
                t.key_path(key),
                format!("\"{pointer}\" is not a JSON pointer: {problem}"),
                "write the path to the value, e.g. \"/type\" or \"/payload/session/reconnect_url\" (RFC 6901)".into(),
            );
        }
        problem.is_none()
    }

    /// A `[[message]]` is recognised one way: `first = true`, or a `pointer` (with `equals`, or
    /// alone to match any value there).
    pub(crate) fn matcher_is_one_of_two(
        &mut self,
        t: &Table<'_, '_>,
        first: Option<bool>,
        pointer: bool,
        equals: Option<Range<usize>>,
    ) {
        let help = "recognise the message by `pointer = \"/type\"` with `equals = \"…\"` (or \
                    `pointer` alone for any value there), or by `first = true` for the first \
                    message on a connection"
            .to_owned();
        let (span, key, message) = match (first, pointer, equals) {
            (Some(false), ..) => (
                self.header_span(t),
                t.key_path("first"),
                "`first = false` says nothing".to_owned(),
            ),
            (Some(true), _, _) => (
                self.header_span(t),
                t.key_path("first"),
                "`first = true` takes no `pointer` or `equals`".to_owned(),
            ),
            (None, false, Some(span)) => (
                span,
                t.key_path("equals"),
                "`equals` needs a `pointer` to the value it compares".to_owned(),
            ),
            (None, false, None) => (
                self.header_span(t),
                t.key_path("pointer"),
                "the message has no way to be recognised".to_owned(),
            ),
            // A pointer alone is a whole matcher: the schema does not ask.
            (None, true, _) => return,
        };
        self.error(span, key, message, help);
    }

    /// A signal says goodbye; the ready event says hello: one message is not both.
    pub(crate) fn signal_is_not_ready(&mut self, t: &Table<'_, '_>, ready: bool) -> bool {
        if ready {
            let header = self.header_span(t);
            self.error(
                header,
                t.key_path("action"),
                "a message that makes the session ready cannot also end it".into(),
                "describe the ready event and the signal in two `[[message]]` rows".into(),
            );
        }
        !ready
    }

    /// What a message carries is found by JSON pointers, so only a message recognised as JSON
    /// (by `pointer`) can carry it.
    pub(crate) fn hints_read_json(
        &mut self,
        t: &Table<'_, '_>,
        matcher: &MatcherSpec,
        hints: &[&str],
    ) {
        let how = match matcher {
            MatcherSpec::Pointer { .. } => return,
            MatcherSpec::First => "`first = true`",
            MatcherSpec::Prefix(_) => "`text_prefix`",
        };
        for key in hints.iter().filter(|key| t.get(key).is_some()) {
            let span = t.get(key).map_or_else(|| self.header_span(t), |v| v.span());
            self.error(
                span,
                t.key_path(key),
                format!("`{key}` points into JSON, but this message is recognised by {how}"),
                "recognise the message by a `pointer` into its JSON, or leave the hint out".into(),
            );
        }
    }

    /// A signal's `delay_ms` is a wait before reconnecting, so its action reconnects.
    pub(crate) fn signal_wait_takes_effect(&mut self, t: &Table<'_, '_>, action: Action) -> bool {
        let Some(value) = t.get("delay_ms").filter(|_| !action.reconnects()) else {
            return true;
        };
        self.error(
            value.span(),
            t.key_path("delay_ms"),
            format!(
                "`delay_ms` is a wait before reconnecting, but this signal's action is \"{}\", \
                 which never reconnects",
                action.word()
            ),
            "remove `delay_ms`, or give the signal an action that reconnects".into(),
        );
        false
    }

    /// `and` tests a second value of the message's JSON, so the message is recognised by a
    /// `pointer` into it.
    pub(crate) fn and_reads_json(&mut self, t: &Table<'_, '_>, matcher: &MatcherSpec) {
        let how = match matcher {
            MatcherSpec::Pointer { .. } => return,
            MatcherSpec::First => "`first = true`",
            MatcherSpec::Prefix(_) => "`text_prefix`",
        };
        if let Some(value) = t.get("and") {
            self.error(
                value.span(),
                t.key_path("and"),
                format!(
                    "`and` tests a value in the message's JSON, but this message is recognised \
                     by {how}"
                ),
                "recognise the message by a `pointer` into its JSON first, or leave `and` out"
                    .into(),
            );
        }
    }

    /// `text_prefix` is a whole matcher: it takes no `pointer`, `equals` or `first`.
    pub(crate) fn prefix_is_alone(&mut self, t: &Table<'_, '_>, span: Range<usize>) -> bool {
        let others: Vec<&str> = ["pointer", "equals", "first"]
            .into_iter()
            .filter(|key| t.get(key).is_some())
            .collect();
        if !others.is_empty() {
            self.error(
                span,
                t.key_path("text_prefix"),
                format!("`text_prefix` takes no `{}`", others.join("` or `")),
                "recognise the message one way: by the start of its text, or by a JSON pointer"
                    .into(),
            );
        }
        others.is_empty()
    }

    /// A `[[message]]` tells a client something it acts on.
    pub(crate) fn message_says_something(&mut self, t: &Table<'_, '_>, says_something: bool) {
        if !says_something {
            let header = self.header_span(t);
            self.error(
                header,
                t.key_path("ready"),
                "the message says nothing a client acts on".into(),
                "add `ready = true`, an `action` (with `meaning` and `ends`) for a signal, a \
                 pointer to what it carries (`retry_after_ms`, `retry_after_s`, `reconnect_url` \
                 or `keepalive_s`), or at least its `meaning`"
                    .into(),
            );
        }
    }

    /// Two `[[message]]` rows of a file have different names.
    pub(crate) fn message_name_is_new(
        &mut self,
        t: &Table<'_, '_>,
        name: &str,
        span: Range<usize>,
        earlier: &[(String, Range<usize>)],
    ) {
        if let Some((_, first)) = earlier.iter().find(|(n, _)| n == name) {
            let line = crate::diagnostic::Location::new(self.file, first.clone()).line;
            self.error(
                span,
                t.key_path("name"),
                format!("a message named \"{name}\" is already described (line {line})"),
                "describe each message once; list several values in one row's `equals`".into(),
            );
        }
    }

    /// `verified` is a day, `YYYY-MM-DD`.
    pub(crate) fn verified_is_a_date(
        &mut self,
        t: &Table<'_, '_>,
        date: &str,
        span: Range<usize>,
    ) -> bool {
        let parts: Vec<&str> = date.split('-').collect();
        let number = |text: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
            text.len() == len
                && text.bytes().all(|b| b.is_ascii_digit())
                && text.parse().is_ok_and(|n| range.contains(&n))
        };
        let valid = matches!(parts.as_slice(), [year, month, day]
            if number(year, 4, 2000..=2999) && number(month, 2, 1..=12) && number(day, 2, 1..=31));
        if !valid {
            self.error(
                span,
                t.key_path("verified"),
                format!("\"{date}\" is not a date"),
                "write the day the file was checked against its sources as YYYY-MM-DD, e.g. \"2026-12-01\"".into(),
            );
        }
        valid
    }

    /// A meaning (`key`) is one line.
    pub(crate) fn meaning_is_one_line(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        meaning: &str,
        span: Range<usize>,
    ) -> bool {
        if !meaning.contains('\n') {
            return true;
        }
        self.error(
            span,
            t.key_path(key),
            "a meaning is one sentence on one line".into(),
            "put longer explanations in `note`".into(),
        );
        false
    }

    /// A vendor id is kebab-case and equals the file name.
    pub(crate) fn vendor_id_is_valid(
        &mut self,
        t: &Table<'_, '_>,
        id: &str,
        span: &Range<usize>,
    ) -> bool {
        let key = t.key_path("id");
        if !is_vendor_id(id) {
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

    /// `[vendor.backoff]`: the longest delay is not below the first.
    pub(crate) fn max_at_least_initial(
        &mut self,
        t: &Table<'_, '_>,
        initial: i128,
        max: i128,
        max_span: Range<usize>,
    ) {
        if max < initial {
            self.error(
                max_span,
                t.key_path("max_ms"),
                format!("`max_ms` ({max}) is below `initial_ms` ({initial})"),
                "make `max_ms` at least `initial_ms`".into(),
            );
        }
    }

    /// `[vendor.flags]` fits the policy's bit set.
    pub(crate) fn flag_count_fits(&mut self, t: &Table<'_, '_>) {
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
    }

    /// A flag's name is snake_case.
    pub(crate) fn flag_name_is_valid(
        &mut self,
        name: &str,
        span: Range<usize>,
        path: &str,
    ) -> bool {
        if is_lower_case_words(name, '_') {
            return true;
        }
        self.error(
            span,
            path.to_owned(),
            format!("flag name \"{name}\" is not snake_case"),
            "use lower-case ASCII words joined by underscores, e.g. `reconnect_on_duplicate`"
                .into(),
        );
        false
    }

    /// A `when_flag` names a declared flag; returns its index among them, its bit in the policy.
    pub(crate) fn declared_flag(
        &mut self,
        t: &Table<'_, '_>,
        flag: &str,
        span: Range<usize>,
        declared: &[String],
    ) -> Option<u8> {
        if let Some(index) = declared.iter().position(|d| d == flag) {
            // `flag_count_fits` keeps the index below 64.
            return u8::try_from(index).ok();
        }
        let help = match naming::suggest(flag, declared.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? Otherwise declare it under `[vendor.flags]`"),
            None => format!(
                "declare it under `[vendor.flags]` as `{flag} = \"what turning it on means\"`"
            ),
        };
        self.error(
            span,
            t.key_path("flag"),
            format!("flag \"{flag}\" is not declared in `[vendor.flags]`"),
            help,
        );
        None
    }

    /// A `[[code]]` row's code is one the file may define (see [`definable`]).
    pub(crate) fn code_is_definable(
        &mut self,
        t: &Table<'_, '_>,
        code: u16,
        span: Range<usize>,
        standard: Option<bool>,
    ) -> bool {
        if definable(code, standard) {
            return true;
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
        false
    }

    /// A `[[range]]` runs upwards, covers a code the file may define and overlaps no earlier
    /// range (`earlier` holds them with their key paths). Exact rows inside a range take
    /// precedence at lookup, so they may overlap it.
    #[allow(clippy::too_many_arguments)] // The range's parts and places, each used in a message.
    pub(crate) fn range_is_valid(
        &mut self,
        t: &Table<'_, '_>,
        start: u16,
        end: u16,
        end_span: Range<usize>,
        span: Range<usize>,
        context: Option<&RowContext>,
        earlier: &[(RangeSpec, String)],
    ) -> bool {
        if end < start {
            self.error(
                end_span,
                t.key_path("end"),
                format!("`end` ({end}) is below `start` ({start})"),
                "give the first code as `start` and the last as `end`, both inclusive".into(),
            );
            return false;
        }
        let standard = context.map(|c| c.standard);
        if !(start..=end).any(|code| definable(code, standard)) {
            self.error(
                span,
                t.key_path("start"),
                format!("the range {start}–{end} covers no code a vendor may define"),
                DEFINABLE_HELP.into(),
            );
            return false;
        }
        let overlap = earlier
            .iter()
            .find(|(r, _)| r.start <= end && start <= r.end);
        if let Some((other, other_path)) = overlap {
            self.error(
                span,
                t.key_path("start"),
                format!(
                    "the range {start}–{end} overlaps {}–{} in `{other_path}`",
                    other.start, other.end
                ),
                "ranges may not overlap; split them, or give single codes their own `[[code]]` rows".into(),
            );
            return false;
        }
        true
    }

    /// A `[[status]]` is a failure (not 101) and not listed twice.
    pub(crate) fn status_is_valid(
        &mut self,
        t: &Table<'_, '_>,
        status: u16,
        span: Range<usize>,
        earlier: &[StatusSpec],
    ) {
        if status == 101 {
            self.error(
                span.clone(),
                t.key_path("status"),
                "101 is the successful upgrade, not a failure".into(),
                "list the statuses a server answers instead of 101".into(),
            );
        }
        if earlier.iter().any(|r| r.status == status) {
            self.error(
                span,
                t.key_path("status"),
                format!("status {status} is defined twice"),
                "keep one row per status".into(),
            );
        }
    }

    /// The keys that only shape a reconnect (`session`, `reconnect_to`, `delay_ms`,
    /// `first_delay_ms`, `uncounted`) sit on a row whose action reconnects, or whose `when_flag`
    /// action does (`flag_action`). Reports each one that could never apply.
    pub(crate) fn reconnect_keys_take_effect(
        &mut self,
        t: &Table<'_, '_>,
        advice: &Advice,
        flag_action: Option<Action>,
    ) -> bool {
        let reconnects = advice.action.reconnects() || flag_action.is_some_and(Action::reconnects);
        if reconnects {
            return true;
        }
        let mut clean = true;
        for key in [
            "session",
            "reconnect_to",
            "delay_ms",
            "first_delay_ms",
            "uncounted",
        ] {
            let Some(value) = t.get(key) else { continue };
            if key == "uncounted" && value.get_ref().as_bool() == Some(false) {
                continue;
            }
            clean = false;
            self.error(
                value.span(),
                t.key_path(key),
                format!(
                    "`{key}` shapes a reconnect, but this row's action is \"{}\", which never reconnects",
                    advice.action.word()
                ),
                "remove the key, or give the row an action that reconnects".into(),
            );
        }
        clean
    }

    /// A web address (`source`): `https://` or `http://` and no white space.
    pub(crate) fn web_address(
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

    /// Two rows of one vendor with the same code, the same variant name or the same folded name.
    pub(crate) fn no_duplicate_rows(&mut self, rows: &[RowIdentity]) {
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
}

/// Orders the vendors (standard first, then by id), adds the extensions' rows to their
/// vendors, and checks what no single file can: unique ids and Rust names, exactly one standard
/// file (never one of the extra files, from index `first_extra` on), and extensions that only
/// add. Pushes every mistake to `errors`.
pub fn check_registry(
    mut vendors: Vec<VendorSpec>,
    extensions: Vec<ExtensionSpec>,
    files: &[SourceFile],
    first_extra: usize,
    errors: &mut Vec<Diagnostic>,
) -> Option<Registry> {
    let before = errors.len();
    for vendor in vendors
        .iter()
        .filter(|v| v.standard && v.file >= first_extra)
    {
        errors.push(
            Diagnostic::at(
                &files[vendor.file],
                vendor.id_span.clone(),
                "vendor.standard",
                "an extra file may not declare `standard = true`: the standard is the crate's own codes/rfc6455.toml",
            )
            .help("remove `standard = true`; to say what your service does after a standard code, give the code its own `[[code]]` row"),
        );
    }
    vendors.retain(|v| !(v.standard && v.file >= first_extra));
    vendors.sort_by(|a, b| b.standard.cmp(&a.standard).then_with(|| a.id.cmp(&b.id)));
    for (i, vendor) in vendors.iter().enumerate() {
        let clash = vendors[..i].iter().find(|earlier| {
            earlier.id == vendor.id
                || earlier.variant == vendor.variant
                || earlier.module == vendor.module
                || earlier.folded_id == vendor.folded_id
        });
        if let Some(earlier) = clash {
            let earlier_path = &files[earlier.file].path;
            errors.push(
                Diagnostic::at(
                    &files[vendor.file],
                    vendor.id_span.clone(),
                    "vendor.id",
                    format!(
                        "vendor id \"{}\" clashes with \"{}\" in {earlier_path}: ids must differ in more than case and punctuation",
                        vendor.id, earlier.id
                    ),
                )
                .help(if vendor.file >= first_extra && earlier.file < first_extra {
                    "give your vendor another id (and file name); to add codes to the crate's own vendor, write a file with `[extend] vendor = \"…\"` instead (codes/README.md)"
                } else {
                    "give one of the vendors another id (and file name)"
                }),
            );
        }
    }
    let standards: Vec<&VendorSpec> = vendors.iter().filter(|v| v.standard).collect();
    match standards.as_slice() {
        [_] => {}
        [] => errors.push(
            Diagnostic::global(
                "vendor.standard",
                "no file declares `standard = true`, so codes a vendor does not list have nothing to fall back on",
            )
            .help("keep the shipped codes/rfc6455.toml, which describes the standard codes"),
        ),
        [first, rest @ ..] => {
            for extra in rest {
                errors.push(
                    Diagnostic::at(
                        &files[extra.file],
                        extra.id_span.clone(),
                        "vendor.standard",
                        format!(
                            "a second file declares `standard = true` (the first is {})",
                            files[first.file].path
                        ),
                    )
                    .help("only the file describing RFC 6455 and the IANA registry is the standard; remove `standard = true` here"),
                );
            }
        }
    }
    for extension in extensions {
        extend(&mut vendors, extension, files, errors);
    }
    (errors.len() == before).then_some(Registry { vendors })
}

/// Adds an extension's rows to the vendor it names, refusing any that would change a row the
/// vendor has (the same code, name, status, or an overlapping range).
fn extend(
    vendors: &mut [VendorSpec],
    extension: ExtensionSpec,
    files: &[SourceFile],
    errors: &mut Vec<Diagnostic>,
) {
    let file = &files[extension.file];
    let Some(vendor) = vendors.iter_mut().find(|v| v.id == extension.vendor) else {
        let ids: Vec<String> = vendors.iter().map(|v| v.id.clone()).collect();
        let help = match naming::suggest(&extension.vendor, ids.iter().map(String::as_str)) {
            Some(s) => format!(
                "did you mean \"{s}\"? `vendor` names the vendor whose rows this file adds to"
            ),
            None => format!("name one of the vendors: {}", ids.join(", ")),
        };
        errors.push(
            Diagnostic::at(
                file,
                extension.vendor_span.clone(),
                "extend.vendor",
                format!("no vendor has the id \"{}\"", extension.vendor),
            )
            .help(help),
        );
        return;
    };
    let vendor_path = &files[vendor.file].path;
    let at = |what: String| {
        Diagnostic::at(file, extension.vendor_span.clone(), "extend", what)
            .help("an extension may only add rows; to change a vendor's row, ask for the change in the crate")
    };
    let before = errors.len();
    for code in &extension.codes {
        if vendor.codes.iter().any(|c| c.code == code.code) {
            errors.push(at(format!(
                "code {} is already defined by {} in {vendor_path}",
                code.code, vendor.id
            )));
        }
        if let Some(other) = vendor.codes.iter().find(|c| c.folded == code.folded) {
            errors.push(at(format!(
                "name \"{}\" collides with \"{}\" of {} in {vendor_path}",
                code.name, other.name, vendor.id
            )));
        }
    }
    for range in &extension.ranges {
        if let Some(other) = vendor
            .ranges
            .iter()
            .find(|r| r.start <= range.end && range.start <= r.end)
        {
            errors.push(at(format!(
                "the range {}–{} overlaps {}–{} of {} in {vendor_path}",
                range.start, range.end, other.start, other.end, vendor.id
            )));
        }
    }
    for status in &extension.statuses {
        if vendor.statuses.iter().any(|s| s.status == status.status) {
            errors.push(at(format!(
                "status {} is already defined by {} in {vendor_path}",
                status.status, vendor.id
            )));
        }
    }
    if errors.len() != before {
        return;
    }
    vendor.codes.extend(extension.codes);
    vendor.codes.sort_by_key(|c| c.code);
    vendor.ranges.extend(extension.ranges);
    vendor.ranges.sort_by_key(|r| r.start);
    vendor.statuses.extend(extension.statuses);
    vendor.statuses.sort_by_key(|s| s.status);
}

#[cfg(test)]
mod tests {
    use super::definable;

    /// RFC 6455 §7.4.2: 0–999 unused, 1000–2999 the protocol's (1016 and up unassigned), 3000–3999
    /// registered, 4000–4999 private; 1004 is reserved. Vendors may restate 1000–1015.
    #[test]
    fn which_codes_a_file_may_define() {
        for code in [1000, 1001, 1003, 1005, 1006, 1015, 3000, 3999, 4000, 4999] {
            assert!(definable(code, Some(false)), "{code}");
        }
        for code in [0, 999, 1016, 2999, 5000, u16::MAX] {
            assert!(!definable(code, Some(false)), "{code}");
            assert!(!definable(code, Some(true)), "{code}");
        }
        assert!(!definable(1004, Some(false)));
        assert!(definable(1004, Some(true)));
    }
}
