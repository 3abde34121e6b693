//! The donation prompt at a `Donate` ending: the headline and why, suggested amounts, one-off
//! or monthly when offered, and an always visible "Not now". A pledge is recorded by the
//! runner (and its event); the payment itself is the donations module's work.

use super::{Selected, button, format_money, label, set_shown, theme};
use crate::scenario::{ActiveScenario, PlayerIntent, ScenarioEvent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::{Amount, Intent, Phase, RuntimeEvent};

pub fn plugin(app: &mut App) {
    app.init_resource::<GiftFrequency>()
        .add_systems(Startup, spawn_prompt)
        .add_systems(
            Update,
            (pledge_buttons, log_pledges)
                .in_set(AppSystems::RecordInput)
                .run_if(in_state(Screen::Playing)),
        )
        .add_systems(Update, update_prompt.in_set(AppSystems::Present));
}

/// Whether the visitor picked a monthly gift; forgotten at every new prompt.
#[derive(Resource, Default)]
struct GiftFrequency {
    monthly: bool,
}

#[derive(Component)]
struct PromptRoot {
    built_for: Option<(String, bool, bool)>,
}

#[derive(Component)]
enum PromptButton {
    Amount(Amount),
    Monthly(bool),
    Decline,
}

fn spawn_prompt(mut commands: Commands) {
    commands.spawn((
        PromptRoot { built_for: None },
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            ..default()
        },
        Visibility::Hidden,
        GlobalZIndex(5),
    ));
}

fn update_prompt(
    mut commands: Commands,
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    frequency: Res<GiftFrequency>,
    mut root: Query<(Entity, &mut PromptRoot, &mut Visibility)>,
) {
    let Ok((entity, mut root, mut visibility)) = root.single_mut() else {
        return;
    };
    let runner = active
        .runner
        .as_ref()
        .filter(|_| *screen.get() == Screen::Playing);
    let at_ending =
        runner.is_some_and(|r| matches!(r.state().phase, Phase::Ending | Phase::Finished));
    set_shown(&mut visibility, at_ending);
    let Some(runner) = runner.filter(|_| at_ending) else {
        root.built_for = None;
        return;
    };
    let finished = runner.state().phase == Phase::Finished;
    let key = (runner.beat().id.to_string(), finished, frequency.monthly);
    if root.built_for.as_ref() == Some(&key) {
        return;
    }
    root.built_for = Some(key);
    commands.entity(entity).despawn_related::<Children>();
    let panel = (
        Node {
            width: Val::Px(760.0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: Val::Px(14.0),
            padding: UiRect::all(Val::Px(28.0)),
            border_radius: BorderRadius::all(Val::Px(12.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
    );
    commands.entity(entity).with_children(|parent| {
        let mut panel = parent.spawn(panel);
        let Some(prompt) = runner.donate_prompt() else {
            // A plain `End`: the last line has been said; the attendant resets.
            panel.with_children(|p| {
                p.spawn(label("Thank you for taking part.", 30.0, theme::TEXT));
                p.spawn(label(
                    "Attendant: press R for the next visitor.",
                    18.0,
                    theme::MUTED,
                ));
            });
            return;
        };
        panel.with_children(|p| {
            if finished {
                match runner.state().pledge {
                    Some((money, monthly)) => {
                        p.spawn(label(prompt.thanks.text.clone(), 30.0, theme::TEXT));
                        let how = if monthly { " a month" } else { "" };
                        p.spawn(label(
                            format!("Your pledge: {}{how}", format_money(money)),
                            24.0,
                            theme::ACCENT,
                        ));
                    }
                    None => {
                        p.spawn(label(
                            "Thank you for your time, and for listening.",
                            30.0,
                            theme::TEXT,
                        ));
                    }
                }
                p.spawn(label(
                    "Attendant: press R for the next visitor.",
                    18.0,
                    theme::MUTED,
                ));
                return;
            }
            p.spawn(label(prompt.headline.text.clone(), 30.0, theme::TEXT));
            p.spawn(label(prompt.body.text.clone(), theme::BODY, theme::MUTED));
            if prompt.monthly {
                p.spawn(Node {
                    flex_direction: FlexDirection::Row,
                    ..default()
                })
                .with_children(|row| {
                    let mut once = row.spawn(button(PromptButton::Monthly(false), "Once"));
                    if !frequency.monthly {
                        once.insert(Selected);
                    }
                    let mut monthly = row.spawn(button(PromptButton::Monthly(true), "Monthly"));
                    if frequency.monthly {
                        monthly.insert(Selected);
                    }
                });
            }
            p.spawn(Node {
                flex_direction: FlexDirection::Row,
                ..default()
            })
            .with_children(|row| {
                for amount in &prompt.amounts {
                    if let Ok(money) = amount.in_currency(prompt.currency) {
                        row.spawn(button(PromptButton::Amount(*amount), format_money(money)));
                    }
                }
            });
            p.spawn(button(PromptButton::Decline, prompt.decline.text.clone()));
        });
    });
}

fn pledge_buttons(
    buttons: Query<(&Interaction, &PromptButton), Changed<Interaction>>,
    mut frequency: ResMut<GiftFrequency>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    for (interaction, action) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match action {
            PromptButton::Amount(amount) => {
                intents.write(PlayerIntent(Intent::Pledge {
                    amount: *amount,
                    monthly: frequency.monthly,
                }));
            }
            PromptButton::Monthly(monthly) => frequency.monthly = *monthly,
            PromptButton::Decline => {
                intents.write(PlayerIntent(Intent::Decline));
            }
        }
    }
}

/// Pledges are recorded in the log until the donations journal takes them over; the monthly
/// choice is forgotten for the next visitor.
fn log_pledges(mut events: MessageReader<ScenarioEvent>, mut frequency: ResMut<GiftFrequency>) {
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::DonationPledged { amount, monthly } => {
                info!(
                    "pledge recorded: {} {}",
                    amount,
                    if *monthly { "monthly" } else { "once" }
                );
            }
            RuntimeEvent::DonationDeclined => info!("donation declined"),
            RuntimeEvent::Reset => frequency.monthly = false,
            _ => {}
        }
    }
}
