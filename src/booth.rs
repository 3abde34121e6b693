//! What the booth's capabilities tell one another without importing one another: the
//! attendant's requests, and whether the booth is between visitors. The keys, the pause menu,
//! presence, the headset's session and tests send an [`OperatorAction`]; the `operator` module
//! carries each one out. The operator's attract loop starts and ends [`Attract`]; the start
//! screen and the analytics read it. This module imports no capability.

use bevy::prelude::*;

/// An attendant's request.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorAction {
    /// Back to the start for the next visitor, in the booth's preset language (the story,
    /// the notebook, the open gift and the language are all cleared).
    NextVisitor,
    /// The next visitor's language: the chapter's next one.
    NextLanguage,
    /// Pause, or resume.
    TogglePause,
    /// Face the story's forward direction again.
    Recentre,
    /// Straight to the donation prompt (a visitor who has to leave).
    SkipToPrompt,
    /// The visit is over (the visitor took the headset off and left): back to the start.
    EndSession,
    /// Close the app.
    Quit,
    /// Skip the line being spoken (a visitor or tester who reads faster).
    SkipLine,
    /// Show or hide the notebook of evidence.
    ToggleNotebook,
    /// Show or hide the key help.
    ToggleHelp,
}

/// After the attract loop ends, keys wait this long before they can start the story.
const SETTLE_SECONDS: f64 = 0.4;

/// Whether the booth is between visitors.
#[derive(Resource, Debug, Clone)]
pub struct Attract {
    pub on: bool,
    /// When it last ended (real seconds), so the same key press does not also begin.
    ended_at: f64,
}

impl Attract {
    pub fn start(&mut self) {
        self.on = true;
    }

    pub fn end(&mut self, now: f64) {
        if self.on {
            self.on = false;
            self.ended_at = now;
        }
    }

    /// Off, and for long enough that a key press is meant for what is on screen now.
    pub fn settled(&self, now: f64) -> bool {
        !self.on && now - self.ended_at >= SETTLE_SECONDS
    }
}

impl Default for Attract {
    fn default() -> Self {
        Attract {
            on: true,
            ended_at: f64::NEG_INFINITY,
        }
    }
}
