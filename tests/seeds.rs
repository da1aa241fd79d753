//! The shipped data against the vendor pages it comes from, transcribed here by hand from the
//! seed documents (Euler Stream, RealtimeOdds, Metered, Sol's Stat Tracker, Arcware), not from
//! `codes/`. A row whose action the vendor states must carry that action and not be marked
//! inferred; a row the vendor gives no action for must be marked inferred.

use closecodes::{Action, Vendor};

/// (code, name as the vendor writes it, the action the vendor states, if it states one)
type SeedRow = (u16, &'static str, Option<Action>);

fn check(vendor: &str, rows: &[SeedRow]) {
    let vendor = Vendor::from_id(vendor).unwrap();
    assert_eq!(
        vendor.codes().len(),
        rows.len(),
        "{vendor}: the data has exactly the documented rows"
    );
    for &(code, name, stated) in rows {
        let entry = vendor
            .get(code)
            .unwrap_or_else(|| panic!("{vendor} lacks {code}"));
        assert_eq!(entry.name(), name, "{vendor} {code}");
        match stated {
            Some(action) => {
                assert_eq!(entry.action(), action, "{vendor} {code}");
                assert!(
                    !entry.is_inferred(),
                    "{vendor} {code}: the vendor states this action"
                );
            }
            None => assert!(
                entry.is_inferred(),
                "{vendor} {code}: the vendor states no action"
            ),
        }
    }
}

#[test]
fn euler_stream() {
    use Action::*;
    check(
        "euler-stream",
        &[
            (1000, "NORMAL", Some(Done)),
            (1011, "INTERNAL_SERVER_ERROR", None),
            (4005, "STREAM_END", Some(Done)),
            (4006, "NO_MESSAGES_TIMEOUT", Some(Reconnect)),
            (4400, "INVALID_OPTIONS", None),
            (4401, "INVALID_AUTH", Some(Reauthenticate)),
            (4403, "NO_PERMISSION", Some(Reauthenticate)),
            (4404, "NOT_LIVE", Some(RetryLater)),
            (4429, "TOO_MANY_CONNECTIONS", Some(Backoff)),
            (4500, "TIKTOK_CLOSED_CONNECTION", None),
            (4555, "MAX_LIFETIME_EXCEEDED", Some(Reconnect)),
            (4556, "WEBCAST_FETCH_ERROR", None),
            (4557, "ROOM_INFO_FETCH_ERROR", None),
        ],
    );
}

#[test]
fn realtimeodds() {
    use Action::*;
    check(
        "realtimeodds",
        &[
            (4001, "Missing apiKey", Some(Stop)),
            (4002, "Invalid apiKey", Some(Stop)),
            (4003, "Quota / rate-limit exceeded", Some(Stop)),
        ],
    );
    let vendor = Vendor::from_id("realtimeodds").unwrap();
    assert_eq!(
        vendor.default_rule().unwrap().action(),
        Backoff,
        "every other code is transient"
    );
    let b = vendor.backoff();
    assert_eq!(
        (b.initial_ms(), b.max_ms(), b.factor(), b.jitter()),
        (Some(1000), Some(30_000), Some(2.0), Some(0.3))
    );
}

#[test]
fn metered() {
    use Action::*;
    check(
        "metered",
        &[
            (1001, "Going Away", Some(RetryAfter)),
            (1008, "Policy Violation", Some(Stop)),
            (1009, "Message Too Big", Some(Stop)),
            (4001, "Invalid Token", Some(Reauthenticate)),
            (4002, "Token Expired", Some(Reauthenticate)),
            (4003, "Channel Not Authorized", Some(Stop)),
            (4010, "Over Concurrent Limit", Some(Backoff)),
            (4011, "Over Message Rate", Some(Backoff)),
            (4012, "Account Suspended", Some(Stop)),
            (4020, "Admin Disconnect", Some(Reauthenticate)),
        ],
    );
    let vendor = Vendor::from_id("metered").unwrap();
    assert_eq!(
        vendor.get(4020).unwrap().retry_limit(),
        Some(1),
        "fresh token, reconnect once"
    );
    assert!(vendor.default_rule().is_none());
    let b = vendor.backoff();
    assert_eq!(
        (b.initial_ms(), b.max_ms(), b.factor(), b.jitter()),
        (Some(1000), Some(30_000), None, Some(0.2))
    );
}

#[test]
fn sols_stat_tracker() {
    use Action::*;
    check(
        "sols-stat-tracker",
        &[
            (4001, "Missing Token", Some(Stop)),
            (4002, "Invalid Token", Some(Stop)),
            (4003, "Duplicate Connection", Some(Stop)),
            (4004, "Deleted Token", Some(Stop)),
        ],
    );
    let vendor = Vendor::from_id("sols-stat-tracker").unwrap();
    let duplicate = vendor.get(4003).unwrap();
    let rule = duplicate.flag_rule().unwrap();
    assert_eq!(rule.flag(), "reconnect_on_duplicate_connection");
    assert!(rule.action().reconnects());
    assert_eq!(
        vendor.flags().iter().map(|f| f.name()).collect::<Vec<_>>(),
        [rule.flag()]
    );
    assert_eq!(vendor.default_rule().unwrap().action(), Backoff);
    let b = vendor.backoff();
    assert_eq!(
        (b.initial_ms(), b.max_ms(), b.factor()),
        (Some(31_000), Some(120_000), Some(2.0))
    );
}

#[test]
fn arcware_lists_every_enum_member_and_marks_all_inferred() {
    let names: &[(u16, &str)] = &[
        (4450, "UNAUTHORIZED"),
        (4451, "UNAUTHORIZED_NO_BYPASS_REGISTERED"),
        (4452, "UNAUTHORIZED_DF"),
        (4453, "SUSPENDED"),
        (4460, "TRIAL_LIMIT"),
        (4461, "MAX_RUNTIME"),
        (4470, "SESSION_NOT_FOUND"),
        (4471, "UNKNOWN_PROJECT"),
        (4472, "PROJECT_DISABLED"),
        (4473, "STREAM_DELETED"),
        (4501, "NO_STREAM_AVAILABLE"),
        (4502, "NO_PACKAGENAME_PROVIDED"),
        (4503, "STREAM_DISCONNECTED"),
        (4504, "STREAM_KEY_ALREADY_CONNECTED"),
        (4505, "CLIENT_OCCUPATION_LIMIT_REACHED"),
        (4506, "CLIENT_AFK"),
        (4507, "CLIENT_RECONNECTING"),
        (4508, "CLIENT_NO_PONG"),
        (4509, "CLIENT_DESTROYED"),
        (4510, "CLIENT_WITHOUT_TICKET"),
        (4606, "CLOSE_ABNORMAL_CUSTOM"),
        (4607, "CLOSE_SHARE_NO_RESOURCES_LEFT"),
        (4608, "CLOSE_SHARE_ERROR"),
        (4666, "CLOSE_INTERNAL_SERVER_ERROR"),
    ];
    let rows: Vec<SeedRow> = names
        .iter()
        .map(|&(code, name)| (code, name, None))
        .collect();
    check("arcware", &rows);
}

#[test]
fn the_standard_has_rfc_6455_and_the_iana_registrations() {
    let standard = Vendor::standard();
    let codes: Vec<u16> = standard.codes().iter().map(|e| e.code()).collect();
    let mut expected: Vec<u16> = (1000..=1015).collect();
    expected.extend([3000, 3003, 3008]);
    assert_eq!(codes, expected);
    assert_eq!(standard.get(1000).unwrap().action(), Action::Done);
    assert_eq!(standard.get(1006).unwrap().name(), "Abnormal Closure");
    assert_eq!(standard.get(3000).unwrap().action(), Action::Reauthenticate);
}
