//! The serialized form is what `src/integrations/serde_fields.md` (the crate's front page)
//! says: every object's keys, in the documented order, for every row of every vendor.

use closecodes::{Policy, Vendor};
use serde_json::Value;

const DOC: &str = include_str!("../src/integrations/serde_fields.md");

/// The bullet of the list that starts with `` - `name` `` or `- The advice fields`, joined into
/// one line.
fn bullet(start: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for line in DOC.lines() {
        if line.starts_with("- ") {
            inside = line.starts_with(start);
        } else if line.trim().is_empty() {
            inside = false;
        }
        if inside {
            text.push(' ');
            text.push_str(line.trim_start_matches("- ").trim());
        }
    }
    assert!(
        !text.is_empty(),
        "serde_fields.md has no bullet starting {start:?}"
    );
    text
}

/// The keys a bullet names, in order: the identifiers in backticks after its colon, leaving out
/// what parentheses say about a key's values; "the advice fields" stands for their list.
fn keys(start: &str) -> Vec<String> {
    keys_in(&bullet(start), true)
}

fn keys_of_advice() -> Vec<String> {
    keys_in(&bullet("- The advice fields"), false)
}

fn keys_in(text: &str, expand_advice: bool) -> Vec<String> {
    let after_colon = &text[text.find(':').expect("a colon after the type's name") + 1..];
    let mut outside = String::new();
    let mut depth = 0;
    for c in after_colon.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let mut keys = Vec::new();
    let mut rest = outside.as_str();
    loop {
        let tick = rest.find('`');
        let advice = rest.find("the advice fields").filter(|_| expand_advice);
        match (tick, advice) {
            (_, Some(a)) if tick.is_none_or(|t| a < t) => {
                keys.extend(keys_of_advice());
                rest = &rest[a + "the advice fields".len()..];
            }
            (Some(t), _) => {
                let end = rest[t + 1..].find('`').expect("a closing backtick") + t + 1;
                let word = &rest[t + 1..end];
                if word.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    keys.push(word.to_owned());
                }
                rest = &rest[end + 1..];
            }
            _ => return keys,
        }
    }
}

/// The quoted words a bullet lists after `key` (its values), e.g. the rule names of `rule`.
fn values_of(start: &str, key: &str) -> Vec<String> {
    let text = bullet(start);
    let after = &text[text
        .find(&format!("`{key}` ("))
        .expect("the key with its values")..];
    let inside = &after[after.find('(').unwrap() + 1..after.find(')').unwrap()];
    inside
        .split('`')
        .filter(|w| w.starts_with('"') && w.ends_with('"'))
        .map(|w| w.trim_matches('"').to_owned())
        .collect()
}

#[track_caller]
fn assert_keys(value: Value, documented: &[String], what: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object"));
    let actual: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(actual, documented, "{what}");
    if let Some(rule) = object.get("flag_rule").filter(|v| !v.is_null()) {
        assert_keys(
            rule.clone(),
            &keys("- `FlagRule`"),
            &format!("{what}'s flag_rule"),
        );
    }
}

#[test]
fn every_row_serializes_with_the_documented_keys_in_order() {
    let (entry, status, answer) = (
        keys("- `Entry`"),
        keys("- `HandshakeStatus`"),
        keys("- `Answer`"),
    );
    let session = keys("- `SessionRules`");
    // Issue 19: an answer carries a list row's keys, in the same order, then its own.
    assert_eq!(answer[..entry.len()], entry[..]);
    assert!(answer.len() > entry.len());
    let mut flag_rules = 0;
    for vendor in Vendor::ALL.iter().copied() {
        let rows = vendor
            .codes()
            .iter()
            .chain(vendor.ranges())
            .chain(vendor.default_rule().map(|rule| rule.entry()));
        for row in rows {
            flag_rules += usize::from(row.flag_rule().is_some());
            assert_keys(
                serde_json::to_value(row).unwrap(),
                &entry,
                &format!("{vendor} {}", row.code()),
            );
            let asked = vendor.answer(row.code()).unwrap();
            assert_keys(
                serde_json::to_value(asked).unwrap(),
                &answer,
                &format!("{vendor} answer {}", row.code()),
            );
        }
        for row in vendor.handshake_statuses() {
            assert_keys(
                serde_json::to_value(row).unwrap(),
                &status,
                &format!("{vendor} status {}", row.status()),
            );
        }
        assert_keys(
            serde_json::to_value(vendor.session()).unwrap(),
            &session,
            &format!("{vendor} session"),
        );
        for message in vendor.messages() {
            assert_keys(
                serde_json::to_value(message).unwrap(),
                &keys("- `Message`"),
                &format!("{vendor} message {}", message.name()),
            );
        }
    }
    assert!(
        flag_rules > 0,
        "no row has a flag rule, so FlagRule's keys went unchecked"
    );
}

