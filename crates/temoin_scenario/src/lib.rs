//! Témoin's scenario engine: the RON format, its validator, and the step machine that plays
//! it. Nothing here knows about Bevy, so it builds and tests in seconds; the app wraps it.

// A `Diagnostic` is built only when something is wrong with a file a person wrote, where
// boxing it would buy nothing but noise.
#![allow(clippy::result_large_err)]

pub mod diagnostic;
pub mod ids;
pub mod load;
pub mod model;
pub mod money;
pub mod source;

pub use diagnostic::{Code, Diagnostic, Severity, Subject};
pub use ids::*;
pub use model::*;
pub use money::{Amount, Currency, Money, MoneyError};
pub use source::SourceFile;
pub mod index;
pub mod validate;
pub use index::ScenarioIndex;
pub use validate::{AssetRoots, validate};
pub mod runner;
pub mod timing;
pub use runner::{Intent, Phase, PlayState, Runner, RuntimeEvent, TimedEvent};
pub mod check;
pub mod walk;
pub use check::{Checked, check_scenario};
pub mod atmosphere;
pub mod graph;
pub mod interface;
pub mod locale;
pub mod message;
pub mod overlay;
pub mod strings;
pub mod voice;
