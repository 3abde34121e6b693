//! What the app tells the recorder (`Record`), in the scenario's own ids, and the pure helpers
//! that keep those messages anonymous: amount bands instead of amounts, random visit ids.

use serde::Serialize;

/// How the visitor points: the same mapping drives every device, but the figures differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputMode {
    Controllers,
    Gaze,
    Desktop,
}

impl InputMode {
    pub fn name(self) -> &'static str {
        match self {
            InputMode::Controllers => "controllers",
            InputMode::Gaze => "gaze",
            InputMode::Desktop => "desktop",
        }
    }

    pub fn parse(name: &str) -> Option<InputMode> {
        [InputMode::Controllers, InputMode::Gaze, InputMode::Desktop]
            .into_iter()
            .find(|mode| mode.name() == name)
    }
}

/// A checkout's state, as the donation journal reports it (`IntentStatus::name` there); kept
/// here as its own enum so analytics does not depend on the payment providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Created,
    Open,
    Paid,
    Expired,
    Canceled,
    Failed,
    /// A donation link was shown; the gift cannot be confirmed from here.
    Pledged,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 7] = [
        PaymentStatus::Created,
        PaymentStatus::Open,
        PaymentStatus::Paid,
        PaymentStatus::Expired,
        PaymentStatus::Canceled,
        PaymentStatus::Failed,
        PaymentStatus::Pledged,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PaymentStatus::Created => "created",
            PaymentStatus::Open => "open",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Canceled => "canceled",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Pledged => "pledged",
        }
    }

    pub fn parse(name: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL
            .into_iter()
            .find(|status| status.name() == name)
    }

    /// Nothing more will change; a late `open` must not overwrite a `paid`.
    pub fn is_settled(self) -> bool {
        !matches!(self, PaymentStatus::Created | PaymentStatus::Open)
    }
}

/// Something that happened during a visit. Every field is an id from the scenario or the
/// chapter (beat, option, evidence, locale tag, comfort setting) or a band: never free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// `act` is the scenario's act number (1..), when the beat belongs to one.
    BeatEntered {
        beat: String,
        act: Option<u8>,
    },
    OptionChosen {
        beat: String,
        option: String,
    },
    EvidenceAdded {
        evidence: String,
    },
    LocaleChanged {
        locale: String,
    },
    /// A comfort setting's name and its new value, both from the options menu's own ids
    /// (`vignette` / `on`, `snap_turn` / `45`).
    ComfortChanged {
        setting: String,
        value: String,
    },
    InputMode {
        mode: InputMode,
    },
    HeadsetRemoved,
    HeadsetReturned,
    Paused,
    Resumed,
    ContentNoteAccepted,
    PromptShown,
    /// The band of the chosen amount (`amount_band`), never the amount.
    AmountChosen {
        band: String,
    },
    /// The donation journal's intent id, so the payment's late status can be joined.
    CheckoutCreated {
        intent_id: String,
    },
    Declined,
}

/// The `kind` column's values; the report reads them back.
pub mod kind {
    pub const BEAT: &str = "beat";
    pub const OPTION: &str = "option";
    pub const EVIDENCE: &str = "evidence";
    pub const LOCALE: &str = "locale";
    pub const COMFORT: &str = "comfort";
    pub const INPUT_MODE: &str = "input_mode";
    pub const HEADSET_REMOVED: &str = "headset_removed";
    pub const HEADSET_RETURNED: &str = "headset_returned";
    pub const PAUSED: &str = "paused";
    pub const RESUMED: &str = "resumed";
    pub const CONTENT_NOTE_ACCEPTED: &str = "content_note_accepted";
    pub const PROMPT_SHOWN: &str = "prompt_shown";
    pub const AMOUNT_CHOSEN: &str = "amount_chosen";
    pub const CHECKOUT_CREATED: &str = "checkout_created";
    pub const DECLINED: &str = "declined";
}

