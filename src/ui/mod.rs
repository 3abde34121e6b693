//! The desktop interface: content note, subtitles, options, notebook, donation prompt, pause
//! and help, fades. Each part lives in its own module and redraws from the runner's state, so
//! a reset or a reload never leaves stale text on screen.

pub(crate) mod content_note;
pub mod donation;
mod fade;
pub mod fonts;
pub mod hud;
pub mod notebook;
mod options;
pub mod overlays;
pub mod texture_panel;
pub mod words;

use bevy::prelude::*;

pub use fade::{FadeOverlay, Fading};

pub struct UiPlugin;

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            content_note::plugin,
            hud::plugin,
            options::plugin,
            notebook::plugin,
            donation::plugin,
            overlays::plugin,
            fade::plugin,
            words::plugin,
        ))
        .add_systems(Update, button_colours);
        fonts::plugin(app);
    }
}

/// The digit keys, in order: options and languages are picked by number too.
pub const NUMBER_KEYS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// An interface root that belongs to the booth's screen even when a headset is in use (the
/// mirrored view's fade, the attendant's lines); every other root goes to the headset's panel.
#[derive(Component)]
pub struct BoothScreen;

/// A visitor is in the headset: the current line and the hint are on their own reading panel
/// (lazy-follow, clear of targets), so the interface panel leaves them out, and the pause menu
/// offers the headset's own comfort options.
#[derive(Resource)]
pub struct HeadsetInUse;

/// A button that shows a current choice (one-off or monthly).
#[derive(Component)]
pub struct Selected;

/// The palette: calm, high contrast, nothing that flashes.
pub mod theme {
    use bevy::prelude::*;
    pub const PANEL: Color = Color::srgba(0.05, 0.06, 0.08, 0.82);
    pub const TEXT: Color = Color::srgb(0.95, 0.95, 0.93);
    pub const MUTED: Color = Color::srgb(0.72, 0.74, 0.78);
    pub const ACCENT: Color = Color::srgb(1.0, 0.82, 0.45);
    pub const BUTTON: Color = Color::srgb(0.16, 0.2, 0.26);
    pub const BUTTON_HOVER: Color = Color::srgb(0.26, 0.32, 0.4);
    pub const BUTTON_PRESSED: Color = Color::srgb(0.35, 0.42, 0.5);
    pub const SELECTED: Color = Color::srgb(0.55, 0.42, 0.16);
    pub const ERROR: Color = Color::srgba(0.35, 0.05, 0.05, 0.92);

    /// Every size of text the interface uses. There is no way to ask for another: in the
    /// headset the interface is a panel in the world, and the smallest of these must still
    /// read at about one degree of visual angle per line (tested in `headset::interface`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TextSize {
        Small,
        Body,
        Subtitle,
        Heading,
        Timer,
        Title,
    }

    impl TextSize {
        pub const ALL: [TextSize; 6] = [
            TextSize::Small,
            TextSize::Body,
            TextSize::Subtitle,
            TextSize::Heading,
            TextSize::Timer,
            TextSize::Title,
        ];

        /// Logical pixels.
        pub fn px(self) -> f32 {
            match self {
                TextSize::Small => 20.0,
                TextSize::Body => 22.0,
                TextSize::Subtitle => 26.0,
                TextSize::Heading => 30.0,
                TextSize::Timer => 34.0,
                TextSize::Title => 40.0,
            }
        }
    }

    /// A line of text is about this many times its font size.
    pub const LINE_HEIGHT: f32 = 1.2;
}

pub use theme::TextSize;

/// A text node with the app's font size and colour.
pub fn label(text: impl Into<String>, size: TextSize, color: Color) -> impl Bundle {
    (
        Text::new(text),
        TextFont::from_font_size(size.px()),
        TextColor(color),
    )
}

/// A button labelled with one of the interface's words (`ui.` id), kept in the visitor's
/// language.
pub fn say_button(marker: impl Bundle, id: &'static str) -> impl Bundle {
    (
        Button,
        marker,
        button_node(),
        BackgroundColor(theme::BUTTON),
        children![(
            words::Say(id),
            label(
                temoin_scenario::interface::english(id),
                TextSize::Body,
                theme::TEXT
            )
        )],
    )
}

/// A label showing one of the interface's words, kept in the visitor's language.
pub fn say_label(id: &'static str, size: TextSize, color: Color) -> impl Bundle {
    (
        words::Say(id),
        label(temoin_scenario::interface::english(id), size, color),
    )
}

fn button_node() -> Node {
    Node {
        padding: UiRect::axes(Val::Px(18.0), Val::Px(10.0)),
        margin: UiRect::all(Val::Px(4.0)),
        justify_content: JustifyContent::Center,
        border_radius: BorderRadius::all(Val::Px(8.0)),
        ..default()
    }
}

/// A button with a text label; `marker` says what it does.
pub fn button(marker: impl Bundle, text: impl Into<String>) -> impl Bundle {
    (
        Button,
        marker,
        button_node(),
        BackgroundColor(theme::BUTTON),
        children![label(text, TextSize::Body, theme::TEXT)],
    )
}

fn button_colours(
    mut buttons: Query<
        (&Interaction, &mut BackgroundColor, Has<Selected>),
        (Or<(Changed<Interaction>, Added<Selected>)>, With<Button>),
    >,
) {
    for (interaction, mut colour, selected) in &mut buttons {
        colour.0 = match interaction {
            Interaction::Pressed => theme::BUTTON_PRESSED,
            Interaction::Hovered => theme::BUTTON_HOVER,
            Interaction::None if selected => theme::SELECTED,
            Interaction::None => theme::BUTTON,
        };
    }
}

/// A rounded, dark card that holds a column of centred content.
pub fn card(width: Val) -> impl Bundle {
    (
        Node {
            width,
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: Val::Px(12.0),
            padding: UiRect::all(Val::Px(28.0)),
            border_radius: BorderRadius::all(Val::Px(12.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
    )
}

/// Shows or hides a UI root.
pub fn set_shown(visibility: &mut Mut<Visibility>, shown: bool) {
    visibility.set_if_neq(if shown {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    });
}
