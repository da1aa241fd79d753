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
        let found = closecodes::lookup(vendor, code);
        if let Some(entry) = vendor.get(code) {
            assert_eq!(found, Some(entry));
        }
        let mut policy = Policy::new(vendor).with_seed(u64::from(code));
        let decision = policy.on_close(code);
        assert_eq!(decision.should_reconnect(), decision.delay().is_some());
        let _ = policy.on_handshake_status(code);
        let _ = policy.on_local_error(code);
        let _ = policy.try_with_flag(&text);
    }
    let _ = closecodes::explain(code).count();

    match CloseFrame::new(code, &text) {
        Ok(frame) => {
            assert!(closecodes::is_sendable(code));
            assert!(frame.reason().len() <= closecodes::MAX_REASON_BYTES);
            assert!(text.starts_with(frame.reason()));
        }
        Err(_) => assert!(!closecodes::is_sendable(code)),
    }
    if let Ok(frame) = CloseFrame::try_new(code, &text) {
        assert_eq!(frame.reason(), &*text);
    }
});