#[test]
fn every_kind_of_decision_serializes_with_the_documented_keys_in_order() {
    let documented = keys("- `Decision`");
    for vendor in Vendor::ALL.iter().copied() {
        let mut policy = Policy::new(vendor).with_seed(1);
        let decisions = [
            policy.on_close(4000),
            policy.on_handshake_status(429),
            policy.on_transport_error(),
            policy.on_local_error(1009),
        ];
        for decision in decisions {
            assert_keys(
                serde_json::to_value(decision).unwrap(),
                &documented,
                &format!("{decision}"),
            );
        }
    }
}

/// One decision per rule the documentation names, each reached the way the data says: a row,
/// a flag rule (Sol's 4003 with its flag), a vendor default (Discord's), an unknown code, a
/// status row and an unknown status, a retry limit (Metered 4020, "reconnect once"), the
/// attempts running out (graphql-ws: 5), a move (Twitch's `session_reconnect`), a signal
/// (Discord's Reconnect), a stop and what follows it.
#[test]
fn every_documented_rule_is_what_its_decision_serializes() {
    let vendor = |id| Vendor::from_id(id).unwrap();
    let rule =
        |decision: closecodes::Decision| serde_json::to_value(decision).unwrap()["rule"].clone();
    let mut produced = std::collections::BTreeSet::new();
    let mut seen = |decision| {
        produced.insert(rule(decision).as_str().unwrap().to_owned());
    };
    seen(Policy::new(vendor("metered")).on_close(4010));
    seen(
        Policy::new(vendor("sols-stat-tracker"))
            .with_flag("reconnect_on_duplicate_connection")
            .on_close(4003),
    );
    seen(Policy::new(vendor("discord-gateway")).on_close(4999));
    seen(Policy::new(vendor("metered")).on_close(4999));
    seen(Policy::new(vendor("metered")).on_handshake_status(429));
    seen(Policy::new(vendor("metered")).on_handshake_status(418));
    let mut limited = Policy::new(vendor("metered"));
    let _ = limited.on_close(4020);
    seen(limited.on_close(4020));
    let mut graphql = Policy::new(vendor("graphql-ws"));
    let attempts: Vec<_> = (0..6).map(|_| graphql.on_close(4999)).collect();
    seen(attempts[5]);
    seen(Policy::new(vendor("twitch-eventsub")).on_moved());
    let discord = vendor("discord-gateway");
    let reconnect = discord
        .messages()
        .iter()
        .find(|m| m.signal().is_some())
        .unwrap();
    seen(Policy::new(discord).on_signal(reconnect, None));
    let mut stopped = Policy::new(vendor("metered"));
    seen(stopped.on_close(4012));
    seen(stopped.on_close(4010));
    #[cfg(feature = "tungstenite")]
    {
        use closecodes::tungstenite::error::UrlError;
        let error = closecodes::tungstenite::Error::Url(UrlError::NoHostName);
        seen(Policy::new(vendor("metered")).on_tungstenite_error(&error));
    }
    let mut documented: std::collections::BTreeSet<String> =
        values_of("- `Decision`", "rule").into_iter().collect();
    if cfg!(not(feature = "tungstenite")) {
        documented.remove("invalid_request"); // reached only through an integration
    }
    assert_eq!(produced, documented);
}

/// The value forms the list documents, beyond the keys.
#[test]
fn values_have_the_documented_forms() {
    let metered = Vendor::from_id("metered").unwrap();
    assert_eq!(serde_json::to_value(metered).unwrap(), "metered");
    assert_eq!(
        serde_json::to_value(closecodes::Action::RetryAfter).unwrap(),
        "retry_after"
    );
    // RFC 6455 §7.2.3: the first reconnect after 1006 waits a random 0–5 s (codes/rfc6455.toml).
    let abnormal = closecodes::lookup(Vendor::standard(), 1006).unwrap();
    assert_eq!(
        serde_json::to_value(abnormal).unwrap()["first_delay_ms"],
        serde_json::json!([0, 5000])
    );
    let mut policy = Policy::new(metered);
    let events = [
        (
            serde_json::to_value(policy.on_close(4010)).unwrap(),
            "close",
            serde_json::json!(4010),
        ),
        (
            serde_json::to_value(policy.on_handshake_status(429)).unwrap(),
            "handshake_status",
            serde_json::json!(429),
        ),
        (
            serde_json::to_value(policy.on_transport_error()).unwrap(),
            "transport_error",
            serde_json::json!(1006),
        ),
        (
            serde_json::to_value(policy.on_local_error(1009)).unwrap(),
            "local_error",
            serde_json::json!(1009),
        ),
    ];
    let documented = values_of("- `Decision`", "event");
    for (decision, event, code) in events {
        assert_eq!(
            (&decision["event"], &decision["code"]),
            (&serde_json::json!(event), &code)
        );
        assert!(
            documented.iter().any(|e| e == event),
            "{event} is not documented"
        );
    }
}
