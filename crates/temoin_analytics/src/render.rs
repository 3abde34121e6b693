//! The report as text: a terminal table that fits 100 columns and reads without the charts,
//! a long-format CSV (section, item, act, measure, value) for spreadsheets, and JSON. Small
//! groups are already `Count::Few` in the report, so every format shows "<5" the same way.

use crate::report::{Count, GroupRow, Report, Timing};
use std::fmt::Write;

/// The widest line `render_table` writes.
pub const TABLE_WIDTH: usize = 100;

/// Cuts text to `width` characters, with "…" when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".into(), |p| format!("{p:.1}%"))
}

fn secs(s: Option<f64>) -> String {
    s.map_or_else(|| "-".into(), |s| format!("{s:.1}"))
}

fn act(a: Option<u8>) -> String {
    a.map_or_else(|| "-".into(), |a| a.to_string())
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

/// Timings; the act column only where rows are beats (an act's row is its own act).
fn timing_rows(out: &mut String, first: &str, rows: &[Timing], with_act: bool) {
    let act_column = |a: &str| {
        if with_act {
            format!(" {a:>3}")
        } else {
            String::new()
        }
    };
    let _ = writeln!(
        out,
        "  {:<40}{} {:>7} {:>8} {:>8} {:>8}",
        first,
        act_column("act"),
        "visits",
        "median",
        "q1",
        "q3"
    );
    for t in rows {
        let _ = writeln!(
            out,
            "  {:<40}{} {:>7} {:>8} {:>8} {:>8}",
            fit(&t.label, 40),
            act_column(&act(t.act)),
            t.visits,
            secs(t.median_s),
            secs(t.q1_s),
            secs(t.q3_s)
        );
    }
}

fn group_rows(out: &mut String, first: &str, rows: &[GroupRow]) {
    let _ = writeln!(
        out,
        "  {:<18} {:>6} {:>6} {:>7} {:>5} {:>9} {:>7}  typical gift",
        first, "visits", "prompt", "pledged", "paid", "pledged %", "paid %"
    );
    for g in rows {
        let _ = writeln!(
            out,
            "  {:<18} {:>6} {:>6} {:>7} {:>5} {:>9} {:>7}  {}",
            fit(&g.group, 18),
            g.visits,
            g.prompt,
            g.pledged,
            g.paid,
            pct(g.pledged_percent),
            pct(g.paid_percent),
            fit(g.typical_gift.as_deref().unwrap_or("-"), 29)
        );
    }
}

/// The report for a terminal: sections one after the other, every line at most
/// `TABLE_WIDTH` characters.
pub fn render_table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Témoin visits: {} visits, {} stations, {} databases",
        report.visits, report.stations, report.databases
    );
    let offset = report.filter.utc_offset_minutes;
    let _ = writeln!(
        out,
        "Period: {} (local time, UTC{}{:02}:{:02}); chapter: {}",
        report
            .period
            .as_ref()
            .map_or_else(|| "-".into(), |(a, b)| format!("{a} to {b}")),
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 60,
        offset.abs() % 60,
        fit(report.filter.chapter.as_deref().unwrap_or("all"), 24)
    );
    let _ = writeln!(
        out,
        "Groups of fewer than 5 visits show \"<5\" and no rate, time or gift band (\"-\")."
    );

    heading(&mut out, "FUNNEL");
    let _ = writeln!(out, "  {:<40} {:>7} {:>8}", "stage", "visits", "of all");
    for stage in &report.funnel {
        let _ = writeln!(
            out,
            "  {:<40} {:>7} {:>8}",
            stage.stage,
            stage.visits,
            pct(stage.percent)
        );
    }

    heading(&mut out, "OUTCOMES");
    for tally in &report.outcomes {
        let _ = writeln!(out, "  {:<40} {:>7}", fit(&tally.label, 40), tally.visits);
    }
    if !report.payments.is_empty() {
        heading(
            &mut out,
            "PAYMENTS (visits with a checkout, by its last status)",
        );
        for tally in &report.payments {
            let _ = writeln!(out, "  {:<40} {:>7}", fit(&tally.label, 40), tally.visits);
        }
    }

    heading(
        &mut out,
        "DROP-OFF (the last beat of visits that ended before the prompt)",
    );
    let _ = writeln!(
        out,
        "  {:<40} {:>3} {:>7} {:>7} {:>8}",
        "beat", "act", "entered", "left", "left %"
    );
    for d in &report.dropoff {
        let _ = writeln!(
            out,
            "  {:<40} {:>3} {:>7} {:>7} {:>8}",
            fit(&d.beat, 40),
            act(d.act),
            d.entered,
            d.left,
            pct(d.percent)
        );
    }

    heading(
        &mut out,
        "TIME PER BEAT (seconds, each visit's total; median and quartiles)",
    );
    timing_rows(&mut out, "beat", &report.time_per_beat, true);
    heading(&mut out, "TIME PER ACT (seconds)");
    timing_rows(&mut out, "act", &report.time_per_act, false);
    heading(
        &mut out,
        "TIME PER VISIT (seconds, visits that ended normally)",
    );
    timing_rows(
        &mut out,
        "visit",
        std::slice::from_ref(&report.time_per_visit),
        false,
    );

    heading(&mut out, "CONVERSION BY CHAPTER");
    group_rows(&mut out, "chapter", &report.by_chapter);
    heading(
        &mut out,
        "CONVERSION BY LOCALE (the one the visit ended in)",
    );
    group_rows(&mut out, "locale", &report.by_locale);
    heading(&mut out, "CONVERSION BY INPUT MODE");
    group_rows(&mut out, "input mode", &report.by_input_mode);

    heading(&mut out, "COMFORT SETTINGS (visits that changed each)");
    if report.comfort.is_empty() {
        let _ = writeln!(out, "  none changed");
    }
    for tally in &report.comfort {
        let _ = writeln!(out, "  {:<40} {:>7}", fit(&tally.label, 40), tally.visits);
    }

    heading(&mut out, "HEADSET REMOVALS");
    if report.headset_removals.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let _ = writeln!(out, "  {:<40} {:>7} {:>8}", "act", "visits", "removals");
    }
    for r in &report.headset_removals {
        let label = r
            .act
            .map_or_else(|| "before the first beat".into(), |a| format!("act {a}"));
        let _ = writeln!(out, "  {:<40} {:>7} {:>8}", label, r.visits, r.removals);
    }

    heading(&mut out, "GIFTS PER HOUR (visits by the hour they started)");
    let _ = writeln!(
        out,
        "  {:<40} {:>7} {:>8} {:>7}",
        "hour", "visits", "pledged", "paid"
    );
    for h in &report.gifts_per_hour {
        let _ = writeln!(
            out,
            "  {:<40} {:>7} {:>8} {:>7}",
            h.hour, h.visits, h.pledged, h.paid
        );
    }
    out
}

