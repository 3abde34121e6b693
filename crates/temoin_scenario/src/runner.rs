//! The step machine that plays a scenario: typed intents and elapsed time in, typed events
//! out. Desktop, headset and tests all drive it the same way; it never knows which device is
//! in use, and everything a visitor changed is forgotten by `Intent::Reset`.

use crate::ids::*;
use crate::index::ScenarioIndex;
use crate::model::*;
use crate::money::Money;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the visitor (or a test) asks for, whatever the device.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Intent {
    /// Point and press the trigger, or click.
    Select(TargetId),
    /// What the visitor is looking at now (gaze or pointer hover); `None` when nothing.
    Focus(Option<TargetId>),
    /// Pick an offered option by its line id.
    Choose(LineId),
    /// The visitor now stands on this spot.
    ArriveAt(SpotId),
    /// Skip the current line.
    SkipLine,
    Pause,
    Resume,
    /// Back to the start with a clean slate, for the next visitor.
    Reset,
    /// Pledge an amount at the donation prompt, in the currency the chapter collects in
    /// (which may differ from the scenario's default prompt).
    Pledge {
        amount: Money,
        monthly: bool,
    },
    /// "Not now" at the donation prompt.
    Decline,
}

/// Which of a beat's triggers fired, for analytics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TriggerKind {
    LookAt,
    Select,
    Reach,
    Choose,
    Timer,
    Continue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FadeDirection {
    Out,
    In,
}

/// What happened, in order. The app turns these into sound, fades and scenery; an analytics
/// layer can store them as they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RuntimeEvent {
    Started {
        scenario: String,
    },
    BeatEntered {
        beat: BeatId,
    },
    LineStarted {
        line: LineId,
        /// The name to show: the character's (in the visitor's language), or the scenario's
        /// own wording when the speaker is no character.
        speaker: Option<String>,
        /// The character who speaks, when they are one (their voice comes from where they
        /// stand, and they turn to the visitor).
        character: Option<CharacterId>,
        /// Heard over the radio.
        radio: bool,
        text: String,
        audio: Option<String>,
        seconds: f32,
    },
    LineFinished {
        line: LineId,
        skipped: bool,
    },
    /// The lines are over and the visitor can act.
    AwaitingInput {
        beat: BeatId,
    },
    TimerStarted {
        seconds: f32,
        visible: bool,
    },
    OutcomeChosen {
        beat: BeatId,
        trigger: TriggerKind,
        option: Option<LineId>,
    },
    FlagSet {
        flag: FlagName,
        value: bool,
    },
    CounterChanged {
        counter: CounterName,
        value: i64,
    },
    EvidenceAdded {
        evidence: Evidence,
    },
    SoundRequested {
        path: String,
        volume: f32,
    },
    Fade {
        direction: FadeDirection,
        seconds: f32,
    },
    EnvironmentChanged {
        environment: EnvironmentId,
        spot: SpotId,
    },
    /// A character of the current place moves, sits, stands or plays a clip.
    CharacterAction {
        character: CharacterId,
        action: CharacterAction,
    },
    EndingReached {
        beat: BeatId,
        donate: bool,
    },
    DonationPledged {
        amount: Money,
        monthly: bool,
    },
    DonationDeclined,
    Paused,
    Resumed,
    Reset,
    /// The visitor (or the attendant) switched the story to another of the chapter's
    /// languages, at the same place. The runner never changes language itself: whoever
    /// builds the runner in the new language sends this (`Runner::announce`).
    LocaleChanged {
        locale: crate::Locale,
    },
}

/// An event with the runner's clock when it happened: seconds of time fed to `step` since the
/// runner was made, paused or not, never reset (a reset for the next visitor keeps counting),
/// so analytics can time beats and visits without a wall clock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimedEvent {
    pub at: f64,
    pub event: RuntimeEvent,
}

