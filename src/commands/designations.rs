//! `/designations [designator] [target]`: who designated or sanctioned
//! whom, as what (the article's word and its meaning), when (the date's
//! words and value), status, via and reason. No options lists them all.

use crate::data::query::{DesignationFilter, designations};
use crate::data::{Dataset, FactId};
use crate::reply::{Field, Reply, ReplyKind};

use super::command::Command;
use super::describe::{self, Resolved, as_what, citations, date_phrase, entity_name, join_names};
use super::options::ParseError;
use super::spec::{Args, Audience, CommandSpec, entity_option};

/// `/designations`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "designations",
    description: "Who designated or sanctioned whom, as what, and when",
    options: &[
        entity_option("designator", "Who designated (e.g. Russia)", false),
        entity_option("target", "Who was designated (e.g. Taliban)", false),
    ],
    audience: Audience::Everyone,
    build,
};

fn build(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Designations {
        designator: args.text("designator")?,
        target: args.text("target")?,
    })
}

/// At most this many designations are shown; the rest are counted.
pub const MAX_SHOWN: usize = 12;

pub fn run(ds: &Dataset, designator: Option<&str>, target: Option<&str>) -> Reply {
    let mut notes = Vec::new();
    let mut filter = DesignationFilter::default();
    if let Some(typed) = designator {
        match describe::resolve_entity(ds, "designator", typed) {
            Ok(Resolved { entity, note }) => {
                filter.designator = Some(entity);
                notes.extend(note);
            }
            Err(reply) => return *reply,
        }
    }
    if let Some(typed) = target {
        match describe::resolve_entity(ds, "target", typed) {
            Ok(Resolved { entity, note }) => {
                filter.target = Some(entity);
                notes.extend(note);
            }
            Err(reply) => return *reply,
        }
    }
    let found = designations(ds, &filter);
    let scope = scope(ds, &filter);
    if found.is_empty() {
        let mut reply = Reply::private(
            ReplyKind::NotFound,
            "No designations found",
            format!(
                "The data records no designation{scope}. Try /designations with no options to see all of them."
            ),
        );
        reply.footer = footer(&notes, None);
        return reply;
    }

    let shown = &found[..found.len().min(MAX_SHOWN)];
    let more = found.len() - shown.len();
    let mut body = format!(
        "{} designation{}{scope}, in date order.",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    if more > 0 {
        body.push_str(&format!(
            " Showing the first {}; and {more} more — narrow with designator/target.",
            shown.len()
        ));
    }
    let mut reply = Reply::answer("Designations", body);
    for &id in shown {
        reply.fields.push(field(ds, id));
        reply.citations.extend(citations(ds, ds.fact(id), 1));
    }
    reply.footer = footer(&notes, Some("Full quotes: /source fact:<id>"));
    reply
}

fn scope(ds: &Dataset, filter: &DesignationFilter) -> String {
    match (filter.designator, filter.target) {
        (Some(d), Some(t)) => format!(" of {} by {}", entity_name(ds, t), entity_name(ds, d)),
        (Some(d), None) => format!(" by {}", entity_name(ds, d)),
        (None, Some(t)) => format!(" of {}", entity_name(ds, t)),
        (None, None) => String::new(),
    }
}

fn footer(notes: &[String], extra: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = notes.iter().map(String::as_str).chain(extra).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// One designation as a field: "Russian Supreme Court → Taliban" and its
/// particulars, one per line.
fn field(ds: &Dataset, id: FactId) -> Field {
    let fact = ds.fact(id);
    let predicate = ds.predicate(fact.predicate);
    let mut lines = Vec::new();
    lines.push(
        format!(
            "{} {}",
            if fact.negated { "not" } else { "" },
            describe::verb_with_objects(ds, fact, &predicate.label)
        )
        .trim()
        .to_string(),
    );
    if let Some(a) = &fact.as_what {
        lines.push(as_what(a));
    }
    if let Some(date) = &fact.date {
        lines.push(format!("when: {}", date_phrase(ds, date)));
    }
    if let Some(status) = fact.status {
        lines.push(format!("status: {}", status.describe()));
    }
    if let Some(via) = fact.via {
        lines.push(format!("via: {}", entity_name(ds, via)));
    }
    if let Some(place) = fact.place {
        lines.push(format!("where: {}", entity_name(ds, place)));
    }
    if let Some(reason) = &fact.reason {
        lines.push(format!("reason: {reason}"));
    }
    lines.push(format!("fact: {}", fact.id));
    let targets: Vec<&str> = fact.objects.iter().map(|&o| entity_name(ds, o)).collect();
    let name = if targets.is_empty() {
        entity_name(ds, fact.subject).to_string()
    } else {
        format!(
            "{} → {}",
            entity_name(ds, fact.subject),
            join_names(&targets)
        )
    };
    Field {
        name,
        value: lines.join("\n"),
        inline: false,
    }
}
