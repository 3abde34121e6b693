//! Helpers shared by the integration tests: a fresh temporary directory per test.

use std::path::PathBuf;

/// An empty directory under the system's temp dir, unique to this process and name.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-analytics-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test directory");
    dir
}
