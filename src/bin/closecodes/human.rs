//! Output for people: aligned tables, coloured only on a terminal and never with `NO_COLOR`.

use std::io::{IsTerminal, Write};

use closecodes::{
    Action, Advice, Answer, CodeRange, Condition, Endpoint, Entry, Matcher, Message, Origin,
    Scalar, Session, Signal, Vendor,
};
use comfy_table::{Cell, Color, Table, presets};

use crate::answers::{Row, StatusAnswer};

/// Whether to colour the output.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    color: bool,
}

impl Style {
    /// `--color`: `always` and `never` say; `auto` colours when stdout is a terminal and
    /// `NO_COLOR` is unset or empty (<https://no-color.org>), and `CLICOLOR_FORCE` forces colour
    /// on unless `NO_COLOR` is set.
    pub(crate) fn detect(choice: crate::ColorChoice) -> Style {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let color = match choice {
            crate::ColorChoice::Always => {
                // The table's colours come from crossterm, which would drop them under
                // NO_COLOR but keep their reset codes; an explicit `always` wins.
                crossterm::style::force_color_output(true);
                true
            }
            crate::ColorChoice::Never => false,
            crate::ColorChoice::Auto => {
                !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stdout().is_terminal())
            }
        };
        Style { color }
    }

    fn table(self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        // Wrap long meanings to the terminal's width (or COLUMNS); unbounded in a pipe, so
        // that tools reading the output get one line a row.
        if let Some(width) = terminal_width() {
            table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            table.set_width(width);
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(header.iter().map(|h| self.paint(h, Color::DarkGrey)));
        table
    }

    fn paint(self, text: &str, color: Color) -> Cell {
        let cell = Cell::new(text);
        if self.color { cell.fg(color) } else { cell }
    }

    fn action(self, action: Action, inferred: bool) -> Cell {
        let color = match action {
            Action::Done => Color::Green,
            Action::Stop => Color::Red,
            Action::Reauthenticate | Action::RetryLater => Color::Yellow,
            _ => Color::Cyan,
        };
        let marker = if inferred { "*" } else { "" };
        self.paint(&format!("{action}{marker}"), color)
    }
}

/// The width to fit tables to: `COLUMNS` when set, else the terminal's when stdout is one.
fn terminal_width() -> Option<u16> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    Table::new().width()
}

/// Writes `table` without the trailing spaces of its padding.
fn write_table(out: &mut Vec<u8>, table: &Table) {
    for line in table.lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn inferred_footnote(out: &mut Vec<u8>, entries: &[&Entry]) {
    inferred_legend(out, entries.iter().any(|e| e.is_inferred()));
}

/// The legend for the `*` after an inferred action, when one was printed.
fn inferred_legend(out: &mut Vec<u8>, printed: bool) {
    if printed {
        let _ = writeln!(
            out,
            "\n* inferred: the vendor does not state this meaning or action"
        );
    }
}

pub(crate) fn explain(
    out: &mut Vec<u8>,
    style: Style,
    code: u16,
    vendor: Option<Vendor>,
    answers: &[Answer],
) {
    let range = CodeRange::of(code);
    let wire = if closecodes::is_sendable(code) {
        "may be sent in a close frame"
    } else {
        "must never be sent in a close frame"
    };
    let _ = writeln!(out, "{code}: {range}; {wire}.");
    let standard = Vendor::standard();
    match standard.get(code) {
        Some(row) => {
            let _ = writeln!(
                out,
                "Standard meaning ({}): {} — {}",
                standard,
                row.name(),
                row.meaning()
            );
        }
        None => {
            let _ = writeln!(out, "{}", no_standard_meaning(range));
        }
    }
    if answers.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let mut table = style.table(&["VENDOR", "NAME", "ACTION", "MEANING"]);
    for answer in answers {
        let entry = answer.entry();
        let vendor_cell = match answer.origin() {
            Origin::Standard if vendor.is_some() => format!("{} (standard)", entry.vendor()),
            _ => answer.vendor().to_string(),
        };
        let name = match answer.origin() {
            Origin::Range => format!("{} ({}–{})", entry.name(), entry.code(), entry.last_code()),
            Origin::Default => format!("{} (default)", entry.name()),
            _ => entry.name().to_owned(),
        };
        table.add_row(vec![
            Cell::new(vendor_cell),
            Cell::new(name),
            style.action(entry.action(), entry.is_inferred()),
            Cell::new(entry.meaning()),
        ]);
    }
    write_table(out, &table);
    let entries: Vec<&Entry> = answers.iter().map(Answer::entry).collect();
    inferred_footnote(out, &entries);
    notes(out, &entries);
    let _ = writeln!(out, "\nSources:");
    for entry in entries {
        let _ = writeln!(out, "  {:<18} {}", entry.vendor().id(), entry.source());
    }
}

/// The caveats that change a row's advice: flags, retry limits, the vendor's notes.
fn notes(out: &mut Vec<u8>, entries: &[&Entry]) {
    let mut lines = Vec::new();
    for entry in entries {
        let vendor = entry.vendor().id();
        if let Some(rule) = entry.flag_rule() {
            let uncounted = if rule.is_uncounted() {
                ", not counted as an attempt"
            } else {
                ""
            };
            lines.push(format!(
                "  {vendor:<18} with the flag `{}` on: {}{uncounted}",
                rule.flag(),
                rule.action()
            ));
        }
        if let Some(registered) = reused_registration(entry) {
            lines.push(format!(
                "  {vendor:<18} reuses {}, which is registered with IANA as \"{}\"",
                entry.code(),
                registered.name()
            ));
        }
        let after = reconnect_words(entry.advice());
        if !after.is_empty() {
            lines.push(format!("  {vendor:<18} after it: {}", after.join("; ")));
        }
        if let Some(limit) = entry.retry_limit() {
            lines.push(format!(
                "  {vendor:<18} at most {} after this code",
                count(limit, "reconnect attempt")
            ));
        }
        if let Some(note) = entry.note() {
            lines.push(format!("  {vendor:<18} {note}"));
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "\nNotes:\n{}", lines.join("\n"));
    }
}

/// The IANA registration a vendor's row for a 3000–3999 code gives another meaning, if any.
fn reused_registration(entry: &Entry) -> Option<&'static Entry> {
    let standard = Vendor::standard();
    if entry.vendor() == standard
        || entry.code_range() != Some(CodeRange::Registered)
        || entry.is_range()
    {
        return None;
    }
    standard
        .get(entry.code())
        .filter(|registered| registered.name() != entry.name())
}

