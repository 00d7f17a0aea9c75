//! Running the real `factbot` binary as a child process and learning where
//! it listens from its log (it binds port 0, so nothing races for ports).
//!
//! Self-contained on purpose (std and serde_json only): the load harness
//! (`benches/load_harness.rs`) includes this file too.

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running `factbot` child; killed when dropped.
pub struct Bot {
    pub child: Child,
    /// Every log line seen so far arrives here (ANSI colours removed).
    lines: mpsc::Receiver<String>,
    /// Lines already read while waiting for something.
    pub seen: Vec<String>,
    /// This bot's own state store (its history), removed when dropped.
    state_file: PathBuf,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.state_file.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A SQLite state file no other bot of this test run uses, under cargo's
/// temporary directory for tests (not the working directory's `state/`).
fn state_file() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("state-{}-{n}.sqlite3", std::process::id()))
}

impl Bot {
    /// Starts `factbot <args>` with `envs`, capturing its stderr log. The
    /// binary is the one cargo built for these tests, or `FACTBOT_BIN`
    /// when set (the load harness measures a plain release build that way).
    pub fn spawn(args: &[&str], envs: &[(&str, &str)]) -> Bot {
        let binary =
            std::env::var_os("FACTBOT_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_factbot").into());
        let mut cmd = Command::new(binary);
        cmd.args(args)
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let state_file = state_file();
        cmd.env(
            "FACTBOT_STATE_URL",
            format!("sqlite:{}", state_file.display()),
        );
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start factbot");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(strip_ansi(&line)).is_err() {
                    break;
                }
            }
        });
        Bot {
            child,
            lines,
            seen: Vec::new(),
            state_file,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits (at most `limit`) for a log line containing `message`, and
    /// returns it. Panics with the log so far if it does not come.
    pub fn wait_for_line(&mut self, message: &str, limit: Duration) -> String {
        if let Some(line) = self.seen.iter().find(|l| l.contains(message)) {
            return line.clone();
        }
        let deadline = std::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(message) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "factbot never logged {message:?}; status {:?}; log:\n{}",
                    self.child.try_wait(),
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// The address in the field `field` of the first log line containing
    /// `message` (a `field=ADDR` of a pretty line, or a JSON line's field).
    pub fn address(&mut self, message: &str, field: &str) -> SocketAddr {
        let line = self.wait_for_line(message, Duration::from_secs(60));
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&line) {
            return json["fields"][field]
                .as_str()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| panic!("no address in field {field} of {line}"));
        }
        let key = format!("{field}=");
        let at = line
            .find(&key)
            .unwrap_or_else(|| panic!("no {key} in {line:?}"));
        line[at + key.len()..]
            .split_whitespace()
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address after {key} in {line:?}"))
    }

    /// The next log line, waiting at most `limit`; `None` if none came.
    /// (Lines read this way are not kept in [`Bot::seen`].)
    #[allow(
        dead_code,
        reason = "read by the load harness, which includes this file"
    )]
    pub fn next_line(&mut self, limit: Duration) -> Option<String> {
        self.lines.recv_timeout(limit).ok()
    }

    /// The process' peak resident set (VmHWM), in KiB, from /proc.
    #[allow(
        dead_code,
        reason = "read by the load harness, which includes this file"
    )]
    pub fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    /// The process' resident set now (VmRSS), in KiB, from /proc.
    #[allow(
        dead_code,
        reason = "read by the load harness, which includes this file"
    )]
    pub fn rss_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS:")
    }

    /// The process' anonymous resident memory (RssAnon: heap and stacks,
    /// not the pages of the binary), in KiB, from /proc.
    #[allow(
        dead_code,
        reason = "read by the load harness, which includes this file"
    )]
    pub fn anonymous_rss_kib(&self) -> Option<u64> {
        self.status_kib("RssAnon:")
    }

    /// A `/proc/PID/status` field given in KiB.
    fn status_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    }

    /// Sends SIGHUP (reload the dataset).
    pub fn hangup(&self) {
        let status = Command::new("kill")
            .arg("-HUP")
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -HUP failed");
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`) from a log line.
pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
