//! The app's integration tests, in one binary so Bevy is linked once: the command line,
//! the story runtime inside Bevy (headless), and the real window under Xvfb.

mod cli;
mod donation;
mod headless;
#[cfg(feature = "xr")]
mod headset_input;
mod modules;
mod operator;
mod people;
mod render;
mod sync;
mod visits;

use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled_scenario() -> PathBuf {
    repo_root().join("scenes/first_visit")
}

/// A fresh, empty folder under the system's temporary directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes a scenario folder holding `text` as its `scenario.ron`.
pub fn scenario_folder(name: &str, text: &str) -> PathBuf {
    let dir = scratch_dir(name);
    std::fs::write(dir.join("scenario.ron"), text).expect("write scenario");
    dir
}

pub fn bundled_text() -> String {
    std::fs::read_to_string(bundled_scenario().join("scenario.ron")).expect("bundled scenario")
}

pub fn temoin() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_temoin"));
    command.current_dir(repo_root());
    command
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
