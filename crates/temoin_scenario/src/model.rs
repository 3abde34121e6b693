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
    /// The clear colour: what shows where nothing is drawn (and the sky when `atmosphere`
    /// gives none).
    pub sky: Color,
    #[serde(default)]
    pub ambient: Ambient,
    /// Sky, haze and the sun's position by the clock.
    #[serde(default)]
    pub atmosphere: Atmosphere,
    #[serde(default)]
    pub lights: Vec<Light>,
    #[serde(default)]
    pub pieces: Vec<Piece>,
    #[serde(default)]
    pub spots: Vec<Spot>,
    #[serde(default)]
    pub targets: Vec<Target>,
    /// The people of this place, where they are when the visitor arrives.
    #[serde(default)]
    pub characters: Vec<Character>,
    /// Text in the world: signs, a name on a door, a caption on a drawing.
    #[serde(default)]
    pub texts: Vec<WorldText>,
    /// A looping bed of sound heard everywhere in the place (room tone, wind).
    #[serde(default)]
    pub ambience: Option<Ambience>,
    /// Looping sounds at a position, heard from where they are.
    #[serde(default)]
    pub emitters: Vec<Emitter>,
}

/// How the air and the sky look. Every field is optional: an environment without it has a
/// plain sky of its `sky` colour and no haze.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Atmosphere {
    #[serde(default)]
    pub sky: Option<Sky>,
    /// Distance haze: the world fades into `color` between `start` and `end` metres.
    #[serde(default)]
    pub fog: Option<Fog>,
    /// A sun placed by the local time, `"9:30"`: its height, direction, colour and strength
    /// follow the clock (a low sun is warmer and weaker). Shadows are on.
    #[serde(default)]
    pub time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Sky {
    /// Overhead colour, at the horizon, and below it.
    Gradient {
        zenith: Color,
        horizon: Color,
        #[serde(default = "default_ground")]
        ground: Color,
    },
    /// An equirectangular picture (2:1) from the scenario folder or `assets/`.
    Image {
        path: String,
        /// Turns the picture about the vertical, in degrees.
        #[serde(default)]
        rotation: f32,
    },
}

fn default_ground() -> Color {
    Color {
        rgba: [120, 108, 92, 255],
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fog {
    pub color: Color,
    pub start: f32,
    pub end: f32,
}

/// A person in a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    /// What lines name as their `speaker`.
    pub id: CharacterId,
    /// Shown with their lines; translatable.
    pub name: Text,
    pub figure: Figure,
    /// Where they stand: a spot of this place, or a position.
    #[serde(default)]
    pub spot: Option<SpotId>,
    #[serde(default)]
    pub position: Option<Vec3>,
    /// Degrees clockwise from -z, like spots.
    #[serde(default)]
    pub facing: f32,
    #[serde(default)]
    pub pose: Pose,
}

/// How a character is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Figure {
    /// A stylised human body built by the app, breathing and moving.
    Person {
        body: Body,
        /// Standing height in metres (children about 1.35, adults 1.55 to 1.85).
        #[serde(default)]
        height: Option<f32>,
        #[serde(default = "default_skin")]
        skin: Color,
        #[serde(default = "default_hair")]
        hair: Color,
        /// The upper garment (shirt, jacket, the top of a dress).
        top: Color,
        /// Trousers or the skirt of a long dress.
        bottom: Color,
        /// A long dress or robe down to the ankles, instead of trousers.
        #[serde(default)]
        long_dress: bool,
        /// A headscarf of this colour.
        #[serde(default)]
        headscarf: Option<Color>,
    },
    /// A glTF model; `idle` names an animation clip played in a loop.
    Model {
        path: String,
        #[serde(default = "one")]
        scale: f32,
        #[serde(default)]
        idle: Option<String>,
    },
}

fn default_skin() -> Color {
    Color {
        rgba: [176, 132, 100, 255],
    }
}

