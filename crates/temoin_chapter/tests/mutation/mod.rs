//! Generated bad input (issue #14), shared by `tests/mutate.rs` (a few seconds in `cargo
//! test`) and `benches/mutate.rs` (a long run).
//!
//! Every shipped RON file (the scenario, its string tables, the chapters, their overlays and
//! tables) is read from disk at run time and copied into a scratch tree shaped like the
//! repository; nothing depends on what the files say. A mutant (byte flips, tokens deleted,
//! duplicated or replaced, two strings swapped, a truncation, text parsers get wrong) goes
//! through the loader for its kind of file (`check_text`, `LoadedTable::parse`,
//! `LoadedOverlay::parse`, `parse_chapter`); then, when that took it (and for one in four it
//! refused), it replaces its file in the scratch tree and goes through the entry point the app
//! and `temoin validate` / `temoin strings check` use: `load_pack` for a chapter that reads
//! the file, then the pack's localisation and string checks. The properties:
//!
//! - no panic (each mutant runs under `catch_unwind`, on its own thread with the default
//!   2 MiB stack, named after its seed so that even a stack overflow says which mutant);
//! - no hang (a mutant that takes longer than `HANG` is reported with its seed);
//! - a load that fails says why: at least one error diagnostic, each with a file name and a
//!   line:column inside the text of that file (the mutated text when it points there), and
//!   each renders with its quoted line without panicking.
//!
//! A mutant is a pure function of its seed and the shipped files, so a failure is replayed
//! with `TEMOIN_MUTATE_REPLAY=<seed>` as long as the files have not changed since; the
//! mutant's text is also written next to the scratch tree.

#![allow(dead_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use temoin_chapter::PackPaths;
use temoin_chapter::config::parse_chapter;
use temoin_chapter::pack::load_pack;
use temoin_scenario::check::check_text;
use temoin_scenario::overlay::LoadedOverlay;
use temoin_scenario::strings::LoadedTable;
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{Diagnostic, SourceFile};

/// A mutant that runs longer than this is a hang. Debug builds load a pack in a few
/// milliseconds; the margin is for a busy machine.
pub const HANG: Duration = Duration::from_secs(10);

/// The stack of a test thread (`RUST_MIN_STACK` unset): mutants must not need more.
pub const STACK: usize = 2 * 1024 * 1024;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Scenario,
    Strings,
    Chapter,
    Overlay,
}

