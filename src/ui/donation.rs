//! The donation prompt at a `Donate` ending: the headline and why, the chapter's suggested
//! amounts or another amount on a keypad-free stepper (bounded by the chapter), one-off or
//! monthly where the provider supports it, and an always visible "Not now". After a pledge it
//! shows the checkout's QR code for the visitor's phone, then the thanks — or, offline, the
//! fallback link. It only reads the donation desk's state (and the headset's line about the
//! gift is written here too); the desk knows nothing of how it is shown.

use super::TextSize;
use super::words::Words;
use super::{Selected, button, card, label, set_shown, theme};
use crate::donation::{DeskState, DonationDesk};
use crate::scenario::{ActiveScenario, PlayerIntent, ScenarioEvent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::{Amount, Intent, Money, Phase, RuntimeEvent};

pub fn plugin(app: &mut App) {
    app.init_resource::<GiftChoice>()
        .add_systems(Startup, (spawn_prompt, spawn_operator_line))
        .add_systems(
            Update,
            (prompt_buttons, forget_choice)
                .in_set(AppSystems::RecordInput)
                .run_if(in_state(Screen::Playing)),
        )
        .add_systems(
            Update,
            (update_prompt, update_operator_line).in_set(AppSystems::Present),
        );
}

/// The visitor's choices at the prompt; forgotten for the next visitor.
#[derive(Resource, Default)]
struct GiftChoice {
    monthly: bool,
    /// The "other amount", once the visitor has touched the stepper.
    custom: Option<Amount>,
}

/// The prompt's root: in the headset it is on the panel while the visitor chooses, and on the
/// booth screen while the QR code waits for their phone.
#[derive(Component)]
pub struct PromptRoot {
    built_for: Option<(String, bool, bool, Option<Amount>, u64)>,
}

#[derive(Component)]
struct OperatorLine;

#[derive(Component)]
enum PromptButton {
    Give(Money),
    Monthly(bool),
    /// Moves the "other amount" by this many hundredths of a unit.
    Step(i64),
    Decline,
    TryAgain,
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

fn spawn_operator_line(mut commands: Commands) {
    commands.spawn((
        OperatorLine,
        label("", TextSize::Small, theme::TEXT),
        Node {
            position_type: PositionType::Absolute,
            left: Val::Px(12.0),
            bottom: Val::Px(8.0),
            ..default()
        },
        BackgroundColor(theme::ERROR),
        Visibility::Hidden,
        GlobalZIndex(40),
        super::BoothScreen,
    ));
}

fn update_operator_line(
    desk: Option<Res<DonationDesk>>,
    mut line: Query<(&mut Text, &mut Visibility), With<OperatorLine>>,
) {
    let (Some(desk), Ok((mut text, mut visibility))) = (desk, line.single_mut()) else {
        return;
    };
    let message = desk
        .operator_message
        .as_ref()
        .map(|m| format!("Attendant: {m}"));
    set_shown(&mut visibility, message.is_some());
    let message = message.unwrap_or_default();
    if text.0 != message {
        text.0 = message;
    }
}

/// What the prompt offers: the loaded chapter's currency, amounts and bounds (as the desk has
/// them, so an edited chapter shows at once), else the scenario's own.
struct Offer {
    /// The suggestions, each as the amount written and as money in `currency`.
    amounts: Vec<(Amount, Money)>,
    currency: temoin_scenario::Currency,
    minimum: Amount,
    maximum: Amount,
    monthly: bool,
}

/// Each amount with its money in `currency` (an amount that is not exact there is left out;
/// a loaded chapter or scenario has none).
fn in_currency(amounts: &[Amount], currency: temoin_scenario::Currency) -> Vec<(Amount, Money)> {
    amounts
        .iter()
        .filter_map(|a| Some((*a, a.in_currency(currency).ok()?)))
        .collect()
}

fn offer(prompt: &temoin_scenario::DonatePrompt, desk: Option<&DonationDesk>) -> Offer {
    match desk.and_then(|d| d.settings.as_ref()) {
        Some(settings) => Offer {
            amounts: in_currency(&settings.amounts, settings.currency),
            currency: settings.currency,
            minimum: settings.minimum,
            maximum: settings.maximum,
            monthly: prompt.monthly && settings.offers_monthly(),
        },
        None => Offer {
            amounts: in_currency(&prompt.amounts, prompt.currency),
            currency: prompt.currency,
            minimum: prompt
                .amounts
                .iter()
                .min()
                .copied()
                .unwrap_or(Amount::whole(1)),
            maximum: prompt
                .amounts
                .iter()
                .max()
                .copied()
                .unwrap_or(Amount::whole(1)),
            monthly: prompt.monthly,
        },
    }
}

impl Offer {
    /// Where the "another amount" stepper starts: the middle suggestion, else the minimum.
    fn first_custom(&self) -> Amount {
        self.amounts
            .get(self.amounts.len() / 2)
            .map_or(self.minimum, |(amount, _)| *amount)
    }
}

/// The stepper's step in hundredths: a fifth of the smallest suggestion in whole units, at
/// least one unit (€1, $ 1.000), so it also suits currencies without minor units.
fn step_of(offer: &Offer) -> i64 {
    let smallest = offer
        .amounts
        .iter()
        .map(|(amount, _)| amount.hundredths())
        .min()
        .unwrap_or(100);
    (smallest / 5 / 100).max(1) * 100
}

#[allow(clippy::too_many_arguments)]
fn update_prompt(
    mut commands: Commands,
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    choice: Res<GiftChoice>,
    desk: Option<Res<DonationDesk>>,
    words: Res<Words>,
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
    let desk = desk.as_deref();
    let finished = runner.state().phase == Phase::Finished;
    let key = (
        format!("{}@{}", runner.beat().id, words.locale),
        finished,
        choice.monthly,
        choice.custom,
        desk.map_or(0, |d| d.version),
    );
    if root.built_for.as_ref() == Some(&key) {
        return;
    }
    root.built_for = Some(key);
    commands.entity(entity).despawn_related::<Children>();
    let panel = card(Val::Px(780.0));
    commands.entity(entity).with_children(|parent| {
        let mut panel = parent.spawn(panel);
        let Some(prompt) = runner.donate_prompt() else {
            // A plain `End`: the last line has been said; the attendant resets.
            panel.with_children(|p| {
                p.spawn(label(
                    words.say("ui.thanks_taking_part"),
                    TextSize::Heading,
                    theme::TEXT,
                ));
                p.spawn(label(
                    "Attendant: press R for the next visitor.",
                    TextSize::Small,
                    theme::MUTED,
                ));
            });
            return;
        };
        let offer = offer(prompt, desk);
        panel.with_children(|p| {
            if finished {
                match runner.state().pledge {
                    Some((money, monthly)) => after_pledge(p, prompt, desk, &words, money, monthly),
                    None => {
                        p.spawn(label(
                            words.say("ui.thanks_listening"),
                            TextSize::Heading,
                            theme::TEXT,
                        ));
                    }
                }
                p.spawn(label(
                    "Attendant: press R for the next visitor.",
                    TextSize::Small,
                    theme::MUTED,
                ));
                return;
            }
            p.spawn(label(
                words.fill(&prompt.headline.text, &[]),
                TextSize::Heading,
                theme::TEXT,
            ));
            p.spawn(label(
                words.fill(&prompt.body.text, &[]),
                TextSize::Body,
                theme::MUTED,
            ));
            if offer.monthly {
                p.spawn(Node {
                    flex_direction: FlexDirection::Row,
                    ..default()
                })
                .with_children(|row| {
                    let mut once =
                        row.spawn(button(PromptButton::Monthly(false), words.say("ui.once")));
                    if !choice.monthly {
                        once.insert(Selected);
                    }
                    let mut monthly =
                        row.spawn(button(PromptButton::Monthly(true), words.say("ui.monthly")));
                    if choice.monthly {
                        monthly.insert(Selected);
                    }
                });
            }
            p.spawn(Node {
                flex_direction: FlexDirection::Row,
                ..default()
            })
            .with_children(|row| {
                for (_, money) in &offer.amounts {
                    row.spawn(button(PromptButton::Give(*money), words.money(*money)));
                }
            });
            // Another amount, with − and + so it works with a pointer and no keyboard.
            let middle = offer.first_custom();
            let custom = choice
                .custom
                .unwrap_or(middle)
                .clamp(offer.minimum, offer.maximum);
            if let Ok(custom_money) = custom.in_currency(offer.currency) {
                let step = step_of(&offer);
                p.spawn(Node {
                    flex_direction: FlexDirection::Row,
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(label(
                        words.say("ui.another_amount"),
                        TextSize::Small,
                        theme::MUTED,
                    ));
                    row.spawn(button(PromptButton::Step(-step), "–"));
                    row.spawn(button(
                        PromptButton::Give(custom_money),
                        words.say_with("ui.give", &[words.amount(custom_money)]),
                    ));
                    row.spawn(button(PromptButton::Step(step), "+"));
                });
            }
            p.spawn(button(
                PromptButton::Decline,
                words.fill(&prompt.decline.text, &[]),
            ));
            if let Some(contact) = &runner.scenario().contact {
                p.spawn(label(
                    words.fill(&contact.text, &[]),
                    TextSize::Small,
                    theme::MUTED,
                ));
            }
        });
    });
}

fn after_pledge(
    p: &mut ChildSpawnerCommands,
    prompt: &temoin_scenario::DonatePrompt,
    desk: Option<&DonationDesk>,
    words: &Words,
    money: Money,
    monthly: bool,
) {
    let gift = words.gift(money, monthly);
    let amount = || {
        (
            "amount",
            temoin_scenario::message::Value::Text(gift.clone()),
        )
    };
    // Heading, code, short link and a note: the same hand-off for a checkout and a fallback.
    let handoff = |p: &mut ChildSpawnerCommands,
                   heading: String,
                   qr: &Handle<Image>,
                   url: &str,
                   note: &str| {
        p.spawn(label(heading, TextSize::Subtitle, theme::TEXT));
        p.spawn((
            ImageNode::new(qr.clone()),
            Node {
                width: Val::Px(260.0),
                height: Val::Px(260.0),
                ..default()
            },
        ));
        p.spawn(label(
            temoin_donations::qr::short_link(url),
            TextSize::Small,
            theme::MUTED,
        ));
        p.spawn(label(note, TextSize::Small, theme::MUTED));
    };
    match desk.map(|d| &d.state) {
        None | Some(DeskState::Idle) | Some(DeskState::Paid { .. }) => {
            p.spawn(label(
                words.fill(&prompt.thanks.text, &[amount()]),
                TextSize::Heading,
                theme::TEXT,
            ));
            p.spawn(label(
                words.say_with("ui.your_gift", &[amount()]),
                TextSize::Body,
                theme::ACCENT,
            ));
        }
        Some(DeskState::Dismissed) => {
            p.spawn(label(
                words.say("ui.thanks_listening"),
                TextSize::Heading,
                theme::TEXT,
            ));
        }
        Some(DeskState::Creating { .. }) => {
            p.spawn(label(
                words.say_with("ui.preparing", &[amount()]),
                TextSize::Subtitle,
                theme::TEXT,
            ));
        }
        Some(DeskState::Waiting {
            url,
            qr,
            confirmable,
            ..
        }) => {
            let note = if *confirmable {
                words.say("ui.finish_provider")
            } else {
                words.say("ui.finish_link")
            };
            handoff(p, words.say_with("ui.scan", &[amount()]), qr, url, &note);
        }
        Some(DeskState::Closed { .. }) => {
            p.spawn(label(
                words.say("ui.closed"),
                TextSize::Subtitle,
                theme::TEXT,
            ));
            p.spawn(button(
                PromptButton::TryAgain,
                words.say_with("ui.try_again", &[amount()]),
            ));
            p.spawn(button(
                PromptButton::Decline,
                words.fill(&prompt.decline.text, &[]),
            ));
        }
        Some(DeskState::Fallback { url, qr, .. }) => {
            handoff(
                p,
                words.say_with("ui.scan_fallback", &[amount()]),
                qr,
                url,
                &words.say("ui.offline"),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn prompt_buttons(
    buttons: Query<(&Interaction, &PromptButton), Changed<Interaction>>,
    mut choice: ResMut<GiftChoice>,
    active: Res<ActiveScenario>,
    desk: Option<ResMut<DonationDesk>>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    let mut desk = desk;
    for (interaction, action) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match action {
            PromptButton::Give(money) => {
                intents.write(PlayerIntent(Intent::Pledge {
                    amount: *money,
                    monthly: choice.monthly,
                }));
            }
            PromptButton::Monthly(monthly) => choice.monthly = *monthly,
            PromptButton::Step(step) => {
                let Some(prompt) = active.runner.as_ref().and_then(|r| r.donate_prompt()) else {
                    continue;
                };
                let offer = offer(prompt, desk.as_deref());
                let middle = offer.first_custom();
                let current = choice.custom.unwrap_or(middle);
                let next = Amount::from_hundredths(current.hundredths().saturating_add(*step));
                choice.custom = Some(next.clamp(offer.minimum, offer.maximum));
            }
            PromptButton::Decline => {
                intents.write(PlayerIntent(Intent::Decline));
                if let Some(desk) = desk.as_deref_mut()
                    && matches!(desk.state, DeskState::Closed { .. })
                {
                    desk.set(DeskState::Dismissed);
                }
            }
            PromptButton::TryAgain => {
                if let Some(desk) = desk.as_deref_mut()
                    && let DeskState::Closed {
                        amount, monthly, ..
                    } = desk.state
                {
                    desk.start(amount, monthly);
                }
            }
        }
    }
}

fn forget_choice(mut events: MessageReader<ScenarioEvent>, mut choice: ResMut<GiftChoice>) {
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::DonationPledged { amount, monthly } => {
                info!(
                    "pledge: {} {}",
                    amount,
                    if *monthly { "monthly" } else { "once" }
                );
            }
            RuntimeEvent::DonationDeclined => info!("donation declined"),
            RuntimeEvent::Reset => *choice = GiftChoice::default(),
            _ => {}
        }
    }
}

/// What the visitor reads in the headset about their gift: the phone hand-off happens on the
/// booth screen (a phone cannot scan a code inside a headset), so the headset says where to
/// look. None while there is nothing to say.
pub fn headset_line(state: &DeskState, words: &Words) -> Option<String> {
    let amount = |money: Money, monthly: bool| {
        (
            "amount",
            temoin_scenario::message::Value::Text(words.gift(money, monthly)),
        )
    };
    Some(match state {
        DeskState::Idle | DeskState::Dismissed => return None,
        DeskState::Creating { .. } => words.say("ui.headset_preparing"),
        DeskState::Waiting {
            amount: money,
            monthly,
            ..
        } => words.say_with("ui.headset_waiting", &[amount(*money, *monthly)]),
        DeskState::Fallback { amount: money, .. } => {
            words.say_with("ui.headset_waiting", &[amount(*money, false)])
        }
        DeskState::Paid {
            amount: money,
            monthly,
        } => words.say_with("ui.headset_paid", &[amount(*money, *monthly)]),
        DeskState::Closed { .. } => words.say("ui.headset_closed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::donation::on_booth_screen;

    fn euros(units: i64) -> Money {
        temoin_scenario::Amount::whole(units)
            .in_currency(temoin_scenario::Currency::from_code("EUR").unwrap())
            .unwrap()
    }

    #[test]
    fn the_headset_says_where_the_payment_page_is() {
        let words = Words::default();
        let waiting = DeskState::Waiting {
            intent: "i".into(),
            url: "https://pay.example/x".into(),
            amount: euros(10),
            monthly: false,
            qr: Handle::default(),
            confirmable: true,
        };
        let line = headset_line(&waiting, &words).unwrap();
        assert!(
            line.starts_with("Your payment page for €10 is waiting on the screen by the stand"),
            "{line}"
        );
        let monthly = DeskState::Paid {
            amount: euros(5),
            monthly: true,
        };
        assert_eq!(
            headset_line(&monthly, &words).as_deref(),
            Some("Thank you. Your gift of €5 a month has arrived.")
        );
        let offline = DeskState::Fallback {
            url: "https://give.example".into(),
            amount: euros(25),
            qr: Handle::default(),
            reason: "offline".into(),
            operator: false,
        };
        assert!(
            headset_line(&offline, &words)
                .unwrap()
                .contains("waiting on the screen")
        );
        assert_eq!(headset_line(&DeskState::Idle, &words), None);
        // Whenever the headset points to the screen, the code is on the screen, and only then.
        let creating = DeskState::Creating {
            amount: euros(5),
            monthly: false,
        };
        for state in [&waiting, &offline, &monthly, &creating, &DeskState::Idle] {
            let points_to_screen =
                headset_line(state, &words).is_some_and(|l| l.contains("waiting on the screen"));
            assert_eq!(on_booth_screen(state), points_to_screen, "{state:?}");
        }
    }
}
