//! Arbitrary input through every lookup, name parser, the frame builder and the policy: never a
//! panic, and frames always within the protocol's limits.
#![no_main]

use closecodes::{Action, CloseFrame, Policy, Vendor, codes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let code = u16::from_le_bytes([data.first().copied().unwrap_or(0), data.get(1).copied().unwrap_or(0)]);
    let text = String::from_utf8_lossy(data.get(2..).unwrap_or_default());

    let _ = Vendor::from_id(&text);
    let _ = text.parse::<Action>();
    let _ = text.parse::<codes::metered::CloseCode>();
    let _ = codes::graphql_ws::CloseCode::try_from(code);
    for &vendor in Vendor::ALL {
        let _ = vendor.get(code);
        let _ = vendor.get_range(code);
        let _ = vendor.get_by_name(&text);
        let _ = vendor.handshake_status(code);
        if let Some(entry) = closecodes::lookup(vendor, code) {
            assert!((entry.code()..=entry.last_code()).contains(&code));
        }
        let mut policy = Policy::new(vendor).with_seed(u64::from(code));
        let decision = policy.on_close(code);
        assert_eq!(decision.should_reconnect(), decision.action().reconnects());
        let _ = policy.on_handshake_status(code);
        let _ = policy.on_local_error(code);
        let _ = policy.set_flag(&text, true);
        let _ = policy.try_with_flag(&text);
    }
    let _ = closecodes::explain(code).count();

    // RFC 6455 §7.4 and the IANA registry: what a close frame may carry.
    let sendable = matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999);
    match CloseFrame::new(code, &text) {
        Ok(frame) => {
            assert!(sendable);
            assert!(frame.reason().len() <= closecodes::MAX_REASON_BYTES);
            assert!(text.starts_with(frame.reason()));
        }
        Err(_) => assert!(!sendable),
    }
    if let Ok(frame) = CloseFrame::try_new(code, &text) {
        assert_eq!(frame.reason(), &*text);
    }
});