/// What a character is asked to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CharacterAction {
    /// Walk to this spot of the current place, then face the visitor.
    WalkTo(SpotId),
    /// Walk up to the visitor.
    Approach,
    Pose(Pose),
    Animate(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Phase {
    /// Lines of the current beat are playing.
    Lines,
    /// Waiting for the visitor (or a timer).
    Awaiting,
    /// At an ending; the donation prompt waits for a pledge or a decline.
    Ending,
    /// The visitor pledged or declined; nothing more happens until reset.
    Finished,
}

/// Fade lengths used when the runtime itself changes the scene.
pub const SCENE_FADE_SECONDS: f32 = 0.6;

/// Everything that changes while a visitor plays; `Reset` replaces it whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayState {
    pub beat: usize,
    pub phase: Phase,
    pub line: usize,
    pub line_elapsed: f32,
    /// Seconds since the lines of the beat ended (timers count from here).
    pub awaiting_elapsed: f32,
    pub used_outcomes: BTreeSet<usize>,
    pub flags: BTreeSet<FlagName>,
    pub counters: BTreeMap<CounterName, i64>,
    pub notebook: Vec<Evidence>,
    pub environment: usize,
    pub spot: SpotId,
    pub focus: Option<TargetId>,
    pub dwell: f32,
    pub paused: bool,
    pub elapsed: f32,
    pub pledge: Option<(Money, bool)>,
}

pub struct Runner {
    scenario: Arc<Scenario>,
    index: ScenarioIndex,
    state: PlayState,
    events: Vec<TimedEvent>,
    /// Seconds of time fed to `step`, advanced as each step consumes it.
    clock: f64,
}

/// An option the visitor can pick now.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferedOption {
    pub outcome: usize,
    pub text: Text,
}

impl Runner {
    /// A runner at the start beat. The scenario must have passed validation.
    pub fn new(scenario: Arc<Scenario>) -> Self {
        let index = ScenarioIndex::new(&scenario);
        let state = Self::initial_state(&scenario, &index);
        let mut runner = Runner {
            scenario,
            index,
            state,
            events: Vec::new(),
            clock: 0.0,
        };
        runner.begin();
        runner
    }

    /// A runner for a reloaded scenario that continues at `beat` if it still exists, with the
    /// visitor's notebook and flags kept; otherwise at the start.
    pub fn resume_at(scenario: Arc<Scenario>, beat: &BeatId, previous: &PlayState) -> Self {
        let mut runner = Runner::new(scenario);
        if let Some(&b) = runner.index.beats.get(beat) {
            runner.events.clear();
            runner.state.flags = previous.flags.clone();
            runner.state.counters = previous.counters.clone();
            // The same items, as the new scenario words them (another language, an edit).
            runner.state.notebook = previous
                .notebook
                .iter()
                .map(|kept| {
                    runner
                        .scenario
                        .find_evidence(&kept.id)
                        .cloned()
                        .unwrap_or_else(|| kept.clone())
                })
                .collect();
            runner.state.elapsed = previous.elapsed;
            if let Some(env) = runner.scenario.environments.get(previous.environment)
                && let Some(&e) = runner.index.environments.get(&env.id)
            {
                runner.state.environment = e;
                runner.state.spot = previous.spot.clone();
            }
            runner.emit(RuntimeEvent::Started {
                scenario: runner.scenario.id.clone(),
            });
            let (environment, spot) = (
                runner.current_environment().id.clone(),
                runner.state.spot.clone(),
            );
            runner.emit(RuntimeEvent::EnvironmentChanged { environment, spot });
            runner.enter_beat(b);
        }
        runner
    }

    /// A runner that jumps straight to `beat` in the environment the story would reach it in
    /// (for stills and tests); flags and notebook are kept from `previous`.
    pub fn jump(scenario: Arc<Scenario>, beat: &BeatId, previous: &PlayState) -> Self {
        let mut runner = Runner::resume_at(scenario, beat, previous);
        let b = runner.state.beat;
        let home = runner.index.home_environment.get(b).copied().flatten();
        if runner.beat().id == *beat
            && runner.beat().environment.is_none()
            && let Some(e) = home.filter(|&e| e != runner.state.environment)
        {
            runner.events.clear();
            let environment = runner.scenario.environments[e].id.clone();
            runner.apply_effect(&Effect::MoveTo {
                environment,
                spot: None,
            });
            runner.enter_beat(b);
        }
        runner
    }

    fn initial_state(scenario: &Scenario, index: &ScenarioIndex) -> PlayState {
        let start = index.beats.get(&scenario.start).copied().unwrap_or(0);
        let environment = scenario
            .beats
            .get(start)
            .and_then(|b| b.environment.as_ref())
            .and_then(|e| index.environments.get(e))
            .copied()
            .unwrap_or(0);
        let spot = scenario
            .environments
            .get(environment)
            .map(|e| e.arrival.clone())
            .unwrap_or_else(|| SpotId::new(""));
        PlayState {
            beat: start,
            phase: Phase::Lines,
            line: 0,
            line_elapsed: 0.0,
            awaiting_elapsed: 0.0,
            used_outcomes: BTreeSet::new(),
            flags: BTreeSet::new(),
            counters: BTreeMap::new(),
            notebook: Vec::new(),
            environment,
            spot,
            focus: None,
            dwell: 0.0,
            paused: false,
            elapsed: 0.0,
            pledge: None,
        }
    }

