//! How long text takes to read, used for lines without a recorded duration and for the
//! duration estimates of `temoin walk`.

/// Words per second of a calm reader of subtitles (about 150 words a minute).
pub const WORDS_PER_SECOND: f32 = 2.5;
/// Nobody reads a line in less than this.
pub const MIN_LINE_SECONDS: f32 = 2.0;

/// Seconds a line stays on screen: reading time plus a breath.
pub fn reading_seconds(text: &str) -> f32 {
    // A plural's other forms are never read: count the words of one rendering.
    let sample = if text.contains('{') {
        crate::message::Message::parse(text)
            .map(|m| m.sample())
            .ok()
    } else {
        None
    };
    let words = sample.as_deref().unwrap_or(text).split_whitespace().count() as f32;
    (words / WORDS_PER_SECOND + 1.0).max(MIN_LINE_SECONDS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn longer_text_reads_longer() {
        assert_eq!(super::reading_seconds("Yes."), super::MIN_LINE_SECONDS);
        assert!(
            (super::reading_seconds("one two three four five six seven eight nine ten") - 5.0)
                .abs()
                < 1e-6
        );
    }
}
