//! Where the app finds its `assets/` folder and the bundled scenario, whether it runs from a
//! checkout (`cargo run`), from an installed copy, or from a test.

use std::path::{Path, PathBuf};

/// The bundled scenario, relative to the project root.
pub const BUNDLED_SCENARIO: &str = "scenes/first_visit";

/// Folders to look in, in order: the working directory, next to the executable, and the
/// source checkout the binary was built from.
fn roots() -> Vec<PathBuf> {
    let mut roots = vec![PathBuf::from(".")];
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        roots.push(dir.to_path_buf());
    }
    roots.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    roots
}

fn find(relative: &str) -> PathBuf {
    roots()
        .into_iter()
        .map(|r| r.join(relative))
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative))
}

/// The assets folder: `TEMOIN_ASSETS` if set, else the first `assets/` found.
pub fn assets_dir() -> PathBuf {
    match std::env::var_os("TEMOIN_ASSETS") {
        Some(dir) => PathBuf::from(dir),
        None => absolute(&find("assets")),
    }
}

/// The scenario folder to use when none is given.
pub fn default_scenario() -> PathBuf {
    absolute(&find(BUNDLED_SCENARIO))
}

pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Chapter configs: `TEMOIN_CHAPTERS` if set, else the first `chapters/` found.
pub fn chapters_dir() -> PathBuf {
    match std::env::var_os("TEMOIN_CHAPTERS") {
        Some(dir) => PathBuf::from(dir),
        None => absolute(&find("chapters")),
    }
}

/// The chapter used when none is named: a donation link that needs no account.
pub const DEFAULT_CHAPTER: &str = "demo";

/// Where the donation journal lives: `TEMOIN_JOURNAL`, else the user's data folder
/// (`$XDG_DATA_HOME/temoin` or `~/.local/share/temoin`), never inside the repository.
pub fn journal_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TEMOIN_JOURNAL") {
        return PathBuf::from(path);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    data.join("temoin").join("donations.sqlite")
}

/// Where chapter packs are read from.
pub fn pack_paths() -> temoin_chapter::PackPaths {
    temoin_chapter::PackPaths {
        chapters_dir: chapters_dir(),
        assets_dir: assets_dir(),
    }
}
