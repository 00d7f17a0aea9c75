//! `/about`: what the loaded dataset is: its sources, how much it holds,
//! its version and when it was loaded, and factbot's own version.

use std::time::{SystemTime, UNIX_EPOCH};

use super::command::Command;
use super::options::ParseError;
use super::spec::{Args, Audience, CommandSpec};
use crate::data::Dataset;
use crate::reply::{Field, Reply};

/// `/about`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "about",
    description: "The loaded dataset: sources, counts, version, loaded at",
    options: &[],
    audience: Audience::Everyone,
    build,
};

fn build(_: &Args) -> Result<Command, ParseError> {
    Ok(Command::About)
}

pub fn run(ds: &Dataset) -> Reply {
    let body = format!(
        "factbot {} answers only from the article{} below: every answer quotes it and names the fact it comes from.",
        env!("CARGO_PKG_VERSION"),
        if ds.sources.len() == 1 { "" } else { "s" }
    );
    let mut reply = Reply::answer("About factbot's data", body);
    for source in &ds.sources {
        let mut value = format!("{} — {}", source.headline, source.publisher);
        if let Some(author) = &source.author {
            value.push_str(&format!("\nBy {author}"));
            if let Some(aff) = &source.author_affiliation {
                value.push_str(&format!(" ({aff})"));
            }
        }
        if let Some(from) = &source.republished_from {
            value.push_str(&format!("\nRepublished from {from}"));
        }
        if let Some(licence) = &source.licence {
            value.push_str(&format!("\nLicence: {licence}"));
        }
        reply.fields.push(Field {
            name: format!("Source · {}", source.id),
            value,
            inline: false,
        });
    }
    let designations = ds
        .facts
        .iter()
        .filter(|f| ds.predicate(f.predicate).designation)
        .count();
    let quotes: usize = ds.facts.iter().map(|f| f.quotes.len()).sum();
    reply.fields.push(Field {
        name: "Counts".to_string(),
        value: format!(
            "{} facts ({designations} designations), {quotes} quotes\n{} entities, {} relations, {} source{}",
            ds.facts.len(),
            ds.entities.len(),
            ds.predicates.len(),
            ds.sources.len(),
            if ds.sources.len() == 1 { "" } else { "s" }
        ),
        inline: false,
    });
    reply.fields.push(Field {
        name: "Data version".to_string(),
        value: ds.version.clone(),
        inline: true,
    });
    reply.fields.push(Field {
        name: "Loaded at".to_string(),
        value: ds
            .loaded_at
            .map_or_else(|| "not loaded from disk".to_string(), format_utc),
        inline: true,
    });
    reply
}

/// A time as `2026-11-27 12:17:31 UTC`.
pub fn format_utc(time: SystemTime) -> String {
    let secs = match time.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    format!("{} UTC", date_time(secs))
}

/// Seconds since 1970-01-01 (UTC) as `2026-11-27 12:17:31`.
pub fn date_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian;
/// Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn formats_times_in_utc() {
        assert_eq!(format_utc(UNIX_EPOCH), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            format_utc(UNIX_EPOCH + Duration::from_secs(1_795_781_851)),
            "2026-11-27 12:17:31 UTC"
        );
        assert_eq!(
            format_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29 00:00:00 UTC"
        );
    }
}