/// One shipped file as it was when the run started.
#[derive(Debug, Clone)]
pub struct Original {
    pub kind: Kind,
    /// Relative to the repository root, with `/`.
    pub relative: String,
    pub bytes: Vec<u8>,
    /// The chapters whose pack reads this file.
    pub chapters: Vec<String>,
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// The shipped files, read now: `scenes/*/scenario.ron`, `scenes/*/locales/*.ron`,
/// `chapters/*.ron`, `chapters/*/overlay.ron` and `chapters/*/locales/*.ron`.
pub fn shipped(root: &Path) -> Vec<Original> {
    let chapters: Vec<String> = ron_files(&root.join("chapters"))
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .collect();
    let mut files: Vec<(Kind, PathBuf)> = Vec::new();
    for scene in dirs(&root.join("scenes")) {
        files.push((Kind::Scenario, scene.join("scenario.ron")));
        for table in ron_files(&scene.join("locales")) {
            files.push((Kind::Strings, table));
        }
    }
    for chapter in ron_files(&root.join("chapters")) {
        files.push((Kind::Chapter, chapter));
    }
    for folder in dirs(&root.join("chapters")) {
        files.push((Kind::Overlay, folder.join("overlay.ron")));
        for table in ron_files(&folder.join("locales")) {
            files.push((Kind::Strings, table));
        }
    }
    files
        .into_iter()
        .filter_map(|(kind, path)| {
            let bytes = std::fs::read(&path).ok()?;
            let relative = path.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
            // A chapter's own files are read by that chapter; the scenes' by every chapter
            // that plays them (all of them, as far as a mutant is concerned).
            let own = relative
                .strip_prefix("chapters/")
                .and_then(|r| r.split(['/', '.']).next())
                .filter(|name| chapters.iter().any(|c| c == name));
            let readers = match own {
                Some(name) => vec![name.to_owned()],
                None => chapters.clone(),
            };
            Some(Original {
                kind,
                relative,
                bytes,
                chapters: readers,
            })
        })
        .filter(|o| !o.chapters.is_empty())
        .collect()
}

/// A copy of the shipped files in the repository's shape, where one file at a time is
/// replaced by a mutant. Assets are read from the repository's `assets/`; recordings are
/// left out (no mutant touches them).
pub struct Scratch {
    pub root: PathBuf,
    pub originals: Vec<Original>,
}

impl Scratch {
    pub fn new(tag: &str, originals: Vec<Original>) -> Scratch {
        let root = std::env::temp_dir().join(format!("temoin-mutate-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for original in &originals {
            let path = root.join(&original.relative);
            std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap();
            std::fs::write(&path, &original.bytes).unwrap();
        }
        Scratch { root, originals }
    }

    pub fn paths(&self) -> PackPaths {
        PackPaths {
            chapters_dir: self.root.join("chapters"),
            assets_dir: repo().join("assets"),
        }
    }

    fn put(&self, relative: &str, bytes: &[u8]) {
        std::fs::write(self.root.join(relative), bytes).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A mutant: which file, what was done to it, the text, and the chapter that loads it.
#[derive(Debug, Clone)]
pub struct Mutant {
    pub seed: u64,
    pub file: usize,
    pub chapter: String,
    pub operations: Vec<String>,
    pub bytes: Vec<u8>,
}

/// Tokens of (possibly broken) RON, as byte ranges, for the token-level mutators.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TokenKind {
    Blank,
    Comment,
    Str,
    Word,
    Punct,
}

fn tokens(bytes: &[u8]) -> Vec<(TokenKind, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let kind = if b.is_ascii_whitespace() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            TokenKind::Blank
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            TokenKind::Comment
        } else if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            TokenKind::Str
        } else if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b >= 0x80 {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'-' | b'.' | b'+')
                    || bytes[i] >= 0x80)
            {
                i += 1;
            }
            TokenKind::Word
        } else {
            i += 1;
            TokenKind::Punct
        };
        out.push((kind, start, i));
    }
    out
}

/// Text that parsers tend to get wrong: escapes before multi-byte characters, raw strings,
/// unterminated things, numbers at the edges of their types, nesting, byte order marks.
const INTERESTING: &[&str] = &[
    "\"",
    "\\",
    "\\é",
    "\"\\أ\"",
    "r#\"",
    "r#é",
    "r##\"x\"#",
    "\"#",
    "/*",
    "*/",
    "//",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "é",
    "أم",
    "\u{feff}",
    "\u{202e}",
    "😀",
    "\0",
    "\r",
    "\t",
    "0",
    "-1",
    "2.5",
    "1e309",
    "-0.0",
    "NaN",
    "inf",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "92233720368547758",
    "18446744073709551616",
    "4294967296",
    "0x7f",
    "\"99999999999999999999.99\"",
    "\"1.005\"",
    "\"#zzzzzz\"",
    "\"@next\"",
    "\"\"",
    "\"{amount\"",
    "\"{n, plural, one {#} other {# #}}\"",
    "\"{\"",
    "\"}\"",
    "\"{{\"",
    "Some(",
    "None",
    "true",
    "()",
    "[]",
    "Not(",
    "All([",
    "Any([",
    "Flag(\"x\")",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "b\"x\"",
    "'x'",
];

/// Numbers at and past the edges of the types they are read into, and of the arithmetic done
/// with them (an amount in hundredths is a whole number times 100).
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "0.0",
    "-0.0",
    "0.001",
    "1e-45",
    "1e38",
    "3.5e38",
    "1e400",
    "-1e400",
    "NaN",
    "inf",
    "-inf",
    "255",
    "256",
    "65536",
    "2147483647",
    "4294967295",
    "4294967296",
    "92233720368547758",
    "922337203685477580",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "0x10",
    "1_000",
];

