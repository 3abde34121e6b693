//! Semantic checks of a parsed scenario: every reference resolves, every beat can be reached
//! and can reach an ending, every condition can hold, every asset exists. Each problem is a
//! diagnostic placed at the line and column where the author wrote it.

use crate::diagnostic::{Code, Diagnostic, closest, did_you_mean};
use crate::ids::*;
use crate::index::ScenarioIndex;
use crate::model::*;
use crate::source::SourceFile;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// Folders an asset path is looked up in, in order: the scenario folder, then `assets/`.
#[derive(Debug, Clone, Default)]
pub struct AssetRoots {
    pub dirs: Vec<PathBuf>,
}

impl AssetRoots {
    pub fn new(dirs: impl IntoIterator<Item = PathBuf>) -> Self {
        AssetRoots {
            dirs: dirs.into_iter().collect(),
        }
    }

    /// The file a scenario's asset path names, if it exists in one of the roots.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        self.dirs.iter().map(|d| d.join(path)).find(|p| p.is_file())
    }

    fn suggestion(&self, path: &str) -> Option<String> {
        let wanted = Path::new(path);
        let name = wanted.file_name()?.to_str()?;
        let parent = wanted.parent().unwrap_or(Path::new(""));
        let mut candidates = Vec::new();
        for dir in &self.dirs {
            if let Ok(entries) = std::fs::read_dir(dir.join(parent)) {
                candidates.extend(
                    entries
                        .flatten()
                        .filter_map(|e| e.file_name().into_string().ok()),
                );
            }
        }
        closest(name, candidates.iter().map(String::as_str))
            .map(|c| format!("did you mean `{}`?", parent.join(c).display()))
    }
}

/// All problems of a scenario, errors first, then in file order.
pub fn validate(scenario: &Scenario, source: &SourceFile, roots: &AssetRoots) -> Vec<Diagnostic> {
    validate_merged(scenario, source, &[], roots)
}

/// Validates a scenario that chapter overlays changed: a problem in something the scenario
/// file does not contain is placed in the overlay that wrote it.
pub fn validate_merged(
    scenario: &Scenario,
    source: &SourceFile,
    overlays: &[SourceFile],
    roots: &AssetRoots,
) -> Vec<Diagnostic> {
    let texts = scenario.texts();
    let mut v = Validator {
        scenario,
        source,
        overlays,
        roots,
        index: ScenarioIndex::new(scenario),
        texts: &texts,
        out: Vec::new(),
    };
    v.duplicates();
    v.environments();
    v.references();
    v.graph();
    v.state_conditions();
    v.placement();
    v.values();
    v.staging();
    let mut out = v.out;
    out.sort_by_key(|d| (d.severity, d.line, d.column));
    out
}

struct Validator<'a> {
    scenario: &'a Scenario,
    source: &'a SourceFile,
    overlays: &'a [SourceFile],
    roots: &'a AssetRoots,
    index: ScenarioIndex,
    /// Every text in file order, gathered once for the checks that read them all.
    texts: &'a [Text],
    out: Vec<Diagnostic>,
}

/// The shortest fade: a fade out and back in then takes at least a third of a second.
pub const MIN_FADE_SECONDS: f32 = 0.17;

/// Everything an outcome or `on_enter` list does, visited in one place.
fn all_effects(beat: &Beat) -> impl Iterator<Item = &Effect> {
    beat.on_enter
        .iter()
        .chain(beat.outcomes.iter().flat_map(|o| o.effects.iter()))
}

/// Every condition of a beat: its outcomes' and its lines'.
fn conditions(beat: &Beat) -> impl Iterator<Item = &Condition> {
    beat.outcomes
        .iter()
        .filter_map(|o| o.when.as_ref())
        .chain(beat.lines.iter().filter_map(|l| l.when.as_ref()))
}

fn walk_condition<'c>(condition: &'c Condition, visit: &mut dyn FnMut(&'c Condition)) {
    visit(condition);
    match condition {
        Condition::All(list) | Condition::Any(list) => {
            list.iter().for_each(|c| walk_condition(c, visit))
        }
        Condition::Not(inner) => walk_condition(inner, visit),
        _ => {}
    }
}

