//! What the NGO learns from a booth, and nothing more: each visit as an anonymous record
//! (`temoin_analytics`): beats with their act and time, options chosen, evidence collected,
//! comfort settings, input mode, headset removals and the outcome, with the gift as an amount
//! band. No names, no IPs, no gaze traces, no free text. Written by the crate's worker thread:
//! a frame only sends messages.
//!
//! A visit starts when someone acts at the booth (the attract loop ends, or the story starts
//! without one) and ends with the next reset; a crash leaves it in the database up to its last
//! event, closed as "interrupted" at the next start.

use crate::booth::Attract;
use crate::donation::{DeskState, DonationDesk};
use crate::presence::PresenceSignal;
use crate::scenario::{ActiveScenario, ScenarioEvent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use std::path::PathBuf;
use temoin_analytics::{
    EventKind, InputMode, Outcome, PaymentStatus, Record, Recorder, amount_band, new_visit_id,
    unix_ms,
};
use temoin_scenario::RuntimeEvent;

pub struct AnalyticsPlugin {
    /// The station's analytics database; `None` records nothing.
    pub database: Option<PathBuf>,
}

/// The recorder and the visit in progress.
#[derive(Resource, Default)]
pub struct VisitLog {
    recorder: Option<Recorder>,
    visit: Option<OpenVisit>,
    /// The checkout this booth last created, to join its late status.
    intent: Option<String>,
}

struct OpenVisit {
    id: String,
    /// The runner's clock when it started (events carry that clock).
    started_at: f64,
    act: Option<u8>,
    ending: Option<Outcome>,
    input: InputMode,
}

impl VisitLog {
    /// The id of the visit being recorded, if one is.
    pub fn visit(&self) -> Option<&str> {
        self.visit.as_ref().map(|v| v.id.as_str())
    }

    fn send(&self, record: Record) {
        if let Some(recorder) = &self.recorder {
            recorder.send(record);
        }
    }

    fn event(&self, at: f64, kind: EventKind) {
        if let Some(v) = &self.visit {
            self.send(Record::Event {
                visit: v.id.clone(),
                t_ms: ((at - v.started_at).max(0.0) * 1000.0) as u64,
                kind,
            });
        }
    }

    /// Closes the visit (a reset, the next visitor): how it ended.
    fn end(&mut self) {
        if let Some(v) = self.visit.take() {
            let outcome = v.ending.unwrap_or(Outcome::Left { act: v.act });
            self.send(Record::EndVisit {
                visit: v.id,
                ended_at_ms: unix_ms(),
                outcome,
            });
        }
    }
}

impl Plugin for AnalyticsPlugin {
    fn build(&self, app: &mut App) {
        let mut log = VisitLog::default();
        if let Some(path) = &self.database {
            let station = path
                .parent()
                .map(|dir| temoin_analytics::station_id(dir).unwrap_or_else(|_| "unknown".into()))
                .unwrap_or_else(|| "unknown".into());
            match Recorder::open(path, &station) {
                Ok(recorder) => {
                    let closed = recorder.interrupted_on_open();
                    if closed > 0 {
                        warn!(
                            "analytics: {closed} visit(s) cut short by a crash closed as interrupted"
                        );
                    }
                    log.recorder = Some(recorder);
                }
                // The booth runs on without figures; the attendant's log says why.
                Err(e) => error!("analytics: {e}; this booth records no visits"),
            }
        }
        app.insert_resource(log)
            .add_message::<crate::comfort::ComfortToggle>()
            .add_message::<PresenceSignal>()
            .add_systems(
                Update,
                (start_visit, record_story, record_booth, record_gift)
                    .chain()
                    .in_set(AppSystems::Present),
            );
    }
}

fn input_mode(name: &str) -> InputMode {
    match name {
        "controllers" => InputMode::Controllers,
        "desktop" => InputMode::Desktop,
        _ => InputMode::Gaze,
    }
}

/// Someone acted at the booth: a visit begins.
fn start_visit(
    mut log: ResMut<VisitLog>,
    attract: Option<Res<Attract>>,
    screen: Res<State<Screen>>,
    active: Res<ActiveScenario>,
    input: crate::operator::status::InputMode,
) {
    if log.visit.is_some() {
        return;
    }
    let engaged = match attract {
        Some(a) => !a.on && matches!(screen.get(), Screen::ContentNote | Screen::Playing),
        None => *screen.get() == Screen::Playing,
    };
    let (Some(runner), Some(pack)) = (&active.runner, &active.pack) else {
        return;
    };
    if !engaged {
        return;
    }
    let id = new_visit_id();
    let mode = input_mode(input.name());
    log.send(Record::StartVisit {
        id: id.clone(),
        chapter: pack.chapter.id.clone(),
        locale: active
            .locale
            .as_ref()
            .map_or_else(String::new, |l| l.to_string()),
        app_version: env!("CARGO_PKG_VERSION").into(),
        input_mode: mode,
        started_at_ms: unix_ms(),
    });
    // The visit starts where the story stands (the first beat, after a reset): that beat
    // counts as entered, in its act.
    let beat = runner.beat();
    log.visit = Some(OpenVisit {
        id,
        started_at: runner.clock(),
        act: beat.act,
        ending: None,
        input: mode,
    });
    log.event(
        runner.clock(),
        EventKind::BeatEntered {
            beat: beat.id.to_string(),
            act: beat.act,
        },
    );
}

/// The story's own events, as the runner stamped them.
fn record_story(
    mut log: ResMut<VisitLog>,
    mut events: MessageReader<ScenarioEvent>,
    active: Res<ActiveScenario>,
    mut entered_playing: Local<bool>,
    screen: Res<State<Screen>>,
) {
    let playing = *screen.get() == Screen::Playing;
    if playing && !*entered_playing {
        let at = active.runner.as_ref().map_or(0.0, |r| r.clock());
        log.event(at, EventKind::ContentNoteAccepted);
    }
    *entered_playing = playing;
    let currency = active
        .pack
        .as_ref()
        .map(|p| p.chapter.currency.code().to_string());
    for ScenarioEvent(event, at) in events.read() {
        let at = *at;
        match event {
            RuntimeEvent::Reset => log.end(),
            RuntimeEvent::BeatEntered { beat } => {
                let act = active
                    .runner
                    .as_ref()
                    .and_then(|r| r.scenario().beats.iter().find(|b| b.id == *beat))
                    .and_then(|b| b.act);
                if let Some(v) = log.visit.as_mut() {
                    v.act = act.or(v.act);
                    let act = v.act;
                    log.event(
                        at,
                        EventKind::BeatEntered {
                            beat: beat.to_string(),
                            act,
                        },
                    );
                }
            }
            RuntimeEvent::OutcomeChosen {
                beat,
                option: Some(option),
                ..
            } => log.event(
                at,
                EventKind::OptionChosen {
                    beat: beat.to_string(),
                    option: option.to_string(),
                },
            ),
            RuntimeEvent::EvidenceAdded { evidence } => log.event(
                at,
                EventKind::EvidenceAdded {
                    evidence: evidence.id.to_string(),
                },
            ),
            RuntimeEvent::LocaleChanged { locale } => log.event(
                at,
                EventKind::LocaleChanged {
                    locale: locale.to_string(),
                },
            ),
            RuntimeEvent::Paused => log.event(at, EventKind::Paused),
            RuntimeEvent::Resumed => log.event(at, EventKind::Resumed),
            RuntimeEvent::EndingReached { donate, .. } => {
                if *donate {
                    log.event(at, EventKind::PromptShown);
                } else if let Some(v) = log.visit.as_mut() {
                    // The short ending: "not today" at the content note's choice.
                    v.ending = Some(Outcome::OptedOut);
                }
            }
            RuntimeEvent::DonationPledged { amount, .. } => {
                let code = amount.currency.code().to_string();
                let band = amount_band(amount.minor, &code);
                log.event(at, EventKind::AmountChosen { band: band.clone() });
                if let Some(v) = log.visit.as_mut() {
                    v.ending = Some(Outcome::Pledged {
                        band,
                        currency: currency.clone().unwrap_or(code),
                    });
                }
            }
            RuntimeEvent::DonationDeclined => {
                log.event(at, EventKind::Declined);
                if let Some(v) = log.visit.as_mut() {
                    v.ending = Some(Outcome::Declined);
                }
            }
            _ => {}
        }
    }
}

/// The booth around the story: comfort settings, the headset taken off, the input mode.
fn record_booth(
    mut log: ResMut<VisitLog>,
    active: Res<ActiveScenario>,
    mut comfort: MessageReader<crate::comfort::ComfortToggle>,
    mut presence: MessageReader<PresenceSignal>,
    input: crate::operator::status::InputMode,
) {
    let at = active.runner.as_ref().map_or(0.0, |r| r.clock());
    for toggle in comfort.read() {
        let (setting, value) = match toggle {
            crate::comfort::ComfortToggle::LargeSubtitles => ("large_subtitles", "toggled"),
            crate::comfort::ComfortToggle::MonoAudio => ("mono_audio", "toggled"),
            crate::comfort::ComfortToggle::Vignette => ("vignette", "toggled"),
            crate::comfort::ComfortToggle::Voices(volume) => (
                "voices",
                match volume {
                    crate::comfort::VoiceVolume::Quiet => "quiet",
                    crate::comfort::VoiceVolume::Normal => "normal",
                    crate::comfort::VoiceVolume::Loud => "loud",
                },
            ),
        };
        log.event(
            at,
            EventKind::ComfortChanged {
                setting: setting.into(),
                value: value.into(),
            },
        );
    }
    for signal in presence.read() {
        log.event(
            at,
            if signal.present {
                EventKind::HeadsetReturned
            } else {
                EventKind::HeadsetRemoved
            },
        );
    }
    let mode = input_mode(input.name());
    if let Some(v) = log.visit.as_mut()
        && v.input != mode
    {
        v.input = mode;
        log.event(at, EventKind::InputMode { mode });
    }
}

/// The gift's life after the pledge: the checkout, then its status, however late.
fn record_gift(
    mut log: ResMut<VisitLog>,
    desk: Option<Res<DonationDesk>>,
    active: Res<ActiveScenario>,
) {
    let Some(desk) = desk else {
        return;
    };
    if !desk.is_changed() {
        return;
    }
    let at = active.runner.as_ref().map_or(0.0, |r| r.clock());
    match &desk.state {
        DeskState::Waiting { intent, .. } if log.intent.as_ref() != Some(intent) => {
            log.intent = Some(intent.clone());
            log.event(
                at,
                EventKind::CheckoutCreated {
                    intent_id: intent.clone(),
                },
            );
            log.send(Record::DonationStatus {
                intent_id: intent.clone(),
                status: PaymentStatus::Open,
            });
        }
        DeskState::Paid { .. } => {
            if let Some(intent) = log.intent.clone() {
                log.send(Record::DonationStatus {
                    intent_id: intent,
                    status: PaymentStatus::Paid,
                });
            }
        }
        DeskState::Closed { status, .. } => {
            if let (Some(intent), Some(status)) =
                (log.intent.clone(), PaymentStatus::parse(status.name()))
            {
                log.send(Record::DonationStatus {
                    intent_id: intent,
                    status,
                });
            }
        }
        DeskState::Fallback { .. } => {
            if let Some(v) = log.visit.as_mut() {
                v.ending = Some(Outcome::Offline);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use temoin_analytics::PaymentStatus;
    use temoin_donations::IntentStatus;

    /// Analytics keeps its own list of payment states (it must not depend on the providers);
    /// this is where the two lists meet, so a state added to the journal cannot go unrecorded.
    #[test]
    fn every_journal_status_has_an_analytics_status_of_the_same_name() {
        use IntentStatus::*;
        for status in [Created, Open, Paid, Expired, Canceled, Failed, Pledged] {
            // A new journal status fails to compile here until it is listed above.
            match status {
                Created | Open | Paid | Expired | Canceled | Failed | Pledged => {}
            }
            let analytics = PaymentStatus::parse(status.name())
                .unwrap_or_else(|| panic!("no analytics status for `{}`", status.name()));
            assert_eq!(analytics.name(), status.name());
            assert_eq!(
                analytics.is_settled(),
                status.is_settled(),
                "{}",
                status.name()
            );
        }
    }
}
