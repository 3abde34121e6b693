//! Chapter overlays: a chapter changes the shared scenario without copying it.
//!
//! ```ron
//! Overlay(
//!     scenario: "first_visit",
//!     changes: [
//!         // a whole beat, same id
//!         ReplaceBeat(id: "campaign", lines: [...], outcomes: [...]),
//!         // new beats between `report` and the beat it led to (`@next`)
//!         InsertAfter(beat: "report", beats: [(id: "local", ..., outcomes: [(on: Continue, goto: "@next")])]),
//!         // one line, speaker and recording included
//!         ReplaceLine(id: "ask.1", text: "...", speaker: "Nour"),
//!         // any text by id: a caption, an option, the prompt's headline
//!         ReplaceText(id: "ask.headline", text: "..."),
//!     ],
//! )
//! ```
//!
//! Required parts are protected: an overlay cannot empty the content note, remove the donation
//! ending, or leave the prompt unreachable.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::ids::{BeatId, LineId};
use crate::load::parse_ron;
use crate::model::*;
use crate::source::SourceFile;
use crate::strings::visit_texts;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};

/// In an inserted beat, `goto: "@next"` leads to the beat the insertion point led to.
pub const NEXT: &str = "@next";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The id of the scenario this overlay changes.
    pub scenario: String,
    pub changes: Vec<Change>,
}

// Overlays are a few changes each, read once: the unboxed beat keeps the RON plain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Change {
    ReplaceBeat(Beat),
    InsertAfter { beat: BeatId, beats: Vec<Beat> },
    ReplaceLine(Line),
    ReplaceText { id: LineId, text: String },
}

#[derive(Debug, Clone)]
pub struct LoadedOverlay {
    pub overlay: Overlay,
    pub source: SourceFile,
}

impl LoadedOverlay {
    pub fn parse(source: SourceFile) -> Result<LoadedOverlay, Diagnostic> {
        let overlay = parse_ron(&source)?;
        Ok(LoadedOverlay { overlay, source })
    }

    fn at(&self, d: Diagnostic, key: &str, value: &str) -> Diagnostic {
        let offset = self
            .source
            .find(key, value, 0)
            .or_else(|| self.source.find_value(value, 0))
            .unwrap_or(0);
        d.at(&self.source, offset, value.len() + 2)
    }
}

