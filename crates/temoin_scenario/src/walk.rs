//! Plays a scenario headless with seeded random choices, as `temoin walk` does: which beats
//! were visited, which ending each run reached, how long each path would take a visitor, and
//! whether any run got stuck.

use crate::ids::*;
use crate::model::*;
use crate::runner::{Intent, Phase, Runner};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Seconds a visitor takes to do what a trigger asks, beyond its own timer or dwell.
pub const ACTION_SECONDS: f32 = 3.0;
/// Seconds to teleport or walk to a spot.
pub const MOVE_SECONDS: f32 = 5.0;
/// The most outcomes one run may fire before it counts as stuck in a loop.
pub const MAX_STEPS: usize = 2_000;

#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub seed: u64,
    pub path: Vec<BeatId>,
    /// The ending beat reached, if any.
    pub ending: Option<BeatId>,
    pub estimated_seconds: f32,
    /// The part of `estimated_seconds` spent waiting for a timer to run out rather than
    /// playing: a visitor who acts is not made to wait it.
    pub waiting_seconds: f32,
    /// The longest stretch of lines the visitor listens to without being asked to do
    /// anything (the brief: no more than 2-3 lines, about 30 seconds, between actions).
    pub longest_listening: f32,
    /// Why the run got stuck, if it did.
    pub stuck: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WalkReport {
    pub runs: Vec<RunReport>,
    pub visited: BTreeSet<BeatId>,
    pub unvisited: Vec<BeatId>,
    pub beat_count: usize,
}

impl RunReport {
    /// Seconds of the experience itself: lines, actions and moves, without timer waits.
    pub fn content_seconds(&self) -> f32 {
        self.estimated_seconds - self.waiting_seconds
    }
}

impl WalkReport {
    pub fn coverage(&self) -> f32 {
        if self.beat_count == 0 {
            1.0
        } else {
            self.visited.len() as f32 / self.beat_count as f32
        }
    }

    pub fn stuck_runs(&self) -> usize {
        self.runs.iter().filter(|r| r.stuck.is_some()).count()
    }
}

/// Plays `runs` runs with seeds `seed`, `seed + 1`, …
pub fn walk(scenario: Arc<Scenario>, runs: usize, seed: u64) -> WalkReport {
    let reports: Vec<RunReport> = (0..runs as u64)
        .map(|i| walk_once(scenario.clone(), seed.wrapping_add(i)))
        .collect();
    let visited: BTreeSet<BeatId> = reports
        .iter()
        .flat_map(|r| r.path.iter().cloned())
        .collect();
    let unvisited = scenario
        .beats
        .iter()
        .map(|b| b.id.clone())
        .filter(|b| !visited.contains(b))
        .collect();
    WalkReport {
        runs: reports,
        visited,
        unvisited,
        beat_count: scenario.beats.len(),
    }
}

