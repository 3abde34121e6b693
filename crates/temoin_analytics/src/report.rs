//! The report: merges any number of station databases into the figures an NGO asks for after
//! an event (the funnel, where visitors leave, how long each part takes, who gives, comfort
//! settings, headset removals, gifts per hour). Every count of visits between 1 and 4 is held
//! as `Count::Few` from the start ("<5" in every output), and no rate, median or gift band is
//! derived from so few visits: the report cannot single anyone out, whatever it is rendered as.

use crate::AnalyticsError;
use crate::model::{band_rank, kind, outcome};
use crate::store::{self, StoredVisit};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// Groups smaller than this are never shown exactly.
pub const SMALLEST_GROUP: u64 = 5;

/// Which visits to count: by start time (unix ms, `since` inclusive, `until` exclusive) and
/// chapter; and how to label hours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub chapter: Option<String>,
    /// The event's local time, in minutes east of UTC, for the hours of `gifts_per_hour`.
    pub utc_offset_minutes: i32,
}

/// A number of visits as it may be shown: exact when 0 or at least `SMALLEST_GROUP`, else
/// only "<5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(u64),
    Few,
}

impl Count {
    pub fn of(n: u64) -> Count {
        if n == 0 || n >= SMALLEST_GROUP {
            Count::Exact(n)
        } else {
            Count::Few
        }
    }

    pub fn exact(self) -> Option<u64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::Few => None,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so table columns (`{:>7}`) line up.
        match self {
            Count::Exact(n) => f.pad(&n.to_string()),
            Count::Few => f.pad(&format!("<{SMALLEST_GROUP}")),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Count::Exact(n) => serializer.serialize_u64(*n),
            Count::Few => serializer.serialize_str(&format!("<{SMALLEST_GROUP}")),
        }
    }
}

/// `part` as a percentage of `whole` (one decimal), unless either is too small to show.
fn percent(part: u64, whole: u64) -> Option<f64> {
    if whole < SMALLEST_GROUP || Count::of(part) == Count::Few {
        return None;
    }
    Some(round1(100.0 * part as f64 / whole as f64))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Quantile with linear interpolation between closest ranks (R's type 7, numpy's default) of
/// sorted values.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (low, high) = (h.floor() as usize, h.ceil() as usize);
    sorted[low] + (h - low as f64) * (sorted[high] - sorted[low])
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStage {
    pub stage: String,
    pub visits: Count,
    /// Of all visits.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub label: String,
    pub visits: Count,
}

/// Visits that ended on a beat without reaching the prompt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DropOff {
    pub beat: String,
    pub act: Option<u8>,
    /// Visits that entered the beat.
    pub entered: Count,
    /// Visits whose last beat it was, without reaching the prompt.
    pub left: Count,
    /// `left` of `entered`.
    pub percent: Option<f64>,
}

/// Durations in seconds over `visits` visits (each visit's total for the beat or act).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    pub label: String,
    pub act: Option<u8>,
    pub visits: Count,
    pub median_s: Option<f64>,
    pub q1_s: Option<f64>,
    pub q3_s: Option<f64>,
}