/// One random change to `bytes`, described for the failure report.
fn mutate_once(rng: &mut fastrand::Rng, bytes: &mut Vec<u8>) -> String {
    if bytes.is_empty() {
        let token = INTERESTING[rng.usize(..INTERESTING.len())];
        bytes.extend_from_slice(token.as_bytes());
        return format!("insert {token:?} into the empty file");
    }
    let toks = tokens(bytes);
    let pick = |rng: &mut fastrand::Rng, kind: Option<TokenKind>| {
        let candidates: Vec<&(TokenKind, usize, usize)> = toks
            .iter()
            .filter(|t| kind.is_none_or(|k| t.0 == k) && t.0 != TokenKind::Blank)
            .collect();
        if candidates.is_empty() {
            None
        } else {
            Some(*candidates[rng.usize(..candidates.len())])
        }
    };
    match rng.u32(..100) {
        // Byte flips: one bit, or one byte set to something a parser cares about.
        0..=14 => {
            let at = rng.usize(..bytes.len());
            let bit = 1u8 << rng.u32(..8);
            bytes[at] ^= bit;
            format!("flip bit {bit:#04x} of byte {at}")
        }
        15..=29 => {
            let at = rng.usize(..bytes.len());
            let byte = *rng
                .choice(b"\"\\()[]{},:#/*rR0123456789.-_ \n\0\x7f\xc3\xa9\xff")
                .expect("not empty");
            bytes[at] = byte;
            format!("set byte {at} to {byte:#04x}")
        }
        // Tokens deleted and duplicated.
        30..=44 => {
            let Some((_, start, end)) = pick(rng, None) else {
                return "nothing to delete".into();
            };
            let gone: Vec<u8> = bytes.drain(start..end).collect();
            format!(
                "delete token {:?} at {start}",
                String::from_utf8_lossy(&gone)
            )
        }
        45..=57 => {
            let Some((_, start, end)) = pick(rng, None) else {
                return "nothing to duplicate".into();
            };
            let copy = bytes[start..end].to_vec();
            // Right after itself (`Not(Not(`, `, ,`, `"a""a"`), or somewhere else.
            let at = if rng.bool() {
                end
            } else {
                pick(rng, None).map_or(end, |t| t.1)
            };
            bytes.splice(at..at, copy.iter().copied());
            format!(
                "duplicate token {:?} from {start} at {at}",
                String::from_utf8_lossy(&copy)
            )
        }
        // Swapped ids: two quoted strings change places.
        58..=74 => {
            let (Some(a), Some(b)) = (
                pick(rng, Some(TokenKind::Str)),
                pick(rng, Some(TokenKind::Str)),
            ) else {
                return "no strings to swap".into();
            };
            let (first, second) = if a.1 <= b.1 { (a, b) } else { (b, a) };
            if first.2 > second.1 {
                return "swap a string with itself".into();
            }
            let one = bytes[first.1..first.2].to_vec();
            let two = bytes[second.1..second.2].to_vec();
            bytes.splice(second.1..second.2, one.iter().copied());
            bytes.splice(first.1..first.2, two.iter().copied());
            format!(
                "swap {:?} at {} with {:?} at {}",
                String::from_utf8_lossy(&one),
                first.1,
                String::from_utf8_lossy(&two),
                second.1
            )
        }
        // Truncations: anywhere, even inside a multi-byte character.
        75..=84 => {
            let at = rng.usize(..bytes.len());
            bytes.truncate(at);
            format!("truncate at byte {at}")
        }
        // A number swapped for one at the edge of its type (or past it), anything else for
        // something a parser tends to get wrong.
        85..=92 => {
            let numbers: Vec<&(TokenKind, usize, usize)> = toks
                .iter()
                .filter(|t| t.0 == TokenKind::Word && bytes[t.1].is_ascii_digit())
                .collect();
            let word = if !numbers.is_empty() && rng.bool() {
                Some(*numbers[rng.usize(..numbers.len())])
            } else {
                pick(rng, Some(TokenKind::Word))
            };
            let Some((_, start, end)) = word else {
                return "no word to replace".into();
            };
            let numeric = bytes[start].is_ascii_digit() || bytes[start] == b'-';
            let token = if numeric {
                NUMBERS[rng.usize(..NUMBERS.len())]
            } else {
                INTERESTING[rng.usize(..INTERESTING.len())]
            };
            let old: Vec<u8> = bytes.splice(start..end, token.bytes()).collect();
            format!(
                "replace {:?} at {start} with {token:?}",
                String::from_utf8_lossy(&old)
            )
        }
        // Something a parser tends to get wrong, between two tokens or inside one.
        _ => {
            let token = INTERESTING[rng.usize(..INTERESTING.len())];
            let at = if rng.u32(..4) == 0 {
                rng.usize(..=bytes.len())
            } else {
                toks[rng.usize(..toks.len())].1
            };
            bytes.splice(at..at, token.bytes());
            format!("insert {token:?} at byte {at}")
        }
    }
}

