//! What a preview's buttons send back when pressed: `factbot:ACTION:ORIGIN:ID`
//! (`factbot:apply:upload:3f9c…`). The origin is in the id so the press is
//! logged and counted under the command that made the preview without a
//! lookup; the preview itself is read from the store.

use crate::service::state::Origin;

const PREFIX: &str = "factbot";

/// What a button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Apply,
    Cancel,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Apply => "apply",
            Action::Cancel => "cancel",
        }
    }
}

/// A press on one of a preview's buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Press {
    pub action: Action,
    pub origin: Origin,
    pub preview: String,
}

impl Press {
    /// The button's id.
    pub fn id(&self) -> String {
        format!(
            "{PREFIX}:{}:{}:{}",
            self.action.as_str(),
            self.origin.as_str(),
            self.preview
        )
    }

    /// Reads a button's id; `None` if it is not one of factbot's.
    pub fn parse(id: &str) -> Option<Press> {
        let mut parts = id.split(':');
        if parts.next()? != PREFIX {
            return None;
        }
        let action = match parts.next()? {
            "apply" => Action::Apply,
            "cancel" => Action::Cancel,
            _ => return None,
        };
        let origin = Origin::parse(parts.next()?)?;
        let preview = parts.next()?;
        let plausible =
            (1..=64).contains(&preview.len()) && preview.bytes().all(|b| b.is_ascii_hexdigit());
        (plausible && parts.next().is_none()).then(|| Press {
            action,
            origin,
            preview: preview.to_string(),
        })
    }

    /// The command the preview came from, for the log line and counters.
    pub fn command_name(&self) -> &'static str {
        command_of(self.origin)
    }
}

/// The command that makes previews of `origin`.
pub fn command_of(origin: Origin) -> &'static str {
    match origin {
        Origin::Upload => crate::commands::data::UPLOAD.name,
        Origin::Rollback => crate::commands::data::ROLLBACK.name,
    }
}

/// The name a button press is logged and counted under: its command's, or
/// `button` for an id that is not factbot's.
pub fn request_name(id: &str) -> String {
    Press::parse(id).map_or_else(|| "button".to_string(), |p| p.command_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_strangers_are_refused() {
        let press = Press {
            action: Action::Apply,
            origin: Origin::Rollback,
            preview: "00ff".into(),
        };
        assert_eq!(press.id(), "factbot:apply:rollback:00ff");
        assert_eq!(Press::parse(&press.id()), Some(press));
        assert_eq!(request_name("factbot:cancel:upload:ab"), "data upload");
        for stranger in [
            "",
            "factbot",
            "other:apply:upload:ab",
            "factbot:delete:upload:ab",
            "factbot:apply:upload:",
            "factbot:apply:upload:xyz",
            "factbot:apply:upload:ab:more",
        ] {
            assert_eq!(Press::parse(stranger), None, "{stranger}");
        }
        assert_eq!(request_name("something else"), "button");
    }
}