/// Conversion for one chapter, locale or input mode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub visits: Count,
    pub prompt: Count,
    pub pledged: Count,
    pub paid: Count,
    pub pledged_percent: Option<f64>,
    pub paid_percent: Option<f64>,
    /// The median pledge's band, per currency with at least five pledges ("10-24 EUR").
    pub typical_gift: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removals {
    /// None: before the first beat.
    pub act: Option<u8>,
    pub visits: Count,
    pub removals: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hour {
    /// Local time, "MM-DD HH:00".
    pub hour: String,
    /// Unix ms of the hour's start.
    pub start_ms: i64,
    /// Visits that started in the hour; of those, how many pledged and paid.
    pub visits: Count,
    pub pledged: Count,
    pub paid: Count,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub filter: Filter,
    pub databases: usize,
    pub stations: usize,
    /// The hours of the first and last visit's start ("YYYY-MM-DD HH:00", local), hidden
    /// when there are fewer than five visits.
    pub period: Option<(String, String)>,
    pub visits: Count,
    pub funnel: Vec<FunnelStage>,
    pub outcomes: Vec<Tally>,
    pub payments: Vec<Tally>,
    pub dropoff: Vec<DropOff>,
    pub time_per_beat: Vec<Timing>,
    pub time_per_act: Vec<Timing>,
    pub time_per_visit: Timing,
    pub by_chapter: Vec<GroupRow>,
    pub by_locale: Vec<GroupRow>,
    pub by_input_mode: Vec<GroupRow>,
    pub comfort: Vec<Tally>,
    pub headset_removals: Vec<Removals>,
    pub gifts_per_hour: Vec<Hour>,
}

/// The label of visits that left before entering any beat.
pub const BEFORE_FIRST_BEAT: &str = "(before the first beat)";

/// What the report needs from one visit, worked out once.
struct Facts<'a> {
    visit: &'a StoredVisit,
    locale: &'a str,
    input_mode: &'a str,
    past_note: bool,
    max_act: Option<u8>,
    prompt: bool,
    amount: bool,
    checkout: bool,
    paid: bool,
    pledged: bool,
    /// Beats entered in order, with their act and time.
    beats: Vec<(&'a str, Option<u8>, i64)>,
}

impl<'a> Facts<'a> {
    fn of(visit: &'a StoredVisit) -> Facts<'a> {
        let has = |k: &str| visit.events.iter().any(|e| e.kind == k);
        let last_detail = |k: &str| {
            visit
                .events
                .iter()
                .rev()
                .find(|e| e.kind == k)
                .and_then(|e| e.detail.as_deref())
        };
        let beats: Vec<_> = visit
            .events
            .iter()
            .filter(|e| e.kind == kind::BEAT)
            .map(|e| (e.beat.as_deref().unwrap_or("?"), e.act, e.t_ms))
            .collect();
        Facts {
            visit,
            // The locale and mode the visit ended in: the visitor's choice, not the preset.
            locale: last_detail(kind::LOCALE).unwrap_or(&visit.locale),
            input_mode: last_detail(kind::INPUT_MODE).unwrap_or(&visit.input_mode),
            past_note: has(kind::CONTENT_NOTE_ACCEPTED) || !beats.is_empty(),
            max_act: beats.iter().filter_map(|b| b.1).max(),
            prompt: has(kind::PROMPT_SHOWN),
            amount: has(kind::AMOUNT_CHOSEN),
            checkout: has(kind::CHECKOUT_CREATED) || visit.intent_id.is_some(),
            paid: visit.donation_status.as_deref() == Some("paid"),
            pledged: visit.outcome.as_deref() == Some(outcome::PLEDGED),
            beats,
        }
    }

    /// Total milliseconds in each beat, from one beat entered to the next (the last beat has
    /// no measured end and is left out).
    fn beat_times(&self) -> BTreeMap<(&'a str, Option<u8>), i64> {
        let mut times = BTreeMap::new();
        for pair in self.beats.windows(2) {
            *times.entry((pair[0].0, pair[0].1)).or_insert(0) += pair[1].2 - pair[0].2;
        }
        times
    }
}

impl Report {
    /// Reads each database read-only and merges them. A visit found in two files (the same
    /// file given twice, a copy) is counted once.
    pub fn from_databases(paths: &[PathBuf], filter: &Filter) -> Result<Report, AnalyticsError> {
        let mut seen = HashSet::new();
        let mut visits = Vec::new();
        for path in paths {
            for visit in store::read_file(path, filter)? {
                if seen.insert(visit.id.clone()) {
                    visits.push(visit);
                }
            }
        }
        Ok(Report::from_visits(&visits, filter, paths.len()))
    }

    /// The report over visits already read (they are not filtered again).
    pub fn from_visits(visits: &[StoredVisit], filter: &Filter, databases: usize) -> Report {
        let facts: Vec<Facts> = visits.iter().map(Facts::of).collect();
        let total = facts.len() as u64;
        let offset_ms = i64::from(filter.utc_offset_minutes) * 60_000;
        let period = (total >= SMALLEST_GROUP).then(|| {
            let first = visits.iter().map(|v| v.started_at).min().unwrap_or(0);
            let last = visits.iter().map(|v| v.started_at).max().unwrap_or(0);
            (
                local_hour(first, offset_ms, true),
                local_hour(last, offset_ms, true),
            )
        });
        Report {
            filter: filter.clone(),
            databases,
            stations: visits
                .iter()
                .map(|v| v.station.as_str())
                .collect::<HashSet<_>>()
                .len(),
            period,
            visits: Count::of(total),
            funnel: funnel(&facts),
            outcomes: outcomes(&facts),
            payments: payments(&facts),
            dropoff: dropoff(&facts),
            time_per_beat: time_per_beat(&facts),
            time_per_act: time_per_act(&facts),
            time_per_visit: timing(
                "visit".into(),
                None,
                facts
                    .iter()
                    .filter_map(|f| {
                        let ended = f.visit.ended_at?;
                        let interrupted = f.visit.outcome.as_deref() == Some(outcome::INTERRUPTED);
                        (!interrupted).then_some(ended - f.visit.started_at)
                    })
                    .collect(),
            ),
            by_chapter: groups(&facts, |f| f.visit.chapter.as_str()),
            by_locale: groups(&facts, |f| f.locale),
            by_input_mode: groups(&facts, |f| f.input_mode),
            comfort: comfort(&facts),
            headset_removals: headset_removals(&facts),
            gifts_per_hour: gifts_per_hour(&facts, offset_ms),
        }
    }
}

fn funnel(facts: &[Facts]) -> Vec<FunnelStage> {
    let total = facts.len() as u64;
    let count = |pred: &dyn Fn(&Facts) -> bool| facts.iter().filter(|f| pred(f)).count() as u64;
    let stage = |name: String, n: u64| FunnelStage {
        stage: name,
        visits: Count::of(n),
        percent: percent(n, total),
    };
    let mut stages = vec![
        stage("visits".into(), total),
        stage("past the content note".into(), count(&|f| f.past_note)),
    ];
    // "Reached act n": entered a beat of act n or a later one (a visit skipped to the prompt
    // by the attendant has not reached the acts it skipped, but one that went on has).
    let last_act = facts.iter().filter_map(|f| f.max_act).max().unwrap_or(0);
    for act in 1..=last_act {
        stages.push(stage(
            format!("reached act {act}"),
            count(&|f| f.max_act.is_some_and(|m| m >= act)),
        ));
    }
    stages.push(stage("saw the prompt".into(), count(&|f| f.prompt)));
    stages.push(stage("chose an amount".into(), count(&|f| f.amount)));
    stages.push(stage("checkout created".into(), count(&|f| f.checkout)));
    stages.push(stage("paid".into(), count(&|f| f.paid)));
    stages
}

fn tallies(labels: impl IntoIterator<Item = String>) -> Vec<Tally> {
    let mut counts: Vec<(String, u64)> = Vec::new();
    for label in labels {
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(label, n)| Tally {
            label,
            visits: Count::of(n),
        })
        .collect()
}

fn outcomes(facts: &[Facts]) -> Vec<Tally> {
    let label = |f: &Facts| -> (u8, String) {
        let v = f.visit;
        match v.outcome.as_deref() {
            Some(outcome::OPTED_OUT) => (0, "opted out".into()),
            Some(outcome::LEFT) => match v.outcome_act.or(f.max_act) {
                Some(act) => (1, format!("left during act {act}")),
                None => (1, "left before act 1".into()),
            },
            Some(outcome::DECLINED) => (2, "declined".into()),
            Some(outcome::PLEDGED) => (3, "pledged".into()),
            Some(outcome::OFFLINE) => (4, "offline (fallback link)".into()),
            Some(outcome::INTERRUPTED) => (5, "interrupted".into()),
            Some(other) => (6, other.to_owned()),
            None => (7, "not ended (still running)".into()),
        }
    };
    let mut labels: Vec<(u8, String)> = facts.iter().map(label).collect();
    labels.sort();
    tallies(labels.into_iter().map(|(_, l)| l))
}

fn payments(facts: &[Facts]) -> Vec<Tally> {
    let mut statuses: Vec<(usize, String)> = facts
        .iter()
        .filter(|f| f.checkout)
        .map(|f| {
            let status = f.visit.donation_status.as_deref().unwrap_or("unknown");
            let order = [
                "paid", "pledged", "open", "created", "expired", "canceled", "failed",
            ]
            .iter()
            .position(|s| *s == status)
            .unwrap_or(99);
            (order, status.to_owned())
        })
        .collect();
    statuses.sort();
    tallies(statuses.into_iter().map(|(_, s)| s))
}

/// Beats in story order: by act, then by the mean time visitors entered them.
fn story_order<'a>(facts: &[Facts<'a>]) -> Vec<(&'a str, Option<u8>)> {
    let mut entry: HashMap<(&str, Option<u8>), (i64, i64)> = HashMap::new();
    for f in facts {
        let mut seen = HashSet::new();
        for &(beat, act, t) in &f.beats {
            if seen.insert((beat, act)) {
                let e = entry.entry((beat, act)).or_insert((0, 0));
                e.0 += t;
                e.1 += 1;
            }
        }
    }
    let mut beats: Vec<_> = entry
        .into_iter()
        .map(|(key, (sum, n))| (key, sum as f64 / n as f64))
        .collect();
    beats.sort_by(|(a, ta), (b, tb)| {
        (a.1.unwrap_or(0), *ta, a.0)
            .partial_cmp(&(b.1.unwrap_or(0), *tb, b.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    beats.into_iter().map(|(key, _)| key).collect()
}

fn dropoff(facts: &[Facts]) -> Vec<DropOff> {
    let mut entered: HashMap<(&str, Option<u8>), u64> = HashMap::new();
    for f in facts {
        for beat in f.beats.iter().map(|b| (b.0, b.1)).collect::<HashSet<_>>() {
            *entered.entry(beat).or_default() += 1;
        }
    }
    let mut left: HashMap<(&str, Option<u8>), u64> = HashMap::new();
    for f in facts.iter().filter(|f| !f.prompt) {
        let last = f
            .beats
            .last()
            .map_or((BEFORE_FIRST_BEAT, None), |b| (b.0, b.1));
        *left.entry(last).or_default() += 1;
    }
    let total = facts.len() as u64;
    let mut order = vec![(BEFORE_FIRST_BEAT, None)];
    order.extend(story_order(facts));
    order
        .into_iter()
        .filter_map(|beat| {
            let n = *left.get(&beat)?;
            let entered = if beat.0 == BEFORE_FIRST_BEAT {
                total
            } else {
                entered.get(&beat).copied().unwrap_or(0)
            };
            Some(DropOff {
                beat: beat.0.to_owned(),
                act: beat.1,
                entered: Count::of(entered),
                left: Count::of(n),
                percent: percent(n, entered),
            })
        })
        .collect()
}

/// Median and quartiles of durations in milliseconds, shown in seconds, when there are
/// enough of them.
fn timing(label: String, act: Option<u8>, mut ms: Vec<i64>) -> Timing {
    ms.sort_unstable();
    let seconds: Vec<f64> = ms.iter().map(|&m| m as f64 / 1000.0).collect();
    let enough = seconds.len() as u64 >= SMALLEST_GROUP;
    let q = |p| enough.then(|| round1(quantile(&seconds, p)));
    Timing {
        label,
        act,
        visits: Count::of(seconds.len() as u64),
        median_s: q(0.5),
        q1_s: q(0.25),
        q3_s: q(0.75),
    }
}

fn time_per_beat(facts: &[Facts]) -> Vec<Timing> {
    let mut samples: HashMap<(&str, Option<u8>), Vec<i64>> = HashMap::new();
    for f in facts {
        for (beat, ms) in f.beat_times() {
            samples.entry(beat).or_default().push(ms);
        }
    }
    story_order(facts)
        .into_iter()
        .filter_map(|beat| {
            let ms = samples.remove(&beat)?;
            Some(timing(beat.0.to_owned(), beat.1, ms))
        })
        .collect()
}

fn time_per_act(facts: &[Facts]) -> Vec<Timing> {
    let mut samples: BTreeMap<u8, Vec<i64>> = BTreeMap::new();
    for f in facts {
        let mut per_act: BTreeMap<u8, i64> = BTreeMap::new();
        for ((_, act), ms) in f.beat_times() {
            if let Some(act) = act {
                *per_act.entry(act).or_default() += ms;
            }
        }
        for (act, ms) in per_act {
            samples.entry(act).or_default().push(ms);
        }
    }
    samples
        .into_iter()
        .map(|(act, ms)| timing(format!("act {act}"), Some(act), ms))
        .collect()
}

fn groups<'a>(facts: &[Facts<'a>], key: impl Fn(&Facts<'a>) -> &'a str) -> Vec<GroupRow> {
    // Sorted by name, never by size: the order of small groups would tell their sizes apart.
    let mut members: BTreeMap<&str, Vec<&Facts>> = BTreeMap::new();
    for f in facts {
        members.entry(key(f)).or_default().push(f);
    }
    members
        .into_iter()
        .map(|(group, fs)| {
            let visits = fs.len() as u64;
            let count = |pred: fn(&Facts) -> bool| fs.iter().filter(|f| pred(f)).count() as u64;
            let (prompt, pledged, paid) =
                (count(|f| f.prompt), count(|f| f.pledged), count(|f| f.paid));
            let small = visits < SMALLEST_GROUP;
            let shown = |n| if small { Count::Few } else { Count::of(n) };
            GroupRow {
                group: group.to_owned(),
                visits: Count::of(visits),
                prompt: shown(prompt),
                pledged: shown(pledged),
                paid: shown(paid),
                pledged_percent: percent(pledged, visits),
                paid_percent: percent(paid, visits),
                typical_gift: if small { None } else { typical_gift(&fs) },
            }
        })
        .collect()
}

/// The median pledge's band (the lower middle one for an even number), per currency with
/// enough pledges: bands are ordered categories, so a mean would mean nothing.
fn typical_gift(facts: &[&Facts]) -> Option<String> {
    let mut by_currency: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.pledged) {
        if let (Some(band), Some(currency)) = (&f.visit.amount_band, &f.visit.currency) {
            let rank = band_rank(band, currency).unwrap_or(usize::MAX);
            by_currency
                .entry(currency)
                .or_default()
                .push((rank, band.as_str()));
        }
    }
    let parts: Vec<String> = by_currency
        .into_iter()
        .filter(|(_, bands)| bands.len() as u64 >= SMALLEST_GROUP)
        .map(|(currency, mut bands)| {
            bands.sort();
            format!("{} {currency}", bands[(bands.len() - 1) / 2].1)
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn comfort(facts: &[Facts]) -> Vec<Tally> {
    let mut users: BTreeMap<&str, u64> = BTreeMap::new();
    for f in facts {
        let settings: BTreeSet<&str> = f
            .visit
            .events
            .iter()
            .filter(|e| e.kind == kind::COMFORT)
            .filter_map(|e| e.detail.as_deref())
            .collect();
        for setting in settings {
            *users.entry(setting).or_default() += 1;
        }
    }
    users
        .into_iter()
        .map(|(setting, n)| Tally {
            label: setting.to_owned(),
            visits: Count::of(n),
        })
        .collect()
}

fn headset_removals(facts: &[Facts]) -> Vec<Removals> {
    let mut per_act: BTreeMap<Option<u8>, (u64, u64)> = BTreeMap::new();
    for f in facts {
        let mut acts = BTreeMap::new();
        for e in f
            .visit
            .events
            .iter()
            .filter(|e| e.kind == kind::HEADSET_REMOVED)
        {
            *acts.entry(e.act).or_insert(0u64) += 1;
        }
        for (act, n) in acts {
            let entry = per_act.entry(act).or_default();
            entry.0 += 1;
            entry.1 += n;
        }
    }
    per_act
        .into_iter()
        .map(|(act, (visits, removals))| {
            let visits = Count::of(visits);
            Removals {
                act,
                visits,
                removals: if visits == Count::Few {
                    Count::Few
                } else {
                    Count::of(removals)
                },
            }
        })
        .collect()
}

fn gifts_per_hour(facts: &[Facts], offset_ms: i64) -> Vec<Hour> {
    const HOUR: i64 = 3_600_000;
    let mut hours: BTreeMap<i64, (u64, u64, u64)> = BTreeMap::new();
    for f in facts {
        let local_hour = (f.visit.started_at + offset_ms).div_euclid(HOUR);
        let entry = hours.entry(local_hour).or_default();
        entry.0 += 1;
        entry.1 += u64::from(f.pledged);
        entry.2 += u64::from(f.paid);
    }
    hours
        .into_iter()
        .map(|(hour, (visits, pledged, paid))| {
            let small = visits < SMALLEST_GROUP;
            let shown = |n| if small { Count::Few } else { Count::of(n) };
            Hour {
                hour: local_hour(hour * HOUR - offset_ms, offset_ms, false),
                start_ms: hour * HOUR - offset_ms,
                visits: Count::of(visits),
                pledged: shown(pledged),
                paid: shown(paid),
            }
        })
        .collect()
}

/// "2026-05-01 10:00" (with the year) or "05-01 10:00": the local hour a time falls in.
fn local_hour(unix_ms: i64, offset_ms: i64, year: bool) -> String {
    let local = (unix_ms + offset_ms).div_euclid(1000);
    let (days, seconds) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if year {
        format!("{y:04}-{m:02}-{d:02} {:02}:00", seconds / 3600)
    } else {
        format!("{m:02}-{d:02} {:02}:00", seconds / 3600)
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_under_five_are_few() {
        assert_eq!(Count::of(0), Count::Exact(0));
        for n in 1..5 {
            assert_eq!(Count::of(n), Count::Few);
            assert_eq!(Count::of(n).to_string(), "<5");
        }
        assert_eq!(Count::of(5), Count::Exact(5));
        assert_eq!(serde_json::to_string(&Count::Few).unwrap(), "\"<5\"");
        assert_eq!(serde_json::to_string(&Count::Exact(7)).unwrap(), "7");
    }

    #[test]
    fn percentages_hide_small_parts_and_wholes() {
        assert_eq!(percent(7, 18), Some(38.9));
        assert_eq!(percent(0, 6), Some(0.0));
        assert_eq!(percent(4, 40), None);
        assert_eq!(percent(4, 4), None);
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&xs, 0.5), 2.5);
        assert_eq!(quantile(&xs, 0.25), 1.75);
        assert_eq!(quantile(&[5.0], 0.75), 5.0);
    }

    #[test]
    fn dates_from_unix_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_574), (2026, 5, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2026-05-01 10:00 UTC is 12:00 in Brussels (UTC+2).
        let ms = 20_574 * 86_400_000 + 10 * 3_600_000;
        assert_eq!(local_hour(ms, 120 * 60_000, true), "2026-05-01 12:00");
        assert_eq!(local_hour(ms, 0, false), "05-01 10:00");
    }
}
