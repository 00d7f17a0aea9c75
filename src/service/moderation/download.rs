//! Fetching an uploaded file from where the platform keeps it (Discord's
//! CDN), bounded: only from the configured hosts, at most the configured
//! size (checked against what the platform reported, the response's
//! length, and the bytes as they arrive), within the configured time.

use std::time::Duration;

use crate::config::ModerationConfig;

/// Why a file could not be fetched; each says what to do.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error(
        "the file is {size} bytes; factbot takes at most {limit} bytes ([moderation] max_upload_bytes)"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "the file's address is not on Discord's CDN ({host}); attach the file to the command itself"
    )]
    Host { host: String },
    #[error("the file's address cannot be read; attach the file again")]
    BadUrl,
    #[error("fetching the file failed: the CDN answered {status}; attach the file again")]
    Status { status: u16 },
    #[error("fetching the file took longer than {secs} s; try again")]
    Timeout { secs: u64 },
    #[error("fetching the file failed ({0}); try again")]
    Failed(String),
}

/// Fetches `url` within `config`'s bounds.
pub async fn fetch(
    client: &reqwest::Client,
    config: &ModerationConfig,
    url: &str,
    reported_size: u64,
) -> Result<Vec<u8>, DownloadError> {
    let limit = config.max_upload_bytes;
    if reported_size > limit {
        return Err(DownloadError::TooLarge {
            size: reported_size,
            limit,
        });
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| DownloadError::BadUrl)?;
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    if !matches!(parsed.scheme(), "https" | "http") || !config.attachment_hosts.contains(&host) {
        return Err(DownloadError::Host { host });
    }
    let secs = config.download_timeout_secs;
    let timeout = Duration::from_secs(secs);
    match tokio::time::timeout(timeout, fetch_bounded(client, parsed, limit)).await {
        Ok(result) => result,
        Err(_) => Err(DownloadError::Timeout { secs }),
    }
}

async fn fetch_bounded(
    client: &reqwest::Client,
    url: reqwest::Url,
    limit: u64,
) -> Result<Vec<u8>, DownloadError> {
    // The error's text would hold the URL (with its signature): say only
    // what kind of failure it was.
    let failed = |e: reqwest::Error| {
        DownloadError::Failed(if e.is_connect() {
            "could not connect".into()
        } else if e.is_timeout() {
            "timed out".into()
        } else {
            "the connection failed".into()
        })
    };
    let mut response = client.get(url).send().await.map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(DownloadError::Status {
            status: status.as_u16(),
        });
    }
    if let Some(size) = response.content_length().filter(|&n| n > limit) {
        return Err(DownloadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(DownloadError::TooLarge {
                size: (bytes.len() + chunk.len()) as u64,
                limit,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ModerationConfig {
        ModerationConfig {
            max_upload_bytes: 10,
            ..ModerationConfig::default()
        }
    }

    #[tokio::test]
    async fn refuses_before_fetching_what_cannot_be_taken() {
        let client = reqwest::Client::new();
        let c = config();
        let url = "https://cdn.discordapp.com/attachments/1/2/facts.toml";
        assert_eq!(
            fetch(&client, &c, url, 11).await,
            Err(DownloadError::TooLarge {
                size: 11,
                limit: 10
            })
        );
        assert_eq!(
            fetch(&client, &c, "https://evil.example/facts.toml", 1).await,
            Err(DownloadError::Host {
                host: "evil.example".into()
            })
        );
        assert_eq!(
            fetch(&client, &c, "file:///etc/passwd", 1).await,
            Err(DownloadError::Host {
                host: String::new()
            })
        );
        assert_eq!(
            fetch(&client, &c, "not a url", 1).await,
            Err(DownloadError::BadUrl)
        );
    }
}
