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

#[test]
fn screenshots_of_the_first_beat_and_the_donation_prompt() {
    let display = display();
    let out = scratch_dir("render");
    let mut child = temoin()
        .args([
            "preview",
            "--capture",
            "briefing,moment_response,donate",
            "--capture-dir",
            path_str(&out),
            "--window",
            "960x540",
        ])
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