/// The report as long-format CSV: `section,item,act,measure,value`, one figure per row; a
/// hidden figure has an empty value, a small count "<5".
pub fn render_csv(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["section", "item", "act", "measure", "value"]);
    let mut row = |section: &str, item: &str, act: Option<u8>, measure: &str, value: String| {
        let act = act.map(|a| a.to_string()).unwrap_or_default();
        // Writing to memory cannot fail.
        let _ = writer.write_record([section, item, &act, measure, &value]);
    };
    let count = |c: &Count| c.to_string();
    let num = |x: Option<f64>| x.map(|x| format!("{x:.1}")).unwrap_or_default();
    row("report", "all", None, "visits", count(&report.visits));
    row(
        "report",
        "all",
        None,
        "stations",
        report.stations.to_string(),
    );
    row(
        "report",
        "all",
        None,
        "databases",
        report.databases.to_string(),
    );
    if let Some((from, to)) = &report.period {
        row("report", "all", None, "from", from.clone());
        row("report", "all", None, "to", to.clone());
    }
    for s in &report.funnel {
        row("funnel", &s.stage, None, "visits", count(&s.visits));
        row("funnel", &s.stage, None, "percent", num(s.percent));
    }
    for t in &report.outcomes {
        row("outcomes", &t.label, None, "visits", count(&t.visits));
    }
    for t in &report.payments {
        row("payments", &t.label, None, "visits", count(&t.visits));
    }
    for d in &report.dropoff {
        row("dropoff", &d.beat, d.act, "entered", count(&d.entered));
        row("dropoff", &d.beat, d.act, "left", count(&d.left));
        row("dropoff", &d.beat, d.act, "percent", num(d.percent));
    }
    let timings = report
        .time_per_beat
        .iter()
        .map(|t| ("time_per_beat", t))
        .chain(report.time_per_act.iter().map(|t| ("time_per_act", t)))
        .chain(std::iter::once(("time_per_visit", &report.time_per_visit)));
    for (section, t) in timings {
        row(section, &t.label, t.act, "visits", count(&t.visits));
        row(section, &t.label, t.act, "median_s", num(t.median_s));
        row(section, &t.label, t.act, "q1_s", num(t.q1_s));
        row(section, &t.label, t.act, "q3_s", num(t.q3_s));
    }
    let groups = [
        ("by_chapter", &report.by_chapter),
        ("by_locale", &report.by_locale),
        ("by_input_mode", &report.by_input_mode),
    ];
    for (section, rows) in groups {
        for g in rows {
            row(section, &g.group, None, "visits", count(&g.visits));
            row(section, &g.group, None, "prompt", count(&g.prompt));
            row(section, &g.group, None, "pledged", count(&g.pledged));
            row(section, &g.group, None, "paid", count(&g.paid));
            row(
                section,
                &g.group,
                None,
                "pledged_percent",
                num(g.pledged_percent),
            );
            row(section, &g.group, None, "paid_percent", num(g.paid_percent));
            row(
                section,
                &g.group,
                None,
                "typical_gift",
                g.typical_gift.clone().unwrap_or_default(),
            );
        }
    }
    for t in &report.comfort {
        row("comfort", &t.label, None, "visits", count(&t.visits));
    }
    for r in &report.headset_removals {
        let item = if r.act.is_some() {
            "act"
        } else {
            "before the first beat"
        };
        row("headset_removals", item, r.act, "visits", count(&r.visits));
        row(
            "headset_removals",
            item,
            r.act,
            "removals",
            count(&r.removals),
        );
    }
    for h in &report.gifts_per_hour {
        row("gifts_per_hour", &h.hour, None, "visits", count(&h.visits));
        row(
            "gifts_per_hour",
            &h.hour,
            None,
            "pledged",
            count(&h.pledged),
        );
        row("gifts_per_hour", &h.hour, None, "paid", count(&h.paid));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The report as pretty JSON (counts are numbers, or the string "<5").
pub fn render_json(report: &Report) -> String {
    // A report holds only strings, numbers and options: serialising it cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
}
