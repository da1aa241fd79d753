//! The public API's behaviour beyond the data: name and id matching, conversions, ranges,
//! and no panic for any input.

mod support;
use support::sendable_per_rfc;

use closecodes::{Action, CodeRange, Vendor, codes};
use proptest::prelude::*;

#[test]
fn vendor_ids_match_ignoring_case_and_punctuation_only() {
    for &vendor in Vendor::ALL {
        let id = vendor.id();
        assert_eq!(Vendor::from_id(id), Some(vendor));
        assert_eq!(Vendor::from_id(&id.to_uppercase()), Some(vendor));
        assert_eq!(Vendor::from_id(&id.replace('-', "_")), Some(vendor));
        assert_eq!(
            Vendor::from_id(&format!("{vendor:?}")),
            Some(vendor),
            "by variant name"
        );
        assert_eq!(Vendor::from_id(&format!("{id}x")), None);
    }
    assert_eq!(Vendor::from_id(""), None);
    assert_eq!(Vendor::from_id("---"), None);
    assert_eq!(
        "nope".parse::<Vendor>().unwrap_err().to_string(),
        "no vendor has the id \"nope\""
    );
}

#[test]
fn names_match_in_the_vendors_spelling_or_the_rust_spelling() {
    let vendor = Vendor::from_id("euler-stream").unwrap();
    for spelling in ["NOT_LIVE", "not_live", "NotLive", "not live", "Not-Live"] {
        assert_eq!(
            vendor.get_by_name(spelling).map(|e| e.code()),
            Some(4404),
            "{spelling}"
        );
    }
    // A trailing underscore is punctuation, which lookups ignore.
    assert_eq!(
        vendor.get_by_name("NOT_LIVE_").map(|e| e.code()),
        Some(4404)
    );
    assert_eq!(vendor.get_by_name("NOT_LIVES"), None);
    assert_eq!(vendor.get_by_name(""), None);
    // Names are per vendor: another vendor's name is not found.
    assert_eq!(vendor.get_by_name("Over Concurrent Limit"), None);
}

#[test]
fn the_longest_names_are_found_with_punctuation_around_them() {
    for &vendor in Vendor::ALL {
        for entry in vendor.codes() {
            for spelling in [
                format!("{}_", entry.name()),
                format!(" {} ", entry.name()),
                format!("_{}_", entry.name().to_lowercase()),
            ] {
                assert_eq!(
                    vendor.get_by_name(&spelling),
                    Some(entry),
                    "{vendor}: {spelling:?}"
                );
            }
        }
        let id = vendor.id();
        assert_eq!(Vendor::from_id(&format!("-{id}-")), Some(vendor));
    }
}

#[test]
fn the_typed_enums_convert_both_ways() {
    use codes::metered::CloseCode;
    assert_eq!(CloseCode::OverConcurrentLimit as u16, 4010);
    assert_eq!(u16::from(CloseCode::AdminDisconnect), 4020);
    assert_eq!(CloseCode::try_from(4012), Ok(CloseCode::AccountSuspended));
    let error = CloseCode::try_from(4999).unwrap_err();
    assert_eq!(error.to_string(), "4999 is not a close code of metered");
    assert_eq!(
        "token expired".parse::<CloseCode>(),
        Ok(CloseCode::TokenExpired)
    );
    assert_eq!(
        "Token Refreshed"
            .parse::<CloseCode>()
            .unwrap_err()
            .to_string(),
        "no close code of metered is named \"Token Refreshed\""
    );
    assert_eq!(CloseCode::GoingAway.to_string(), "1001 Going Away");
    assert_eq!(CloseCode::VENDOR.id(), "metered");
    assert_eq!(CloseCode::OverMessageRate.action(), Action::Backoff);
}

#[test]
fn explain_lists_the_standard_row_first_then_vendors_by_id() {
    let going_away: Vec<&str> = closecodes::explain(1001).map(|e| e.vendor().id()).collect();
    assert_eq!(going_away[0], Vendor::standard().id());
    assert!(going_away.contains(&"metered"));
    for code in [1000, 1001, 4003, 4429] {
        let ids: Vec<&str> = closecodes::explain(code).map(|e| e.vendor().id()).collect();
        let mut sorted = ids[1..].to_vec();
        sorted.sort();
        assert_eq!(&ids[1..], sorted, "{code}");
    }
    let four_oh_oh_three: Vec<&str> = closecodes::explain(4003).map(|e| e.vendor().id()).collect();
    for seed in ["metered", "realtimeodds", "sols-stat-tracker"] {
        assert!(four_oh_oh_three.contains(&seed), "{seed}");
    }
}

#[test]
fn actions_round_trip_through_their_words() {
    for action in Action::ALL {
        assert_eq!(action.as_str().parse::<Action>(), Ok(action));
        assert_eq!(action.to_string(), action.as_str());
        // `done` ends a session as expected and `stop` needs a person; every other action
        // connects again (codes/README.md, the action table).
        let reconnecting = [
            Action::Reconnect,
            Action::Backoff,
            Action::RetryAfter,
            Action::RetryLater,
            Action::Reauthenticate,
        ];
        assert_eq!(
            action.reconnects(),
            reconnecting.contains(&action),
            "{action}"
        );
    }
    assert_eq!("STOP".parse::<Action>(), Ok(Action::Stop));
    assert!("halt".parse::<Action>().is_err());
}

#[test]
fn sendability_and_ranges_follow_the_rfc_for_every_u16() {
    for code in 0..=u16::MAX {
        assert_eq!(
            closecodes::is_sendable(code),
            sendable_per_rfc(code),
            "{code}"
        );
        assert_eq!(CodeRange::of(code), support::range_per_rfc(code), "{code}");
    }
    for never in [1004, 1005, 1006, 1015] {
        let row = Vendor::standard().get(never).unwrap();
        assert_eq!(row.sendable(), Some(false), "{never}");
    }
}

proptest! {
    #[test]
    fn no_string_makes_a_lookup_panic(text in ".*") {
        let _ = Vendor::from_id(&text);
        let _ = text.parse::<Action>();
        let _ = text.parse::<codes::arcware::CloseCode>();
        for &vendor in Vendor::ALL {
            let _ = vendor.get_by_name(&text);
        }
    }

    #[test]
    fn a_name_is_found_however_it_is_cased(which in any::<proptest::sample::Index>(), upper in any::<bool>()) {
        let vendor = Vendor::ALL[which.index(Vendor::ALL.len())];
        let Some(entry) = vendor.codes().get(which.index(vendor.codes().len().max(1))) else {
            return Ok(());
        };
        let spelled = if upper { entry.name().to_uppercase() } else { entry.name().to_lowercase() };
        prop_assert_eq!(vendor.get_by_name(&spelled), Some(entry));
    }

    #[test]
    fn very_long_inputs_are_simply_not_found(repeat in 1usize..200) {
        let long = "NOT_LIVE".repeat(repeat);
        let found = Vendor::from_id("euler-stream").unwrap().get_by_name(&long);
        prop_assert_eq!(found.is_some(), repeat == 1);
    }
}
