//! Every `u16` through every vendor's lookups, the policy and the frame builder: no panic, and
//! the answers agree with each other and with the RFC.

mod support;

use closecodes::{Action, CloseFrame, Policy, Rule, Vendor};

#[test]
fn every_code_through_every_vendor() {
    for &vendor in Vendor::ALL {
        let mut sticky = Policy::new(vendor).with_seed(1);
        for code in 0..=u16::MAX {
            let own = vendor.get(code);
            let row = closecodes::lookup(vendor, code);
            if let Some(entry) = own {
                assert_eq!(entry.code(), code);
            }
            if let Some(entry) = row {
                assert!(
                    (entry.code()..=entry.last_code()).contains(&code),
                    "{vendor} {code}"
                );
            }
            let mut policy = Policy::new(vendor).with_seed(1);
            let decision = policy.on_close(code);
            assert_eq!(
                decision.should_reconnect(),
                decision.action().reconnects(),
                "{vendor} {code}"
            );
            match decision.rule() {
                // The policy and `lookup` agree on which row applies.
                Rule::Row(entry) | Rule::Flag(entry) => {
                    assert_eq!(Some(entry), row, "{vendor} {code}")
                }
                Rule::VendorDefault => assert!(own.is_none() && vendor.get_range(code).is_none()),
                Rule::UnknownCode => assert!(row.is_none() && vendor.default_rule().is_none()),
                _ => {}
            }
            if let Some(delay) = decision.delay() {
                assert!(delay <= policy.backoff().ceiling().max(Policy::DEFAULT_RETRY_LATER));
            }
            // The loop guard for every code: after a connection that was not established, never
            // faster than the floor; after one that was, a reconnect is immediate unless the row
            // gives a delay window.
            let mut fresh = Policy::new(vendor).with_seed(2);
            fresh.on_open();
            if let Some(delay) = fresh.on_close(code).delay() {
                assert!(delay >= Policy::MIN_RETRY_DELAY, "{vendor} {code}");
            }
            let mut ready = Policy::new(vendor).with_seed(2);
            ready.on_open();
            ready.on_ready();
            let d = ready.on_close(code);
            let windowed = row.is_some_and(|e| {
                e.advice().delay().is_some() || e.advice().first_delay().is_some()
            });
            if matches!(d.action(), Action::Reconnect | Action::Reauthenticate) && !windowed {
                assert_eq!(
                    d.delay(),
                    Some(std::time::Duration::ZERO),
                    "{vendor} {code}"
                );
            }
            // A long-lived policy fed every code in turn never panics and stays consistent.
            let d = sticky.on_close(code);
            if sticky.is_stopped() {
                assert_eq!(d.action(), Action::Stop);
            }
            let frame = CloseFrame::new(code, "sweep");
            assert_eq!(frame.is_ok(), support::sendable_per_rfc(code), "{code}");
        }
    }
}

/// One answer everywhere: for every vendor and every `u16`, `lookup`, `Vendor::answer` and a
/// fresh policy's decision agree on the row and the action, and the answer speaks about the code
/// asked (RFC 6455 §7.4 for which codes may be sent).
#[test]
fn lookup_answer_and_policy_give_one_answer_for_every_code() {
    use closecodes::{Origin, RowKind};
    for &vendor in Vendor::ALL {
        for code in 0..=u16::MAX {
            let row = closecodes::lookup(vendor, code);
            let answer = vendor.answer(code);
            assert_eq!(answer.map(|a| a.entry()), row, "{vendor} {code}");
            let decision = Policy::new(vendor).with_seed(3).on_close(code);
            let Some(answer) = answer else {
                assert_eq!(decision.rule(), Rule::UnknownCode, "{vendor} {code}");
                assert_eq!(decision.action(), Action::Backoff, "{vendor} {code}");
                continue;
            };
            assert_eq!(answer.code(), code);
            assert!(answer.entry().covers(code), "{vendor} {code}");
            assert_eq!(
                answer.is_sendable(),
                support::sendable_per_rfc(code),
                "{vendor} {code}"
            );
            assert_eq!(
                answer.action(),
                decision.action(),
                "{vendor} {code}: policy and answer"
            );
            let from_vendor = answer.entry().vendor() == vendor;
            let expected_origin = match answer.entry().kind() {
                _ if !from_vendor => Origin::Standard,
                RowKind::Range => Origin::Range,
                RowKind::Default => Origin::Default,
                _ => Origin::Row,
            };
            assert_eq!(answer.origin(), expected_origin, "{vendor} {code}");
            match decision.rule() {
                Rule::VendorDefault => assert_eq!(answer.origin(), Origin::Default),
                Rule::Row(entry) | Rule::Flag(entry) | Rule::RetryLimit(entry) => {
                    assert_eq!(entry, answer.entry(), "{vendor} {code}")
                }
                other => panic!("{vendor} {code}: unexpected {other:?}"),
            }
            assert!(
                answer.to_string().starts_with(&format!("{code} ")),
                "{answer}"
            );
        }
    }
}