/// The signal a message is, for `explain --message`.
pub(crate) fn signal(
    out: &mut Vec<u8>,
    vendor: Vendor,
    message: &Message,
    signal: &Signal,
    reading: &closecodes::Reading,
) {
    let inferred = if message.is_inferred() { "*" } else { "" };
    let _ = writeln!(
        out,
        "{vendor} signal `{}`: {}{inferred} — {}",
        message.name(),
        signal.action(),
        message.meaning().unwrap_or_default()
    );
    let ending = match signal.ends() {
        closecodes::Ending::Announces => {
            "The server closes the connection soon after; that close is decided by this signal."
        }
        _ => "It ends the session: the client closes the connection and acts now.",
    };
    let _ = writeln!(out, "{ending}");
    if let Some(window) = signal.delay() {
        let _ = writeln!(out, "Wait {window} before reconnecting.");
    }
    let mut carried = Vec::new();
    if let Some(wait) = reading.retry_after {
        carried.push(format!("wait {}", duration(wait)));
    }
    if let Some(url) = &reading.reconnect_url {
        carried.push(format!("reconnect to {url}"));
    }
    if !carried.is_empty() {
        let _ = writeln!(out, "The message says: {}.", carried.join("; "));
    }
    if let Some(note) = message.note() {
        let _ = writeln!(out, "Note: {note}");
    }
    let _ = writeln!(out, "Source: {}", message.source());
    inferred_legend(out, message.is_inferred());
}

