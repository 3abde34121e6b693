//! Voice-over by convention: a line is voiced in a locale when
//! `voice/<locale>/<line id>.ogg` exists in the chapter's folder or the scenario's, looked up
//! along the locale's fallback chain; otherwise it is read in silence with its subtitle. A
//! voiced line lasts as long as its recording plus a short pause, in the app and in `walk`
//! alike, because both play the scenario this module has voiced.

use crate::ids::{LineId, Locale};
use crate::model::Scenario;
use std::path::{Path, PathBuf};

/// Silence after a voiced line before the next one starts: a breath, not a gap.
pub const VOICE_PAUSE_SECONDS: f32 = 0.6;

/// A folder holding `<locale>/<line id>.ogg` files, and how the app names a file in it.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceRoot {
    /// The `voice` folder on disk.
    pub dir: PathBuf,
    /// Prepended to `<locale>/<line id>.ogg` to make the asset path the app loads
    /// (`voice/` for the scenario's folder, `chapter://be-fr/voice/` for a chapter's).
    pub asset_prefix: String,
}

/// A line's recording in one locale.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub file: PathBuf,
    pub asset_path: String,
    pub seconds: f32,
}

/// The recording of `line` for the first locale of `chain` that has one, most specific root
/// first. A file that cannot be read as Ogg Vorbis counts as missing (and says why).
pub fn find_voice(
    roots: &[VoiceRoot],
    chain: &[Locale],
    line: &LineId,
) -> Option<Result<Voice, String>> {
    for locale in chain {
        for root in roots {
            let relative = format!("{locale}/{line}.ogg");
            let file = root.dir.join(&relative);
            if !file.is_file() {
                continue;
            }
            let voice = std::fs::read(&file)
                .map_err(|e| e.to_string())
                .and_then(|bytes| ogg_seconds(&bytes))
                .map(|seconds| Voice {
                    asset_path: format!("{}{relative}", root.asset_prefix),
                    file: file.clone(),
                    seconds,
                })
                .map_err(|e| format!("{}: {e}", file.display()));
            return Some(voice);
        }
    }
    None
}

/// Gives every line that has a recording in `chain` its audio and, unless the author set one,
/// its duration (the recording plus [`VOICE_PAUSE_SECONDS`]). Lines with their own `audio`
/// keep it. Returns the ids of lines left silent, and the files that could not be read.
pub fn apply_voices(
    scenario: &mut Scenario,
    roots: &[VoiceRoot],
    chain: &[Locale],
) -> (Vec<LineId>, Vec<String>) {
    let mut silent = Vec::new();
    let mut broken = Vec::new();
    for line in scenario.beats.iter_mut().flat_map(|b| b.lines.iter_mut()) {
        if line.audio.is_some() {
            continue;
        }
        match find_voice(roots, chain, &line.id) {
            Some(Ok(voice)) => {
                line.audio = Some(voice.asset_path);
                if line.duration.is_none() {
                    line.duration = Some(voice.seconds + VOICE_PAUSE_SECONDS);
                }
            }
            Some(Err(why)) => {
                broken.push(why);
                silent.push(line.id.clone());
            }
            None => silent.push(line.id.clone()),
        }
    }
    (silent, broken)
}

/// The length of an Ogg Vorbis file in seconds: the last page's granule position (samples
/// played) over the sample rate of the identification header. A reader of 30 lines instead of
/// a decoder crate: only the length is needed, and this runs without the engine.
pub fn ogg_seconds(bytes: &[u8]) -> Result<f32, String> {
    const CAPTURE: &[u8] = b"OggS";
    if !bytes.starts_with(CAPTURE) {
        return Err("not an Ogg file".into());
    }
    // The first page holds the identification header: type 1, "vorbis", version (4 bytes),
    // channels (1), sample rate (4, little-endian).
    let segments = *bytes.get(26).ok_or("truncated Ogg page")? as usize;
    let packet = 27 + segments;
    let header = bytes
        .get(packet..packet + 16)
        .ok_or("truncated Vorbis header")?;
    if &header[..7] != b"\x01vorbis" {
        return Err("not Ogg Vorbis (no identification header)".into());
    }
    let rate = u32::from_le_bytes(header[12..16].try_into().unwrap_or_default());
    if rate == 0 {
        return Err("sample rate 0".into());
    }
    let last = bytes
        .windows(4)
        .rposition(|w| w == CAPTURE)
        .ok_or("no Ogg page")?;
    let granule = bytes
        .get(last + 6..last + 14)
        .and_then(|g| g.try_into().ok())
        .map(i64::from_le_bytes)
        .ok_or("truncated last Ogg page")?;
    if granule <= 0 {
        return Err("no audio samples".into());
    }
    Ok(granule as f32 / rate as f32)
}