    fn begin(&mut self) {
        self.emit(RuntimeEvent::Started {
            scenario: self.scenario.id.clone(),
        });
        let (environment, spot) = (
            self.current_environment().id.clone(),
            self.state.spot.clone(),
        );
        self.emit(RuntimeEvent::EnvironmentChanged { environment, spot });
        self.enter_beat(self.state.beat);
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn index(&self) -> &ScenarioIndex {
        &self.index
    }

    pub fn state(&self) -> &PlayState {
        &self.state
    }

    pub fn beat(&self) -> &Beat {
        &self.scenario.beats[self.state.beat]
    }

    pub fn current_environment(&self) -> &Environment {
        &self.scenario.environments[self.state.environment]
    }

    /// The line on screen now, if any.
    pub fn current_line(&self) -> Option<&Line> {
        match self.state.phase {
            Phase::Lines => self.beat().lines.get(self.state.line),
            _ => None,
        }
    }

    /// Seconds the current line stays on screen.
    pub fn line_seconds(line: &Line) -> f32 {
        line.duration
            .unwrap_or_else(|| crate::timing::reading_seconds(&line.text))
    }

    /// Outcomes the visitor can trigger now: lines over, not used up, condition holds.
    pub fn open_outcomes(&self) -> impl Iterator<Item = (usize, &Outcome)> {
        let awaiting = self.state.phase == Phase::Awaiting;
        self.beat()
            .outcomes
            .iter()
            .enumerate()
            .filter(move |(i, o)| {
                awaiting
                    && !self.state.used_outcomes.contains(i)
                    && o.when.as_ref().is_none_or(|c| self.holds(c))
            })
    }

    /// The options on offer now, in file order.
    pub fn options(&self) -> Vec<OfferedOption> {
        self.open_outcomes()
            .filter_map(|(i, o)| match &o.on {
                Trigger::Choose { option } => Some(OfferedOption {
                    outcome: i,
                    text: option.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    /// Targets the visitor can act on now.
    pub fn active_targets(&self) -> BTreeSet<TargetId> {
        self.open_outcomes()
            .filter_map(|(_, o)| match &o.on {
                Trigger::LookAt { target, .. } | Trigger::Select { target } => Some(target.clone()),
                _ => None,
            })
            .collect()
    }

    /// Spots the visitor is asked to reach now: those a `Reach` waits for (unless quiet), and those where
    /// standing would open an outcome that an `At(spot)` condition keeps closed here.
    pub fn active_spots(&self) -> BTreeSet<SpotId> {
        let mut spots: BTreeSet<SpotId> = self
            .open_outcomes()
            .filter_map(|(_, o)| match &o.on {
                Trigger::Reach { spot, quiet: false } => Some(spot.clone()),
                _ => None,
            })
            .collect();
        if self.state.phase != Phase::Awaiting {
            return spots;
        }
        for (i, outcome) in self.beat().outcomes.iter().enumerate() {
            let Some(when) = &outcome.when else { continue };
            if self.state.used_outcomes.contains(&i) {
                continue;
            }
            let mut named = Vec::new();
            spots_named(when, &mut named);
            for spot in named {
                if *spot != self.state.spot && self.holds_standing_at(when, spot) {
                    spots.insert(spot.clone());
                }
            }
        }
        spots
    }

    /// Seconds left on the visible timer, if one runs.
    pub fn visible_timer(&self) -> Option<f32> {
        self.open_outcomes()
            .filter_map(|(_, o)| match o.on {
                Trigger::Timer {
                    seconds,
                    visible: true,
                } => Some((seconds - self.state.awaiting_elapsed).max(0.0)),
                _ => None,
            })
            .reduce(f32::min)
    }

    /// How far the dwell on the focused target has come, 0..=1, for the ring that fills.
    pub fn dwell_progress(&self) -> Option<(TargetId, f32)> {
        let focus = self.state.focus.as_ref()?;
        self.open_outcomes().find_map(|(_, o)| match &o.on {
            Trigger::LookAt { target, dwell } if target == focus => {
                Some((target.clone(), (self.state.dwell / dwell).min(1.0)))
            }
            _ => None,
        })
    }

    /// The donation prompt, when the visitor is at a `Donate` ending.
    pub fn donate_prompt(&self) -> Option<&DonatePrompt> {
        match (&self.state.phase, &self.beat().ending) {
            (Phase::Ending | Phase::Finished, Some(Ending::Donate(prompt))) => Some(prompt),
            _ => None,
        }
    }

    pub fn holds(&self, condition: &Condition) -> bool {
        self.holds_standing_at(condition, &self.state.spot)
    }

    /// Whether `condition` would hold if the visitor stood on `spot`, all else unchanged.
    fn holds_standing_at(&self, condition: &Condition, spot: &SpotId) -> bool {
        let s = &self.state;
        match condition {
            Condition::Flag(f) => s.flags.contains(f),
            Condition::NotFlag(f) => !s.flags.contains(f),
            Condition::Counter(n, cmp) => cmp.holds(s.counters.get(n).copied().unwrap_or(0)),
            Condition::HasEvidence(id) => s.notebook.iter().any(|e| &e.id == id),
            Condition::At(at) => at == spot,
            Condition::All(list) => list.iter().all(|c| self.holds_standing_at(c, spot)),
            Condition::Any(list) => list.iter().any(|c| self.holds_standing_at(c, spot)),
            Condition::Not(inner) => !self.holds_standing_at(inner, spot),
        }
    }

    /// Applies intents, then advances time by `dt` seconds (unless paused), and returns what
    /// happened in order.
    pub fn step(
        &mut self,
        intents: impl IntoIterator<Item = Intent>,
        dt: f32,
    ) -> Vec<RuntimeEvent> {
        untimed(self.step_timed(intents, dt))
    }

    /// `step`, with the runner's clock on each event.
    pub fn step_timed(
        &mut self,
        intents: impl IntoIterator<Item = Intent>,
        dt: f32,
    ) -> Vec<TimedEvent> {
        let end = self.clock + dt.max(0.0) as f64;
        for intent in intents {
            self.apply(intent);
        }
        if !self.state.paused && dt > 0.0 {
            self.advance(dt);
        }
        self.clock = end;
        std::mem::take(&mut self.events)
    }

    /// Events produced by construction (`Started`, the first beat), before any step.
    pub fn take_events(&mut self) -> Vec<RuntimeEvent> {
        untimed(self.take_timed_events())
    }

    pub fn take_timed_events(&mut self) -> Vec<TimedEvent> {
        std::mem::take(&mut self.events)
    }

    /// The runner's clock: seconds of time fed to `step` so far.
    pub fn clock(&self) -> f64 {
        self.clock
    }

    /// Carries the clock over from the runner this one replaces (a reload, another
    /// language), so that time keeps running forward for whoever reads the events.
    pub fn continue_clock(&mut self, from: &Runner) {
        let offset = from.clock;
        self.clock += offset;
        for e in &mut self.events {
            e.at += offset;
        }
    }

    /// Adds an event that happened outside the runner's own steps (a change of language).
    pub fn announce(&mut self, event: RuntimeEvent) {
        self.emit(event);
    }

    fn emit(&mut self, event: RuntimeEvent) {
        self.events.push(TimedEvent {
            at: self.clock,
            event,
        });
    }

    fn apply(&mut self, intent: Intent) {
        match intent {
            Intent::Reset => {
                // What happened earlier in this step still happened (a pledge, a choice):
                // it is reported before the reset, never dropped.
                self.state = Self::initial_state(&self.scenario, &self.index);
                self.emit(RuntimeEvent::Reset);
                self.begin();
            }
            Intent::Pause if !self.state.paused => {
                self.state.paused = true;
                self.emit(RuntimeEvent::Paused);
            }
            Intent::Resume if self.state.paused => {
                self.state.paused = false;
                self.emit(RuntimeEvent::Resumed);
            }
            // Nothing but pause, resume and reset acts on a paused scenario.
            _ if self.state.paused => {}
            Intent::Pause | Intent::Resume => {}
            Intent::SkipLine => {
                if let Some(line) = self.current_line() {
                    let id = line.id.clone();
                    self.emit(RuntimeEvent::LineFinished {
                        line: id,
                        skipped: true,
                    });
                    self.next_line();
                }
            }
            Intent::Focus(target) => {
                if self.state.focus != target {
                    self.state.focus = target;
                    self.state.dwell = 0.0;
                }
            }
            Intent::Select(target) => {
                let found = self.open_outcomes().find(|(_, o)| match &o.on {
                    Trigger::Select { target: t } | Trigger::LookAt { target: t, .. } => {
                        *t == target
                    }
                    _ => false,
                });
                if let Some((i, o)) = found {
                    let kind = if matches!(o.on, Trigger::Select { .. }) {
                        TriggerKind::Select
                    } else {
                        TriggerKind::LookAt
                    };
                    self.fire(i, kind, None);
                }
            }
            Intent::ArriveAt(spot) => {
                self.state.spot = spot;
                self.check_reach();
            }
            Intent::Choose(line) => {
                let found = self.options().into_iter().find(|o| o.text.id == line);
                if let Some(option) = found {
                    self.fire(option.outcome, TriggerKind::Choose, Some(line));
                }
            }
            Intent::Pledge { amount, monthly } => {
                if self.state.phase != Phase::Ending {
                    return;
                }
                let Some(prompt) = self.donate_prompt() else {
                    return;
                };
                let monthly = monthly && prompt.monthly;
                if amount.minor > 0 {
                    self.state.pledge = Some((amount, monthly));
                    self.state.phase = Phase::Finished;
                    self.emit(RuntimeEvent::DonationPledged { amount, monthly });
                }
            }
            Intent::Decline => {
                if self.state.phase == Phase::Ending && self.donate_prompt().is_some() {
                    self.state.phase = Phase::Finished;
                    self.emit(RuntimeEvent::DonationDeclined);
                }
            }
        }
    }

    fn advance(&mut self, dt: f32) {
        self.state.elapsed += dt;
        let (start, total) = (self.clock, dt);
        let mut dt = dt;
        // The clock follows the time consumed, so each event carries the moment it happened.
        let at = |left: f32| start + (total - left).max(0.0) as f64;
        // A long step (a test, a stalled frame) may cross several lines and timers; each
        // iteration consumes what it needs and passes the rest on.
        for _ in 0..10_000 {
            match self.state.phase {
                Phase::Lines => {
                    let Some(line) = self.current_line() else {
                        self.lines_over();
                        continue;
                    };
                    let seconds = Self::line_seconds(line);
                    let left = seconds - self.state.line_elapsed;
                    if dt < left {
                        self.state.line_elapsed += dt;
                        return;
                    }
                    dt -= left.max(0.0);
                    let id = line.id.clone();
                    self.clock = at(dt);
                    self.emit(RuntimeEvent::LineFinished {
                        line: id,
                        skipped: false,
                    });
                    self.next_line();
                }
                Phase::Awaiting => {
                    let beat_before = self.state.beat;
                    let used_before = self.state.used_outcomes.len();
                    // Dwell on the focused target.
                    if let Some(focus) = self.state.focus.clone() {
                        let dwell_needed = self.open_outcomes().find_map(|(i, o)| match &o.on {
                            Trigger::LookAt { target, dwell } if *target == focus => {
                                Some((i, *dwell))
                            }
                            _ => None,
                        });
                        if let Some((i, needed)) = dwell_needed
                            && self.state.dwell + dt >= needed
                        {
                            dt -= (needed - self.state.dwell).max(0.0);
                            self.clock = at(dt);
                            self.state.dwell = 0.0;
                            self.fire(i, TriggerKind::LookAt, None);
                            continue;
                        }
                    }
                    // The earliest timer to run out within this step fires first.
                    let elapsed = self.state.awaiting_elapsed;
                    let due = self
                        .open_outcomes()
                        .filter_map(|(i, o)| match o.on {
                            Trigger::Timer { seconds, .. } if seconds - elapsed <= dt => {
                                Some((i, seconds))
                            }
                            _ => None,
                        })
                        .min_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((i, seconds)) = due {
                        let used = (seconds - elapsed).max(0.0);
                        dt -= used;
                        self.clock = at(dt);
                        self.state.awaiting_elapsed += used;
                        if self.state.focus.is_some() {
                            self.state.dwell += used;
                        }
                        self.fire(i, TriggerKind::Timer, None);
                        continue;
                    }
                    if self.state.beat == beat_before
                        && self.state.used_outcomes.len() == used_before
                    {
                        self.state.awaiting_elapsed += dt;
                        if self.state.focus.is_some() {
                            self.state.dwell += dt;
                        }
                        return;
                    }
                }
                Phase::Ending | Phase::Finished => return,
            }
        }
    }

    fn next_line(&mut self) {
        self.play_line_from(self.state.line + 1);
    }

    /// Plays the first line from `from` on whose `when` holds now, or ends the lines.
    fn play_line_from(&mut self, from: usize) {
        let lines = &self.scenario.beats[self.state.beat].lines;
        let next =
            (from..lines.len()).find(|&i| lines[i].when.as_ref().is_none_or(|c| self.holds(c)));
        self.state.line = next.unwrap_or(lines.len());
        self.state.line_elapsed = 0.0;
        match next {
            Some(i) => {
                let line = self.scenario.beats[self.state.beat].lines[i].clone();
                self.start_line(&line);
            }
            None => self.lines_over(),
        }
    }

    fn start_line(&mut self, line: &Line) {
        let character = line.speaker.as_deref().and_then(|id| {
            self.scenario
                .character(&self.index, id, Some(self.state.environment))
        });
        self.emit(RuntimeEvent::LineStarted {
            line: line.id.clone(),
            speaker: character
                .map(|c| c.name.text.clone())
                .or_else(|| line.speaker.clone()),
            character: character.map(|c| c.id.clone()),
            radio: line.radio,
            text: line.text.clone(),
            audio: line.audio.clone(),
            seconds: Self::line_seconds(line),
        });
    }

    fn lines_over(&mut self) {
        if self.beat().ending.is_some() {
            self.state.phase = Phase::Ending;
            let donate = matches!(self.beat().ending, Some(Ending::Donate(_)));
            self.emit(RuntimeEvent::EndingReached {
                beat: self.beat().id.clone(),
                donate,
            });
            return;
        }
        self.state.phase = Phase::Awaiting;
        self.state.awaiting_elapsed = 0.0;
        self.emit(RuntimeEvent::AwaitingInput {
            beat: self.beat().id.clone(),
        });
        let timers: Vec<(f32, bool)> = self
            .open_outcomes()
            .filter_map(|(_, o)| match o.on {
                Trigger::Timer { seconds, visible } => Some((seconds, visible)),
                _ => None,
            })
            .collect();
        for (seconds, visible) in timers {
            self.emit(RuntimeEvent::TimerStarted { seconds, visible });
        }
        let continue_now = self
            .open_outcomes()
            .find(|(_, o)| matches!(o.on, Trigger::Continue))
            .map(|(i, _)| i);
        if let Some(i) = continue_now {
            self.fire(i, TriggerKind::Continue, None);
            return;
        }
        // The visitor may already stand where the beat asks them to go.
        self.check_reach();
    }

    fn check_reach(&mut self) {
        let spot = self.state.spot.clone();
        let found = self
            .open_outcomes()
            .find(|(_, o)| matches!(&o.on, Trigger::Reach { spot: s, .. } if *s == spot))
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.fire(i, TriggerKind::Reach, None);
        }
    }

    fn fire(&mut self, outcome: usize, trigger: TriggerKind, option: Option<LineId>) {
        let beat = self.beat().id.clone();
        let o = self.beat().outcomes[outcome].clone();
        self.emit(RuntimeEvent::OutcomeChosen {
            beat,
            trigger,
            option,
        });
        self.state.used_outcomes.insert(outcome);
        self.state.dwell = 0.0;
        for effect in &o.effects {
            self.apply_effect(effect);
        }
        match &o.goto {
            Some(goto) => match self.index.beats.get(goto) {
                Some(&b) => self.enter_beat(b),
                // Validation refuses unknown beats; a scenario that slipped through ends here
                // rather than crashing the booth.
                None => self.state.phase = Phase::Finished,
            },
            None => {
                // Staying in the beat: the next open outcome may already be satisfied.
                let continue_now = self
                    .open_outcomes()
                    .find(|(_, o)| matches!(o.on, Trigger::Continue))
                    .map(|(i, _)| i);
                match continue_now {
                    Some(i) => self.fire(i, TriggerKind::Continue, None),
                    None => self.check_reach(),
                }
            }
        }
    }

    fn enter_beat(&mut self, b: usize) {
        self.state.beat = b;
        self.state.phase = Phase::Lines;
        self.state.line = 0;
        self.state.line_elapsed = 0.0;
        self.state.awaiting_elapsed = 0.0;
        self.state.used_outcomes.clear();
        self.state.dwell = 0.0;
        let beat = self.scenario.beats[b].clone();
        self.emit(RuntimeEvent::BeatEntered {
            beat: beat.id.clone(),
        });
        if let Some(env) = &beat.environment
            && self.index.environments.get(env) != Some(&self.state.environment)
        {
            self.apply_effect(&Effect::MoveTo {
                environment: env.clone(),
                spot: None,
            });
        }
        for effect in &beat.on_enter {
            self.apply_effect(effect);
        }
        self.play_line_from(0);
    }

    fn apply_effect(&mut self, effect: &Effect) {
        match effect {
            Effect::SetFlag(flag) => {
                self.state.flags.insert(flag.clone());
                self.emit(RuntimeEvent::FlagSet {
                    flag: flag.clone(),
                    value: true,
                });
            }
            Effect::ClearFlag(flag) => {
                self.state.flags.remove(flag);
                self.emit(RuntimeEvent::FlagSet {
                    flag: flag.clone(),
                    value: false,
                });
            }
            Effect::AddCounter { name, by } => {
                let value = self.state.counters.entry(name.clone()).or_insert(0);
                *value += by;
                let value = *value;
                self.emit(RuntimeEvent::CounterChanged {
                    counter: name.clone(),
                    value,
                });
            }
            Effect::SetCounter { name, to } => {
                self.state.counters.insert(name.clone(), *to);
                self.emit(RuntimeEvent::CounterChanged {
                    counter: name.clone(),
                    value: *to,
                });
            }
            Effect::AddEvidence(evidence) => {
                if !self.state.notebook.iter().any(|e| e.id == evidence.id) {
                    self.state.notebook.push(evidence.clone());
                    self.emit(RuntimeEvent::EvidenceAdded {
                        evidence: evidence.clone(),
                    });
                }
            }
            Effect::PlaySound { path, volume } => {
                self.emit(RuntimeEvent::SoundRequested {
                    path: path.clone(),
                    volume: *volume,
                });
            }
            Effect::FadeOut { seconds } => self.emit(RuntimeEvent::Fade {
                direction: FadeDirection::Out,
                seconds: *seconds,
            }),
            Effect::FadeIn { seconds } => self.emit(RuntimeEvent::Fade {
                direction: FadeDirection::In,
                seconds: *seconds,
            }),
            Effect::MoveTo { environment, spot } => {
                let Some(&e) = self.index.environments.get(environment) else {
                    return;
                };
                let env = &self.scenario.environments[e];
                let spot = spot.clone().unwrap_or_else(|| env.arrival.clone());
                self.state.environment = e;
                self.state.spot = spot.clone();
                self.state.focus = None;
                self.emit(RuntimeEvent::Fade {
                    direction: FadeDirection::Out,
                    seconds: SCENE_FADE_SECONDS,
                });
                self.emit(RuntimeEvent::EnvironmentChanged {
                    environment: environment.clone(),
                    spot,
                });
                self.emit(RuntimeEvent::Fade {
                    direction: FadeDirection::In,
                    seconds: SCENE_FADE_SECONDS,
                });
            }
            Effect::Walk { character, to } => {
                self.character_action(character, CharacterAction::WalkTo(to.clone()))
            }
            Effect::Approach { character } => {
                self.character_action(character, CharacterAction::Approach)
            }
            Effect::SetPose { character, pose } => {
                self.character_action(character, CharacterAction::Pose(*pose))
            }
            Effect::Animate { character, clip } => {
                self.character_action(character, CharacterAction::Animate(clip.clone()))
            }
        }
    }

    fn character_action(&mut self, character: &CharacterId, action: CharacterAction) {
        self.emit(RuntimeEvent::CharacterAction {
            character: character.clone(),
            action,
        });
    }
}

/// Every spot an `At` names inside `condition`, under `Not` or not (callers evaluate).
fn spots_named<'c>(condition: &'c Condition, out: &mut Vec<&'c SpotId>) {
    match condition {
        Condition::At(spot) => out.push(spot),
        Condition::All(list) | Condition::Any(list) => {
            list.iter().for_each(|c| spots_named(c, out))
        }
        Condition::Not(inner) => spots_named(inner, out),
        _ => {}
    }
}

fn untimed(events: Vec<TimedEvent>) -> Vec<RuntimeEvent> {
    events.into_iter().map(|e| e.event).collect()
}