/// The mutant of a seed: a file, one to four changes (mostly one), a chapter that reads it.
pub fn mutant(originals: &[Original], seed: u64) -> Mutant {
    let mut rng = fastrand::Rng::with_seed(seed);
    // Each kind as often as the others: one scenario weighs as much as all the chapters.
    let kinds = [Kind::Scenario, Kind::Strings, Kind::Chapter, Kind::Overlay];
    let kind = kinds[rng.usize(..kinds.len())];
    let of_kind: Vec<usize> = (0..originals.len())
        .filter(|&i| originals[i].kind == kind)
        .collect();
    let file = if of_kind.is_empty() {
        rng.usize(..originals.len())
    } else {
        of_kind[rng.usize(..of_kind.len())]
    };
    let original = &originals[file];
    let mut bytes = original.bytes.clone();
    let count = match rng.u32(..10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 4,
    };
    let operations = (0..count)
        .map(|_| mutate_once(&mut rng, &mut bytes))
        .collect();
    let chapter = original.chapters[rng.usize(..original.chapters.len())].clone();
    Mutant {
        seed,
        file,
        chapter,
        operations,
        bytes,
    }
}

/// Where a diagnostic points, checked against the text of the file it names.
pub fn check_place(d: &Diagnostic, sources: &[&SourceFile]) -> Result<(), String> {
    if d.file.is_empty() || d.message.is_empty() {
        return Err(format!("a diagnostic without a file or a message: {d:?}"));
    }
    let Some(source) = sources.iter().find(|s| s.path == d.file) else {
        // A file that cannot be read at all (not UTF-8) is named with 1:1.
        if d.code == "unreadable-file" && (d.line, d.column) == (1, 1) {
            return Ok(());
        }
        return Err(format!(
            "diagnostic points into `{}`, which is not among the loaded files: {d}",
            d.file
        ));
    };
    let lines: Vec<&str> = source.text.split('\n').collect();
    let Some(line) = d.line.checked_sub(1).and_then(|l| lines.get(l)) else {
        return Err(format!(
            "line {} is outside `{}` ({} lines): {d}",
            d.line,
            d.file,
            lines.len()
        ));
    };
    if d.column == 0 || d.column > line.chars().count() + 1 {
        return Err(format!(
            "column {} is outside line {} of `{}` ({} characters): {d}",
            d.column,
            d.line,
            d.file,
            line.chars().count()
        ));
    }
    if let Some(span) = &d.span {
        let text = &source.text;
        if span.start > span.end
            || span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return Err(format!(
                "span {span:?} is not a range of `{}` ({} bytes): {d}",
                d.file,
                text.len()
            ));
        }
        if source.line_column(span.start) != (d.line, d.column) {
            return Err(format!(
                "span {span:?} starts at {:?}, not at the line:column shown: {d}",
                source.line_column(span.start)
            ));
        }
    }
    // What an author reads: the line quoted under the message.
    let rendered = d.render(Some(source));
    if !rendered.contains(&d.file) {
        return Err(format!("the rendering lost the file name: {rendered}"));
    }
    Ok(())
}

/// How far a mutant got.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reached {
    /// Its own loader took it (it may still fail validation).
    pub parsed: bool,
    /// It went through `load_pack`.
    pub packed: bool,
    /// The pack loaded without errors, and was localised and checked.
    pub played: bool,
}