/// One seeded run from the start to an ending.
pub fn walk_once(scenario: Arc<Scenario>, seed: u64) -> RunReport {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut runner = Runner::new(scenario);
    let mut path = vec![runner.beat().id.clone()];
    let mut seconds = 0.0f32;
    let mut waiting = 0.0f32;
    let (mut listening, mut longest_listening) = (0.0f32, 0.0f32);
    // The spot the visitor last walked to on purpose, until they act there.
    let mut purpose: Option<SpotId> = None;
    let mut stuck = None;
    let record = |runner: &Runner, path: &mut Vec<BeatId>| {
        if path.last() != Some(&runner.beat().id) {
            path.push(runner.beat().id.clone());
        }
    };
    for step in 0.. {
        if step >= MAX_STEPS {
            stuck = Some(format!(
                "more than {MAX_STEPS} steps without an ending: a loop the visitor cannot leave"
            ));
            break;
        }
        match runner.state().phase {
            Phase::Lines => {
                let line = runner
                    .current_line()
                    .map(Runner::line_seconds)
                    .unwrap_or(0.0);
                let left = (line - runner.state().line_elapsed).max(0.0);
                seconds += left;
                listening += left;
                longest_listening = longest_listening.max(listening);
                runner.step([], left + 1e-3);
            }
            Phase::Awaiting => {
                let here = runner.state().spot.clone();
                let open: Vec<Trigger> = match &purpose {
                    // Just walked somewhere for a reason: do what that spot allows first.
                    Some(spot) if *spot == here => {
                        let there: Vec<Trigger> = runner
                            .open_outcomes()
                            .filter(|(_, o)| o.when.as_ref().is_some_and(|c| names_spot(c, spot)))
                            .map(|(_, o)| o.on.clone())
                            .collect();
                        if there.is_empty() {
                            runner.open_outcomes().map(|(_, o)| o.on.clone()).collect()
                        } else {
                            there
                        }
                    }
                    _ => {
                        let mut open: Vec<Trigger> =
                            runner.open_outcomes().map(|(_, o)| o.on.clone()).collect();
                        // Walking over to a spot where something opens is an action too.
                        let reachable: BTreeSet<SpotId> = open
                            .iter()
                            .filter_map(|t| match t {
                                Trigger::Reach { spot, .. } => Some(spot.clone()),
                                _ => None,
                            })
                            .collect();
                        open.extend(
                            runner
                                .active_spots()
                                .into_iter()
                                .filter(|s| *s != here && !reachable.contains(s))
                                .map(|spot| Trigger::Reach { spot, quiet: false }),
                        );
                        open
                    }
                };
                purpose = None;
                if open.is_empty() {
                    stuck = Some(format!("beat `{}` offers nothing to do", runner.beat().id));
                    break;
                }
                let trigger = open[rng.usize(..open.len())].clone();
                // Going on by itself is no action; anything else the visitor does is.
                if !matches!(trigger, Trigger::Continue) {
                    listening = 0.0;
                }
                let (intents, dt, cost) = match trigger {
                    Trigger::LookAt { target, dwell } => (
                        vec![Intent::Focus(Some(target))],
                        dwell + 1e-3,
                        dwell + ACTION_SECONDS,
                    ),
                    Trigger::Select { target } => {
                        (vec![Intent::Select(target)], 0.0, ACTION_SECONDS)
                    }
                    Trigger::Reach { spot, .. } => {
                        purpose = Some(spot.clone());
                        (vec![Intent::ArriveAt(spot)], 0.0, MOVE_SECONDS)
                    }
                    Trigger::Choose { option } => {
                        (vec![Intent::Choose(option.id)], 0.0, ACTION_SECONDS)
                    }
                    Trigger::Timer { seconds: t, .. } => {
                        let left = (t - runner.state().awaiting_elapsed).max(0.0);
                        waiting += left;
                        (vec![], left + 1e-3, left)
                    }
                    Trigger::Continue => (vec![], 1e-3, 0.0),
                };
                seconds += cost;
                let before = (
                    runner.state().beat,
                    runner.state().used_outcomes.len(),
                    runner.state().phase,
                    runner.state().spot.clone(),
                );
                runner.step(intents, dt);
                runner.step([Intent::Focus(None)], 0.0);
                let after = (
                    runner.state().beat,
                    runner.state().used_outcomes.len(),
                    runner.state().phase,
                    runner.state().spot.clone(),
                );
                if before == after {
                    stuck = Some(format!(
                        "beat `{}`: the chosen action changed nothing",
                        runner.beat().id
                    ));
                    break;
                }
            }
            Phase::Ending => {
                if let Some(prompt) = runner.donate_prompt() {
                    seconds += ACTION_SECONDS * 2.0;
                    let pick = prompt
                        .amounts
                        .get(rng.usize(..=prompt.amounts.len()))
                        .and_then(|a| a.in_currency(prompt.currency).ok());
                    let intent = match pick {
                        Some(amount) => Intent::Pledge {
                            amount,
                            monthly: prompt.monthly && rng.bool(),
                        },
                        None => Intent::Decline,
                    };
                    runner.step([intent], 0.0);
                }
                break;
            }
            Phase::Finished => break,
        }
        record(&runner, &mut path);
    }
    record(&runner, &mut path);
    let ending = matches!(runner.state().phase, Phase::Ending | Phase::Finished)
        .then(|| runner.beat().id.clone());
    RunReport {
        seed,
        path,
        ending,
        estimated_seconds: seconds,
        waiting_seconds: waiting,
        longest_listening,
        stuck,
    }
}

/// Whether `condition` asks for the visitor to stand on `spot` (not under a `Not`).
fn names_spot(condition: &Condition, spot: &SpotId) -> bool {
    match condition {
        Condition::At(s) => s == spot,
        Condition::All(list) | Condition::Any(list) => list.iter().any(|c| names_spot(c, spot)),
        _ => false,
    }
}