/// Where to start looking for what a diagnostic points at, turned into an offset only when a
/// diagnostic is made: the first place looked up indexes the whole file (`SourceFile` builds
/// its index then), which a valid file never needs.
#[derive(Debug, Clone, Copy)]
enum Near<'s> {
    /// A byte offset already known (0: the file's top-level fields).
    Offset(usize),
    /// Where beat `id` is written.
    Beat(&'s BeatId),
    /// Where environment `id` is written.
    Environment(&'s EnvironmentId),
    /// Where a character `id: "..."` of an environment is written.
    Character(&'s EnvironmentId, &'s CharacterId),
    /// Where a line `id: "..."` of a beat is written.
    Line(&'s BeatId, &'s LineId),
    /// Where a beat's donation prompt writes its headline's id (its amounts follow).
    Prompt(&'s BeatId, &'s LineId),
}

impl<'a> Validator<'a> {
    fn offset(&self, near: Near<'_>) -> usize {
        match near {
            Near::Offset(offset) => offset,
            Near::Beat(beat) => self.beat_offset(beat),
            Near::Environment(environment) => self.environment_offset(environment),
            Near::Character(environment, character) => {
                let at = self.environment_offset(environment);
                self.source.find("id", character.as_str(), at).unwrap_or(at)
            }
            Near::Line(beat, line) => {
                let at = self.beat_offset(beat);
                self.source.find("id", line.as_str(), at).unwrap_or(at)
            }
            Near::Prompt(beat, headline) => {
                let at = self.beat_offset(beat);
                self.source.find_value(headline.as_str(), at).unwrap_or(at)
            }
        }
    }

    fn beats_section(&self) -> usize {
        self.source.section("beats").unwrap_or(0)
    }

    fn beat_offset(&self, beat: &BeatId) -> usize {
        self.source
            .find("id", beat.as_str(), self.beats_section())
            .unwrap_or(self.beats_section())
    }

    fn environment_offset(&self, environment: &EnvironmentId) -> usize {
        let section = self.source.section("environments").unwrap_or(0);
        self.source
            .find("id", environment.as_str(), section)
            .unwrap_or(section)
    }

    /// Places a diagnostic on the literal `value` introduced by `key`, searched from `after`.
    fn at(&self, d: Diagnostic, key: &str, value: &str, after: Near<'_>) -> Diagnostic {
        let after = self.offset(after);
        let in_scenario = self
            .source
            .find(key, value, after)
            .or_else(|| self.source.find_value(value, after));
        if in_scenario.is_none() {
            for overlay in self.overlays {
                if let Some(offset) = overlay
                    .find(key, value, 0)
                    .or_else(|| overlay.find_value(value, 0))
                {
                    return d.at(overlay, offset, value.len() + 2);
                }
            }
        }
        d.at(self.source, in_scenario.unwrap_or(after), value.len() + 2)
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    fn duplicates(&mut self) {
        let s = self.scenario;
        let mut seen: HashSet<&str> = HashSet::new();
        for e in &s.environments {
            if !seen.insert(e.id.as_str()) {
                let first = self.environment_offset(&e.id);
                let d = Diagnostic::error(
                    Code::DuplicateId,
                    format!("environment `{}` is defined twice", e.id),
                )
                .suggest(Some("give each environment its own id".into()));
                let d = self.at(d, "id", e.id.as_str(), Near::Offset(first + 1));
                self.push(d);
            }
        }
        // The environment that first names each spot or target: where to point when a later one
        // repeats it.
        let mut places: HashMap<&str, &EnvironmentId> = HashMap::new();
        for e in &s.environments {
            for (kind, id) in e
                .spots
                .iter()
                .map(|p| ("spot", p.id.as_str()))
                .chain(e.targets.iter().map(|t| ("target", t.id.as_str())))
            {
                if let Some(&first_in) = places.get(id) {
                    let env_at = self.environment_offset(first_in);
                    let first = self.source.find("id", id, env_at).unwrap_or(env_at);
                    let d = Diagnostic::error(Code::DuplicateId, format!("{kind} `{id}` is defined twice (spots and targets share one set of names)"))
                        .suggest(Some("rename one of them".into()));
                    let d = self.at(d, "id", id, Near::Offset(first + 1));
                    self.push(d);
                } else {
                    places.insert(id, &e.id);
                }
            }
        }
        let mut beats: HashSet<&str> = HashSet::new();
        for b in &s.beats {
            if !beats.insert(b.id.as_str()) {
                let first = self.beat_offset(&b.id);
                let d = Diagnostic::error(
                    Code::DuplicateId,
                    format!("beat `{}` is defined twice", b.id),
                )
                .suggest(Some("give each beat its own id".into()));
                let d = self.at(d, "id", b.id.as_str(), Near::Offset(first + 1));
                self.push(d);
            }
        }
        // A line id may repeat only with the very same text (the same evidence added on two paths).
        let texts = self.texts;
        let source = self.source;
        let mut first_texts: HashMap<&LineId, &str> = HashMap::new();
        // Where each text's id is written: the first literal of it after the previous text's,
        // so found in file order, and only as far as a diagnostic needs.
        let mut text_places: Vec<usize> = Vec::new();
        let mut place = |i: usize| {
            while text_places.len() <= i {
                let from = text_places.last().map_or(0, |&at| at + 1);
                let id = texts[text_places.len()].id.as_str();
                text_places.push(source.find_value(id, from).unwrap_or(from));
            }
            text_places[i]
        };
        for (i, text) in texts.iter().enumerate() {
            let first = *first_texts.entry(&text.id).or_insert(&text.text);
            if first != text.text {
                let d = Diagnostic::error(
                    Code::DuplicateId,
                    format!("line id `{}` is used for two different texts", text.id),
                )
                .suggest(Some(
                    "give the second text its own id; translations are keyed by it".into(),
                ));
                self.push(d.at(source, place(i), text.id.as_str().len() + 2));
            }
        }
    }

    fn environments(&mut self) {
        for e in &self.scenario.environments {
            if !e.spots.iter().any(|s| s.id == e.arrival) {
                let names: Vec<&str> = e.spots.iter().map(|s| s.id.as_str()).collect();
                let d = Diagnostic::error(
                    Code::UnknownSpot,
                    format!(
                        "arrival spot `{}` is not a spot of environment `{}`",
                        e.arrival, e.id
                    ),
                )
                .expected(format!("one of its spots: {}", names.join(", ")))
                .suggest(
                    did_you_mean(e.arrival.as_str(), names.iter().copied())
                        .or(Some("add the spot to `spots`".into())),
                );
                let d = self.at(d, "arrival", e.arrival.as_str(), Near::Environment(&e.id));
                self.push(d);
            }
            for piece in &e.pieces {
                if let Shape::Model { path, .. } = &piece.shape {
                    self.asset(path, "path", Near::Environment(&e.id));
                }
            }
        }
    }

    fn asset(&mut self, path: &str, key: &str, after: Near<'_>) {
        if self.roots.dirs.is_empty() || self.roots.resolve(path).is_some() {
            return;
        }
        let looked: Vec<String> = self
            .roots
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        let d = Diagnostic::error(Code::MissingAsset, format!("asset `{path}` does not exist"))
            .expected(format!("a file under {}", looked.join(" or ")))
            .suggest(self.roots.suggestion(path));
        let d = self.at(d, key, path, after);
        self.push(d);
    }

    fn unknown(
        &mut self,
        kind: &'static str,
        code: Code,
        key: &str,
        value: &str,
        names: Vec<&str>,
        after: Near<'_>,
    ) {
        let d = Diagnostic::error(code, format!("unknown {kind} `{value}`")).suggest(
            did_you_mean(value, names.iter().copied())
                .or_else(|| Some(format!("define a {kind} with id `{value}`"))),
        );
        let d = self.at(d, key, value, after);
        self.push(d);
    }

    fn references(&mut self) {
        let s = self.scenario;
        // The names a did-you-mean picks from, in file order, listed only for an unknown one.
        let beat_names = || -> Vec<&str> { s.beats.iter().map(|b| b.id.as_str()).collect() };
        let env_names = || -> Vec<&str> { s.environments.iter().map(|e| e.id.as_str()).collect() };
        let spot_names = || -> Vec<&str> {
            s.environments
                .iter()
                .flat_map(|e| e.spots.iter().map(|p| p.id.as_str()))
                .collect()
        };
        let target_names = || -> Vec<&str> {
            s.environments
                .iter()
                .flat_map(|e| e.targets.iter().map(|t| t.id.as_str()))
                .collect()
        };
        let line_names = || -> Vec<&str> {
            s.beats
                .iter()
                .flat_map(|b| b.lines.iter().map(|l| l.id.as_str()))
                .collect()
        };
        let evidence = || {
            s.beats
                .iter()
                .flat_map(all_effects)
                .filter_map(|e| match e {
                    Effect::AddEvidence(ev) => Some(ev.id.as_str()),
                    _ => None,
                })
        };
        let added: HashSet<&str> = evidence().collect();

        if !self.index.beats.contains_key(&s.start) {
            self.unknown(
                "beat",
                Code::UnknownBeat,
                "start",
                s.start.as_str(),
                beat_names(),
                Near::Offset(0),
            );
        }
        for beat in &s.beats {
            let at = Near::Beat(&beat.id);
            if let Some(env) = &beat.environment
                && !self.index.environments.contains_key(env)
            {
                self.unknown(
                    "environment",
                    Code::UnknownEnvironment,
                    "environment",
                    env.as_str(),
                    env_names(),
                    at,
                );
            }
            for line in &beat.lines {
                if let Some(audio) = &line.audio {
                    self.asset(audio, "audio", at);
                }
            }
            for outcome in &beat.outcomes {
                if let Some(goto) = &outcome.goto
                    && !self.index.beats.contains_key(goto)
                {
                    self.unknown(
                        "beat",
                        Code::UnknownBeat,
                        "goto",
                        goto.as_str(),
                        beat_names(),
                        at,
                    );
                }
                match &outcome.on {
                    Trigger::LookAt { target, .. } | Trigger::Select { target }
                        if !self.index.targets.contains_key(target) =>
                    {
                        self.unknown(
                            "target",
                            Code::UnknownTarget,
                            "target",
                            target.as_str(),
                            target_names(),
                            at,
                        );
                    }
                    Trigger::Reach { spot, .. } if !self.index.spots.contains_key(spot) => {
                        self.unknown(
                            "spot",
                            Code::UnknownSpot,
                            "spot",
                            spot.as_str(),
                            spot_names(),
                            at,
                        );
                    }
                    _ => {}
                }
            }
            for condition in conditions(beat) {
                let mut missing = Vec::new();
                let mut unknown_spots = Vec::new();
                walk_condition(condition, &mut |c| match c {
                    Condition::HasEvidence(id) if !added.contains(id.as_str()) => {
                        missing.push(id.clone())
                    }
                    Condition::At(spot) if !self.index.spots.contains_key(spot) => {
                        unknown_spots.push(spot.clone())
                    }
                    _ => {}
                });
                for spot in unknown_spots {
                    self.unknown(
                        "spot",
                        Code::UnknownSpot,
                        "At",
                        spot.as_str(),
                        spot_names(),
                        at,
                    );
                }
                for id in missing {
                    let d = Diagnostic::error(
                        Code::UnknownEvidence,
                        format!("evidence `{id}` is never added, so this condition never holds"),
                    )
                    .suggest(
                        did_you_mean(id.as_str(), evidence())
                            .or(Some("add it with `AddEvidence(...)` somewhere".into())),
                    );
                    let d = self.at(d, "HasEvidence", id.as_str(), at);
                    self.push(d);
                }
            }
            for effect in all_effects(beat) {
                match effect {
                    Effect::MoveTo { environment, spot } => {
                        match s.environment(&self.index, environment) {
                            None => self.unknown(
                                "environment",
                                Code::UnknownEnvironment,
                                "environment",
                                environment.as_str(),
                                env_names(),
                                at,
                            ),
                            Some(env) => {
                                if let Some(spot) = spot
                                    && !env.spots.iter().any(|p| &p.id == spot)
                                {
                                    let names: Vec<&str> =
                                        env.spots.iter().map(|p| p.id.as_str()).collect();
                                    self.unknown(
                                        "spot",
                                        Code::UnknownSpot,
                                        "spot",
                                        spot.as_str(),
                                        names,
                                        at,
                                    );
                                }
                            }
                        }
                    }
                    Effect::AddEvidence(ev) => {
                        if let Some(quote) = &ev.quote
                            && !self.index.lines.contains_key(quote)
                        {
                            self.unknown(
                                "line",
                                Code::UnknownLine,
                                "quote",
                                quote.as_str(),
                                line_names(),
                                at,
                            );
                        }
                    }
                    Effect::PlaySound { path, .. } => self.asset(path, "path", at),
                    Effect::FadeOut { seconds } | Effect::FadeIn { seconds }
                        if !(*seconds >= MIN_FADE_SECONDS && seconds.is_finite()) =>
                    {
                        // A fade out and in shorter than this is a flash; nothing may flash
                        // more than three times a second (photosensitive visitors).
                        let d = Diagnostic::error(
                            Code::Flash,
                            format!("a fade of {seconds} seconds in beat `{}`", beat.id),
                        )
                        .expected(format!("at least {MIN_FADE_SECONDS} seconds"))
                        .suggest(Some(
                            "fades of 0.6 to 1.5 seconds feel calm; nothing may flash more than three times a second".into(),
                        ));
                        let which = if matches!(effect, Effect::FadeOut { .. }) {
                            "FadeOut"
                        } else {
                            "FadeIn"
                        };
                        let d = self.at_number(d, which, "seconds", at);
                        self.push(d);
                    }
                    _ => {}
                }
            }
        }
    }

    /// People, text in the world, sound and air: what makes an environment a place.
    fn staging(&mut self) {
        let s = self.scenario;
        let character_names: Vec<&str> = s
            .environments
            .iter()
            .flat_map(|e| e.characters.iter().map(|c| c.id.as_str()))
            .collect();
        for e in &s.environments {
            let at = Near::Environment(&e.id);
            let spot_names = || -> Vec<&str> { e.spots.iter().map(|p| p.id.as_str()).collect() };
            let mut seen = HashSet::new();
            for c in &e.characters {
                let c_at = Near::Character(&e.id, &c.id);
                if !seen.insert(c.id.as_str()) {
                    let d = Diagnostic::error(
                        Code::DuplicateId,
                        format!("character `{}` is placed twice in `{}`", c.id, e.id),
                    )
                    .suggest(Some("a person can only be in one place at a time".into()));
                    let first = self.offset(c_at);
                    let d = self.at(d, "id", c.id.as_str(), Near::Offset(first + 1));
                    self.push(d);
                }
                match (&c.spot, &c.position) {
                    (Some(spot), _) if !e.spots.iter().any(|p| &p.id == spot) => self.unknown(
                        "spot",
                        Code::UnknownSpot,
                        "spot",
                        spot.as_str(),
                        spot_names(),
                        c_at,
                    ),
                    (None, None) => {
                        let d = Diagnostic::error(
                            Code::CharacterUnplaced,
                            format!("character `{}` has no place in `{}`", c.id, e.id),
                        )
                        .expected("`spot: \"...\"` or `position: (x, y, z)`")
                        .suggest(Some(format!(
                            "stand them on a spot: {}",
                            spot_names().join(", ")
                        )));
                        let d = self.at(d, "id", c.id.as_str(), c_at);
                        self.push(d);
                    }
                    _ => {}
                }
                match &c.figure {
                    Figure::Person {
                        height: Some(h), ..
                    } if !(0.8..=2.2).contains(h) => {
                        let d = Diagnostic::error(
                            Code::OutOfRange,
                            format!("a height of {h} m for `{}`", c.id),
                        )
                        .expected("between 0.8 and 2.2 metres")
                        .suggest(Some(
                            "children are about 1.35 m, adults 1.55 to 1.85 m".into(),
                        ));
                        let d = self.at_field(d, "height", c_at);
                        self.push(d);
                    }
                    Figure::Model { path, .. } => self.asset(path, "path", c_at),
                    _ => {}
                }
            }
            for piece in &e.pieces {
                if let Some(textures) = &piece.material.textures {
                    for path in textures.paths() {
                        self.asset(path, "base_color", at);
                    }
                    if !(textures.tiling > 0.0 && textures.tiling.is_finite()) {
                        let d = Diagnostic::error(
                            Code::OutOfRange,
                            format!("tiling {} in `{}`", textures.tiling, e.id),
                        )
                        .expected("a number of repeats per metre above 0, like 0.5 or 2");
                        let d = self.at_field(d, "tiling", at);
                        self.push(d);
                    }
                }
            }
            for text in &e.texts {
                if !(text.size > 0.0 && text.size < 5.0) {
                    let d = Diagnostic::error(
                        Code::OutOfRange,
                        format!("text `{}` is {} m high", text.text.id, text.size),
                    )
                    .expected("a line height in metres above 0 and below 5, like 0.12");
                    let d = self.at_field(d, "size", at);
                    self.push(d);
                }
            }
            if let Some(ambience) = &e.ambience {
                self.asset(&ambience.path, "path", at);
                self.volume(ambience.volume, at);
            }
            for emitter in &e.emitters {
                self.asset(&emitter.path, "path", at);
                self.volume(emitter.volume, at);
                if !(emitter.near >= 0.0 && emitter.far > emitter.near) {
                    let d = Diagnostic::error(
                        Code::OutOfRange,
                        format!(
                            "emitter `{}` is heard from {} to {} m",
                            emitter.path, emitter.near, emitter.far
                        ),
                    )
                    .expected("`near` at least 0 and `far` beyond it");
                    let d = self.at_field(d, "far", at);
                    self.push(d);
                }
            }
            let air = &e.atmosphere;
            if let Some(time) = &air.time
                && crate::atmosphere::parse_clock(time).is_none()
            {
                let d = Diagnostic::error(Code::BadTime, format!("`{time}` is not a time of day"))
                    .expected("hours and minutes, like \"9:30\" or \"17:45\"");
                let d = self.at(d, "time", time, at);
                self.push(d);
            }
            if let Some(Sky::Image { path, .. }) = &air.sky {
                self.asset(path, "path", at);
            }
            if let Some(fog) = &air.fog
                && !(fog.start >= 0.0 && fog.end > fog.start && fog.end.is_finite())
            {
                let d = Diagnostic::error(
                    Code::OutOfRange,
                    format!("fog from {} to {} m", fog.start, fog.end),
                )
                .expected("`start` at least 0 and `end` beyond it, in metres")
                .suggest(Some("a light haze: start 20, end 120".into()));
                let d = self.at_field(d, "end", at);
                self.push(d);
            }
        }
        for beat in &s.beats {
            let at = Near::Beat(&beat.id);
            for line in &beat.lines {
                if let Some(speaker) = &line.speaker
                    && !character_names.contains(&speaker.as_str())
                {
                    let d = Diagnostic::warning(
                        Code::SpeakerNotCharacter,
                        format!("speaker `{speaker}` is not a character"),
                    )
                    .suggest(did_you_mean(speaker, character_names.iter().copied()).or(Some(format!(
                        "declare `Character(id: \"{}\", name: (id: \"character.{}\", text: \"{speaker}\"), …)` in the environment, so the name translates and the voice comes from them",
                        speaker.to_lowercase().replace(' ', "_"),
                        speaker.to_lowercase().replace(' ', "_"),
                    ))));
                    let d = self.at(d, "speaker", speaker, at);
                    self.push(d);
                }
            }
            for effect in all_effects(beat) {
                let (character, to) = match effect {
                    Effect::Walk { character, to } => (character, Some(to)),
                    Effect::Approach { character }
                    | Effect::SetPose { character, .. }
                    | Effect::Animate { character, .. } => (character, None),
                    _ => continue,
                };
                let Some(places) = self.index.characters.get(character) else {
                    self.unknown(
                        "character",
                        Code::UnknownCharacter,
                        "character",
                        character.as_str(),
                        character_names.clone(),
                        at,
                    );
                    continue;
                };
                if let Some(to) = to
                    && !places
                        .iter()
                        .any(|&(e, _)| s.environments[e].spots.iter().any(|p| &p.id == to))
                {
                    let names: Vec<&str> = places
                        .iter()
                        .flat_map(|&(e, _)| s.environments[e].spots.iter().map(|p| p.id.as_str()))
                        .collect();
                    let d = Diagnostic::error(
                        Code::UnknownSpot,
                        format!(
                            "`{character}` cannot walk to `{to}`: it is not a spot where they are"
                        ),
                    )
                    .suggest(
                        did_you_mean(to.as_str(), names.iter().copied())
                            .or(Some(format!("one of: {}", names.join(", ")))),
                    );
                    let d = self.at(d, "to", to.as_str(), at);
                    self.push(d);
                }
            }
        }
    }

    /// Places a diagnostic about a number inside `construct` (`Timer(seconds: -5)`) on its
    /// field: the first `construct` after `after` whose field `key` holds the number.
    fn at_number(&self, d: Diagnostic, construct: &str, key: &str, after: Near<'_>) -> Diagnostic {
        let after = self.offset(after);
        match self.source.find_key(construct, after) {
            Some(at) => self.at_field(d, key, Near::Offset(at)),
            None => d.at(self.source, after, 1),
        }
    }

    /// Places a diagnostic about a number on the field that holds it (`end: 20` → `end`).
    fn at_field(&self, d: Diagnostic, key: &str, after: Near<'_>) -> Diagnostic {
        let after = self.offset(after);
        let at = self.source.find_key(key, after).unwrap_or(after);
        d.at(self.source, at, key.len())
    }

    fn volume(&mut self, volume: f32, after: Near<'_>) {
        if !(0.0..=2.0).contains(&volume) {
            let d = Diagnostic::error(Code::OutOfRange, format!("a volume of {volume}"))
                .expected("between 0 (silent) and 2 (twice as loud as recorded)");
            let d = self.at_field(d, "volume", after);
            self.push(d);
        }
    }

    /// Reachability from the start, dead ends, and beats from which no ending can be reached.
    fn graph(&mut self) {
        let s = self.scenario;
        let edges: Vec<Vec<usize>> = s
            .beats
            .iter()
            .map(|b| {
                b.outcomes
                    .iter()
                    .filter_map(|o| o.goto.as_ref())
                    .filter_map(|g| self.index.beats.get(g).copied())
                    .collect()
            })
            .collect();
        let Some(&start) = self.index.beats.get(&s.start) else {
            return;
        };
        let reachable = bfs([start], &edges);
        // An unknown `goto` is already an error; the reachability findings that follow from it
        // would only bury that one line under dozens.
        let broken_links = s
            .beats
            .iter()
            .flat_map(|b| &b.outcomes)
            .filter_map(|o| o.goto.as_ref())
            .any(|g| !self.index.beats.contains_key(g));

        let mut reverse = vec![Vec::new(); s.beats.len()];
        for (from, tos) in edges.iter().enumerate() {
            for &to in tos {
                reverse[to].push(from);
            }
        }
        let endings: Vec<usize> = (0..s.beats.len())
            .filter(|&b| s.beats[b].ending.is_some())
            .collect();
        let can_end = bfs(endings.iter().copied(), &reverse);
        if endings.is_empty() {
            let d = Diagnostic::error(Code::NoEnding, "the scenario has no ending").suggest(Some(
                "give the last beat `ending: Donate(...)` or `ending: End`".into(),
            ));
            let d = self.at(d, "start", s.start.as_str(), Near::Offset(0));
            self.push(d);
        }

        for (b, beat) in s.beats.iter().enumerate() {
            let here = |d: Diagnostic| {
                d.at(
                    self.source,
                    self.beat_offset(&beat.id),
                    beat.id.as_str().len() + 2,
                )
            };
            if !reachable[b] {
                if broken_links {
                    continue;
                }
                self.push(here(
                    Diagnostic::warning(
                        Code::UnreachableBeat,
                        format!("beat `{}` cannot be reached from the start", beat.id),
                    )
                    .suggest(Some(format!(
                        "add `goto: \"{}\"` to an outcome of an earlier beat, or remove it",
                        beat.id
                    ))),
                ));
                continue;
            }
            if beat.ending.is_some() {
                if !beat.outcomes.is_empty() {
                    self.push(here(
                        Diagnostic::warning(
                            Code::EndingWithOutcomes,
                            format!(
                                "beat `{}` is an ending, so its outcomes are never offered",
                                beat.id
                            ),
                        )
                        .suggest(Some("remove `ending` or the outcomes".into())),
                    ));
                }
                continue;
            }
            if edges[b].is_empty() && beat.outcomes.iter().all(|o| o.goto.is_none()) {
                self.push(here(Diagnostic::error(Code::DeadEnd, format!("beat `{}` is not an ending and has no way out", beat.id))
                    .suggest(Some("add an outcome with `goto: \"...\"`, or make it an ending with `ending: End`".into()))));
            } else if !endings.is_empty() && !can_end[b] && !broken_links {
                self.push(here(
                    Diagnostic::error(
                        Code::NoPathToEnding,
                        format!(
                            "no ending can be reached from beat `{}`: every way out loops back",
                            beat.id
                        ),
                    )
                    .suggest(Some("add an outcome that leads towards an ending".into())),
                ));
            }
        }
    }

    /// Flags and counters that conditions test must be set somewhere.
    fn state_conditions(&mut self) {
        let s = self.scenario;
        let mut flags: BTreeSet<&str> = BTreeSet::new();
        let mut counters: BTreeSet<&str> = BTreeSet::new();
        for effect in s.beats.iter().flat_map(all_effects) {
            match effect {
                Effect::SetFlag(f) => {
                    flags.insert(f.as_str());
                }
                Effect::AddCounter { name, .. } | Effect::SetCounter { name, .. } => {
                    counters.insert(name.as_str());
                }
                _ => {}
            }
        }
        for beat in &s.beats {
            let at = Near::Beat(&beat.id);
            let mut problems: Vec<(&'static str, String, &'static str)> = Vec::new();
            for condition in conditions(beat) {
                walk_condition(condition, &mut |c| match c {
                    Condition::Flag(f) | Condition::NotFlag(f) if !flags.contains(f.as_str()) => {
                        let key = if matches!(c, Condition::Flag(_)) {
                            "Flag"
                        } else {
                            "NotFlag"
                        };
                        problems.push(("flag", f.0.clone(), key));
                    }
                    Condition::Counter(n, _) if !counters.contains(n.as_str()) => {
                        problems.push(("counter", n.0.clone(), "Counter"))
                    }
                    _ => {}
                });
            }
            for (kind, name, key) in problems {
                let (known, fix) = if kind == "flag" {
                    (
                        &flags,
                        format!("set it with `SetFlag(\"{name}\")` in an effect"),
                    )
                } else {
                    (
                        &counters,
                        format!(
                            "change it with `AddCounter(name: \"{name}\", by: 1)` in an effect"
                        ),
                    )
                };
                let d = Diagnostic::error(
                    if kind == "flag" {
                        Code::FlagNeverSet
                    } else {
                        Code::CounterNeverSet
                    },
                    format!("{kind} `{name}` is tested but never set"),
                )
                .suggest(did_you_mean(&name, known.iter().copied()).or(Some(fix)));
                let d = self.at(d, key, &name, at);
                self.push(d);
            }
        }
    }

    /// Targets and spots a beat uses must be in an environment the player can be in there.
    fn placement(&mut self) {
        let s = self.scenario;
        let Some(&start) = self.index.beats.get(&s.start) else {
            return;
        };
        let env_of = |id: &EnvironmentId| self.index.environments.get(id).copied();
        let last_move = |effects: &[Effect]| {
            effects.iter().rev().find_map(|e| match e {
                Effect::MoveTo { environment, .. } => Some(env_of(environment)),
                _ => None,
            })
        };
        // Possible environments while each beat's outcomes are offered, to a fixed point.
        let mut active: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); s.beats.len()];
        let mut queue = VecDeque::new();
        let entry = |beat: &Beat, inherited: &BTreeSet<usize>| -> BTreeSet<usize> {
            let mut set = match &beat.environment {
                Some(e) => env_of(e).into_iter().collect(),
                None => inherited.clone(),
            };
            if let Some(moved) = last_move(&beat.on_enter) {
                set = moved.into_iter().collect();
            }
            set
        };
        if s.beats[start].environment.is_none() && last_move(&s.beats[start].on_enter).is_none() {
            let at = self.beat_offset(&s.start);
            self.push(
                Diagnostic::error(
                    Code::NoEnvironment,
                    format!("the start beat `{}` does not say where it happens", s.start),
                )
                .suggest(Some("add `environment: \"...\"` to it".into()))
                .at(self.source, at, s.start.as_str().len() + 2),
            );
            return;
        }
        active[start] = entry(&s.beats[start], &BTreeSet::new());
        queue.push_back(start);
        while let Some(b) = queue.pop_front() {
            for outcome in &s.beats[b].outcomes {
                let Some(&to) = outcome.goto.as_ref().and_then(|g| self.index.beats.get(g)) else {
                    continue;
                };
                let exit = match last_move(&outcome.effects) {
                    Some(moved) => moved.into_iter().collect(),
                    None => active[b].clone(),
                };
                let next = entry(&s.beats[to], &exit);
                let before = active[to].len();
                active[to].extend(next);
                if active[to].len() != before || (before == 0 && to == start) {
                    queue.push_back(to);
                }
            }
        }
        for (b, beat) in s.beats.iter().enumerate() {
            if active[b].is_empty() {
                continue;
            }
            for outcome in &beat.outcomes {
                let (kind, key, id, env) = match &outcome.on {
                    Trigger::LookAt { target, .. } | Trigger::Select { target } => (
                        "target",
                        "target",
                        target.as_str(),
                        self.index.targets.get(target).map(|p| p.0),
                    ),
                    Trigger::Reach { spot, .. } => (
                        "spot",
                        "spot",
                        spot.as_str(),
                        self.index.spots.get(spot).map(|p| p.0),
                    ),
                    _ => continue,
                };
                if let Some(env) = env
                    && !active[b].contains(&env)
                {
                    let places: Vec<&str> = active[b]
                        .iter()
                        .map(|&e| s.environments[e].id.as_str())
                        .collect();
                    let d = Diagnostic::error(Code::NotHere, format!(
                        "{kind} `{id}` is in environment `{}`, but beat `{}` happens in {}",
                        s.environments[env].id, beat.id, places.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or ")
                    ))
                    .suggest(Some(format!("use a {kind} of that environment, or move there first with `MoveTo(environment: \"{}\")`", s.environments[env].id)));
                    let d = self.at(d, key, id, Near::Beat(&beat.id));
                    self.push(d);
                }
            }
        }
    }

    /// Numbers that must make sense: timers, dwell times, durations, donation amounts.
    fn values(&mut self) {
        let s = self.scenario;
        for text in self.texts {
            if let Err(e) = crate::message::Message::parse(&text.text) {
                let d =
                    Diagnostic::error(Code::BadText, format!("in `{}`: {}", text.id, e.message))
                        .suggest(e.suggestion);
                let d = self.at(d, "id", text.id.as_str(), Near::Offset(0));
                self.push(d);
            }
        }
        if s.content_note.text.trim().is_empty() {
            let d = Diagnostic::error(Code::EmptyContentNote, "the content note is empty").suggest(
                Some("say what the visitor will see and that they can pause at any time".into()),
            );
            let d = self.at(d, "id", s.content_note.id.as_str(), Near::Offset(0));
            self.push(d);
        }
        for beat in &s.beats {
            let at = Near::Beat(&beat.id);
            for outcome in &beat.outcomes {
                match outcome.on {
                    Trigger::Timer { seconds, .. } if !(seconds > 0.0 && seconds.is_finite()) => {
                        let d = Diagnostic::error(
                            Code::BadNumber,
                            format!("timer of {seconds} seconds in beat `{}`", beat.id),
                        )
                        .expected("a number of seconds above 0".to_string());
                        let d = self.at_number(d, "Timer", "seconds", at);
                        self.push(d);
                    }
                    Trigger::LookAt { dwell, .. } if !(dwell > 0.0 && dwell <= 30.0) => {
                        let d = Diagnostic::error(
                            Code::BadNumber,
                            format!("dwell of {dwell} seconds in beat `{}`", beat.id),
                        )
                        .expected("between 0 and 30 seconds".to_string());
                        let d = self.at_number(d, "LookAt", "dwell", at);
                        self.push(d);
                    }
                    _ => {}
                }
            }
            for line in &beat.lines {
                if let Some(duration) = line.duration
                    && !(duration > 0.0 && duration.is_finite())
                {
                    let d = Diagnostic::error(
                        Code::BadNumber,
                        format!("line `{}` lasts {duration} seconds", line.id),
                    )
                    .expected("a duration above 0 seconds".to_string());
                    let d = self.at_field(d, "duration", Near::Line(&beat.id, &line.id));
                    self.push(d);
                }
            }
            if let Some(Ending::Donate(prompt)) = &beat.ending {
                let amounts_at = Near::Prompt(&beat.id, &prompt.headline.id);
                if prompt.amounts.is_empty() {
                    let d = Diagnostic::error(
                        Code::NoAmounts,
                        "the donation prompt suggests no amounts",
                    )
                    .suggest(Some("add `amounts: [5, 10, 25]`".into()));
                    self.push(d.at(self.source, self.offset(amounts_at), 1));
                }
                for amount in &prompt.amounts {
                    let problem = match amount.in_currency(prompt.currency) {
                        Ok(m) if m.minor <= 0 => {
                            Some("a suggested amount must be above zero".to_string())
                        }
                        Ok(_) => None,
                        Err(e) => Some(e.to_string()),
                    };
                    if let Some(problem) = problem {
                        let d = Diagnostic::error(
                            Code::BadAmount,
                            format!("amount {amount}: {problem}"),
                        );
                        self.push(d.at(self.source, self.offset(amounts_at), 1));
                    }
                }
            }
        }
    }
}

