//! A journal file that is not a readable database (overwritten, truncated) is never opened
//! as if nothing happened and never deleted: it is kept aside, a fresh journal starts, and one
//! line says where the old one is.

use temoin_donations::ProviderKind;
use temoin_donations::journal::Journal;
use temoin_scenario::{Currency, Money};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-corrupt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn euros(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::from_code("EUR").unwrap(),
    }
}

fn kept_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect()
}

#[test]
fn a_file_that_is_no_database_is_kept_aside_and_a_fresh_journal_starts() {
    let dir = scratch("garbage");
    let path = dir.join("donations.sqlite");
    let garbage = b"this is not a database, it was overwritten by mistake \x00\x01\x02".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let (journal, notice) = Journal::open_or_recover(&path).expect("a fresh journal");
    let notice = notice.expect("a line for the attendant");
    let kept = kept_files(&dir);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(notice.contains(&kept[0].display().to_string()), "{notice}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        garbage,
        "the old file is kept as it was"
    );
    // The fresh journal takes gifts.
    journal
        .record("demo", ProviderKind::Link, euros(500), false)
        .unwrap();
    assert_eq!(journal.list().unwrap().len(), 1);
    // A healthy journal opens without a notice.
    drop(journal);
    let (again, notice) = Journal::open_or_recover(&path).unwrap();
    assert!(notice.is_none());
    assert_eq!(again.list().unwrap().len(), 1);
}

#[test]
fn a_truncated_journal_is_kept_aside_too() {
    let dir = scratch("truncated");
    let path = dir.join("donations.sqlite");
    {
        let journal = Journal::open(&path).unwrap();
        for i in 0..400 {
            journal
                .record("demo", ProviderKind::Link, euros(100 + i), false)
                .unwrap();
        }
        // Fold the write-ahead log into the file, as a clean shutdown does.
        journal.checkpoint().unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", path.display()));
    }
    let (journal, notice) = Journal::open_or_recover(&path).expect("a fresh journal");
    assert!(notice.is_some(), "a half file was opened as if whole");
    assert_eq!(journal.list().unwrap().len(), 0);
    assert_eq!(kept_files(&dir).len(), 1);
}