/// A `[[message]]` row in one line: how it is recognised, then what it says.
fn message_words(message: &Message) -> String {
    let recognised = match message.matcher() {
        Matcher::First => "the first message".to_owned(),
        Matcher::Pointer {
            pointer,
            equals: [],
        } => {
            format!("any value at {pointer}")
        }
        Matcher::Pointer { pointer, equals } => {
            let values: Vec<String> = equals.iter().map(scalar_words).collect();
            format!("{pointer} = {}", values.join(" or "))
        }
        Matcher::Prefix(prefix) => format!("text starting {prefix:?}"),
        _ => "(a matcher this version cannot show)".to_owned(),
    };
    let recognised = match message.also() {
        Some(Condition::Equals { pointer, equals }) => {
            let values: Vec<String> = equals.iter().map(scalar_words).collect();
            format!("{recognised} and {pointer} = {}", values.join(" or "))
        }
        Some(Condition::Between { pointer, low, high }) => {
            format!("{recognised} and {pointer} from {low} to {high}")
        }
        _ => recognised,
    };
    let mut says = Vec::new();
    if message.is_ready() {
        says.push("the session is ready (call Policy::on_ready)".to_owned());
    }
    if let Some(pointer) = message.retry_after_ms() {
        says.push(format!("wait the milliseconds at {pointer}"));
    }
    if let Some(pointer) = message.retry_after_s() {
        says.push(format!("wait the seconds at {pointer}"));
    }
    if let Some(pointer) = message.reconnect_url() {
        says.push(format!("reconnect to the address at {pointer}"));
    }
    if let Some(pointer) = message.keepalive_s() {
        says.push(format!(
            "silence longer than the seconds at {pointer} means a dead connection"
        ));
    }
    if let Some(signal) = message.signal() {
        let ending = match signal.ends() {
            closecodes::Ending::Announces => "the server closes soon after",
            _ => "it ends the session",
        };
        says.push(format!(
            "a signal, {} ({ending}) — {}",
            signal.action(),
            message.meaning().unwrap_or_default()
        ));
    } else if let Some(meaning) = message.meaning().filter(|_| says.is_empty()) {
        // A message the vendor documents that asks nothing of a client.
        says.push(format!("no goodbye — {meaning}"));
    }
    format!("`{}` ({recognised}): {}", message.name(), says.join("; "))
}

/// A matcher's value as JSON writes it.
fn scalar_words(value: &Scalar) -> String {
    match *value {
        Scalar::Text(text) => format!("\"{text}\""),
        Scalar::Integer(n) => n.to_string(),
        Scalar::Boolean(b) => b.to_string(),
        _ => "?".to_owned(),
    }
}

/// What a row says about the reconnect itself: session, address, delay, counting.
fn reconnect_words(advice: &Advice) -> Vec<String> {
    let mut words = Vec::new();
    match advice.session() {
        Some(Session::Resume) => words.push("resume the session".to_owned()),
        Some(Session::New) => words.push("start a new session".to_owned()),
        _ => {}
    }
    match advice.reconnect_to() {
        Some(Endpoint::Default) => words.push("reconnect to the default address".to_owned()),
        Some(Endpoint::Server) => words.push("reconnect to the address the server gave".to_owned()),
        _ => {}
    }
    if let Some(window) = advice.delay() {
        words.push(format!("wait a random {window}"));
    }
    if let Some(window) = advice.first_delay() {
        words.push(format!("the first reconnect waits a random {window}"));
    }
    if advice.is_uncounted() {
        words.push("not counted as an attempt".to_owned());
    }
    words
}

fn no_standard_meaning(range: CodeRange) -> &'static str {
    match range {
        CodeRange::Private => "No standard meaning: 4000–4999 is for private use by applications.",
        CodeRange::Registered => "No standard meaning: not registered with IANA.",
        CodeRange::Protocol => "No standard meaning: not assigned by the protocol.",
        _ => "No meaning: WebSocket does not use this number.",
    }
}

pub(crate) fn rows(out: &mut Vec<u8>, style: Style, rows: &[Row]) {
    let mut table = style.table(&["VENDOR", "CODE", "NAME", "ACTION", "MEANING"]);
    for row in rows {
        table.add_row(vec![
            Cell::new(row.vendor().id()),
            Cell::new(row.codes()),
            Cell::new(row.name()),
            style.action(row.action(), row.is_inferred()),
            Cell::new(row.meaning()),
        ]);
    }
    write_table(out, &table);
    inferred_legend(out, rows.iter().any(|row| row.is_inferred()));
}

pub(crate) fn vendors(out: &mut Vec<u8>, style: Style) {
    let mut table = style.table(&["ID", "NAME", "CODES", "SOURCE"]);
    for &vendor in Vendor::ALL {
        table.add_row(vec![
            Cell::new(vendor.id()),
            Cell::new(vendor.name()),
            Cell::new(vendor.codes().len()),
            Cell::new(vendor.source()),
        ]);
    }
    write_table(out, &table);
}

/// What each vendor does with an HTTP status that refused the upgrade.
pub(crate) fn status(out: &mut Vec<u8>, status: u16, answers: &[StatusAnswer]) {
    let _ = writeln!(out, "HTTP {status} refusing the upgrade:");
    for answer in answers {
        let vendor = answer.vendor;
        let Some(row) = answer.row else {
            let _ = writeln!(
                out,
                "  {vendor}: not listed; a client following the policy does `{}`",
                answer.action
            );
            continue;
        };
        let inferred = if row.is_inferred() { " (inferred)" } else { "" };
        let whose = if row.vendor() == vendor {
            String::new()
        } else {
            format!("not listed; the {} row: ", row.vendor())
        };
        let _ = writeln!(
            out,
            "  {vendor}: {whose}{}{inferred} — {}",
            row.action(),
            row.meaning()
        );
        if let Some(note) = row.note() {
            let _ = writeln!(out, "    {note}");
        }
        let _ = writeln!(out, "    Source: {}", row.source());
    }
}

