//! HTTP interactions mode and the operations endpoint, end to end: signed
//! requests from a generated Ed25519 key pair against in-process servers
//! and against the real binary, `/metrics` read with a Prometheus parser.

mod crash;
mod endpoint;
mod moderation;
mod ops;
pub mod process;
mod register;
mod replicas;
mod shards;

use std::time::{SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer as _, SigningKey};

/// A key pair standing in for a Discord application's.
pub struct AppKey {
    pub signing: SigningKey,
}

impl AppKey {
    /// A key pair generated from `seed` (each test uses its own seed).
    pub fn generate(seed: u8) -> AppKey {
        let mut secret = [0u8; 32];
        for (i, b) in secret.iter_mut().enumerate() {
            *b = seed.wrapping_mul(31).wrapping_add(i as u8).rotate_left(3);
        }
        AppKey {
            signing: SigningKey::from_bytes(&secret),
        }
    }

    /// The public key as the Developer Portal shows it (64 hex digits).
    pub fn public_hex(&self) -> String {
        hex(self.signing.verifying_key().as_bytes())
    }

    /// `X-Signature-Ed25519` for `timestamp ‖ body`.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let message = [timestamp.as_bytes(), body].concat();
        hex(&self.signing.sign(&message).to_bytes())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The current Unix time in seconds, as Discord sends it.
pub fn now_timestamp() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
        .to_string()
}

/// The status and body of a POST.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// POSTs `body` to `url` with the given signature headers (either may be
/// left out).
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    signature: Option<String>,
    timestamp: Option<String>,
) -> Answer {
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(s) = signature {
        request = request.header("x-signature-ed25519", s);
    }
    if let Some(t) = timestamp {
        request = request.header("x-signature-timestamp", t);
    }
    let response = request.send().await.expect("request reaches the server");
    Answer {
        status: response.status().as_u16(),
        body: response.text().await.expect("body"),
    }
}

/// POSTs `body` signed now with `key`.
pub async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    key: &AppKey,
    body: &serde_json::Value,
) -> Answer {
    let body = serde_json::to_vec(body).expect("serialize");
    let ts = now_timestamp();
    let sig = key.sign(&ts, &body);
    post(client, url, body, Some(sig), Some(ts)).await
}

/// A GET, for the operations endpoint.
pub async fn get(client: &reqwest::Client, url: &str) -> Answer {
    let response = client
        .get(url)
        .send()
        .await
        .expect("request reaches the server");
    Answer {
        status: response.status().as_u16(),
        body: response.text().await.expect("body"),
    }
}