/// Applies one overlay to `scenario` in place. Every problem points into the overlay file;
/// a change that cannot apply is skipped so the others are still checked.
pub fn apply_overlay(scenario: &mut Scenario, loaded: &LoadedOverlay) -> Vec<Diagnostic> {
    let overlay = &loaded.overlay;
    let mut problems = Vec::new();
    if overlay.scenario != scenario.id {
        problems.push(
            loaded.at(
                Diagnostic::error(
                    Code::WrongScenario,
                    format!(
                        "this overlay is for scenario `{}`, but the chapter plays `{}`",
                        overlay.scenario, scenario.id
                    ),
                )
                .suggest(Some(format!("write `scenario: \"{}\"`", scenario.id))),
                "scenario",
                &overlay.scenario,
            ),
        );
        return problems;
    }
    for change in &overlay.changes {
        let beat_ids: Vec<String> = scenario.beats.iter().map(|b| b.id.0.clone()).collect();
        let unknown_beat = |id: &BeatId| {
            loaded.at(
                Diagnostic::error(
                    Code::UnknownBeat,
                    format!("the scenario has no beat `{id}`"),
                )
                .suggest(did_you_mean(
                    id.as_str(),
                    beat_ids.iter().map(String::as_str),
                )),
                "id",
                id.as_str(),
            )
        };
        match change {
            Change::ReplaceBeat(new) => {
                let Some(old) = scenario.beats.iter_mut().find(|b| b.id == new.id) else {
                    problems.push(unknown_beat(&new.id));
                    continue;
                };
                let was_prompt = matches!(old.ending, Some(Ending::Donate(_)));
                if was_prompt && !matches!(new.ending, Some(Ending::Donate(_))) {
                    problems.push(loaded.at(
                        Diagnostic::error(
                            Code::RequiredPart,
                            format!("replacing `{}` would remove the donation prompt", new.id),
                        )
                        .suggest(Some(
                            "keep `ending: Donate(...)` in the new beat, or use ReplaceText to change its words".into(),
                        )),
                        "id",
                        new.id.as_str(),
                    ));
                    continue;
                }
                *old = new.clone();
            }
            Change::InsertAfter { beat, beats } => {
                let Some(index) = scenario.beats.iter().position(|b| &b.id == beat) else {
                    problems.push(
                        loaded.at(
                            Diagnostic::error(
                                Code::UnknownBeat,
                                format!("the scenario has no beat `{beat}`"),
                            )
                            .suggest(did_you_mean(
                                beat.as_str(),
                                beat_ids.iter().map(String::as_str),
                            )),
                            "beat",
                            beat.as_str(),
                        ),
                    );
                    continue;
                };
                let next: HashSet<&BeatId> = scenario.beats[index]
                    .outcomes
                    .iter()
                    .filter_map(|o| o.goto.as_ref())
                    .collect();
                let Some(first) = beats.first() else {
                    problems.push(
                        loaded.at(
                            Diagnostic::error(Code::EmptyInsert, "InsertAfter has no beats")
                                .suggest(Some("add beats, or remove the change".into())),
                            "beat",
                            beat.as_str(),
                        ),
                    );
                    continue;
                };
                if next.len() != 1 {
                    let shown: Vec<String> = next.iter().map(|b| format!("`{b}`")).collect();
                    let why = if next.is_empty() {
                        format!("`{beat}` leads nowhere (an ending), so nothing can follow it")
                    } else {
                        format!(
                            "`{beat}` branches to {}; an insertion needs one next beat",
                            shown.join(", ")
                        )
                    };
                    problems.push(loaded.at(
                        Diagnostic::error(Code::CannotInsert, why).suggest(Some(
                            "insert after a beat with one way on, or use ReplaceBeat".into(),
                        )),
                        "beat",
                        beat.as_str(),
                    ));
                    continue;
                }
                let next = next.into_iter().next().cloned().expect("one next beat");
                if let Some(clash) = beats.iter().find(|b| beat_ids.contains(&b.id.0)) {
                    problems.push(
                        loaded.at(
                            Diagnostic::error(
                                Code::DuplicateId,
                                format!("the scenario already has a beat `{}`", clash.id),
                            )
                            .suggest(Some(
                                "give the new beat its own id (a chapter prefix helps: `be.…`)"
                                    .into(),
                            )),
                            "id",
                            clash.id.as_str(),
                        ),
                    );
                    continue;
                }
                let first = first.id.clone();
                for outcome in &mut scenario.beats[index].outcomes {
                    if outcome.goto.is_some() {
                        outcome.goto = Some(first.clone());
                    }
                }
                let inserted = beats.iter().cloned().map(|mut b| {
                    for outcome in &mut b.outcomes {
                        if outcome.goto.as_ref().is_some_and(|g| g.as_str() == NEXT) {
                            outcome.goto = Some(next.clone());
                        }
                    }
                    b
                });
                scenario.beats.splice(index + 1..index + 1, inserted);
            }
            Change::ReplaceLine(new) => {
                let line = scenario
                    .beats
                    .iter_mut()
                    .flat_map(|b| b.lines.iter_mut())
                    .find(|l| l.id == new.id);
                match line {
                    Some(line) => *line = new.clone(),
                    None => problems.push(unknown_text(scenario, loaded, &new.id, "line")),
                }
            }
            Change::ReplaceText { id, text } => {
                if *id == scenario.content_note.id && text.trim().is_empty() {
                    problems.push(
                        loaded.at(
                            Diagnostic::error(
                                Code::RequiredPart,
                                "the content note cannot be emptied",
                            )
                            .suggest(Some(
                                "say what the visitor will see and that they can pause at any time"
                                    .into(),
                            )),
                            "id",
                            id.as_str(),
                        ),
                    );
                    continue;
                }
                let mut found = false;
                visit_texts(scenario, &mut |_, _, text_id, current| {
                    if text_id == id {
                        *current = text.clone();
                        found = true;
                    }
                });
                if !found {
                    problems.push(unknown_text(scenario, loaded, id, "text"));
                }
            }
        }
    }
    problems
}

fn unknown_text(
    scenario: &Scenario,
    loaded: &LoadedOverlay,
    id: &LineId,
    what: &str,
) -> Diagnostic {
    let ids: Vec<LineId> = crate::strings::source_texts(scenario)
        .into_iter()
        .map(|t| t.id)
        .collect();
    loaded.at(
        Diagnostic::error(
            Code::UnknownLine,
            format!("the scenario has no {what} `{id}`"),
        )
        .suggest(did_you_mean(id.as_str(), ids.iter().map(LineId::as_str))),
        "id",
        id.as_str(),
    )
}

/// Whether a donation prompt can still be reached from the start: an overlay must not orphan
/// the ask (the validator only warns about unreachable beats).
pub fn prompt_reachable(scenario: &Scenario) -> bool {
    let index: HashMap<&BeatId, &Beat> = scenario.beats.iter().map(|b| (&b.id, b)).collect();
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([&scenario.start]);
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        let Some(beat) = index.get(id) else { continue };
        if matches!(beat.ending, Some(Ending::Donate(_))) {
            return true;
        }
        queue.extend(beat.outcomes.iter().filter_map(|o| o.goto.as_ref()));
    }
    false
}
