//! The fonts every text uses, compiled in so that text never depends on finding a file at a
//! booth: Noto Sans (accented Latin, `€`, `·`, `−`) as the default, and Noto Sans Arabic as
//! parley's fallback for Arabic script, so a name or a sign in Arabic is shaped, joined and
//! laid out right to left inside any text. Both OFL, in `assets/fonts` with the licence.

use bevy::prelude::*;

pub const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const NOTO_SANS_ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

/// The family names inside those files.
pub const LATIN_FAMILY: &str = "Noto Sans";
pub const ARABIC_FAMILY: &str = "Noto Sans Arabic";

/// Makes the Arabic font the fallback for Arabic script in a font collection. False while the
/// font is not in the collection yet.
pub fn use_arabic_fallback(collection: &mut parley::fontique::Collection) -> bool {
    let Some(family) = collection.family_id(ARABIC_FAMILY) else {
        return false;
    };
    let arabic = parley::fontique::Script::from_bytes(*b"Arab");
    collection.set_fallbacks(arabic, std::iter::once(family));
    true
}

/// Keeps the Arabic font loaded, and remembers whether parley knows it yet.
#[derive(Resource)]
struct ArabicFont {
    _handle: Handle<Font>,
    installed: bool,
}

pub fn plugin(app: &mut App) {
    let Some(mut fonts) = app.world_mut().get_resource_mut::<Assets<Font>>() else {
        return;
    };
    if fonts
        .insert(AssetId::default(), Font::from_bytes(NOTO_SANS.to_vec()))
        .is_err()
    {
        warn!("could not install Noto Sans; text uses Bevy's default font");
    }
    let arabic = fonts.add(Font::from_bytes(NOTO_SANS_ARABIC.to_vec()));
    app.insert_resource(ArabicFont {
        _handle: arabic,
        installed: false,
    })
    .add_systems(Update, arabic_fallback);
}

/// Once Bevy has put the Arabic font into parley's collection, sets the fallback and lays out
/// again whatever was shaped before it existed.
fn arabic_fallback(
    mut font: ResMut<ArabicFont>,
    mut font_cx: ResMut<bevy::text::FontCx>,
    mut texts: Query<&mut TextFont>,
) {
    if font.installed || !use_arabic_fallback(&mut font_cx.collection) {
        return;
    }
    font.installed = true;
    for mut text in &mut texts {
        text.set_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley::fontique::Blob;
    use parley::{FontContext, FontFamily, LayoutContext, PositionedLayoutItem, StyleProperty};
    use std::sync::Arc;

    struct Shaped {
        rtl: bool,
        family: String,
        text: String,
        glyph_ids: Vec<u32>,
        left: f32,
    }

    /// Lays `text` out in Noto Sans the way Bevy's text pipeline does, and returns its runs.
    fn shape(text: &str, fallback: bool) -> Vec<Shaped> {
        let mut fcx = FontContext::new();
        for bytes in [NOTO_SANS, NOTO_SANS_ARABIC] {
            fcx.collection
                .register_fonts(Blob::new(Arc::new(bytes.to_vec())), None);
        }
        if fallback {
            assert!(use_arabic_fallback(&mut fcx.collection));
        }
        let mut lcx: LayoutContext<[u8; 4]> = LayoutContext::new();
        let mut builder = lcx.ranged_builder(&mut fcx, text, 1.0, true);
        builder.push_default(StyleProperty::FontFamily(FontFamily::named(LATIN_FAMILY)));
        builder.push_default(StyleProperty::FontSize(32.0));
        let mut layout = builder.build(text);
        layout.break_all_lines(None);
        let mut runs = Vec::new();
        for line in layout.lines() {
            for item in line.items() {
                let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                    continue;
                };
                let run = glyph_run.run();
                let ids: Vec<u32> = glyph_run.glyphs().map(|g| g.id).collect();
                let family = fcx_family(&mut fcx, run.font());
                runs.push(Shaped {
                    rtl: run.is_rtl(),
                    family,
                    text: text[run.text_range()].to_owned(),
                    glyph_ids: ids,
                    left: glyph_run.offset(),
                });
            }
        }
        runs
    }

    /// Which of our two fonts a run was shaped with.
    fn fcx_family(_fcx: &mut FontContext, font: &parley::FontData) -> String {
        if font.data.as_ref().len() == NOTO_SANS_ARABIC.len() {
            ARABIC_FAMILY.into()
        } else {
            LATIN_FAMILY.into()
        }
    }

    #[test]
    fn arabic_in_a_latin_line_is_shaped_with_the_arabic_font_right_to_left() {
        let runs = shape("Umm Karim · أم كريم", true);
        let latin = runs
            .iter()
            .find(|r| r.text.contains("Umm"))
            .expect("latin run");
        let arabic = runs
            .iter()
            .find(|r| r.text.contains("كريم"))
            .expect("arabic run");
        assert!(!latin.rtl && arabic.rtl, "direction of runs");
        assert_eq!(arabic.family, ARABIC_FAMILY);
        // Glyph 0 is .notdef, the tofu box.
        assert!(
            arabic.glyph_ids.iter().all(|&id| id != 0),
            "{:?}",
            arabic.glyph_ids
        );
        // Laid out after the Latin part, as the line reads left to right overall.
        assert!(arabic.left > latin.left);
        // Joined letters: كريم has four letters; contextual forms differ from the isolated ones.
        let isolated: Vec<u32> = "كريم"
            .chars()
            .flat_map(|c| {
                shape(&c.to_string(), true)
                    .into_iter()
                    .flat_map(|r| r.glyph_ids)
            })
            .collect();
        let word = &shape("كريم", true)[0];
        assert_ne!(word.glyph_ids, isolated, "letters are joined, not isolated");
    }

    #[test]
    fn without_the_fallback_arabic_would_be_tofu() {
        let runs = shape("كريم", false);
        assert!(
            runs.iter()
                .all(|r| r.family == LATIN_FAMILY && r.glyph_ids.iter().all(|&id| id == 0)),
            "this test only proves something if Noto Sans alone has no Arabic"
        );
    }
}
