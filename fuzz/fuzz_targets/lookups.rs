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
        if let Some(answer) = closecodes::lookup(vendor, code) {
            assert!((answer.first_code()..=answer.last_code()).contains(&code));
            assert_eq!(answer.is_sendable(), closecodes::is_sendable(code));
        }
        let mut policy = Policy::new(vendor).with_seed(u64::from(code));
        // The connection's life, steered by the input's bits: open, ready, a reported uptime.
        let steer = data.get(2).copied().unwrap_or(0);
        if steer & 1 != 0 {
            policy.on_open();
        }
        if steer & 2 != 0 {
            policy.on_ready();
        }
        if steer & 4 != 0 {
            policy.on_uptime(std::time::Duration::from_millis(u64::from(code) * 100));
        }
        let decision = policy.on_close(code);
        if let Some(delay) = decision.delay()
            && steer & 2 == 0
            && (steer & 4 == 0 || u64::from(code) * 100 < 5_000)
        {
            // Not established (never ready, not up for 5 s): the loop guard's floor.
            assert!(delay >= Policy::MIN_RETRY_DELAY);
        }
        assert_eq!(decision.should_reconnect(), decision.action().reconnects());
        let _ = policy.on_handshake_status(code);
        let _ = policy.on_handshake_status_with_retry_after(code, std::time::Duration::from_millis(u64::from(code)));
        let _ = policy.on_close_with_retry_after(code, std::time::Duration::from_secs(u64::from(code)));
        let _ = policy.on_transport_error();
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