/// A file alone through the loader for its kind (a scenario is validated too, with its folder
/// and `assets/` as asset roots): whether it loaded, and the diagnostics.
pub fn load_file(kind: Kind, source: &SourceFile) -> (bool, Vec<Diagnostic>) {
    match kind {
        Kind::Scenario => {
            let folder = Path::new(&source.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let roots = AssetRoots::new([folder, repo().join("assets")]);
            let checked = check_text(&source.path, &source.text, &roots);
            (checked.scenario.is_some(), checked.diagnostics)
        }
        Kind::Strings => match LoadedTable::parse(source.clone()) {
            Ok(_) => (true, vec![]),
            Err(d) => (false, vec![d]),
        },
        Kind::Overlay => match LoadedOverlay::parse(source.clone()) {
            Ok(_) => (true, vec![]),
            Err(d) => (false, vec![d]),
        },
        Kind::Chapter => match parse_chapter(source) {
            Ok(_) => (true, vec![]),
            Err(diagnostics) => (false, diagnostics),
        },
    }
}

/// The mutated file alone through its own loader.
fn load_alone(scratch: &Scratch, mutant: &Mutant) -> Result<bool, String> {
    let original = &scratch.originals[mutant.file];
    let source = SourceFile::new(
        scratch.root.join(&original.relative).display().to_string(),
        String::from_utf8_lossy(&mutant.bytes),
    );
    let (parsed, diagnostics) = load_file(original.kind, &source);
    if !parsed && !diagnostics.iter().any(Diagnostic::is_error) {
        return Err(format!(
            "{:?} refused, and no error says why",
            original.kind
        ));
    }
    for d in &diagnostics {
        check_place(d, &[&source])?;
    }
    Ok(parsed)
}

/// Loads one mutant through the app's entry points and checks the properties: the file
/// through its own loader, then (when it parsed, and for one in four that did not) the chapter
/// pack that reads it, localised and string-checked when it loads. A panic propagates (the
/// caller catches it).
pub fn exercise(scratch: &Scratch, mutant: &Mutant) -> Result<Reached, String> {
    let parsed = load_alone(scratch, mutant)?;
    let mut reached = Reached {
        parsed,
        ..Reached::default()
    };
    if !parsed && !mutant.seed.is_multiple_of(4) {
        return Ok(reached);
    }
    reached.packed = true;
    let load = load_pack(&scratch.paths(), &mutant.chapter, None);
    let checked = &load.checked;
    let sources: Vec<&SourceFile> = checked
        .source
        .iter()
        .chain(&checked.other_sources)
        .collect();
    if load.pack.is_none() && checked.errors() == 0 {
        return Err(format!(
            "chapter `{}` did not load, and no error says why",
            mutant.chapter
        ));
    }
    for d in &checked.diagnostics {
        check_place(d, &sources)?;
    }
    if let Some(pack) = &load.pack {
        if checked.errors() > 0 {
            return Err("a pack came back despite errors".into());
        }
        reached.played = true;
        // What the app and `temoin strings check` do with a pack.
        for offer in &pack.offered {
            std::hint::black_box(pack.localized(&offer.locale));
            std::hint::black_box(pack.interface(&offer.locale));
        }
        for report in pack.check_strings(None) {
            for d in &report.diagnostics {
                check_place(d, &sources)?;
            }
        }
    }
    Ok(reached)
}

/// What went wrong with one mutant, with what it takes to see it again.
#[derive(Debug, Clone)]
pub struct Failure {
    pub seed: u64,
    pub file: String,
    pub chapter: String,
    pub operations: Vec<String>,
    pub problem: String,
    /// The mutant's bytes, written out.
    pub saved: Option<PathBuf>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seed {} ({} via chapter `{}`; {}): {}",
            self.seed,
            self.file,
            self.chapter,
            self.operations.join("; "),
            self.problem
        )?;
        if let Some(saved) = &self.saved {
            write!(f, "\n    mutant saved as {}", saved.display())?;
        }
        write!(f, "\n    replay: TEMOIN_MUTATE_REPLAY={}", self.seed)
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub mutants: u64,
    pub elapsed: Duration,
    pub failures: Vec<Failure>,
    /// Mutants per kind of file, in `Kind` order.
    pub per_kind: [u64; 4],
    pub slowest: Option<(Duration, u64)>,
    pub hung: bool,
    /// Mutants their own loader took, that went through `load_pack`, that loaded as a pack.
    pub parsed: u64,
    pub packed: u64,
    pub played: u64,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.mutants as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A run: mutants from `first_seed` on, until `budget` is spent and at least `minimum` ran
/// (or `only` seeds, to replay). Each on its own thread with the default stack, so that the
/// stack a mutant needs is the stack an app or test thread has.
pub fn run(
    scratch: Scratch,
    first_seed: u64,
    budget: Duration,
    minimum: u64,
    only: Option<Vec<u64>>,
) -> Report {
    let scratch = Arc::new(scratch);
    let mut report = Report::default();
    let started = Instant::now();
    let mut index = 0u64;
    loop {
        let seed = match &only {
            Some(seeds) => match seeds.get(index as usize) {
                Some(&seed) => seed,
                None => break,
            },
            None => {
                if report.mutants >= minimum && started.elapsed() >= budget {
                    break;
                }
                // splitmix64 of the index: neighbouring seeds give unrelated mutants.
                let mut z = first_seed.wrapping_add(index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^ (z >> 31)
            }
        };
        index += 1;
        let mutant = mutant(&scratch.originals, seed);
        let original = scratch.originals[mutant.file].clone();
        scratch.put(&original.relative, &mutant.bytes);
        let (done, wait) = mpsc::channel();
        let (shared, job) = (Arc::clone(&scratch), mutant.clone());
        let began = Instant::now();
        std::thread::Builder::new()
            .name(format!("mutant {seed}"))
            .stack_size(STACK)
            .spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(|| exercise(&shared, &job)))
                    .unwrap_or_else(|payload| Err(format!("panic: {}", panic_text(&*payload))));
                let _ = done.send(result);
            })
            .expect("spawn a mutant thread");
        let result = match wait.recv_timeout(HANG) {
            Ok(Ok(reached)) => {
                report.parsed += u64::from(reached.parsed);
                report.packed += u64::from(reached.packed);
                report.played += u64::from(reached.played);
                Ok(())
            }
            Ok(Err(problem)) => Err(problem),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                report.hung = true;
                Err(format!("still running after {HANG:?}: a hang"))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err("the mutant's thread died without a result".into())
            }
        };
        let took = began.elapsed();
        if report.slowest.is_none_or(|(t, _)| took > t) {
            report.slowest = Some((took, seed));
        }
        report.mutants += 1;
        report.per_kind[original.kind as usize] += 1;
        if let Err(problem) = result {
            let saved = scratch.root.with_file_name(format!(
                "temoin-mutant-{seed}-{}",
                original.relative.replace('/', "_")
            ));
            let saved = std::fs::write(&saved, &mutant.bytes).ok().map(|_| saved);
            report.failures.push(Failure {
                seed,
                file: original.relative.clone(),
                chapter: mutant.chapter.clone(),
                operations: mutant.operations.clone(),
                problem,
                saved,
            });
            if report.hung {
                // The thread may still be running on the scratch tree: stop here.
                break;
            }
        }
        scratch.put(&original.relative, &original.bytes);
    }
    report.elapsed = started.elapsed();
    report
}

/// `TEMOIN_MUTATE_REPLAY=1,2,3`: only these seeds.
pub fn replay_from_env() -> Option<Vec<u64>> {
    let list = std::env::var("TEMOIN_MUTATE_REPLAY").ok()?;
    Some(
        list.split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
    )
}

pub fn summary(report: &Report) -> String {
    let [scenario, strings, chapter, overlay] = report.per_kind;
    let slowest = report
        .slowest
        .map(|(t, seed)| format!("; slowest {t:.1?} (seed {seed})"))
        .unwrap_or_default();
    format!(
        "{} mutants in {:.1?}: {:.0} mutants/s (scenario {scenario}, string tables {strings}, chapters {chapter}, overlays {overlay}; {} parsed, {} through load_pack, {} loaded as a pack); {} failures{slowest}",
        report.mutants,
        report.elapsed,
        report.per_second(),
        report.parsed,
        report.packed,
        report.played,
        report.failures.len(),
    )
}
