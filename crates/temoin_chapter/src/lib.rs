//! A chapter pack, without Bevy: the chapter file (`chapters/<id>.ron`: scenario, locales,
//! donation settings), its overlays and the locale tables, merged and checked into what a
//! booth plays. `temoin validate`, `temoin strings`, the app and the donation worker all start
//! here. Its chapter file names a payment provider in `temoin_donations`' terms, so this crate
//! depends on that one (never the reverse).

// A `Diagnostic` is built only when something is wrong with a file a person wrote, where
// boxing it would buy nothing but noise.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod pack;

pub use config::{ChapterConfig, LocaleOffer, load_chapter, load_chapter_named};
pub use pack::{Pack, PackPaths, load_pack};
