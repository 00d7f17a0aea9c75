//! `/timeline [entity] [from] [to]`: dated facts in date order, one line
//! each, with "and N more — narrow with from/to" when cut.

use crate::data::query::{TimelineFilter, timeline};
use crate::data::{Dataset, FactId};
use crate::reply::{Reply, ReplyKind};

use super::command::Command;
use super::describe::{self, Resolved, capitalise, clause, date_value, entity_name};
use super::options::ParseError;
use super::spec::{Args, Audience, CommandSpec, entity_option, year_option};

/// `/timeline`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "timeline",
    description: "Dated facts in order, for one entity or all",
    options: &[
        entity_option("entity", "Only facts about this entity", false),
        year_option("from", "From this year (inclusive)"),
        year_option("to", "Up to this year (inclusive)"),
    ],
    audience: Audience::Everyone,
    build,
};

fn build(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Timeline {
        entity: args.text("entity")?,
        from: args.year("from")?,
        to: args.year("to")?,
    })
}

/// At most this many facts are listed; the rest are counted.
pub const MAX_SHOWN: usize = 15;

pub fn run(ds: &Dataset, entity: Option<&str>, from: Option<i32>, to: Option<i32>) -> Reply {
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Reply::private(
            ReplyKind::NotFound,
            "Empty range",
            format!("from:{from} is after to:{to}; swap them to see that span."),
        );
    }
    let mut filter = TimelineFilter {
        entity: None,
        from,
        to,
    };
    let mut note = None;
    if let Some(typed) = entity {
        match describe::resolve_entity(ds, "entity", typed) {
            Ok(Resolved { entity, note: n }) => {
                filter.entity = Some(entity);
                note = n;
            }
            Err(reply) => return *reply,
        }
    }
    let found = timeline(ds, &filter);
    let scope = scope(ds, &filter);
    if found.is_empty() {
        let mut reply = Reply::private(
            ReplyKind::NotFound,
            "Nothing dated found",
            format!("The data has no dated facts{scope}."),
        );
        reply.footer = note;
        return reply;
    }
    let shown = &found[..found.len().min(MAX_SHOWN)];
    let mut lines: Vec<String> = shown.iter().map(|&id| line(ds, id)).collect();
    let more = found.len() - shown.len();
    if more > 0 {
        lines.push(format!("… and {more} more — narrow with from/to"));
    }
    let mut reply = Reply::answer(format!("Timeline{scope}"), lines.join("\n"));
    let hint = "Quotes for a line: /source fact:<id>".to_string();
    reply.footer = Some(match note {
        Some(n) => format!("{n} · {hint}"),
        None => hint,
    });
    reply
}

fn scope(ds: &Dataset, filter: &TimelineFilter) -> String {
    let mut out = String::new();
    if let Some(e) = filter.entity {
        out.push_str(&format!(" of {}", entity_name(ds, e)));
    }
    match (filter.from, filter.to) {
        (Some(f), Some(t)) => out.push_str(&format!(", {f}–{t}")),
        (Some(f), None) => out.push_str(&format!(", from {f}")),
        (None, Some(t)) => out.push_str(&format!(", up to {t}")),
        (None, None) => {}
    }
    out
}

/// "2003 — Russian Supreme Court designated Taliban as … (in 2003) [id]"
fn line(ds: &Dataset, id: FactId) -> String {
    let fact = ds.fact(id);
    let when = fact
        .date
        .as_ref()
        .map(|d| format!("{} — ", capitalise(&date_value(ds, &d.value))))
        .unwrap_or_default();
    let words = fact
        .date
        .as_ref()
        .map(|d| format!(" (“{}”)", d.words.trim()))
        .unwrap_or_default();
    format!(
        "• {when}{}{words} [{}]",
        capitalise(&clause(ds, fact, false)),
        fact.id
    )
}
