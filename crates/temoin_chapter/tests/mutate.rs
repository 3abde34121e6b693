//! Bad input, generated (issue #14): mutants of every shipped RON file, loaded the way the
//! app loads them, for about three seconds. No panic, no hang, and every failed load says
//! where, in a file that exists, at a line:column inside it. `benches/mutate.rs` runs the
//! same for longer; what either finds becomes a file in `tests/regressions/`.
//!
//! `TEMOIN_MUTATE_SECONDS` changes the budget, `TEMOIN_MUTATE_SEED` the first seed, and
//! `TEMOIN_MUTATE_REPLAY=<seed>,...` runs only the mutants a failure reported.

mod mutation;

use mutation::{Kind, Scratch, check_place, load_file, repo, shipped};
use std::path::{Path, PathBuf};
use std::time::Duration;
use temoin_chapter::pack::load_pack;
use temoin_scenario::SourceFile;
use temoin_scenario::load::read_source;

/// Enough mutants to touch every file a few times, however slow the machine.
const MINIMUM: u64 = 150;

#[test]
fn mutants_of_the_shipped_files_get_diagnostics_never_panics_or_hangs() {
    let originals = shipped(&repo());
    for kind in [Kind::Scenario, Kind::Strings, Kind::Chapter, Kind::Overlay] {
        assert!(
            originals.iter().any(|o| o.kind == kind),
            "no shipped {kind:?} file found under {}",
            repo().display()
        );
    }
    let seconds: f64 = std::env::var("TEMOIN_MUTATE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let seed: u64 = std::env::var("TEMOIN_MUTATE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let report = mutation::run(
        Scratch::new("test", originals),
        seed,
        Duration::from_secs_f64(seconds),
        MINIMUM,
        mutation::replay_from_env(),
    );
    eprintln!("first seed {seed}: {}", mutation::summary(&report));
    assert!(
        report.failures.is_empty(),
        "{} of {} mutants broke a property:\n{}",
        report.failures.len(),
        report.mutants,
        report
            .failures
            .iter()
            .take(10)
            .map(|f| format!("  {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `tests/regressions/<kind>/*.ron` in `temoin_scenario`: inputs that once crashed a loader.
fn regressions(kind: &str) -> Vec<PathBuf> {
    let dir = repo()
        .join("crates/temoin_scenario/tests/regressions")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

/// A shipped file of `kind` and a chapter whose pack reads it as it is now.
fn reader(scratch: &Scratch, kind: Kind) -> Option<(mutation::Original, String)> {
    scratch
        .originals
        .iter()
        .filter(|o| o.kind == kind)
        .find_map(|original| {
            let path = scratch.root.join(&original.relative).display().to_string();
            original.chapters.iter().find_map(|chapter| {
                let load = load_pack(&scratch.paths(), chapter, None);
                let checked = &load.checked;
                let reads = checked
                    .source
                    .iter()
                    .chain(&checked.other_sources)
                    .any(|s| s.path == path);
                reads.then(|| (original.clone(), chapter.clone()))
            })
        })
}

/// Each saved input goes through the loader for its kind and gets an error diagnostic that
/// points inside it, without a panic; then, where the shipped files load (another engineer may
/// be halfway through changing them), it replaces the shipped file of its kind in a scratch
/// tree and the chapter pack that reads that file gets the same.
#[test]
fn saved_crashes_get_a_diagnostic() {
    let scratch = Scratch::new("regressions", shipped(&repo()));
    let mut seen = 0;
    for (kind, folder) in [
        (Kind::Scenario, "scenario"),
        (Kind::Strings, "strings"),
        (Kind::Chapter, "chapter"),
        (Kind::Overlay, "overlay"),
    ] {
        let files = regressions(folder);
        let slot = if files.is_empty() {
            None
        } else {
            reader(&scratch, kind)
        };
        for file in files {
            seen += 1;
            let name = file.display().to_string();
            let bytes = std::fs::read(&file).unwrap();
            // Read as the app reads it: a file that is not UTF-8 is refused here.
            let (source, (loaded, diagnostics)) = match read_source(&file) {
                Ok(source) => {
                    let result = std::panic::catch_unwind(|| load_file(kind, &source))
                        .unwrap_or_else(|_| panic!("{name} panicked its loader"));
                    (source, result)
                }
                Err(unreadable) => {
                    let source = unreadable.source.expect("the file is there");
                    (source, (false, vec![unreadable.diagnostic]))
                }
            };
            assert!(
                !loaded && diagnostics.iter().any(|d| d.is_error()),
                "{name}: expected an error, got {diagnostics:#?}"
            );
            for d in &diagnostics {
                check_place(d, &[&source]).unwrap_or_else(|e| panic!("{name}: {e}"));
            }

            let Some((original, chapter)) = &slot else {
                eprintln!("{name}: no shipped {kind:?} file loads now; checked alone only");
                continue;
            };
            let target = scratch.root.join(&original.relative);
            std::fs::write(&target, &bytes).unwrap();
            let load = std::panic::catch_unwind(|| load_pack(&scratch.paths(), chapter, None));
            std::fs::write(&target, &original.bytes).unwrap();
            let load = load.unwrap_or_else(|_| panic!("{name} panicked the pack loader"));
            let checked = &load.checked;
            let sources: Vec<&SourceFile> = checked
                .source
                .iter()
                .chain(&checked.other_sources)
                .collect();
            for d in &checked.diagnostics {
                check_place(d, &sources).unwrap_or_else(|e| panic!("{name} in a pack: {e}"));
            }
            let relative = Path::new(&original.relative);
            assert!(
                checked
                    .diagnostics
                    .iter()
                    .any(|d| d.is_error() && Path::new(&d.file).ends_with(relative)),
                "{name} in a pack: no error points into it: {:#?}",
                checked.diagnostics
            );
        }
    }
    assert!(seen > 0, "no saved inputs found");
}

/// A chapter file with brackets opened ten thousand times where an amount goes (read before
/// its type is known: the deepest path through the parser), or cut off inside a provider
/// nested as deep, is refused with a diagnostic inside it, on a thread with the default
/// 2 MiB stack.
#[test]
fn deeply_nested_chapter_files_are_refused() {
    let texts = [
        format!(
            "Chapter(id: \"x\", name: \"X\", currency: \"EUR\", amounts: {}",
            "[".repeat(10_000)
        ),
        format!(
            "Chapter(id: \"x\", name: \"X\", currency: \"EUR\", amounts: [5], minimum: 1, maximum: 9, provider: {}",
            "Link(".repeat(10_000)
        ),
    ];
    std::thread::Builder::new()
        .stack_size(mutation::STACK)
        .spawn(move || {
            for text in texts {
                let source = SourceFile::new("chapters/x.ron", text.as_str());
                let diagnostics = temoin_chapter::config::parse_chapter(&source).unwrap_err();
                assert!(diagnostics.iter().any(|d| d.is_error()));
                for d in &diagnostics {
                    check_place(d, &[&source]).unwrap();
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