fn bfs(starts: impl IntoIterator<Item = usize>, edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = starts.into_iter().collect();
    for &s in &queue {
        seen[s] = true;
    }
    while let Some(b) = queue.pop_front() {
        for &to in &edges[b] {
            if !seen[to] {
                seen[to] = true;
                queue.push_back(to);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid file needs no place, so validating it never tokenizes it: that was most of the
    /// time it took to load a large scenario (`benches/load_validate.rs`).
    #[test]
    fn a_valid_scenario_is_validated_without_indexing_its_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenes/first_visit/scenario.ron"
        );
        let text = std::fs::read_to_string(path).expect("the bundled scenario");
        let source = SourceFile::new("scenario.ron", text);
        let scenario = crate::load::parse_scenario(&source).expect("it parses");
        assert_eq!(validate(&scenario, &source, &AssetRoots::default()), []);
        assert!(!source.is_indexed());

        let broken = source.text.replacen("goto: \"", "goto: \"x", 1);
        let source = SourceFile::new("scenario.ron", broken);
        let scenario = crate::load::parse_scenario(&source).expect("it parses");
        let found = validate(&scenario, &source, &AssetRoots::default());
        let d = found
            .iter()
            .find(|d| d.code == Code::UnknownBeat)
            .expect("unknown beat");
        assert!(source.is_indexed());
        let offset = source.offset_of(d.line, d.column);
        assert!(source.text[offset..].starts_with("\"x"), "{d}");
    }
}
