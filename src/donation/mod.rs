//! Donations in the app: a pledge at the prompt becomes a real checkout with the chapter's
//! provider, handed to the visitor's phone as a QR code on the booth screen. All network and
//! disk work runs on one worker thread; the frame only sends jobs and reads answers. The desk
//! follows the loaded chapter pack, so an edited chapter file changes the prompt and the
//! provider of the next pledge while the booth runs. At start-up the worker reconciles what
//! an earlier run left unfinished.

mod worker;

use crate::AppSystems;
use crate::scenario::{ActiveScenario, ScenarioEvent};
use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Mutex, Weak};
use temoin_chapter::Pack;
use temoin_donations::DonationSettings;
use temoin_donations::journal::IntentStatus;
use temoin_donations::qr::QrMatrix;
use temoin_scenario::{Money, RuntimeEvent};
pub use worker::{Job, JobResult};

/// Seconds between two status checks of an open checkout.
const POLL_SECONDS: f32 = 3.0;

/// Where the visitor's gift stands, for the prompt and the operator overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum DeskState {
    Idle,
    /// Creating the checkout at the provider.
    Creating {
        amount: Money,
        monthly: bool,
    },
    /// The checkout exists: the visitor scans the code.
    Waiting {
        intent: String,
        url: String,
        amount: Money,
        monthly: bool,
        qr: Handle<Image>,
        confirmable: bool,
    },
    Paid {
        amount: Money,
        monthly: bool,
    },
    /// Expired or cancelled at the provider: the visitor may try again.
    Closed {
        status: IntentStatus,
        amount: Money,
        monthly: bool,
    },
    /// The visitor said "not now" after a closed checkout.
    Dismissed,
    /// The provider cannot be reached or refused our configuration: the fallback link.
    Fallback {
        url: String,
        amount: Money,
        qr: Handle<Image>,
        reason: String,
        operator: bool,
    },
}

#[derive(Resource)]
pub struct DonationDesk {
    /// The loaded chapter's donation settings (currency, amounts, provider, fallback link),
    /// taken from the pack each time it loads; `None` until the first pack has loaded.
    pub settings: Option<DonationSettings>,
    pub state: DeskState,
    /// Bumped on every change of state or settings, so the interface knows when to rebuild.
    pub version: u64,
    /// A problem the attendant must fix (a wrong key), shown on the operator line.
    pub operator_message: Option<String>,
    /// Whether `operator_message` says the settings could not be used (a reload that fixes
    /// them clears it).
    configuration_problem: bool,
    jobs: Sender<Job>,
    results: Mutex<Receiver<JobResult>>,
    since_poll: f32,
}

impl DonationDesk {
    pub fn set(&mut self, state: DeskState) {
        self.state = state;
        self.version += 1;
    }

    fn send(&self, job: Job) {
        if self.jobs.send(job).is_err() {
            error!("the donations worker has stopped; pledges are not being processed");
        }
    }

    /// Asks for a checkout for `amount` (the prompt's "try again" uses it too).
    pub fn start(&mut self, amount: Money, monthly: bool) {
        if self.settings.is_none() {
            // Only before the first pack has loaded, when no prompt can be on screen.
            warn!("a pledge of {amount} came before the chapter loaded; it was not sent");
            return;
        }
        self.send(Job::Start { amount, monthly });
        self.set(DeskState::Creating { amount, monthly });
    }

    /// Whether monthly gifts can be offered with this chapter's provider.
    pub fn offers_monthly(&self) -> bool {
        self.settings
            .as_ref()
            .is_some_and(DonationSettings::offers_monthly)
    }

    /// The chapter's suggested gifts; none until a chapter has loaded.
    pub fn suggested(&self) -> Vec<Money> {
        self.settings
            .as_ref()
            .map(DonationSettings::suggested)
            .unwrap_or_default()
    }

    /// Takes the chapter's new settings: the prompt shows them, and the worker uses them from
    /// the next pledge. The state is left alone: an open checkout stays open, still polled and
    /// closed with the provider that made it.
    fn configure(&mut self, settings: DonationSettings) {
        if self.settings.is_some() {
            info!(
                "chapter `{}` changed; the next pledge goes through {}",
                settings.chapter,
                settings.provider.kind().name()
            );
        }
        self.send(Job::Configure(settings.clone()));
        self.settings = Some(settings);
        self.version += 1;
    }
}

pub struct DonationPlugin {
    pub journal: PathBuf,
    /// Where chapter files are read from to settle gifts an earlier run made with another
    /// chapter.
    pub chapters_dir: PathBuf,
    /// The provider's key; `None` reads it from the environment or `TEMOIN_SECRETS`.
    pub secret: Option<temoin_donations::secrets::Secret>,
}

impl Plugin for DonationPlugin {
    fn build(&self, app: &mut App) {
        let (jobs, results) = worker::spawn(
            self.journal.clone(),
            self.chapters_dir.clone(),
            self.secret.clone(),
        );
        app.insert_resource(DonationDesk {
            settings: None,
            state: DeskState::Idle,
            version: 0,
            operator_message: None,
            configuration_problem: false,
            jobs,
            results: Mutex::new(results),
            since_poll: 0.0,
        })
        .add_systems(
            Update,
            (
                follow_chapter,
                on_story_events,
                read_results,
                poll_open_checkout,
            )
                .chain()
                .in_set(AppSystems::ApplyEffects),
        );
    }
}

