//! The `AssetLoader` for `scenario.ron`. It assembles the whole chapter pack (chapter file,
//! scenario, overlays, locale tables) so that one reload picks up a change to any of them. A
//! pack with errors still loads, as an asset that carries its diagnostics instead of a pack,
//! so the app can show them and keep running.

use super::ScenarioLocation;
use bevy::asset::{AssetLoader, LoadContext, io::Reader};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use temoin_chapter::pack::{Pack, load_pack};
use temoin_scenario::check::render_human;

#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset {
    /// The merged chapter pack, when nothing blocks playing.
    pub pack: Option<Arc<Pack>>,
    /// Every diagnostic, rendered for people; empty when there are none.
    pub report: String,
    /// The files the pack was read from (besides the scenario, which the asset server
    /// watches) with their modification times when read (none: missing): a change to one
    /// reloads the pack.
    pub watched: Vec<(PathBuf, Option<SystemTime>)>,
}

#[derive(TypePath)]
pub struct ScenarioLoader {
    location: ScenarioLocation,
}

impl ScenarioLoader {
    pub fn new(location: &ScenarioLocation) -> Self {
        ScenarioLoader {
            location: location.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioLoaderError {
    #[error("cannot read the scenario file: {0}")]
    Io(#[from] std::io::Error),
}

/// Each file with its modification time, or none when it is missing.
pub fn modification_times(
    files: impl IntoIterator<Item = PathBuf>,
) -> Vec<(PathBuf, Option<SystemTime>)> {
    files
        .into_iter()
        .map(|p| {
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            (p, modified)
        })
        .collect()
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ScenarioLoaderError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ScenarioLoaderError> {
        // The pack reads every file itself (they live in several folders); the reader is only
        // drained so the asset server sees a complete load.
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let location = &self.location;
        let scenario = location.folder.join(load_context.path().path());
        let load = load_pack(
            &location.pack_paths,
            &location.chapter_file.to_string_lossy(),
            Some(&scenario),
        );
        let report = if load.checked.diagnostics.is_empty() {
            String::new()
        } else {
            render_human(std::slice::from_ref(&load.checked))
        };
        let mut watched: Vec<PathBuf> = match &load.pack {
            Some(pack) => pack.files.clone(),
            None => load
                .checked
                .other_sources
                .iter()
                .map(|s| PathBuf::from(&s.path))
                .collect(),
        };
        watched.push(location.chapter_file.clone());
        watched.retain(|p| *p != scenario);
        watched.sort();
        watched.dedup();
        Ok(ScenarioAsset {
            pack: load.pack.map(Arc::new),
            report,
            watched: modification_times(watched),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}
