//! Lookup tables from ids to the scenario's parts, built once after loading so that the
//! validator and the runner never search lists by name.

use crate::ids::*;
use crate::model::*;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct ScenarioIndex {
    pub beats: HashMap<BeatId, usize>,
    pub environments: HashMap<EnvironmentId, usize>,
    /// Spot id → (environment index, spot index).
    pub spots: HashMap<SpotId, (usize, usize)>,
    /// Target id → (environment index, target index).
    pub targets: HashMap<TargetId, (usize, usize)>,
    /// Character id → every (environment index, character index) it appears in.
    pub characters: HashMap<CharacterId, Vec<(usize, usize)>>,
    /// Narration line id → (beat index, line index).
    pub lines: HashMap<LineId, (usize, usize)>,
    /// The environment each beat is first reached in, following the story from the start;
    /// `None` for beats that cannot be reached.
    pub home_environment: Vec<Option<usize>>,
}

impl ScenarioIndex {
    /// Indexes a scenario; for duplicated ids the first one wins (the validator reports them).
    pub fn new(scenario: &Scenario) -> Self {
        let mut index = ScenarioIndex::default();
        for (e, environment) in scenario.environments.iter().enumerate() {
            index
                .environments
                .entry(environment.id.clone())
                .or_insert(e);
            for (s, spot) in environment.spots.iter().enumerate() {
                index.spots.entry(spot.id.clone()).or_insert((e, s));
            }
            for (t, target) in environment.targets.iter().enumerate() {
                index.targets.entry(target.id.clone()).or_insert((e, t));
            }
            for (c, character) in environment.characters.iter().enumerate() {
                index
                    .characters
                    .entry(character.id.clone())
                    .or_default()
                    .push((e, c));
            }
        }
        for (b, beat) in scenario.beats.iter().enumerate() {
            index.beats.entry(beat.id.clone()).or_insert(b);
            for (l, line) in beat.lines.iter().enumerate() {
                index.lines.entry(line.id.clone()).or_insert((b, l));
            }
        }
        index.home_environment = index.first_environments(scenario);
        index
    }

    /// Breadth-first from the start: the environment a beat is entered in is its own, or the
    /// last `MoveTo` on the way, or the one it was reached from.
    fn first_environments(&self, scenario: &Scenario) -> Vec<Option<usize>> {
        let mut home = vec![None; scenario.beats.len()];
        let Some(&start) = self.beats.get(&scenario.start) else {
            return home;
        };
        let moved = |effects: &[Effect]| {
            effects.iter().rev().find_map(|e| match e {
                Effect::MoveTo { environment, .. } => self.environments.get(environment).copied(),
                _ => None,
            })
        };
        let entered = |b: usize, from: Option<usize>| {
            let beat = &scenario.beats[b];
            let own = beat
                .environment
                .as_ref()
                .and_then(|e| self.environments.get(e).copied())
                .or(from);
            moved(&beat.on_enter).or(own)
        };
        home[start] = entered(start, None);
        let mut queue = std::collections::VecDeque::from([start]);
        let mut seen = vec![false; scenario.beats.len()];
        seen[start] = true;
        while let Some(b) = queue.pop_front() {
            for outcome in &scenario.beats[b].outcomes {
                let Some(&to) = outcome.goto.as_ref().and_then(|g| self.beats.get(g)) else {
                    continue;
                };
                if !seen[to] {
                    seen[to] = true;
                    home[to] = entered(to, moved(&outcome.effects).or(home[b]));
                    queue.push_back(to);
                }
            }
        }
        home
    }
}

impl Scenario {
    pub fn beat(&self, index: &ScenarioIndex, id: &BeatId) -> Option<&Beat> {
        index.beats.get(id).map(|&b| &self.beats[b])
    }

    pub fn environment(&self, index: &ScenarioIndex, id: &EnvironmentId) -> Option<&Environment> {
        index.environments.get(id).map(|&e| &self.environments[e])
    }

    pub fn spot(&self, index: &ScenarioIndex, id: &SpotId) -> Option<&Spot> {
        index
            .spots
            .get(id)
            .map(|&(e, s)| &self.environments[e].spots[s])
    }

    pub fn target(&self, index: &ScenarioIndex, id: &TargetId) -> Option<&Target> {
        index
            .targets
            .get(id)
            .map(|&(e, t)| &self.environments[e].targets[t])
    }

    /// A character as placed in environment `environment`, or its first appearance anywhere
    /// (for their name when they speak over the radio).
    pub fn character(
        &self,
        index: &ScenarioIndex,
        id: &str,
        environment: Option<usize>,
    ) -> Option<&Character> {
        let places = index.characters.get(&CharacterId::new(id))?;
        let &(e, c) = places
            .iter()
            .find(|(e, _)| Some(*e) == environment)
            .or(places.first())?;
        Some(&self.environments[e].characters[c])
    }

    pub fn line(&self, index: &ScenarioIndex, id: &LineId) -> Option<&Line> {
        index.lines.get(id).map(|&(b, l)| &self.beats[b].lines[l])
    }

    /// The evidence item with this id, wherever a beat adds it.
    pub fn find_evidence(&self, id: &EvidenceId) -> Option<&Evidence> {
        self.beats
            .iter()
            .flat_map(|b| {
                b.on_enter
                    .iter()
                    .chain(b.outcomes.iter().flat_map(|o| o.effects.iter()))
            })
            .find_map(|effect| match effect {
                Effect::AddEvidence(e) if &e.id == id => Some(e),
                _ => None,
            })
    }

    /// Every piece of visible text with its id, in file order: what a translator translates.
    pub fn texts(&self) -> Vec<Text> {
        crate::strings::source_texts(self)
            .into_iter()
            .map(|t| Text {
                id: t.id,
                text: t.text,
            })
            .collect()
    }
}