/// The chapter's donation settings come from the pack the story plays, the one copy that live
/// reload refreshes: whenever a new pack has loaded with different settings, the desk takes
/// them.
fn follow_chapter(
    active: Res<ActiveScenario>,
    mut desk: ResMut<DonationDesk>,
    mut seen: Local<Weak<Pack>>,
) {
    let Some(pack) = &active.pack else {
        return;
    };
    // A weak pointer keeps the old pack's allocation, so a new pack never reuses its address.
    if seen.ptr_eq(&std::sync::Arc::downgrade(pack)) {
        return;
    }
    *seen = std::sync::Arc::downgrade(pack);
    let settings = pack.chapter.donations();
    if desk.settings.as_ref() != Some(&settings) {
        desk.configure(settings);
    }
}

fn on_story_events(mut events: MessageReader<ScenarioEvent>, mut desk: ResMut<DonationDesk>) {
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::DonationPledged { amount, monthly } => desk.start(*amount, *monthly),
            RuntimeEvent::Reset => {
                // The next visitor must not pay into the last one's page: close it.
                if let DeskState::Waiting {
                    intent,
                    confirmable: true,
                    ..
                } = &desk.state
                {
                    let intent = intent.clone();
                    desk.send(Job::Expire(intent));
                }
                desk.set(DeskState::Idle);
            }
            _ => {}
        }
    }
}

fn qr_image(url: &str, images: &mut Assets<Image>) -> Handle<Image> {
    let Ok(qr) = QrMatrix::encode(url) else {
        return Handle::default();
    };
    let (side, grey) = qr.to_pixels(8);
    let rgba: Vec<u8> = grey.iter().flat_map(|&g| [g, g, g, 255]).collect();
    let mut image = Image::new(
        Extent3d {
            width: side as u32,
            height: side as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    // Crisp modules: a blurred code scans badly.
    image.sampler = ImageSampler::nearest();
    images.add(image)
}

fn read_results(mut desk: ResMut<DonationDesk>, mut images: ResMut<Assets<Image>>) {
    let results: Vec<JobResult> = match desk.results.lock() {
        Ok(receiver) => receiver.try_iter().collect(),
        Err(_) => return,
    };
    for result in results {
        match result {
            JobResult::Created {
                intent,
                url,
                amount,
                monthly,
                status,
            } => {
                // A reset while the page was being made: close it right away.
                if !matches!(desk.state, DeskState::Creating { .. }) {
                    desk.send(Job::Expire(intent));
                    continue;
                }
                let confirmable = status != IntentStatus::Pledged;
                let qr = qr_image(&url, &mut images);
                desk.since_poll = 0.0;
                desk.set(DeskState::Waiting {
                    intent,
                    url,
                    amount,
                    monthly,
                    qr,
                    confirmable,
                });
            }
            JobResult::Fallback {
                url,
                amount,
                reason,
                operator,
            } => {
                if operator {
                    error!("donations: {reason}");
                    desk.operator_message = Some(reason.clone());
                    desk.configuration_problem = false;
                } else {
                    warn!("donations: {reason}; showing the fallback link");
                }
                if matches!(desk.state, DeskState::Creating { .. }) {
                    let qr = qr_image(&url, &mut images);
                    desk.set(DeskState::Fallback {
                        url,
                        amount,
                        qr,
                        reason,
                        operator,
                    });
                }
            }
            JobResult::Status { intent, status } => {
                let DeskState::Waiting {
                    intent: waiting,
                    amount,
                    monthly,
                    ..
                } = &desk.state
                else {
                    continue;
                };
                if *waiting != intent {
                    continue;
                }
                let (amount, monthly) = (*amount, *monthly);
                match status {
                    IntentStatus::Paid => {
                        info!("donation {intent} paid");
                        desk.set(DeskState::Paid { amount, monthly });
                    }
                    IntentStatus::Expired | IntentStatus::Canceled | IntentStatus::Failed => {
                        desk.set(DeskState::Closed {
                            status,
                            amount,
                            monthly,
                        });
                    }
                    _ => {}
                }
            }
            JobResult::Configured(Ok(())) => {
                if desk.configuration_problem {
                    desk.operator_message = None;
                    desk.configuration_problem = false;
                }
            }
            JobResult::Configured(Err(reason)) => {
                error!("donations: {reason}");
                desk.operator_message = Some(reason);
                desk.configuration_problem = true;
            }
            JobResult::Operator(message) => {
                error!("donations: {message}");
                desk.operator_message = Some(message);
                desk.configuration_problem = false;
            }
        }
    }
}

fn poll_open_checkout(time: Res<Time>, mut desk: ResMut<DonationDesk>) {
    let DeskState::Waiting {
        intent,
        confirmable: true,
        ..
    } = &desk.state
    else {
        return;
    };
    let intent = intent.clone();
    desk.since_poll += time.delta_secs();
    if desk.since_poll >= POLL_SECONDS {
        desk.since_poll = 0.0;
        desk.send(Job::Poll(intent));
    }
}

/// Whether the prompt is on the booth's screen: while the checkout's QR code (or the fallback
/// link's) waits for the visitor's phone, since a phone cannot scan a code inside a headset.
/// Every other moment of the prompt is in the headset.
pub fn on_booth_screen(state: &DeskState) -> bool {
    matches!(
        state,
        DeskState::Waiting { .. } | DeskState::Fallback { .. }
    )
}
