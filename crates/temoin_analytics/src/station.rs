//! The station id: a random UUIDv7 made the first time a machine runs Témoin and kept in a
//! `station-id` file, so the report can tell stations apart without knowing anything about
//! the machine (no host name, no MAC address).

use std::io::Write;
use std::path::Path;

/// The file in the data directory that holds the id.
pub const STATION_FILE: &str = "station-id";

/// Reads `dir/station-id`, or makes one and writes it atomically (a temporary file renamed
/// into place), so a power cut never leaves a half-written id. A file an operator wrote by
/// hand ("booth-left") is used as it is; an empty one is replaced.
pub fn station_id(dir: &Path) -> std::io::Result<String> {
    let path = dir.join(STATION_FILE);
    if let Some(id) = read(&path)? {
        return Ok(id);
    }
    std::fs::create_dir_all(dir)?;
    let id = uuid::Uuid::now_v7().to_string();
    let temporary = dir.join(format!(".{STATION_FILE}.{}.tmp", std::process::id()));
    {
        let mut file = std::fs::File::create(&temporary)?;
        writeln!(file, "{id}")?;
        file.sync_all()?;
    }
    // Two processes starting at once: whoever renames last wins, and both read that id back.
    std::fs::rename(&temporary, &path)?;
    read(&path)?.ok_or_else(|| {
        std::io::Error::other(format!("{} is empty after writing it", path.display()))
    })
}

fn read(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .next()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}