/// One event as it is stored: `kind`, and the beat / act / detail / value columns it fills.
pub(crate) struct EventRow<'a> {
    pub kind: &'static str,
    pub beat: Option<&'a str>,
    pub act: Option<u8>,
    pub detail: Option<&'a str>,
    pub value: Option<&'a str>,
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        self.row().kind
    }

    pub(crate) fn row(&self) -> EventRow<'_> {
        let plain = |kind| EventRow {
            kind,
            beat: None,
            act: None,
            detail: None,
            value: None,
        };
        fn detail<'a>(kind: &'static str, detail: &'a str) -> EventRow<'a> {
            EventRow {
                kind,
                beat: None,
                act: None,
                detail: Some(detail),
                value: None,
            }
        }
        match self {
            EventKind::BeatEntered { beat, act } => EventRow {
                kind: kind::BEAT,
                beat: Some(beat),
                act: *act,
                detail: None,
                value: None,
            },
            EventKind::OptionChosen { beat, option } => EventRow {
                kind: kind::OPTION,
                beat: Some(beat),
                act: None,
                detail: Some(option),
                value: None,
            },
            EventKind::EvidenceAdded { evidence } => detail(kind::EVIDENCE, evidence),
            EventKind::LocaleChanged { locale } => detail(kind::LOCALE, locale),
            EventKind::ComfortChanged { setting, value } => EventRow {
                kind: kind::COMFORT,
                beat: None,
                act: None,
                detail: Some(setting),
                value: Some(value),
            },
            EventKind::InputMode { mode } => detail(kind::INPUT_MODE, mode.name()),
            EventKind::HeadsetRemoved => plain(kind::HEADSET_REMOVED),
            EventKind::HeadsetReturned => plain(kind::HEADSET_RETURNED),
            EventKind::Paused => plain(kind::PAUSED),
            EventKind::Resumed => plain(kind::RESUMED),
            EventKind::ContentNoteAccepted => plain(kind::CONTENT_NOTE_ACCEPTED),
            EventKind::PromptShown => plain(kind::PROMPT_SHOWN),
            EventKind::AmountChosen { band } => detail(kind::AMOUNT_CHOSEN, band),
            EventKind::CheckoutCreated { intent_id } => detail(kind::CHECKOUT_CREATED, intent_id),
            EventKind::Declined => plain(kind::DECLINED),
        }
    }
}

/// How a visit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Declined at the content note ("not today").
    OptedOut,
    /// Reset by the attendant, or the headset left off, before the ending; in which act.
    Left { act: Option<u8> },
    /// Saw the donation prompt and said no.
    Declined,
    /// Chose an amount (its band) and was handed a checkout.
    Pledged { band: String, currency: String },
    /// The provider could not be reached; the fallback link was shown.
    Offline,
    /// Never ended: the app stopped (crash, power cut) during the visit. Set at the next open.
    Interrupted,
}

pub mod outcome {
    pub const OPTED_OUT: &str = "opted_out";
    pub const LEFT: &str = "left";
    pub const DECLINED: &str = "declined";
    pub const PLEDGED: &str = "pledged";
    pub const OFFLINE: &str = "offline";
    pub const INTERRUPTED: &str = "interrupted";
}

impl Outcome {
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::OptedOut => outcome::OPTED_OUT,
            Outcome::Left { .. } => outcome::LEFT,
            Outcome::Declined => outcome::DECLINED,
            Outcome::Pledged { .. } => outcome::PLEDGED,
            Outcome::Offline => outcome::OFFLINE,
            Outcome::Interrupted => outcome::INTERRUPTED,
        }
    }
}

/// A message to the recorder. Times: `*_at_ms` are wall-clock unix milliseconds (for the
/// report's hours and date filters); an event's `t_ms` is monotonic milliseconds since the
/// visit started (durations stay right when the clock is adjusted mid-visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    StartVisit {
        /// `new_visit_id()`.
        id: String,
        chapter: String,
        locale: String,
        app_version: String,
        input_mode: InputMode,
        started_at_ms: i64,
    },
    Event {
        visit: String,
        t_ms: u64,
        kind: EventKind,
    },
    EndVisit {
        visit: String,
        ended_at_ms: i64,
        outcome: Outcome,
    },
    /// A checkout's status changed; updates the visit that created it. Arrives late, often
    /// after the visit ended (the visitor pays on their phone), or after a restart.
    DonationStatus {
        intent_id: String,
        status: PaymentStatus,
    },
}

