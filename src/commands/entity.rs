//! `/entity name`: an entity's kind, aliases and note, and the facts it
//! takes part in, grouped by predicate.

use crate::data::query::{ProfileGroup, profile};
use crate::data::{Dataset, Fact};
use crate::reply::{Field, Reply};

use super::command::Command;
use super::describe::{
    self, Resolved, bare_label, capitalise, date_phrase, entity_name, join_names,
};
use super::options::ParseError;
use super::spec::{Args, Audience, CommandSpec, entity_option};

/// `/entity`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "entity",
    description: "Profile of a person, country or organisation: kind, aliases, key facts",
    options: &[entity_option("name", "Name or alias (e.g. CSTO)", true)],
    audience: Audience::Everyone,
    build,
};

fn build(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Entity {
        name: args.required_text("name")?,
    })
}

/// At most this many facts per group are listed.
pub const MAX_PER_GROUP: usize = 6;

pub fn run(ds: &Dataset, typed: &str) -> Reply {
    let Resolved { entity, note } = match describe::resolve_entity(ds, "entity", typed) {
        Ok(r) => r,
        Err(reply) => return *reply,
    };
    let e = ds.entity(entity);
    let mut body = format!("Kind: {}", e.kind.as_str());
    if !e.aliases.is_empty() {
        let aliases: Vec<&str> = e.aliases.iter().map(|a| &**a).collect();
        body.push_str(&format!("\nAlso called: {}", aliases.join("; ")));
    }
    if let Some(n) = &e.note {
        body.push_str(&format!("\n{}", n.trim()));
    }
    let p = profile(ds, entity);
    let total: usize = p.groups.iter().map(|g| g.facts.len()).sum();
    body.push_str(&match total {
        0 => "\nThe data holds no facts about it.".to_string(),
        1 => "\n1 fact in the data.".to_string(),
        n => format!("\n{n} facts in the data, by relation:"),
    });
    let mut reply = Reply::answer(e.name.to_string(), body);
    reply.fields = p
        .groups
        .iter()
        .map(|g| group_field(ds, entity, g))
        .collect();
    let hint = "Quotes: /source fact:<id>".to_string();
    reply.footer = Some(match note {
        Some(n) => format!("{n} · {hint}"),
        None => hint,
    });
    reply
}

fn group_field(ds: &Dataset, entity: crate::data::EntityId, group: &ProfileGroup) -> Field {
    let predicate = ds.predicate(group.predicate);
    let as_object = group
        .facts
        .iter()
        .all(|&id| ds.fact(id).objects.contains(&entity));
    let name = if group.as_subject {
        capitalise(&bare_label(&predicate.label))
    } else if as_object {
        match &predicate.inverse {
            Some(inverse) => capitalise(inverse),
            None => format!("{} (by others)", capitalise(&bare_label(&predicate.label))),
        }
    } else {
        format!(
            "{} (here, or through it)",
            capitalise(&bare_label(&predicate.label))
        )
    };
    let mut lines: Vec<String> = group
        .facts
        .iter()
        .take(MAX_PER_GROUP)
        .map(|&id| line(ds, entity, group.as_subject, ds.fact(id)))
        .collect();
    if group.facts.len() > MAX_PER_GROUP {
        lines.push(format!(
            "… and {} more — see /timeline entity:{}",
            group.facts.len() - MAX_PER_GROUP,
            ds.entity(entity).id
        ));
    }
    Field {
        name,
        value: lines.join("\n"),
        inline: false,
    }
}

/// One fact from the entity's side: what it did to whom, or who did it to
/// it, with qualifiers and the fact id.
fn line(ds: &Dataset, entity: crate::data::EntityId, as_subject: bool, fact: &Fact) -> String {
    let mut parts = Vec::new();
    if fact.negated {
        parts.push("not".to_string());
    }
    if as_subject {
        let what = describe::objects(ds, fact);
        if !what.is_empty() {
            parts.push(what);
        }
    } else {
        parts.push(entity_name(ds, fact.subject).to_string());
        let others: Vec<&str> = fact
            .objects
            .iter()
            .filter(|&&o| o != entity)
            .map(|&o| entity_name(ds, o))
            .collect();
        if !others.is_empty() && fact.objects.contains(&entity) {
            parts.push(format!("(with {})", join_names(&others)));
        } else if !fact.objects.contains(&entity) {
            // The entity is the place or the document: the whole clause.
            return format!(
                "• {} — {}",
                capitalise(&describe::clause(ds, fact, true)),
                fact.id
            );
        }
    }
    if let Some(a) = &fact.as_what {
        parts.push(describe::as_what(a));
    }
    if let Some(date) = &fact.date {
        parts.push(format!("({})", date_phrase(ds, date)));
    }
    if let Some(status) = fact.status {
        parts.push(format!("[{}]", status.describe()));
    }
    format!("• {} — {}", parts.join(" "), fact.id)
}
