//! Newtypes for every kind of id a scenario uses, so a beat id can never be passed where a
//! target id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

id_type!(
    /// A beat: one step of the story.
    BeatId
);
id_type!(
    /// A stable, human-readable id of a piece of text (`testimony.umm_karim.1`); translations
    /// are keyed by it.
    LineId
);
id_type!(
    /// Something in an environment that can be looked at or selected.
    TargetId
);
id_type!(
    /// A named place where the player can stand.
    SpotId
);
id_type!(
    /// A set of pieces, lights and spots that make one place.
    EnvironmentId
);
id_type!(
    /// An item of evidence in the researcher's notebook.
    EvidenceId
);
id_type!(
    /// A boolean story flag.
    FlagName
);
id_type!(
    /// An integer story counter.
    CounterName
);
id_type!(
    /// A BCP 47 language tag such as `en`, `fr-BE` or `es-AR`.
    Locale
);
id_type!(
    /// A person in the story; lines name their speaker by it.
    CharacterId
);
