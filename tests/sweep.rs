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
            let row = closecodes::lookup(vendor, code).map(|answer| answer.entry());
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
            // faster than the floor; after one that was, a reconnect is at once (spread over a
            // second) unless the row gives a delay window.
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
                assert!(support::is_at_once(&d), "{vendor} {code}: {d}");
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
/// fresh policy's decision agree on the row and the action.
#[test]
fn lookup_answer_and_policy_give_one_answer_for_every_code() {
    use closecodes::Origin;
    for &vendor in Vendor::ALL {
        for code in 0..=u16::MAX {
            let answer = closecodes::lookup(vendor, code);
            assert_eq!(vendor.answer(code), answer, "{vendor} {code}");
            let decision = Policy::new(vendor).with_seed(3).on_close(code);
            let Some(answer) = answer else {
                assert_eq!(decision.rule(), Rule::UnknownCode, "{vendor} {code}");
                assert_eq!(decision.action(), Action::Backoff, "{vendor} {code}");
                continue;
            };
            assert!(answer.entry().covers(code), "{vendor} {code}");
            assert_eq!(
                answer.action(),
                decision.action(),
                "{vendor} {code}: policy and answer"
            );
            // Where the answer comes from, as the narrower lookups see it.
            let expected_origin = if vendor.resolve(code).is_none() {
                Origin::Standard
            } else if vendor.get(code).is_some() {
                Origin::Row
            } else if vendor.get_range(code).is_some() {
                Origin::Range
            } else {
                Origin::Default
            };
            assert_eq!(answer.origin(), expected_origin, "{vendor} {code}");
            match decision.rule() {
                Rule::VendorDefault => assert_eq!(answer.origin(), Origin::Default),
                Rule::Row(entry) | Rule::Flag(entry) | Rule::RetryLimit(entry) => {
                    assert_eq!(entry, answer.entry(), "{vendor} {code}")
                }
                other => panic!("{vendor} {code}: unexpected {other:?}"),
            }
        }
    }
}

/// Code-level questions answered about the code asked, on every path that answers for a code
/// (`lookup`, `Vendor::answer`, `Vendor::resolve`, `Vendor::get_range`, `explain`), for every
/// vendor and every `u16`: whether it may be sent and its range as RFC 6455 §7.4 says, and a
/// `Display` that starts with it. The natural call, `lookup(vendor, code)?.is_sendable()`, is
/// the right one also where a range rule or a default answers.
#[test]
fn every_path_answers_about_the_code_asked() {
    let mut explained = vec![Vec::new(); usize::from(u16::MAX) + 1];
    for code in 0..=u16::MAX {
        explained[usize::from(code)] = closecodes::explain(code).collect();
    }
    for &vendor in Vendor::ALL {
        for code in 0..=u16::MAX {
            let answers = [
                closecodes::lookup(vendor, code),
                vendor.answer(code),
                vendor.resolve(code),
                vendor.get_range(code),
            ];
            let from_explain = explained[usize::from(code)]
                .iter()
                .filter(|a| a.vendor() == vendor)
                .copied();
            for answer in answers.into_iter().flatten().chain(from_explain) {
                assert_eq!(answer.code(), code, "{vendor} {code}");
                assert_eq!(answer.vendor(), vendor, "{vendor} {code}");
                assert_eq!(
                    answer.is_sendable(),
                    support::sendable_per_rfc(code),
                    "{vendor} {code}: {answer}"
                );
                assert_eq!(
                    answer.range(),
                    support::range_per_rfc(code),
                    "{vendor} {code}"
                );
                let shown = answer.to_string();
                assert!(shown.starts_with(&format!("{code} ")), "{shown}");
                assert!(
                    (answer.first_code()..=answer.last_code()).contains(&code),
                    "{vendor} {code}"
                );
            }
        }
    }
}

/// The one value a set holds, if it holds exactly one.
fn only<T>(set: std::collections::BTreeSet<T>) -> Option<T> {
    if set.len() == 1 {
        set.into_iter().next()
    } else {
        None
    }
}

/// A row's own `sendable` and `code_range` speak for every code it covers, or say `None`.
#[test]
fn row_level_answers_hold_for_every_code_the_row_covers() {
    for &vendor in Vendor::ALL {
        let default = vendor.default_rule().map(|rule| rule.entry());
        for entry in vendor.rows().chain(default) {
            let covered = entry.code()..=entry.last_code();
            let sendable: std::collections::BTreeSet<bool> =
                covered.clone().map(support::sendable_per_rfc).collect();
            let ranges: std::collections::BTreeSet<_> =
                covered.map(support::range_per_rfc).collect();
            assert_eq!(entry.sendable(), only(sendable), "{vendor} {entry}");
            assert_eq!(entry.code_range(), only(ranges), "{vendor} {entry}");
        }
    }
}
