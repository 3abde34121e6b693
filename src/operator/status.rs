//! The attendant's status line in the booth screen's corner: the current beat, the time in the
//! story, the language, the gift's state and how the visitor points (controllers, gaze, or the
//! desktop's mouse).

use crate::donation::{DeskState, DonationDesk};
use crate::scenario::ActiveScenario;
use crate::ui::{BoothScreen, TextSize, label, theme};
use crate::{AppSystems, Screen};
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_overlay)
        .add_systems(Update, update_overlay.in_set(AppSystems::Present));
}

#[derive(Component)]
struct OperatorOverlay;

fn spawn_overlay(mut commands: Commands, capturing: Option<Res<crate::capture::CapturingStills>>) {
    if capturing.is_some() {
        return;
    }
    commands.spawn((
        OperatorOverlay,
        BoothScreen,
        label("", TextSize::Small, theme::TEXT),
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(10.0),
            top: Val::Px(8.0),
            padding: UiRect::axes(Val::Px(10.0), Val::Px(4.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
        GlobalZIndex(50),
    ));
}

/// The gift, in a word or two for the attendant.
pub fn gift_summary(state: &DeskState) -> String {
    let money = |m: &temoin_scenario::Money, monthly: bool| {
        format!("{}{}", m, if monthly { "/month" } else { "" })
    };
    match state {
        DeskState::Idle => "no gift yet".into(),
        DeskState::Creating { amount, monthly } => format!("creating {}", money(amount, *monthly)),
        DeskState::Waiting {
            amount, monthly, ..
        } => format!("QR on screen {}", money(amount, *monthly)),
        DeskState::Paid { amount, monthly } => format!("paid {}", money(amount, *monthly)),
        DeskState::Closed { amount, .. } => format!("closed {amount}"),
        DeskState::Dismissed => "declined".into(),
        DeskState::Fallback { amount, .. } => format!("offline link {amount}"),
    }
}

/// One line: `beat · m:ss · language · gift`.
pub fn operator_line(
    screen: Screen,
    beat: Option<&str>,
    elapsed_seconds: f32,
    paused: bool,
    locale: &str,
    gift: &str,
) -> String {
    let where_ = match (screen, beat) {
        (Screen::Playing, Some(beat)) => beat.to_string(),
        (Screen::ContentNote, _) => "start screen".into(),
        (Screen::Loading, _) => "loading".into(),
        (Screen::Problems, _) => "scenario has errors".into(),
        (Screen::Playing, None) => "playing".into(),
    };
    let seconds = elapsed_seconds.max(0.0) as u32;
    format!(
        "{where_}{} · {}:{:02} · {locale} · {gift}",
        if paused { " (paused)" } else { "" },
        seconds / 60,
        seconds % 60
    )
}

fn update_overlay(
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    desk: Option<Res<DonationDesk>>,
    input: InputMode,
    mut text: Query<&mut Text, With<OperatorOverlay>>,
) {
    let Ok(mut text) = text.single_mut() else {
        return;
    };
    let runner = active.runner.as_ref();
    let line = operator_line(
        *screen.get(),
        runner.map(|r| r.beat().id.as_str()),
        runner.map_or(0.0, |r| r.state().elapsed),
        runner.is_some_and(|r| r.state().paused),
        &active
            .locale
            .as_ref()
            .map_or_else(|| "?".to_string(), |l| l.to_string()),
        &desk.map_or_else(|| "no payments".to_string(), |d| gift_summary(&d.state)),
    );
    let input = input.name();
    let line = format!("{line} · {input}");
    if text.0 != line {
        text.0 = line;
    }
}

/// How the visitor points: read from the headset's hands when there is a headset.
#[derive(bevy::ecs::system::SystemParam)]
pub struct InputMode<'w> {
    #[cfg(feature = "xr")]
    hands: Option<Res<'w, crate::headset::controllers::HandInputs>>,
    headset: Option<Res<'w, crate::ui::HeadsetInUse>>,
}

impl InputMode<'_> {
    pub fn name(&self) -> &'static str {
        if self.headset.is_none() {
            return "desktop";
        }
        #[cfg(feature = "xr")]
        if self
            .hands
            .as_ref()
            .is_some_and(|h| h.hands.iter().any(|h| h.active))
        {
            return "controllers";
        }
        "gaze only"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attendant_sees_where_the_visitor_is() {
        let line = operator_line(
            Screen::Playing,
            Some("street_photos"),
            151.4,
            false,
            "fr-BE",
            "no gift yet",
        );
        assert_eq!(line, "street_photos · 2:31 · fr-BE · no gift yet");
        let paused = operator_line(Screen::Playing, Some("ask"), 61.0, true, "en", "paid");
        assert_eq!(paused, "ask (paused) · 1:01 · en · paid");
        let start = operator_line(Screen::ContentNote, None, 0.0, false, "en", "no gift yet");
        assert!(start.starts_with("start screen · 0:00"));
    }

    #[test]
    fn the_gift_in_a_word_or_two() {
        let eur = temoin_scenario::Currency::from_code("EUR").unwrap();
        let ten = temoin_scenario::Amount::whole(10).in_currency(eur).unwrap();
        let state = DeskState::Paid {
            amount: ten,
            monthly: true,
        };
        let summary = gift_summary(&state);
        assert!(
            summary.starts_with("paid") && summary.ends_with("/month"),
            "{summary}"
        );
        assert!(summary.contains("10"), "{summary}");
    }
}
