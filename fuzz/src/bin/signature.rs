//! Fuzz target `signature`: the HTTP endpoint's signature check
//! (`verify::check`) with a fixed Ed25519 key pair, on a fuzzed timestamp,
//! body and signature.
//!
//! Input: `[mode][timestamp length][signature length]`, then the
//! timestamp, the signature and the body. With `mode` odd, the signature
//! checked is the key's true one for timestamp ‖ body with the signature
//! bytes applied as edits (position, character), so the fuzzer can probe
//! spellings of a valid signature as well as forgeries.
//!
//! Properties:
//! - whatever is accepted carries exactly the key's signature of
//!   timestamp ‖ body (Ed25519 signing is deterministic, so it is re-made
//!   and compared) and a timestamp within `MAX_CLOCK_SKEW` of now;
//! - the key's true signature is accepted exactly when the timestamp is
//!   a Unix time within the window, and refused as stale otherwise;
//! - a body signed with a fresh timestamp (chosen in the window from the
//!   `now` passed in) is always accepted.

use std::time::{Duration, UNIX_EPOCH};

use ed25519_dalek::{Signer as _, SigningKey};
use factbot::discord::http::verify::{MAX_CLOCK_SKEW, check, verifier};
use factbot::service::metrics::Rejection;

/// The moment the checks run at, as a Unix time.
const NOW: u64 = 1_750_000_000;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signature bytes `text` spells as Discord spells them: exactly 128
/// hexadecimal digits.
fn strict_signature(text: &str) -> Option<[u8; 64]> {
    if text.len() != 128 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 64];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

/// Whether `timestamp` is a Unix time within the window around [`NOW`].
fn is_fresh(timestamp: &str) -> bool {
    timestamp
        .trim()
        .parse::<u64>()
        .is_ok_and(|sent| sent.abs_diff(NOW) <= MAX_CLOCK_SKEW.as_secs())
}

fn main() {
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let verifier = verifier(&hex(key.verifying_key().as_bytes()))
        .unwrap_or_else(|e| panic!("the fixed key was refused: {e}"));
    let now = UNIX_EPOCH + Duration::from_secs(NOW);
    let sign =
        |timestamp: &str, body: &[u8]| key.sign(&[timestamp.as_bytes(), body].concat()).to_bytes();
    afl::fuzz!(|data: &[u8]| {
        let [mode, ts_len, sig_len, rest @ ..] = data else {
            return;
        };
        let ts_len = (*ts_len as usize).min(rest.len());
        let (timestamp, rest) = rest.split_at(ts_len);
        let sig_len = (*sig_len as usize).min(rest.len());
        let (signature, body) = rest.split_at(sig_len);
        let timestamp = String::from_utf8_lossy(timestamp);
        let true_signature = sign(&timestamp, body);

        let checked = if mode % 2 == 1 {
            let mut edited: Vec<char> = hex(&true_signature).chars().collect();
            for edit in signature.chunks_exact(2) {
                let at = edit[0] as usize % edited.len();
                edited[at] = char::from(edit[1]);
            }
            edited.into_iter().collect()
        } else {
            String::from_utf8_lossy(signature).into_owned()
        };
        if check(&verifier, Some(&checked), Some(&timestamp), body, now).is_ok() {
            assert_eq!(
                strict_signature(&checked),
                Some(true_signature),
                "accepted a signature that is not the key's for this timestamp and body: \
                 {checked:?} for {timestamp:?}"
            );
            assert!(
                is_fresh(&timestamp),
                "accepted a stale timestamp {timestamp:?}"
            );
        }

        let signed = hex(&true_signature);
        let verdict = check(&verifier, Some(&signed), Some(&timestamp), body, now);
        if is_fresh(&timestamp) {
            assert_eq!(verdict, Ok(()), "a true signature refused at {timestamp:?}");
        } else {
            assert_eq!(
                verdict,
                Err(Rejection::Stale),
                "a true signature with a timestamp out of the window: {timestamp:?}"
            );
        }

        let skew = MAX_CLOCK_SKEW.as_secs() as i64;
        let offset = i64::from(*mode as i8) * skew / 128;
        let fresh = NOW.saturating_add_signed(offset).to_string();
        let signed = hex(&sign(&fresh, body));
        assert_eq!(
            check(&verifier, Some(&signed), Some(&fresh), body, now),
            Ok(()),
            "a fresh true signature refused (timestamp {fresh})"
        );
    });
}
