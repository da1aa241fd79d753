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
    let text = bullet(start);
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
        let advice = rest.find("the advice fields");
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

fn keys_of_advice() -> Vec<String> {
    let text = bullet("- The advice fields");
    let list = &text[text.find(':').unwrap() + 1..];
    list.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_owned)
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

#[test]
fn the_rules_that_decisions_name_are_documented() {
    let text = bullet("- `Decision`");
    let rule = &text[text.find("`rule`").unwrap()..];
    let documented = &rule[..rule.find(')').unwrap()];
    for vendor in Vendor::ALL.iter().copied() {
        let mut policy = Policy::new(vendor).with_seed(1);
        // Rows, ranges, defaults, unknown codes, statuses and, once stopped, the stop itself.
        let codes = (1000..=1015).chain(3000..=3010).chain(4000..=4100);
        let mut decisions: Vec<_> = codes.map(|code| policy.on_close(code)).collect();
        decisions
            .extend([400, 401, 429, 500, 503].map(|status| policy.on_handshake_status(status)));
        for decision in decisions {
            let json = serde_json::to_value(decision).unwrap();
            let name = json["rule"].as_str().unwrap();
            assert!(
                documented.contains(&format!("\"{name}\"")),
                "{name} is not in {documented}"
            );
        }
    }
}