/// What a client following the policy does after a code neither the vendor nor the standard
/// lists: the policy's own decision, so the command and the library always agree.
pub(crate) fn unlisted_code(out: &mut Vec<u8>, code: u16, vendor: Vendor) {
    let decision = closecodes::Policy::new(vendor).on_close(code);
    let _ = writeln!(
        out,
        "\n{vendor} does not list {code}, nor does the standard; a client following the policy \
         does `{}` (its rule for codes nobody lists).",
        decision.action()
    );
}

/// `n` and the noun, in the plural unless `n` is 1.
fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A duration as people write it: `500 ms`, `1 s`, `1.25 s`, `2 min`.
fn duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if d < std::time::Duration::from_millis(1) && !d.is_zero() {
        format!("{} µs", d.as_micros())
    } else if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(60_000) {
        format!("{} min", ms / 60_000)
    } else {
        let seconds = format!("{}.{:03}", ms / 1000, ms % 1000);
        format!("{} s", seconds.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// One vendor's rules, for people configuring a client.
pub(crate) fn vendor_rules(out: &mut Vec<u8>, style: Style, vendor: Vendor) {
    let _ = writeln!(out, "{} ({})", vendor.name(), vendor.id());
    let _ = writeln!(out, "Source: {}", vendor.source());
    if let Some(date) = vendor.verified() {
        let _ = writeln!(out, "Checked against its sources: {date}");
    }
    if let Some(note) = vendor.note() {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out);
    match vendor.default_rule() {
        Some(rule) => {
            let _ = writeln!(
                out,
                "Codes not listed: {} — {}",
                rule.action(),
                rule.meaning()
            );
        }
        None => {
            let _ = writeln!(out, "Codes not listed: the standard's rows (RFC 6455)");
        }
    }
    let backoff = closecodes::Backoff::for_vendor(vendor);
    let documented = vendor.backoff();
    // Each part the vendor's file does not document is the crate's default, and says so.
    let part = |text: String, documented: bool| {
        if documented {
            text
        } else {
            format!("{text} (crate default)")
        }
    };
    let attempts = documented
        .max_attempts()
        .map_or("no limit on attempts".to_owned(), |n| {
            format!("at most {}", count(n, "attempt"))
        });
    let _ = writeln!(
        out,
        "Backoff: from {}, ×{}, up to {}, ±{}, {attempts}",
        part(
            duration(backoff.initial()),
            documented.initial_ms().is_some()
        ),
        part(backoff.factor().to_string(), documented.factor().is_some()),
        part(duration(backoff.max()), documented.max_ms().is_some()),
        part(
            format!("{:.0} % jitter", backoff.jitter() * 100.0),
            documented.jitter().is_some()
        ),
    );
    let session = vendor.session();
    if let Some(ready) = session.ready() {
        let _ = writeln!(out, "Session ready on: {ready} (call Policy::on_ready)");
    }
    if session.resubscribe() {
        let _ = writeln!(out, "After a reconnect: subscribe again");
    }
    if let Some(idle) = session.idle_timeout() {
        let _ = writeln!(
            out,
            "Silence: a connection quiet for {} is dead",
            duration(idle)
        );
    }
    for message in vendor.messages() {
        let _ = writeln!(out, "Message {}", message_words(message));
    }
    for flag in vendor.flags() {
        let _ = writeln!(out, "Flag `{}`: {}", flag.name(), flag.meaning());
    }
    for entry in vendor.codes().iter().filter(|e| e.retry_limit().is_some()) {
        let _ = writeln!(
            out,
            "Retry limit: {} — at most {} after it",
            entry,
            count(entry.retry_limit().unwrap_or_default(), "reconnect attempt")
        );
    }
    let statuses = vendor.handshake_statuses();
    if !statuses.is_empty() {
        let _ = writeln!(out);
        let mut table = style.table(&["STATUS", "ACTION", "MEANING"]);
        for row in statuses {
            let inferred = if row.is_inferred() { "*" } else { "" };
            table.add_row(vec![
                Cell::new(row.status()),
                Cell::new(format!("{}{inferred}", row.action())),
                Cell::new(row.meaning()),
            ]);
        }
        write_table(out, &table);
        inferred_legend(out, statuses.iter().any(|row| row.is_inferred()));
    }
}
