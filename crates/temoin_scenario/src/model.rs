//! The scenario format v1: the typed shape of `scenario.ron`. Every struct refuses unknown
//! fields so that a typo is an error, never silently ignored.

use crate::ids::*;
use crate::money::{Amount, Currency};
use serde::{Deserialize, Serialize};

/// A whole scenario: metadata, the places it happens in, and its beats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: Text,
    pub default_locale: Locale,
    /// The beat the scenario starts at.
    pub start: BeatId,
    /// Shown before anything else, with the reminder that the visitor can pause at any time.
    pub content_note: Text,
    /// What is done with the visitor's data (nothing personal), under the content note. A
    /// chapter may replace it with its own.
    #[serde(default)]
    pub consent: Option<Text>,
    /// Who to contact, shown with the donation prompt and the thanks. A chapter may replace it.
    #[serde(default)]
    pub contact: Option<Text>,
    pub environments: Vec<Environment>,
    pub beats: Vec<Beat>,
}

/// A piece of visible text with its stable id; translations replace `text` by `id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub id: LineId,
    pub text: String,
}

/// A colour written as `"#rrggbb"` or `"#rrggbbaa"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color {
    pub rgba: [u8; 4],
}

impl Color {
    pub const WHITE: Color = Color {
        rgba: [255, 255, 255, 255],
    };

    pub fn parse(text: &str) -> Result<Self, String> {
        let hex = text.strip_prefix('#').unwrap_or(text);
        let bad = || format!("`{text}` is not a colour; write it like \"#a0522d\"");
        if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
        Ok(Color {
            rgba: [byte(0)?, byte(2)?, byte(4)?, alpha],
        })
    }

    /// Components in 0..=1, sRGB.
    pub fn to_f32(self) -> [f32; 4] {
        self.rgba.map(|c| c as f32 / 255.0)
    }
}

impl TryFrom<String> for Color {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Color::parse(&value)
    }
}

impl From<Color> for String {
    fn from(c: Color) -> Self {
        let [r, g, b, a] = c.rgba;
        if a == 255 {
            format!("#{r:02x}{g:02x}{b:02x}")
        } else {
            format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
        }
    }
}

/// Three numbers `(x, y, z)` in metres; y is up.
pub type Vec3 = [f32; 3];

/// One place: set pieces, lights, sky, where the player can stand and what they can look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub id: EnvironmentId,
    /// Where the player stands on arrival.
    pub arrival: SpotId,
    pub sky: Color,
    #[serde(default)]
    pub ambient: Ambient,
    #[serde(default)]
    pub lights: Vec<Light>,
    #[serde(default)]
    pub pieces: Vec<Piece>,
    #[serde(default)]
    pub spots: Vec<Spot>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambient {
    pub color: Color,
    /// Brightness in candela per square metre; 200 to 800 looks natural indoors.
    pub brightness: f32,
}

impl Default for Ambient {
    fn default() -> Self {
        Ambient {
            color: Color::WHITE,
            brightness: 400.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Light {
    /// Sunlight from a direction: `elevation` above the horizon and `azimuth` from north
    /// (towards -z) clockwise, both in degrees; `illuminance` in lux.
    Sun {
        elevation: f32,
        azimuth: f32,
        illuminance: f32,
        #[serde(default = "white")]
        color: Color,
    },
    /// A lamp at a position; `intensity` in lumens, `range` in metres.
    Point {
        position: Vec3,
        intensity: f32,
        range: f32,
        #[serde(default = "white")]
        color: Color,
    },
}

fn white() -> Color {
    Color::WHITE
}

/// One set piece: a primitive shape or a glTF model, placed and coloured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    pub shape: Shape,
    #[serde(default)]
    pub position: Vec3,
    /// Rotation in degrees about x, y and z (applied y, then x, then z).
    #[serde(default)]
    pub rotation: Vec3,
    #[serde(default)]
    pub material: Material,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Shape {
    /// A box of `size` (width, height, depth), centred on the piece's position.
    Box {
        size: Vec3,
    },
    Cylinder {
        radius: f32,
        height: f32,
    },
    /// A flat, horizontal rectangle (width, depth), facing up.
    Plane {
        size: [f32; 2],
    },
    Sphere {
        radius: f32,
    },
    /// A glTF model (`.glb` or `.gltf`) from `assets/` or the scenario folder.
    Model {
        path: String,
        #[serde(default = "one")]
        scale: f32,
    },
}

fn one() -> f32 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub color: Color,
    #[serde(default = "default_roughness")]
    pub roughness: f32,
    #[serde(default)]
    pub metallic: f32,
    /// Makes the piece glow (a lamp, a screen), in the given colour.
    #[serde(default)]
    pub emissive: Option<Color>,
}

fn default_roughness() -> f32 {
    0.85
}

impl Default for Material {
    fn default() -> Self {
        Material {
            color: Color {
                rgba: [200, 200, 200, 255],
            },
            roughness: 0.85,
            metallic: 0.0,
            emissive: None,
        }
    }
}

/// A named place where the player can stand; shown as a marker that can be clicked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spot {
    pub id: SpotId,
    /// Where on the floor (x, y, z); the eyes are added on top.
    pub position: Vec3,
    /// Which way the player faces on arrival, degrees clockwise from -z.
    #[serde(default)]
    pub facing: f32,
    #[serde(default)]
    pub label: Option<Text>,
}

/// Something that can be looked at or selected: a sphere of `radius` around `position`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: TargetId,
    pub label: Text,
    pub position: Vec3,
    #[serde(default = "default_target_radius")]
    pub radius: f32,
}

