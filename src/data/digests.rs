//! The data files' SHA-256 digests and their lowercase hex: what the
//! dataset's version and the sources' recorded checksums are made of.
//!
//! The loader computes the digests, the validator checks the sources'
//! checksums against them and the synthetic generator writes checksums:
//! each needs them without needing the others.

use rustc_hash::FxHashMap;

/// SHA-256 of each file, by relative path.
pub(crate) type Digests<'a> = FxHashMap<&'a str, [u8; 32]>;

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}