/// A random visit id: a UUIDv7 (time-ordered, 74 random bits, nothing about the machine).
pub fn new_visit_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The wall clock in unix milliseconds (0 if the clock is before 1970).
pub fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Band edges in whole currency units, before the currency's scale: "<5", "5-9", "10-24",
/// "25-49", "50+".
const EDGES: [i64; 4] = [5, 10, 25, 50];

/// How many times the euro edges a currency's bands are, so that a band means about the same
/// gift everywhere. Currencies not listed use the euro's edges.
fn band_scale(currency: &str) -> i64 {
    match currency.to_ascii_uppercase().as_str() {
        "ARS" => 1000,
        "JPY" => 100,
        _ => 1,
    }
}

/// Minor units per whole unit (ISO 4217 exponent); 100 for currencies not listed.
fn minor_per_unit(currency: &str) -> i64 {
    match currency.to_ascii_uppercase().as_str() {
        "JPY" | "KRW" | "CLP" | "ISK" => 1,
        _ => 100,
    }
}

/// The bands of a currency, smallest first.
pub fn bands(currency: &str) -> Vec<String> {
    let edges = EDGES.map(|edge| edge * band_scale(currency));
    let mut bands = vec![format!("<{}", edges[0])];
    for pair in edges.windows(2) {
        bands.push(format!("{}-{}", pair[0], pair[1] - 1));
    }
    bands.push(format!("{}+", edges[edges.len() - 1]));
    bands
}

/// A band's place among its currency's bands (0 = smallest), for medians and sorting.
pub fn band_rank(band: &str, currency: &str) -> Option<usize> {
    bands(currency).iter().position(|b| b == band)
}

/// The band an amount (in minor units) falls in. The analytics store bands, never amounts: at
/// a booth a few dozen people give in a day, and an exact amount with a time next to it can
/// point at one person ("the woman who gave 35 € at 11:20"); five coarse bands cannot.
pub fn amount_band(minor: i64, currency: &str) -> String {
    let whole = minor.max(0) / minor_per_unit(currency);
    let scale = band_scale(currency);
    let index = EDGES
        .iter()
        .take_while(|edge| whole >= **edge * scale)
        .count();
    bands(currency).swap_remove(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_amounts_without_gaps() {
        assert_eq!(bands("EUR"), ["<5", "5-9", "10-24", "25-49", "50+"]);
        assert_eq!(amount_band(0, "EUR"), "<5");
        assert_eq!(amount_band(499, "EUR"), "<5");
        assert_eq!(amount_band(500, "EUR"), "5-9");
        assert_eq!(amount_band(999, "GBP"), "5-9");
        assert_eq!(amount_band(1000, "GBP"), "10-24");
        assert_eq!(amount_band(2499, "eur"), "10-24");
        assert_eq!(amount_band(2500, "EUR"), "25-49");
        assert_eq!(amount_band(5000, "EUR"), "50+");
        assert_eq!(amount_band(1_000_000, "EUR"), "50+");
        assert_eq!(amount_band(-300, "EUR"), "<5");
    }

    #[test]
    fn pesos_are_scaled_by_a_thousand() {
        assert_eq!(
            bands("ARS"),
            ["<5000", "5000-9999", "10000-24999", "25000-49999", "50000+"]
        );
        assert_eq!(amount_band(499_999, "ARS"), "<5000");
        assert_eq!(amount_band(1_000_000, "ARS"), "10000-24999");
        assert_eq!(amount_band(5_000_000, "ARS"), "50000+");
        assert_eq!(band_rank("25000-49999", "ARS"), Some(3));
        assert_eq!(band_rank("25-49", "ARS"), None);
    }

    #[test]
    fn zero_decimal_currencies_use_whole_units() {
        assert_eq!(amount_band(1000, "JPY"), "1000-2499");
    }

    #[test]
    fn visit_ids_are_uuid_v7_and_unique() {
        let a = new_visit_id();
        let b = new_visit_id();
        assert_ne!(a, b);
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
    }

    #[test]
    fn names_round_trip() {
        for status in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(status.name()), Some(status));
        }
        for mode in [InputMode::Controllers, InputMode::Gaze, InputMode::Desktop] {
            assert_eq!(InputMode::parse(mode.name()), Some(mode));
        }
    }
}