fn default_target_radius() -> f32 {
    0.4
}

/// One step of the story: narration, then what the player can do and where it leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beat {
    pub id: BeatId,
    /// Moves the player to this environment on entering the beat (with a fade).
    #[serde(default)]
    pub environment: Option<EnvironmentId>,
    /// A title card shown at the top while the beat lasts ("Field office, 8:10").
    #[serde(default)]
    pub caption: Option<Text>,
    #[serde(default)]
    pub on_enter: Vec<Effect>,
    #[serde(default)]
    pub lines: Vec<Line>,
    /// What the player can do once the lines are over, and where each leads.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Makes this beat an ending.
    #[serde(default)]
    pub ending: Option<Ending>,
}

/// A narration line, shown as a subtitle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub id: LineId,
    /// Who speaks; none for the researcher's inner voice.
    #[serde(default)]
    pub speaker: Option<String>,
    pub text: String,
    /// A recording of the line (`.ogg`).
    #[serde(default)]
    pub audio: Option<String>,
    /// Seconds on screen; by default the reading time of the text.
    #[serde(default)]
    pub duration: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub on: Trigger,
    /// The outcome is only offered while this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The beat it leads to; without one the player stays and the outcome is used up.
    #[serde(default)]
    pub goto: Option<BeatId>,
}

/// What the player does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Trigger {
    /// Look at a target for `dwell` seconds (selecting it counts too).
    LookAt {
        target: TargetId,
        #[serde(default = "default_dwell")]
        dwell: f32,
    },
    /// Point at a target and press the trigger, or click it.
    Select { target: TargetId },
    /// Stand on a spot (teleport or walk there).
    Reach { spot: SpotId },
    /// Pick an option; all `Choose` outcomes of a beat are offered together.
    Choose { option: Text },
    /// Wait; a visible timer is shown to the player.
    Timer {
        seconds: f32,
        #[serde(default)]
        visible: bool,
    },
    /// Go on as soon as the lines are over.
    Continue,
}

pub fn default_dwell() -> f32 {
    1.5
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    Flag(FlagName),
    NotFlag(FlagName),
    Counter(CounterName, Comparison),
    HasEvidence(EvidenceId),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Comparison {
    AtLeast(i64),
    AtMost(i64),
    Exactly(i64),
}

impl Comparison {
    pub fn holds(self, value: i64) -> bool {
        match self {
            Comparison::AtLeast(n) => value >= n,
            Comparison::AtMost(n) => value <= n,
            Comparison::Exactly(n) => value == n,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    SetFlag(FlagName),
    ClearFlag(FlagName),
    AddCounter {
        name: CounterName,
        by: i64,
    },
    SetCounter {
        name: CounterName,
        to: i64,
    },
    AddEvidence(Evidence),
    PlaySound {
        path: String,
        #[serde(default = "one")]
        volume: f32,
    },
    FadeOut {
        seconds: f32,
    },
    FadeIn {
        seconds: f32,
    },
    MoveTo {
        environment: EnvironmentId,
        #[serde(default)]
        spot: Option<SpotId>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub id: EvidenceId,
    pub kind: EvidenceKind,
    pub title: Text,
    #[serde(default)]
    pub detail: Option<Text>,
    /// A narration line this evidence quotes (a testimony).
    #[serde(default)]
    pub quote: Option<LineId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EvidenceKind {
    Photo,
    Testimony,
    Note,
}

// One per ending beat: boxing the prompt would only make the RON harder to write.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Ending {
    /// The end, with no ask.
    End,
    /// The donation prompt.
    Donate(DonatePrompt),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DonatePrompt {
    pub headline: Text,
    pub body: Text,
    pub currency: Currency,
    /// Suggested amounts in major units: `[5, 10, "12.50"]`.
    pub amounts: Vec<Amount>,
    /// Whether a monthly gift is offered next to a one-off one.
    #[serde(default)]
    pub monthly: bool,
    /// The "not now" button: always there, never hidden.
    pub decline: Text,
    /// Shown after a pledge.
    pub thanks: Text,
}
