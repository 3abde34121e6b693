//! The real app in a real window: under Xvfb (started here when no display is set) with
//! Mesa's software Vulkan, it saves screenshots of the first beat and the donation prompt;
//! they must not be blank and must differ from each other.

use super::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An X display: the one this test runs under, or a private Xvfb that dies with the guard.
struct Display {
    name: String,
    server: Option<Child>,
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(server) = self.server.as_mut() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

fn display() -> Display {
    if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
        return Display { name, server: None };
    }
    let mut server = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x720x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed for the rendering test (Debian: apt install xvfb)");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("Xvfb display number");
    Display {
        name: format!(":{}", line.trim()),
        server: Some(server),
    }
}

struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn read_png(path: &Path) -> Picture {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(BufReader::new(file))
        .read_info()
        .expect("png header");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buffer).expect("png frame");
    let channels = info.color_type.samples();
    let rgb = buffer[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Picture {
        width: info.width,
        height: info.height,
        rgb,
    }
}

/// Standard deviation of the luminance: near zero for a blank (one-colour) picture.
fn luminance_spread(p: &Picture) -> f64 {
    let lum: Vec<f64> = p
        .rgb
        .chunks(3)
        .map(|c| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64)
        .collect();
    let mean = lum.iter().sum::<f64>() / lum.len() as f64;
    (lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / lum.len() as f64).sqrt()
}

/// Mean absolute difference per channel between two pictures of the same size.
fn difference(a: &Picture, b: &Picture) -> f64 {
    a.rgb
        .iter()
        .zip(&b.rgb)
        .map(|(x, y)| (*x as f64 - *y as f64).abs())
        .sum::<f64>()
        / a.rgb.len() as f64
}

/// Runs the app until it has saved its captures, and returns its log.
fn capture(display: &Display, out: &Path, args: &[&str]) -> String {
    let mut child = temoin()
        .args([
            "preview",
            "--capture-dir",
            path_str(out),
            "--window",
            "960x540",
        ])
        .args(args)
        .env("DISPLAY", &display.name)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start temoin");
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the app did not finish its captures within 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut log = String::new();
    let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log);
    assert!(status.success(), "temoin exited with {status}:\n{log}");
    log
}

#[test]
fn screenshots_of_the_first_beat_and_the_donation_prompt() {
    let display = display();
    let out = scratch_dir("render");
    capture(
        &display,
        &out,
        &["--capture", "briefing,moment_response,donate"],
    );

    let first = read_png(&out.join("briefing.png"));
    let prompt = read_png(&out.join("donate.png"));
    assert_eq!((first.width, first.height), (960, 540));
    for (name, picture) in [("first beat", &first), ("donation prompt", &prompt)] {
        let spread = luminance_spread(picture);
        eprintln!("{name}: luminance spread {spread:.1}");
        assert!(
            spread > 12.0,
            "the {name} screenshot looks blank (spread {spread:.1})"
        );
    }
    let diff = difference(&first, &prompt);
    eprintln!("mean difference between the two: {diff:.1}");
    assert!(
        diff > 15.0,
        "the first beat and the donation prompt look the same ({diff:.1})"
    );
}

fn pixel(p: &Picture, x: u32, y: u32) -> [u8; 3] {
    let i = ((y * p.width + x) * 3) as usize;
    [p.rgb[i], p.rgb[i + 1], p.rgb[i + 2]]
}

/// The share of pixels in a rectangle for which `test` holds.
fn share(
    p: &Picture,
    x: std::ops::Range<u32>,
    y: std::ops::Range<u32>,
    test: impl Fn(&[u8; 3]) -> bool,
) -> f64 {
    let mut hits = 0;
    let mut all = 0;
    for py in y {
        for px in x.clone() {
            all += 1;
            hits += usize::from(test(&pixel(p, px, py)));
        }
    }
    hits as f64 / all as f64
}

