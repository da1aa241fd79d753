//! `CloseFrame`: every code either builds a frame or gets the typed error, and any reason comes
//! out as a valid prefix of at most 123 bytes. No input panics.

use closecodes::{CloseFrame, CloseFrameError, MAX_REASON_BYTES, codes};
use proptest::prelude::*;

mod support;
use support::sendable_per_rfc;

#[test]
fn every_u16_builds_a_frame_or_the_typed_error() {
    for code in 0..=u16::MAX {
        match CloseFrame::new(code, "reason") {
            Ok(frame) => {
                assert!(sendable_per_rfc(code), "{code} must be refused");
                assert_eq!((frame.code(), frame.reason()), (code, "reason"));
            }
            Err(error) => {
                assert!(!sendable_per_rfc(code), "{code} must be accepted");
                assert_eq!(error, CloseFrameError::Unsendable { code });
            }
        }
        assert_eq!(
            CloseFrame::try_new(code, "").is_ok(),
            sendable_per_rfc(code)
        );
    }
}

#[test]
fn the_local_only_codes_are_refused_with_a_clear_message() {
    for code in [1004, 1005, 1006, 1015] {
        let error = CloseFrame::new(code, "").unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("close code {code} must not be sent (protocol (1000–2999))")
        );
    }
}

#[test]
fn typed_codes_go_in_directly() {
    let frame = CloseFrame::new(codes::rfc6455::CloseCode::NormalClosure, "bye").unwrap();
    assert_eq!(frame.code(), 1000);
    assert!(CloseFrame::new(codes::rfc6455::CloseCode::AbnormalClosure, "").is_err());
}

#[test]
fn a_reason_of_exactly_123_bytes_is_kept_and_124_is_cut() {
    let exact = "a".repeat(123);
    let frame = CloseFrame::new(4000, &exact).unwrap();
    assert_eq!((frame.reason().len(), frame.is_truncated()), (123, false));
    let over = "a".repeat(124);
    let frame = CloseFrame::new(4000, &over).unwrap();
    assert_eq!((frame.reason().len(), frame.is_truncated()), (123, true));
    assert_eq!(
        CloseFrame::try_new(4000, &over),
        Err(CloseFrameError::ReasonTooLong { len: 124 })
    );
    // A four-byte character straddling the limit is dropped whole.
    let straddling = format!("{}🦀", "a".repeat(121));
    assert_eq!(
        CloseFrame::new(4000, &straddling).unwrap().reason(),
        "a".repeat(121)
    );
}

proptest! {
    #[test]
    fn any_reason_becomes_a_valid_prefix_within_the_limit(reason in any::<String>(), code in 3000u16..5000) {
        let frame = CloseFrame::new(code, &reason).unwrap();
        prop_assert!(frame.reason().len() <= MAX_REASON_BYTES);
        prop_assert!(reason.starts_with(frame.reason()));
        prop_assert_eq!(frame.is_truncated(), reason.len() > MAX_REASON_BYTES);
        // The longest such prefix: one more character would not fit.
        if frame.is_truncated() {
            let next = reason[frame.reason().len()..].chars().next().unwrap();
            prop_assert!(frame.reason().len() + next.len_utf8() > MAX_REASON_BYTES);
        }
        // Borrowed, not copied.
        prop_assert_eq!(frame.reason().as_ptr(), reason.as_ptr());
    }

    #[test]
    fn any_code_and_reason_never_panic(code in any::<u16>(), reason in ".*") {
        let _ = CloseFrame::new(code, &reason);
        let _ = CloseFrame::try_new(code, &reason);
    }
}

#[test]
fn literals_variables_and_typed_codes_all_work() {
    let variable: u16 = 4010;
    assert_eq!(
        CloseFrame::new(4010, "").unwrap(),
        CloseFrame::new(variable, "").unwrap()
    );
    assert_eq!(
        CloseFrame::new(codes::metered::CloseCode::OverConcurrentLimit, "")
            .unwrap()
            .code(),
        variable
    );
}

proptest! {
    /// A reason cut at a word is a prefix of the reason, fits the frame (RFC 6455 §5.5: 123 bytes
    /// of reason), and ends where a word ended unless one word alone was too long.
    #[test]
    fn a_reason_cut_at_a_word_is_a_whole_words_prefix(words in proptest::collection::vec("[a-zé]{1,12}", 1..40)) {
        let reason = words.join(" ");
        let frame = CloseFrame::new_cut_at_word(4000, &reason).unwrap();
        prop_assert!(reason.starts_with(frame.reason()));
        prop_assert!(frame.reason().len() <= MAX_REASON_BYTES);
        prop_assert_eq!(frame.is_truncated(), reason.len() > MAX_REASON_BYTES);
        if frame.is_truncated() && words[0].len() <= MAX_REASON_BYTES {
            let rest = &reason[frame.reason().len()..];
            prop_assert!(rest.starts_with(' '), "cut inside a word: {:?}", frame.reason());
        }
    }
}
