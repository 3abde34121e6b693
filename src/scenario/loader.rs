//! The `AssetLoader` for `scenario.ron`. A file with errors still loads, as an asset that
//! carries its diagnostics instead of a scenario, so the app can show them and keep running.

use super::ScenarioLocation;
use bevy::asset::{AssetLoader, LoadContext, io::Reader};
use bevy::prelude::*;
use std::sync::Arc;
use temoin_scenario::check::{check_text, render_human};
use temoin_scenario::validate::AssetRoots;

#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset {
    /// The scenario, when it has no errors.
    pub scenario: Option<Arc<temoin_scenario::Scenario>>,
    /// Every diagnostic, rendered for people; empty when there are none.
    pub report: String,
}

#[derive(TypePath)]
pub struct ScenarioLoader {
    roots: AssetRoots,
    folder: std::path::PathBuf,
}

impl ScenarioLoader {
    pub fn new(location: &ScenarioLocation) -> Self {
        ScenarioLoader {
            roots: location.roots(),
            folder: location.folder.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioLoaderError {
    #[error("cannot read the scenario file: {0}")]
    Io(#[from] std::io::Error),
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
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let display = self
            .folder
            .join(load_context.path().path())
            .display()
            .to_string();
        let text = String::from_utf8_lossy(&bytes);
        let checked = check_text(&display, &text, &self.roots);
        let report = if checked.diagnostics.is_empty() {
            String::new()
        } else {
            render_human(std::slice::from_ref(&checked))
        };
        let scenario = checked.valid().cloned().map(Arc::new);
        Ok(ScenarioAsset { scenario, report })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}
