//! Deciding whether an HTTP request really comes from Discord, before
//! anything else looks at it: an Ed25519 signature over timestamp ‖ body
//! (checked with serenity's [`Verifier`]) and a timestamp close to now, so a
//! captured request cannot be replayed later. Pure: the clock is a parameter.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serenity::interactions_endpoint::Verifier;

use crate::service::metrics::Rejection;

/// How far a request's timestamp may be from the local clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// The header carrying the hex Ed25519 signature.
pub const SIGNATURE_HEADER: &str = "x-signature-ed25519";
/// The header carrying the signed Unix timestamp (seconds).
pub const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// An Ed25519 signature's 64 bytes, in hex.
const SIGNATURE_HEX_DIGITS: usize = 128;

/// Why a public key from the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PublicKeyError {
    #[error(
        "the Discord public key must be 64 hexadecimal digits (copy \"Public Key\" from the \
         application's General Information page), got {0} characters"
    )]
    Length(usize),
    #[error(
        "the Discord public key is not hexadecimal (copy \"Public Key\" from the application's General Information page)"
    )]
    NotHex,
    #[error("the Discord public key is not a valid Ed25519 key: {0}")]
    Invalid(String),
}

/// Builds a verifier from the application's public key (64 hex digits).
pub fn verifier(public_key_hex: &str) -> Result<Verifier, PublicKeyError> {
    let hex = public_key_hex.trim();
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PublicKeyError::NotHex);
    }
    if hex.len() != 64 {
        return Err(PublicKeyError::Length(hex.len()));
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| PublicKeyError::NotHex)?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| PublicKeyError::NotHex)?;
    }
    Verifier::try_new(bytes).map_err(|e| PublicKeyError::Invalid(e.to_string()))
}

/// Checks one request: both headers present, the signature valid for this
/// body, and the timestamp within [`MAX_CLOCK_SKEW`] of `now`.
pub fn check(
    verifier: &Verifier,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Rejection> {
    let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
        return Err(Rejection::MissingHeaders);
    };
    // Discord spells a signature as 128 hex digits. serenity's parser takes
    // each pair with `from_str_radix`, which also reads `+a` as `0a`, so a
    // valid signature would pass in other spellings too.
    if signature.len() != SIGNATURE_HEX_DIGITS || !signature.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(Rejection::BadSignature);
    }
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| Rejection::BadSignature)?;
    // Signed by Discord, so the timestamp is what Discord sent; a value that
    // does not parse cannot be shown to be fresh.
    let sent: u64 = timestamp.trim().parse().map_err(|_| Rejection::Stale)?;
    // A time past what the clock can hold is not fresh either.
    let sent = UNIX_EPOCH
        .checked_add(Duration::from_secs(sent))
        .ok_or(Rejection::Stale)?;
    let skew = match now.duration_since(sent) {
        Ok(age) => age,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_CLOCK_SKEW {
        return Err(Rejection::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer as _, SigningKey};

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn keys() -> (SigningKey, Verifier) {
        let signing = SigningKey::from_bytes(&[7u8; 32]);
        let v = verifier(&hex(signing.verifying_key().as_bytes())).expect("valid key");
        (signing, v)
    }

    fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
        let message = [timestamp.as_bytes(), body].concat();
        hex(&key.sign(&message).to_bytes())
    }

    const NOW: u64 = 1_750_000_000;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    #[test]
    fn a_fresh_correct_signature_passes() {
        let (key, v) = keys();
        let ts = NOW.to_string();
        let sig = sign(&key, &ts, b"{}");
        assert_eq!(check(&v, Some(&sig), Some(&ts), b"{}", now()), Ok(()));
    }

    #[test]
    fn each_defect_has_its_reason() {
        let (key, v) = keys();
        let ts = NOW.to_string();
        let sig = sign(&key, &ts, b"{}");
        assert_eq!(
            check(&v, None, Some(&ts), b"{}", now()),
            Err(Rejection::MissingHeaders)
        );
        assert_eq!(
            check(&v, Some(&sig), None, b"{}", now()),
            Err(Rejection::MissingHeaders)
        );
        assert_eq!(
            check(&v, Some(&sig), Some(&ts), b"{ }", now()),
            Err(Rejection::BadSignature)
        );
        assert_eq!(
            check(&v, Some("zz"), Some(&ts), b"{}", now()),
            Err(Rejection::BadSignature)
        );
        let other = SigningKey::from_bytes(&[9u8; 32]);
        let forged = sign(&other, &ts, b"{}");
        assert_eq!(
            check(&v, Some(&forged), Some(&ts), b"{}", now()),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn timestamps_beyond_five_minutes_either_way_are_replays() {
        let (key, v) = keys();
        for (offset, ok) in [(-301i64, false), (-300, true), (300, true), (301, false)] {
            let ts = NOW
                .checked_add_signed(offset)
                .expect("in range")
                .to_string();
            let sig = sign(&key, &ts, b"{}");
            let expected = if ok { Ok(()) } else { Err(Rejection::Stale) };
            assert_eq!(
                check(&v, Some(&sig), Some(&ts), b"{}", now()),
                expected,
                "offset {offset}"
            );
        }
        let ts = "yesterday";
        let sig = sign(&key, ts, b"{}");
        assert_eq!(
            check(&v, Some(&sig), Some(ts), b"{}", now()),
            Err(Rejection::Stale)
        );
    }

    #[test]
    fn a_signature_is_read_only_as_128_hex_digits() {
        // Found by fuzz/signature: `+d` read as `0d` let a true signature
        // pass in another spelling.
        let (key, v) = keys();
        let ts = NOW.to_string();
        let body = b"{}";
        let sig = sign(&key, &ts, body);
        let upper = sig.to_uppercase();
        assert_eq!(check(&v, Some(&upper), Some(&ts), body, now()), Ok(()));
        let signed_zero = (0u32..)
            .map(|n| format!("{{\"n\":{n}}}"))
            .find(|b| sign(&key, &ts, b.as_bytes()).starts_with('0'))
            .expect("some body's signature starts with 0");
        let sig = sign(&key, &ts, signed_zero.as_bytes());
        let plus = format!("+{}", &sig[1..]);
        assert_eq!(
            check(&v, Some(&plus), Some(&ts), signed_zero.as_bytes(), now()),
            Err(Rejection::BadSignature)
        );
        let spaced = format!(" {}", &sig[..127]);
        assert_eq!(
            check(&v, Some(&spaced), Some(&ts), signed_zero.as_bytes(), now()),
            Err(Rejection::BadSignature)
        );
    }

    #[test]
    fn a_timestamp_past_the_clock_is_stale_not_a_panic() {
        // Found by fuzz/signature: `UNIX_EPOCH + 2^64 - 1 seconds`
        // overflowed `SystemTime` and panicked.
        let (key, v) = keys();
        for ts in [u64::MAX.to_string(), (i64::MAX as u64 + 1).to_string()] {
            let sig = sign(&key, &ts, b"{}");
            assert_eq!(
                check(&v, Some(&sig), Some(&ts), b"{}", now()),
                Err(Rejection::Stale),
                "{ts}"
            );
        }
    }

    #[test]
    fn bad_public_keys_say_what_to_copy() {
        assert!(matches!(verifier("abc"), Err(PublicKeyError::Length(3))));
        assert!(matches!(
            verifier(&"g".repeat(64)),
            Err(PublicKeyError::NotHex)
        ));
        assert!(matches!(
            verifier(&"ab".repeat(33)),
            Err(PublicKeyError::Length(66))
        ));
    }
}
