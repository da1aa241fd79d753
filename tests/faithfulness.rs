//! Every row of `codes/*.toml`, parsed here independently with serde (not with the build
//! script's reader), must come out of every generated path with identical fields; every number a
//! vendor does not define must come out as `None`.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use closecodes::{Entry, Vendor, codes};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    vendor: VendorTable,
    #[serde(default)]
    code: Vec<Row>,
    #[serde(default)]
    status: Vec<StatusRow>,
    #[serde(default)]
    range: Vec<RangeRow>,
    #[serde(default)]
    message: Vec<MessageRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageRow {
    name: String,
    pointer: Option<String>,
    equals: Option<toml::Value>,
    and: Option<ConditionRow>,
    #[serde(default)]
    first: bool,
    text_prefix: Option<String>,
    #[serde(default)]
    ready: bool,
    meaning: Option<String>,
    action: Option<String>,
    ends: Option<String>,
    #[serde(default)]
    inferred: bool,
    session: Option<String>,
    reconnect_to: Option<String>,
    delay_ms: Option<[u32; 2]>,
    retry_after_ms: Option<String>,
    retry_after_s: Option<String>,
    reconnect_url: Option<String>,
    keepalive_s: Option<String>,
    source: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionRow {
    pointer: String,
    equals: Option<toml::Value>,
    between: Option<[i64; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeRow {
    start: u16,
    end: u16,
    name: String,
    meaning: String,
    action: String,
    source: Option<String>,
    #[serde(default)]
    inferred: bool,
    note: Option<String>,
    session: Option<String>,
    reconnect_to: Option<String>,
    delay_ms: Option<[u32; 2]>,
    first_delay_ms: Option<[u32; 2]>,
    #[serde(default)]
    uncounted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusRow {
    status: u16,
    meaning: String,
    action: String,
    source: Option<String>,
    #[serde(default)]
    inferred: bool,
    note: Option<String>,
    session: Option<String>,
    reconnect_to: Option<String>,
    delay_ms: Option<[u32; 2]>,
    first_delay_ms: Option<[u32; 2]>,
    #[serde(default)]
    uncounted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorTable {
    id: String,
    name: String,
    source: String,
    #[serde(default)]
    standard: bool,
    note: Option<String>,
    verified: Option<String>,
    default: Option<DefaultTable>,
    #[serde(default)]
    backoff: BackoffTable,
    #[serde(default)]
    session: SessionTable,
    #[serde(default)]
    flags: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SessionTable {
    ready: Option<String>,
    min_uptime_ms: Option<u64>,
    #[serde(default)]
    resubscribe: bool,
    idle_timeout_ms: Option<u64>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultTable {
    action: String,
    meaning: String,
    source: Option<String>,
    #[serde(default)]
    inferred: bool,
    note: Option<String>,
    session: Option<String>,
    reconnect_to: Option<String>,
    delay_ms: Option<[u32; 2]>,
    first_delay_ms: Option<[u32; 2]>,
    #[serde(default)]
    uncounted: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BackoffTable {
    initial_ms: Option<u64>,
    max_ms: Option<u64>,
    factor: Option<f64>,
    jitter: Option<f64>,
    max_attempts: Option<u32>,
    source: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    code: u16,
    name: String,
    meaning: String,
    action: String,
    source: Option<String>,
    #[serde(default)]
    inferred: bool,
    note: Option<String>,
    session: Option<String>,
    reconnect_to: Option<String>,
    delay_ms: Option<[u32; 2]>,
    first_delay_ms: Option<[u32; 2]>,
    #[serde(default)]
    uncounted: bool,
    retry_limit: Option<u32>,
    when_flag: Option<WhenFlag>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WhenFlag {
    flag: String,
    action: String,
    #[serde(default)]
    uncounted: bool,
}

/// The keys that shape a reconnect, as a file writes them.
type ReconnectKeys<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<[u32; 2]>,
    Option<[u32; 2]>,
    bool,
);

/// The same keys as the library hands them out.
fn reconnect_keys(advice: &closecodes::Advice) -> ReconnectKeys<'static> {
    let window = |w: Option<closecodes::DelayWindow>| {
        w.map(|w| [w.low().as_millis() as u32, w.high().as_millis() as u32])
    };
    (
        advice.session().map(|s| s.as_str()),
        advice.reconnect_to().map(|e| e.as_str()),
        window(advice.delay()),
        window(advice.first_delay()),
        advice.is_uncounted(),
    )
}

macro_rules! keys_of {
    ($row:expr) => {
        (
            $row.session.as_deref(),
            $row.reconnect_to.as_deref(),
            $row.delay_ms,
            $row.first_delay_ms,
            $row.uncounted,
        )
    };
}

fn files() -> Vec<File> {
    let mut paths: Vec<_> = std::fs::read_dir("codes")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let file: File = toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            assert_eq!(p.file_stem().unwrap().to_str().unwrap(), file.vendor.id);
            file
        })
        .collect()
}

fn vendor_of(file: &File) -> Vendor {
    Vendor::from_id(&file.vendor.id).unwrap_or_else(|| panic!("no Vendor for {}", file.vendor.id))
}

#[test]
fn the_vendors_are_exactly_the_files() {
    let files = files();
    let from_files: BTreeSet<&str> = files.iter().map(|f| f.vendor.id.as_str()).collect();
    let generated: BTreeSet<&str> = Vendor::ALL.iter().map(|v| v.id()).collect();
    assert_eq!(from_files, generated);
    assert_eq!(Vendor::ALL.len(), files.len());
    let standard: Vec<&File> = files.iter().filter(|f| f.vendor.standard).collect();
    assert_eq!(standard.len(), 1);
    assert_eq!(Vendor::standard().id(), standard[0].vendor.id);
    assert_eq!(Vendor::ALL[0], Vendor::standard());
    let rest: Vec<&str> = Vendor::ALL[1..].iter().map(|v| v.id()).collect();
    let mut sorted = rest.clone();
    sorted.sort();
    assert_eq!(rest, sorted, "vendors after the standard are sorted by id");
}

#[test]
fn vendor_fields_match_the_files() {
    for file in files() {
        let v = vendor_of(&file);
        let t = &file.vendor;
        assert_eq!(v.id(), t.id);
        assert_eq!(v.name(), t.name);
        assert_eq!(v.source(), t.source);
        assert_eq!(v.note(), t.note.as_deref());
        assert_eq!(v.is_standard(), t.standard);
        assert_eq!(v.verified(), t.verified.as_deref());
        assert_eq!(v.to_string(), t.id);
        assert_eq!(t.id.parse::<Vendor>(), Ok(v));
        match (&t.default, v.default_rule()) {
            (None, None) => {}
            (Some(d), Some(rule)) => {
                assert_eq!(rule.action().as_str(), d.action);
                assert_eq!(rule.meaning(), d.meaning);
                assert_eq!(rule.source(), d.source.as_deref().unwrap_or(&t.source));
                assert_eq!(rule.advice().is_inferred(), d.inferred);
                assert_eq!(rule.advice().note(), d.note.as_deref());
                assert_eq!(reconnect_keys(rule.advice()), keys_of!(d));
                assert_eq!(rule.entry().kind(), closecodes::RowKind::Default);
            }
            _ => panic!("{}: default rule differs", t.id),
        }
        let b = v.backoff();
        assert_eq!(b.initial_ms(), t.backoff.initial_ms, "{}", t.id);
        assert_eq!(b.max_ms(), t.backoff.max_ms, "{}", t.id);
        assert_eq!(b.factor(), t.backoff.factor, "{}", t.id);
        assert_eq!(b.jitter(), t.backoff.jitter, "{}", t.id);
        assert_eq!(b.max_attempts(), t.backoff.max_attempts, "{}", t.id);
        assert_eq!(b.source(), t.backoff.source.as_deref(), "{}", t.id);
        assert_eq!(b.note(), t.backoff.note.as_deref(), "{}", t.id);
        let session = v.session();
        assert_eq!(session.ready(), t.session.ready.as_deref(), "{}", t.id);
        assert_eq!(
            session.min_uptime().map(|d| d.as_millis() as u64),
            t.session.min_uptime_ms,
            "{}",
            t.id
        );
        assert_eq!(session.resubscribe(), t.session.resubscribe, "{}", t.id);
        assert_eq!(
            session.idle_timeout().map(|d| d.as_millis() as u64),
            t.session.idle_timeout_ms,
            "{}",
            t.id
        );
        assert_eq!(session.source(), t.session.source.as_deref(), "{}", t.id);
        let flags: BTreeMap<String, String> = v
            .flags()
            .iter()
            .map(|f| (f.name().to_owned(), f.meaning().to_owned()))
            .collect();
        assert_eq!(flags, t.flags);
    }
}

fn assert_row(vendor_table: &VendorTable, vendor: Vendor, row: &Row, entry: &Entry) {
    assert_eq!(entry.vendor(), vendor);
    assert_eq!(entry.code(), row.code);
    assert_eq!(entry.name(), row.name);
    assert_eq!(entry.meaning(), row.meaning);
    assert_eq!(entry.action().as_str(), row.action);
    assert_eq!(
        entry.source(),
        row.source.as_deref().unwrap_or(&vendor_table.source)
    );
    assert_eq!(entry.is_inferred(), row.inferred);
    assert_eq!(entry.note(), row.note.as_deref());
    assert_eq!(entry.retry_limit(), row.retry_limit);
    assert_eq!(
        reconnect_keys(entry.advice()),
        keys_of!(row),
        "{vendor} {}",
        row.code
    );
    let rule = entry.flag_rule().map(|r| {
        (
            r.flag().to_owned(),
            r.action().as_str().to_owned(),
            r.is_uncounted(),
        )
    });
    let expected = row
        .when_flag
        .as_ref()
        .map(|w| (w.flag.clone(), w.action.clone(), w.uncounted));
    assert_eq!(rule, expected, "{vendor} {}", row.code);
}

#[test]
fn every_row_is_reachable_through_every_lookup_with_identical_fields() {
    let files = files();
    for file in &files {
        let vendor = vendor_of(file);
        let mut expected_codes: Vec<u16> = file.code.iter().map(|r| r.code).collect();
        expected_codes.sort();
        let listed: Vec<u16> = vendor.codes().iter().map(Entry::code).collect();
        assert_eq!(
            listed, expected_codes,
            "{vendor}: codes() is every row, sorted"
        );
        for row in &file.code {
            let entry = vendor.get(row.code).unwrap();
            assert_row(&file.vendor, vendor, row, entry);
            let by_name = vendor.get_by_name(&row.name).unwrap();
            assert_eq!(by_name, entry, "{vendor} {}: by name", row.code);
            let shouted = row.name.to_uppercase();
            assert_eq!(vendor.get_by_name(&shouted), Some(entry), "{shouted}");
            let answer = closecodes::lookup(vendor, row.code).map(|a| a.entry());
            assert_eq!(answer, Some(entry));
            let explained: Vec<&Entry> = closecodes::explain(row.code)
                .filter(|a| a.vendor() == vendor)
                .map(|a| a.entry())
                .collect();
            assert_eq!(explained, [entry], "{vendor} {}: explain", row.code);
            assert_eq!(vendor.codes().iter().filter(|e| *e == entry).count(), 1);
        }
    }
}

/// Which row of the files `lookup` must answer with for a code the vendor does not list
/// itself, as `(vendor id, first code, last code)`: the vendor's range covering it, else its
/// default (a row covering every number), else the standard file's row, else none.
fn expected_fallback<'f>(
    file: &'f File,
    standard: &'f File,
    code: u16,
) -> Option<(&'f str, u16, u16)> {
    if let Some(range) = file
        .range
        .iter()
        .find(|r| (r.start..=r.end).contains(&code))
    {
        return Some((file.vendor.id.as_str(), range.start, range.end));
    }
    if file.vendor.default.is_some() {
        return Some((file.vendor.id.as_str(), 0, u16::MAX));
    }
    let row = standard.code.iter().find(|r| r.code == code)?;
    Some((standard.vendor.id.as_str(), row.code, row.code))
}

#[test]
fn every_other_u16_finds_nothing_or_the_standard_row() {
    let files = files();
    let standard = files.iter().find(|f| f.vendor.standard).unwrap();
    for file in &files {
        let vendor = vendor_of(file);
        let own: BTreeSet<u16> = file.code.iter().map(|r| r.code).collect();
        for code in 0..=u16::MAX {
            if own.contains(&code) {
                continue;
            }
            assert!(vendor.get(code).is_none(), "{vendor} {code}");
            let found = closecodes::lookup(vendor, code)
                .map(|a| (a.entry().vendor().id(), a.first_code(), a.last_code()));
            assert_eq!(
                found,
                expected_fallback(file, standard, code),
                "{vendor} {code}"
            );
        }
    }
    // And explain lists, for each number, exactly the files that define it or cover it by a range.
    for code in 0..=u16::MAX {
        let mut expected: Vec<&str> = files
            .iter()
            .filter(|f| {
                f.code.iter().any(|r| r.code == code)
                    || f.range.iter().any(|r| (r.start..=r.end).contains(&code))
            })
            .map(|f| f.vendor.id.as_str())
            .collect();
        let mut got: Vec<&str> = closecodes::explain(code).map(|e| e.vendor().id()).collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "explain({code})");
    }
}

#[test]
fn every_range_rule_covers_exactly_its_codes_and_loses_to_exact_rows() {
    for file in &files() {
        let vendor = vendor_of(file);
        assert_eq!(vendor.ranges().len(), file.range.len(), "{vendor}");
        for code in 0..=u16::MAX {
            let covering: Vec<&RangeRow> = file
                .range
                .iter()
                .filter(|r| (r.start..=r.end).contains(&code))
                .collect();
            assert!(covering.len() <= 1, "{vendor} {code}: ranges overlap");
            let got = vendor.get_range(code);
            let Some(row) = covering.first() else {
                assert_eq!(got, None, "{vendor} {code}");
                continue;
            };
            let entry = got
                .unwrap_or_else(|| panic!("{vendor} {code}: range missing"))
                .entry();
            assert_eq!((entry.code(), entry.last_code()), (row.start, row.end));
            assert_eq!(entry.name(), row.name);
            assert_eq!(entry.meaning(), row.meaning);
            assert_eq!(entry.action().as_str(), row.action);
            assert_eq!(
                entry.source(),
                row.source.as_deref().unwrap_or(&file.vendor.source)
            );
            assert_eq!(entry.is_inferred(), row.inferred);
            assert_eq!(entry.note(), row.note.as_deref());
            assert_eq!(reconnect_keys(entry.advice()), keys_of!(row));
            // An exact row wins over the range, in lookup and in explain.
            let expected = vendor.get(code).unwrap_or(entry);
            let answer = closecodes::lookup(vendor, code).map(|a| a.entry());
            assert_eq!(answer, Some(expected));
            let explained: Vec<_> = closecodes::explain(code)
                .filter(|a| a.vendor() == vendor)
                .map(|a| a.entry())
                .collect();
            assert_eq!(explained, [expected], "{vendor} {code}");
        }
    }
}

#[test]
fn every_handshake_status_row_is_reachable_with_identical_fields() {
    for file in files() {
        let vendor = vendor_of(&file);
        assert_eq!(
            vendor.handshake_statuses().len(),
            file.status.len(),
            "{vendor}"
        );
        for row in &file.status {
            let status = vendor.handshake_status(row.status).unwrap();
            assert_eq!(status.vendor(), vendor);
            assert_eq!(status.status(), row.status);
            assert_eq!(status.meaning(), row.meaning);
            assert_eq!(status.action().as_str(), row.action);
            assert_eq!(
                status.source(),
                row.source.as_deref().unwrap_or(&file.vendor.source)
            );
            assert_eq!(status.is_inferred(), row.inferred);
            assert_eq!(status.note(), row.note.as_deref());
            assert_eq!(reconnect_keys(status.advice()), keys_of!(row));
        }
        for code in 0..=u16::MAX {
            if !file.status.iter().any(|r| r.status == code) {
                assert!(vendor.handshake_status(code).is_none());
            }
        }
    }
}

/// Checks one generated `CloseCode` enum against the vendor's rows; returns the vendor.
macro_rules! check_close_code_enum {
    ($module:ident) => {{
        use codes::$module::CloseCode;
        let vendor = CloseCode::VENDOR;
        assert_eq!(CloseCode::ALL.len(), vendor.codes().len());
        for (&variant, entry) in CloseCode::ALL.iter().zip(vendor.codes()) {
            assert_eq!(variant.entry(), entry);
            assert_eq!(u16::from(variant), entry.code());
            assert_eq!(variant.code(), entry.code());
            assert_eq!(CloseCode::try_from(entry.code()), Ok(variant));
            assert_eq!(CloseCode::from_code(entry.code()), Some(variant));
            assert_eq!(entry.name().parse::<CloseCode>(), Ok(variant));
            assert_eq!(
                format!("{variant:?}").parse::<CloseCode>(),
                Ok(variant),
                "by Rust name"
            );
            assert_eq!(
                variant.to_string(),
                format!("{} {}", entry.code(), entry.name())
            );
            assert_eq!(
                (variant.name(), variant.meaning(), variant.action()),
                (entry.name(), entry.meaning(), entry.action())
            );
            assert_eq!(
                variant.is_sendable(),
                support::sendable_per_rfc(entry.code())
            );
        }
        for code in 0..=u16::MAX {
            if vendor.get(code).is_none() {
                let error = CloseCode::try_from(code).unwrap_err();
                assert_eq!((error.vendor(), error.code()), (vendor, code));
            }
        }
        assert!("no such name".parse::<CloseCode>().is_err());
        vendor
    }};
}

/// Every vendor with rows has an enum, and each is checked here. A macro cannot loop over the
/// vendors, so the list is written out; the set comparison below fails when a vendor added as
/// data is missing from it.
#[test]
fn every_generated_enum_matches_its_rows() {
    let checked: BTreeSet<Vendor> = [
        check_close_code_enum!(rfc6455),
        check_close_code_enum!(arcware),
        check_close_code_enum!(assemblyai),
        check_close_code_enum!(azure_web_pubsub),
        check_close_code_enum!(centrifugo),
        check_close_code_enum!(deepgram),
        check_close_code_enum!(discord_gateway),
        check_close_code_enum!(discord_voice),
        check_close_code_enum!(euler_stream),
        check_close_code_enum!(graphql_ws),
        check_close_code_enum!(hocuspocus),
        check_close_code_enum!(liveblocks),
        check_close_code_enum!(metered),
        check_close_code_enum!(obs_websocket),
        check_close_code_enum!(okx),
        check_close_code_enum!(openai_realtime),
        check_close_code_enum!(pusher_channels),
        check_close_code_enum!(qq_bot),
        check_close_code_enum!(realtimeodds),
        check_close_code_enum!(sols_stat_tracker),
        check_close_code_enum!(speechmatics),
        check_close_code_enum!(subscriptions_transport_ws),
        check_close_code_enum!(twitch_eventsub),
    ]
    .into_iter()
    .collect();
    let with_rows: BTreeSet<Vendor> = Vendor::ALL
        .iter()
        .copied()
        .filter(|v| !v.codes().is_empty())
        .collect();
    assert_eq!(
        checked, with_rows,
        "add the missing vendors' modules to the list above"
    );
}

/// The audit trail: every shipped file says when it was last checked against its sources, and
/// codes/AUDIT.md has a section for it.
#[test]
fn every_file_is_verified_and_in_the_audit_trail() {
    let audit = std::fs::read_to_string("codes/AUDIT.md").unwrap();
    for file in files() {
        let id = &file.vendor.id;
        let date = file
            .vendor
            .verified
            .as_deref()
            .unwrap_or_else(|| panic!("{id}: no `verified`"));
        assert!(
            audit.contains(&format!("## {id} ")) && audit.contains(date),
            "codes/AUDIT.md lacks {id}, verified {date}"
        );
    }
}

/// A `[[message]]` row's `equals` as the data file writes it: one value or an array.
fn equals_in_file(value: Option<&toml::Value>) -> Vec<toml::Value> {
    match value {
        None => Vec::new(),
        Some(toml::Value::Array(values)) => values.clone(),
        Some(one) => vec![one.clone()],
    }
}

/// A matcher's value as the data file writes it.
fn scalar_in_file(value: &closecodes::Scalar) -> toml::Value {
    match *value {
        closecodes::Scalar::Text(text) => toml::Value::String(text.to_owned()),
        closecodes::Scalar::Integer(n) => toml::Value::Integer(n),
        closecodes::Scalar::Boolean(b) => toml::Value::Boolean(b),
        other => panic!("a value the files cannot write: {other:?}"),
    }
}

/// Every `[[message]]` row of every file is a `Message`, in file order, key for key.
#[test]
fn every_message_row_is_reachable_with_identical_fields() {
    for file in files() {
        let vendor = vendor_of(&file);
        let messages = vendor.messages();
        assert_eq!(messages.len(), file.message.len(), "{vendor}");
        for (row, message) in file.message.iter().zip(messages) {
            let what = format!("{vendor} {}", row.name);
            assert_eq!(message.name(), row.name, "{what}");
            match message.matcher() {
                closecodes::Matcher::First => {
                    assert!(row.first && row.pointer.is_none(), "{what}")
                }
                closecodes::Matcher::Prefix(prefix) => {
                    assert_eq!(Some(prefix), row.text_prefix.as_deref(), "{what}")
                }
                closecodes::Matcher::Pointer { pointer, equals } => {
                    assert!(!row.first, "{what}");
                    assert_eq!(Some(pointer), row.pointer.as_deref(), "{what}");
                    let values: Vec<toml::Value> = equals.iter().map(scalar_in_file).collect();
                    assert_eq!(values, equals_in_file(row.equals.as_ref()), "{what}");
                }
                other => panic!("{what}: {other:?}"),
            }
            match (message.also(), row.and.as_ref()) {
                (None, None) => {}
                (Some(closecodes::Condition::Equals { pointer, equals }), Some(and)) => {
                    assert_eq!(pointer, and.pointer, "{what}");
                    let values: Vec<toml::Value> = equals.iter().map(scalar_in_file).collect();
                    assert_eq!(values, equals_in_file(and.equals.as_ref()), "{what}");
                    assert!(and.between.is_none(), "{what}");
                }
                (Some(closecodes::Condition::Between { pointer, low, high }), Some(and)) => {
                    assert_eq!(pointer, and.pointer, "{what}");
                    assert_eq!(Some([low, high]), and.between, "{what}");
                    assert!(and.equals.is_none(), "{what}");
                }
                (also, and) => panic!("{what}: {also:?} from the file's `and` {}", and.is_some()),
            }
            assert_eq!(message.is_ready(), row.ready, "{what}");
            assert_eq!(
                message.retry_after_ms(),
                row.retry_after_ms.as_deref(),
                "{what}"
            );
            assert_eq!(
                message.retry_after_s(),
                row.retry_after_s.as_deref(),
                "{what}"
            );
            assert_eq!(message.meaning(), row.meaning.as_deref(), "{what}");
            assert_eq!(message.is_inferred(), row.inferred, "{what}");
            let signal = message.signal().map(|s| {
                (
                    s.action().as_str(),
                    s.ends().as_str(),
                    s.session().map(|x| x.as_str()),
                    s.reconnect_to().map(|x| x.as_str()),
                    s.delay()
                        .map(|w| [w.low().as_millis() as u32, w.high().as_millis() as u32]),
                )
            });
            let in_file = row.action.as_deref().map(|action| {
                (
                    action,
                    row.ends.as_deref().unwrap_or_default(),
                    row.session.as_deref(),
                    row.reconnect_to.as_deref(),
                    row.delay_ms,
                )
            });
            assert_eq!(signal, in_file, "{what}");
            assert_eq!(
                message.reconnect_url(),
                row.reconnect_url.as_deref(),
                "{what}"
            );
            assert_eq!(message.keepalive_s(), row.keepalive_s.as_deref(), "{what}");
            let source = row.source.as_deref().unwrap_or(&file.vendor.source);
            assert_eq!(message.source(), source, "{what}");
            assert_eq!(message.note(), row.note.as_deref(), "{what}");
        }
    }
}

/// Issue 20: every file that names a ready event in `[vendor.session]` says how a program
/// recognises it, with a sourced `[[message]]` marked `ready`.
#[test]
fn every_named_ready_event_has_a_ready_message() {
    for file in files() {
        if file.vendor.session.ready.is_none() {
            continue;
        }
        let ready: Vec<&MessageRow> = file.message.iter().filter(|m| m.ready).collect();
        assert!(
            !ready.is_empty(),
            "{}: no message is the ready event",
            file.vendor.id
        );
        for row in ready {
            let source = row.source.as_deref().unwrap_or(&file.vendor.source);
            assert!(
                source.starts_with("https://"),
                "{} {}",
                file.vendor.id,
                row.name
            );
        }
    }
}
