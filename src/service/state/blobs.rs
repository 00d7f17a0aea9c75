//! Content addresses and how bytes are stored: a file's address is the
//! lowercase hex SHA-256 of its bytes, so two versions sharing a file
//! store it once; the bytes are kept as standard base64 text, which both
//! SQLite and PostgreSQL store and return unchanged through sqlx's `Any`
//! driver (raw bytes would need `BLOB` on one and `BYTEA` on the other).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The content address of `bytes`: 64 lowercase hex digits.
pub fn address(bytes: &[u8]) -> String {
    crate::data::hex(&Sha256::digest(bytes))
}

/// `bytes` as stored.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Stored text back to bytes; `None` if it is not base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_sha256_hex_and_bytes_round_trip() {
        assert_eq!(
            address(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        assert_eq!(decode("not base64!"), None);
    }
}
