//! Finding the OpenXR loader. The `openxr` crate (and bevy_mod_openxr through it) opens
//! `libopenxr_loader.so`, the development link that Debian ships only in `libopenxr-dev`;
//! `libopenxr-loader1` has just `libopenxr_loader.so.1`. When only the versioned file is
//! there, the app links it under the plain name in its cache folder and restarts itself once
//! with that folder on `LD_LIBRARY_PATH` (the dynamic linker reads it only at start-up).

use std::path::{Path, PathBuf};

const UNVERSIONED: &str = "libopenxr_loader.so";
const VERSIONED: &str = "libopenxr_loader.so.1";
/// Set on the restarted process, so it never restarts twice.
const RESTARTED: &str = "TEMOIN_OPENXR_LOADER_DIR";

/// Where distributions put shared libraries, after `LD_LIBRARY_PATH`.
fn library_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.extend(
        [
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
        ]
        .map(PathBuf::from),
    );
    dirs
}

pub struct FoundLoader {
    pub entry: openxr::Entry,
    /// Set when only the versioned library was found, at this path.
    pub versioned: Option<PathBuf>,
}

/// The loader by its plain name, else by its versioned one.
pub fn load_entry() -> Result<FoundLoader, String> {
    // SAFETY: these are OpenXR loaders by name; the crate checks the entry points it needs.
    let plain = unsafe { openxr::Entry::load() };
    let first = match plain {
        Ok(entry) => {
            return Ok(FoundLoader {
                entry,
                versioned: None,
            });
        }
        Err(e) => e.to_string(),
    };
    for dir in library_dirs() {
        let path = dir.join(VERSIONED);
        if path.exists()
            && let Ok(entry) = unsafe { openxr::Entry::load_from(&path) }
        {
            return Ok(FoundLoader {
                entry,
                versioned: Some(path),
            });
        }
    }
    Err(format!(
        "neither {UNVERSIONED} nor {VERSIONED} could be opened: {first}"
    ))
}

/// A folder holding `libopenxr_loader.so` → `versioned`.
fn link_folder(versioned: &Path) -> std::io::Result<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("temoin").join("openxr-loader");
    std::fs::create_dir_all(&dir)?;
    let link = dir.join(UNVERSIONED);
    let target = std::fs::canonicalize(versioned)?;
    if std::fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link)?;
    }
    Ok(dir)
}

/// When the loader exists only as `.so.1`, restarts this process so that bevy_mod_openxr
/// finds it. Returns (does not restart) when nothing needs doing or when it cannot help.
pub fn restart_with_unversioned_loader(versioned: &Path) -> Result<(), String> {
    if std::env::var_os(RESTARTED).is_some() {
        return Err(format!(
            "{UNVERSIONED} is still not found after linking it to {}",
            versioned.display()
        ));
    }
    let dir = link_folder(versioned).map_err(|e| format!("cannot link the OpenXR loader: {e}"))?;
    let mut paths = vec![dir.clone()];
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    let joined = std::env::join_paths(paths).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    use std::os::unix::process::CommandExt;
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("LD_LIBRARY_PATH", joined)
        .env(RESTARTED, &dir)
        .exec();
    Err(format!("cannot restart with the OpenXR loader: {error}"))
}