/// Where a scenario's own voices live.
pub fn scenario_voice_root(scenario_folder: &Path) -> VoiceRoot {
    VoiceRoot {
        dir: scenario_folder.join("voice"),
        asset_prefix: "voice/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal Ogg stream: an identification page at `rate` and a last page at `granule`.
    pub(crate) fn fake_ogg(rate: u32, granule: i64) -> Vec<u8> {
        let mut bytes = b"OggS".to_vec();
        bytes.extend([0, 2]);
        bytes.extend(0i64.to_le_bytes());
        bytes.extend([0; 12]);
        bytes.push(1); // one segment
        bytes.push(30);
        bytes.extend(b"\x01vorbis");
        bytes.extend(0u32.to_le_bytes());
        bytes.push(1);
        bytes.extend(rate.to_le_bytes());
        bytes.extend([0; 14]);
        bytes.extend(b"OggS");
        bytes.extend([0, 4]);
        bytes.extend(granule.to_le_bytes());
        bytes.extend([0; 13]);
        bytes
    }

    #[test]
    fn length_is_last_granule_over_rate() {
        let seconds = ogg_seconds(&fake_ogg(22_050, 66_150)).unwrap();
        assert!((seconds - 3.0).abs() < 1e-4, "{seconds}");
    }

    #[test]
    fn refuses_what_is_not_vorbis() {
        assert!(ogg_seconds(b"RIFF....").is_err());
        let mut not_vorbis = fake_ogg(22_050, 10);
        not_vorbis[28] = b'x';
        assert!(ogg_seconds(&not_vorbis).is_err());
        assert!(ogg_seconds(&fake_ogg(22_050, 0)).is_err());
        assert!(ogg_seconds(&fake_ogg(0, 100)).is_err());
    }
}

#[cfg(test)]
mod lookup {
    use super::tests::fake_ogg;
    use super::*;
    use crate::ids::Locale;

    fn scenario_with(lines: &[(&str, Option<f32>)]) -> Scenario {
        let lines: Vec<String> = lines
            .iter()
            .map(|(id, d)| match d {
                Some(d) => format!(r#"(id: "{id}", text: "A line.", duration: {d})"#),
                None => format!(r#"(id: "{id}", text: "A line.")"#),
            })
            .collect();
        let text = format!(
            r#"Scenario(id: "v", title: (id: "t", text: "T"), default_locale: "en", start: "a",
            content_note: (id: "n", text: "N"), environments: [],
            beats: [Beat(id: "a", lines: [{}], ending: End)])"#,
            lines.join(", ")
        );
        crate::load::parse_scenario(&crate::SourceFile::new("v.ron", text)).expect("scenario")
    }

    #[test]
    fn a_voiced_line_lasts_as_long_as_its_recording_and_falls_back_along_the_chain() {
        let dir = std::env::temp_dir().join(format!("temoin-voice-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("voice/en")).unwrap();
        std::fs::create_dir_all(dir.join("voice/fr")).unwrap();
        std::fs::write(dir.join("voice/en/one.ogg"), fake_ogg(22_050, 22_050 * 4)).unwrap();
        std::fs::write(dir.join("voice/en/two.ogg"), fake_ogg(22_050, 22_050 * 2)).unwrap();
        std::fs::write(dir.join("voice/fr/one.ogg"), fake_ogg(22_050, 22_050 * 3)).unwrap();
        std::fs::write(dir.join("voice/fr/broken.ogg"), b"not a sound").unwrap();
        let roots = [scenario_voice_root(&dir)];
        let chain = [Locale::new("fr-BE"), Locale::new("fr"), Locale::new("en")];
        let mut s = scenario_with(&[
            ("one", None),
            ("two", Some(9.0)),
            ("three", None),
            ("broken", None),
        ]);
        let (silent, broken) = apply_voices(&mut s, &roots, &chain);
        let lines = &s.beats[0].lines;
        // French where there is French, English after it, silence after that.
        assert_eq!(lines[0].audio.as_deref(), Some("voice/fr/one.ogg"));
        assert!((lines[0].duration.unwrap() - (3.0 + VOICE_PAUSE_SECONDS)).abs() < 1e-3);
        assert_eq!(lines[1].audio.as_deref(), Some("voice/en/two.ogg"));
        // The author's own duration stands.
        assert_eq!(lines[1].duration, Some(9.0));
        assert_eq!(lines[2].audio, None);
        assert_eq!(
            silent.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            ["three", "broken"]
        );
        assert_eq!(broken.len(), 1);
        assert!(broken[0].contains("broken.ogg"), "{broken:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_shipped_scratch_voices_are_readable() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenes/first_visit/voice/en");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).expect("voice/en").flatten() {
            if entry.path().extension().is_some_and(|e| e == "ogg") {
                let seconds = ogg_seconds(&std::fs::read(entry.path()).unwrap()).unwrap();
                assert!(
                    (0.5..20.0).contains(&seconds),
                    "{}: {seconds}",
                    entry.path().display()
                );
                read += 1;
            }
        }
        assert!(read >= 30, "{read} voices");
    }
}