fn default_hair() -> Color {
    Color {
        rgba: [40, 32, 28, 255],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Man,
    Woman,
    /// An older person: a little shorter, a slight stoop, slower.
    OlderMan,
    OlderWoman,
    Child,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Pose {
    #[default]
    Standing,
    /// On a cushion on the floor, legs crossed.
    Seated,
    /// On a chair (seat at 0.45 m).
    SeatedOnChair,
}

/// Text written in the world. Any script: Arabic is shaped and laid out right to left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorldText {
    pub text: Text,
    /// Whether chapters translate it (a street sign in Arabic stays as it is).
    #[serde(default = "yes")]
    pub translate: bool,
    /// The centre of the text.
    pub position: Vec3,
    /// Degrees about x, y, z like pieces; unrotated text faces +z.
    #[serde(default)]
    pub rotation: Vec3,
    /// Height of one line of text in metres.
    #[serde(default = "default_text_size")]
    pub size: f32,
    /// Wraps at this width in metres.
    #[serde(default)]
    pub width: Option<f32>,
    #[serde(default = "default_ink")]
    pub color: Color,
    /// A card behind the text (a sign board); none draws on what is behind.
    #[serde(default)]
    pub background: Option<Color>,
}

fn yes() -> bool {
    true
}

fn default_text_size() -> f32 {
    0.12
}

fn default_ink() -> Color {
    Color {
        rgba: [30, 30, 30, 255],
    }
}

/// A sound bed for a whole place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambience {
    pub path: String,
    #[serde(default = "half")]
    pub volume: f32,
}

fn half() -> f32 {
    0.5
}

/// A looping sound at a place in the world.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emitter {
    pub path: String,
    pub position: Vec3,
    #[serde(default = "half")]
    pub volume: f32,
    /// Full volume within `near` metres; silent beyond `far`.
    #[serde(default = "default_near")]
    pub near: f32,
    #[serde(default = "default_far")]
    pub far: f32,
}

fn default_near() -> f32 {
    1.5
}

fn default_far() -> f32 {
    20.0
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
    /// Pictures on the surface, tinted by `color`.
    #[serde(default)]
    pub textures: Option<Textures>,
}

/// Image files for a surface, from the scenario folder or `assets/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Textures {
    /// The surface colour (sRGB).
    pub base_color: String,
    /// A tangent-space normal map.
    #[serde(default)]
    pub normal: Option<String>,
    /// Roughness in the green channel (glTF's metallic-roughness convention).
    #[serde(default)]
    pub roughness: Option<String>,
    /// How many times the pictures repeat per metre of surface.
    #[serde(default = "one")]
    pub tiling: f32,
}

impl Textures {
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.base_color.as_str())
            .chain(self.normal.as_deref())
            .chain(self.roughness.as_deref())
    }
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
            textures: None,
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
    /// The act this beat opens (1, 2, …): every beat after it belongs to that act until the
    /// next one that says so. Only analytics read it (how far visitors went).
    #[serde(default)]
    pub act: Option<u8>,
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
    /// Who speaks: a character's id (their name is shown and their voice comes from where
    /// they stand); none for the researcher's inner voice. A name that is no character's id is
    /// shown as it is (older scenarios).
    #[serde(default)]
    pub speaker: Option<String>,
    pub text: String,
    /// Heard over the radio: the speaker is elsewhere, the voice comes from the visitor's kit.
    #[serde(default)]
    pub radio: bool,
    /// A recording of the line (`.ogg`) in every language. Without it, the line's voice is
    /// found by convention: `voice/<locale>/<line id>.ogg` in the chapter's or scenario's folder.
    #[serde(default)]
    pub audio: Option<String>,
    /// Seconds on screen; by default the reading time of the text.
    #[serde(default)]
    pub duration: Option<f32>,
    /// The line is only said while this holds when its turn comes (a reaction to what the
    /// visitor did, a report built from their choices); otherwise it is passed over.
    #[serde(default)]
    pub when: Option<Condition>,
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
    Reach {
        spot: SpotId,
        /// Answered but not suggested: the spot is neither lit nor named in the hints (a
        /// wrong turn the story corrects, such as leaving by another way than the one marked).
        #[serde(default)]
        quiet: bool,
    },
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
    /// The visitor stands on this spot now (a photo is only usable from where the subject
    /// can be seen whole; a question is only asked at the door).
    At(SpotId),
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
    /// A character walks to a spot of the current place.
    Walk {
        character: CharacterId,
        to: SpotId,
    },
    /// A character walks up to the visitor, wherever they stand.
    Approach {
        character: CharacterId,
    },
    /// A character sits down or stands up.
    SetPose {
        character: CharacterId,
        pose: Pose,
    },
    /// Plays a glTF figure's animation clip by name, once.
    Animate {
        character: CharacterId,
        clip: String,
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
