//! The app's own visitor-facing words (buttons, the pause menu, the donation hand-off),
//! translated through the same tables as the scenario under `ui.` ids, so a chapter's
//! translators see and check them with `temoin strings`. Attendant-only messages stay in
//! English: the staff guide is in English.

use crate::ids::LineId;
use crate::strings::{SourceText, TextKind};

/// (id, English text). Variables: `{amount}`, `{name}`, `{evidence}` (see `message`).
pub const INTERFACE_TEXTS: &[(&str, &str)] = &[
    ("ui.begin", "Begin"),
    (
        "ui.begin_hint",
        "Enter: begin · Esc: pause at any time · F1: keys",
    ),
    (
        "ui.begin_hint_headset",
        "Trigger, or look at a button for two seconds: choose · Menu button: pause at any time",
    ),
    ("ui.language", "Language"),
    ("ui.attract", "Put on the headset to begin"),
    (
        "ui.attract_headset",
        "Welcome. Read the note at your own pace, then choose Begin.",
    ),
    ("ui.paused", "Paused"),
    ("ui.paused_body", "Take all the time you need."),
    ("ui.resume", "Resume"),
    ("ui.recenter", "Recenter the view"),
    ("ui.start_over", "Start over (next visitor)"),
    ("ui.keys", "Keys (F1)"),
    ("ui.comfort", "Comfort"),
    ("ui.large_subtitles", "Larger subtitles"),
    ("ui.mono_audio", "Mono sound"),
    ("ui.vignette", "Comfort vignette"),
    ("ui.voices", "Voices"),
    ("ui.voices_quiet", "Quieter"),
    ("ui.voices_normal", "Normal"),
    ("ui.voices_loud", "Louder"),
    ("ui.radio", "{name} (radio)"),
    (
        "ui.notebook",
        "Notebook (N) · {evidence, plural, =0 {nothing yet} one {# item} other {# items}}",
    ),
    ("ui.hint_select", "Select: {name}"),
    ("ui.hint_look", "Look at: {name}"),
    ("ui.hint_go", "Go to: {name}"),
    ("ui.once", "Once"),
    ("ui.monthly", "Monthly"),
    ("ui.another_amount", "Another amount:"),
    ("ui.give", "Give {amount}"),
    ("ui.thanks_taking_part", "Thank you for taking part."),
    (
        "ui.thanks_listening",
        "Thank you for your time, and for listening.",
    ),
    ("ui.your_gift", "Your gift: {amount}"),
    ("ui.per_month", "{amount} a month"),
    (
        "ui.preparing",
        "Preparing a secure payment page for {amount}…",
    ),
    ("ui.scan", "Scan with your phone to give {amount}"),
    (
        "ui.finish_provider",
        "You finish on the payment provider's secure page. This screen thanks you when it is done.",
    ),
    (
        "ui.finish_link",
        "You finish on the donation page on your phone. Thank you.",
    ),
    (
        "ui.closed",
        "The payment page closed before the gift was made.",
    ),
    ("ui.try_again", "Try again: {amount}"),
    (
        "ui.scan_fallback",
        "Scan with your phone to give {amount} on our donation page",
    ),
    (
        "ui.headset_preparing",
        "Your payment page is being prepared on the screen by the stand.",
    ),
    (
        "ui.headset_waiting",
        "Your payment page for {amount} is waiting on the screen by the stand: scan its code with your phone. You can take the headset off now.",
    ),
    (
        "ui.headset_paid",
        "Thank you. Your gift of {amount} has arrived.",
    ),
    (
        "ui.headset_closed",
        "The payment page closed. You can try again on the screen by the stand.",
    ),
    (
        "ui.offline",
        "The payment service can't be reached from here right now; your pledge is saved.",
    ),
];

/// The interface texts as translatable sources.
pub fn interface_texts() -> Vec<SourceText> {
    INTERFACE_TEXTS
        .iter()
        .map(|(id, text)| SourceText {
            id: LineId::new(*id),
            text: (*text).to_owned(),
            kind: if id.starts_with("ui.hint")
                || id.starts_with("ui.begin_hint")
                || id.starts_with("ui.attract")
            {
                TextKind::Caption
            } else {
                TextKind::Button
            },
            speaker: None,
        })
        .collect()
}

/// English for an interface id (the last fallback), or the id itself if unknown.
pub fn english(id: &str) -> &str {
    INTERFACE_TEXTS
        .iter()
        .find(|(known, _)| *known == id)
        .map_or(id, |(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Message;

    #[test]
    fn every_interface_text_parses() {
        for (id, text) in INTERFACE_TEXTS {
            assert!(id.starts_with("ui."), "{id}");
            Message::parse(text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        }
    }
}