/// The share of pixels in a rectangle that are much brighter than the darkest one there:
/// the ink of light text on a darker background.
fn ink(p: &Picture, x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> f64 {
    let lum = |px: u32, py: u32| {
        let i = ((py * p.width + px) * 3) as usize;
        0.2126 * p.rgb[i] as f64 + 0.7152 * p.rgb[i + 1] as f64 + 0.0722 * p.rgb[i + 2] as f64
    };
    let values: Vec<f64> = y
        .clone()
        .flat_map(|py| x.clone().map(move |px| (px, py)))
        .map(|(px, py)| lum(px, py))
        .collect();
    let darkest = values.iter().cloned().fold(f64::MAX, f64::min);
    values.iter().filter(|v| **v > darkest + 60.0).count() as f64 / values.len() as f64
}

/// A Belgian chapter in French: the caption `Al-Hadiqa, 9 h 30 · الحديقة` is drawn with its
/// Arabic word (shaped with Noto Sans Arabic: see `ui::fonts` for glyph-level checks), and
/// the content note screen is in French with the language picker.
#[test]
fn a_french_chapter_with_an_arabic_name_renders() {
    let display = display();
    let out = scratch_dir("render-arabic");
    let log = capture(
        &display,
        &out,
        &[
            "--chapter",
            "be-fr",
            "--capture",
            "content-note,street_arrival",
        ],
    );
    assert!(!log.contains("no translation"), "fr-BE is complete: {log}");
    let note = read_png(&out.join("content-note.png"));
    assert!(luminance_spread(&note) > 12.0);
    let street = read_png(&out.join("street_arrival.png"));
    // The caption sits in the top-left corner over the sky; its right end is the Arabic word.
    let caption = ink(&street, 10..330, 8..40);
    eprintln!("caption ink: {caption:.3}");
    assert!(caption > 0.03, "no caption text drawn ({caption:.3})");
    let end_of_caption = ink(&street, 150..330, 8..40);
    assert!(
        end_of_caption > 0.02,
        "the end of the caption (the Arabic word) is empty ({end_of_caption:.3})"
    );
    // The caption's card (sampled inside its padding) stops before the middle: the set behind
    // the rest of the band is sky, walls and wires, never the card's grey.
    let card = pixel(&street, 22, 14);
    let like_card = share(&street, 500..700, 8..40, |p| {
        p.iter()
            .zip(card)
            .all(|(a, b)| (*a as i32 - b as i32).abs() <= 10)
    });
    eprintln!("card colour {card:?}, its share in the middle: {like_card:.3}");
    assert!(like_card < 0.05, "the caption should end before the middle");
}

/// `temoin` with no flag and no OpenXR runtime: one line says why there is no headset, and the
/// desktop preview comes up (its start screen is captured). CI installs Debian's
/// libopenxr-loader1, which has only `libopenxr_loader.so.1`, so this also proves the loader
/// is found under that name; without any loader the line names the loader instead.
#[test]
fn without_an_openxr_runtime_the_app_falls_back_to_the_desktop_and_says_why() {
    let display = display();
    let out = scratch_dir("xr-fallback");
    let loader_installed = ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"]
        .iter()
        .any(|d| Path::new(d).join("libopenxr_loader.so.1").exists());
    let child = temoin()
        .args([
            "--capture",
            "content-note",
            "--capture-dir",
            path_str(&out),
            "--window",
            "640x360",
        ])
        .env("DISPLAY", &display.name)
        // No runtime: none named, and none found in the user's or system config.
        .env_remove("XR_RUNTIME_JSON")
        .env("XDG_CONFIG_HOME", out.join("no-config"))
        .env("XDG_CONFIG_DIRS", out.join("no-config"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run temoin");
    let log = String::from_utf8_lossy(&child.stderr);
    assert!(child.status.success(), "{log}");
    let expected = if loader_installed {
        "temoin: no headset: no OpenXR runtime is active"
    } else {
        "temoin: no headset: no OpenXR loader"
    };
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("no headset:")).collect();
    assert_eq!(lines.len(), 1, "one line, once: {log}");
    assert!(lines[0].starts_with(expected), "{log}");
    assert!(lines[0].ends_with("showing the desktop preview"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    let start = read_png(&out.join("content-note.png"));
    assert!(
        luminance_spread(&start) > 12.0,
        "the desktop start screen is drawn"
    );

    // `--xr` insists: the same situation is an error with the same reason.
    let insisted = temoin()
        .args(["--xr"])
        .env("DISPLAY", &display.name)
        .env_remove("XR_RUNTIME_JSON")
        .env("XDG_CONFIG_HOME", out.join("no-config"))
        .env("XDG_CONFIG_DIRS", out.join("no-config"))
        .output()
        .expect("run temoin --xr");
    let err = String::from_utf8_lossy(&insisted.stderr);
    assert_eq!(insisted.status.code(), Some(1), "{err}");
    assert!(err.contains("error: --xr: no OpenXR"), "{err}");
}

/// Each of the story's six acts captured, and its four places drawn: none blank, no two alike, and the modelled sets
/// have far more going on than flat boxes did (detail: how many neighbouring pixels differ).
#[test]
fn every_environment_is_drawn_and_each_is_its_own_place() {
    let display = display();
    let out = scratch_dir("render-environments");
    let beats = [
        "briefing",
        "street_arrival",
        "testimony_welcome",
        "moment_report",
    ];
    // One still of each of the six acts: the four places, the exit through the street and
    // the verification table back at the office.
    let acts = [&beats[..3], &["exit_run", "verify_school"], &beats[3..]].concat();
    let log = capture(&display, &out, &["--capture", &acts.join(",")]);
    for act in ["exit_run", "verify_school"] {
        let picture = read_png(&out.join(format!("{act}.png")));
        let spread = luminance_spread(&picture);
        eprintln!("{act}: luminance spread {spread:.1}");
        assert!(spread > 12.0, "{act} looks blank (spread {spread:.1})");
    }
    // The passer-by is a glTF figure with its own clips; the street's first beat plays one.
    assert!(
        log.contains("figure: `passer_by` plays `Wave`"),
        "the glTF figure did not play its clip:\n{log}"
    );
    let pictures: Vec<(&str, Picture)> = beats
        .iter()
        .map(|b| (*b, read_png(&out.join(format!("{b}.png")))))
        .collect();
    for (name, picture) in &pictures {
        let spread = luminance_spread(picture);
        eprintln!("{name}: luminance spread {spread:.1}");
        assert!(spread > 12.0, "{name} looks blank (spread {spread:.1})");
    }
    for (i, (a, pa)) in pictures.iter().enumerate() {
        for (b, pb) in &pictures[i + 1..] {
            let diff = difference(pa, pb);
            eprintln!("{a} vs {b}: {diff:.1}");
            assert!(diff > 10.0, "{a} and {b} look the same ({diff:.1})");
        }
    }
}

/// The start-up and reset probe the `startup` bench reads, in a real window: its milestones
/// arrive in order, and each of the three resets for the next visitor shows the start screen
/// whole in the frame of the attendant's key (the time is the bench's business, not a test's).
#[test]
fn the_probe_sees_each_reset_for_the_next_visitor_drawn_in_one_frame() {
    let display = display();
    let out = scratch_dir("probe");
    let run = temoin()
        .args(["preview", "--desktop", "--window", "480x270"])
        .env("DISPLAY", &display.name)
        .env("TEMOIN_PROBE", "1")
        .env("TEMOIN_JOURNAL", out.join("donations.sqlite"))
        .stderr(Stdio::null())
        .output()
        .expect("run temoin");
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{said}");
    let lines: Vec<&str> = said
        .lines()
        .filter_map(|l| l.strip_prefix("probe: "))
        .collect();
    assert_eq!(lines.len(), 5, "{said}");
    assert_eq!(lines[..2], ["first-frame", "start-screen"], "{said}");
    for reset in &lines[2..] {
        let frames = reset
            .strip_prefix("reset ")
            .and_then(|r| r.split_once(" ms, "))
            .map(|(ms, frames)| (ms.parse::<u64>().is_ok(), frames));
        assert_eq!(frames, Some((true, "1 frame")), "{said}");
    }
}
