//! The beat graph for authors: beats, what leads from one to the next (options, triggers,
//! conditions) and the endings, as Graphviz DOT or Mermaid.

use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

struct Edge<'s> {
    from: &'s str,
    to: &'s str,
    label: String,
}

fn trigger_label(trigger: &Trigger) -> String {
    match trigger {
        Trigger::LookAt { target, dwell } => format!("look at {target} ({dwell}s)"),
        Trigger::Select { target } => format!("select {target}"),
        Trigger::Reach { spot, .. } => format!("reach {spot}"),
        Trigger::Choose { option } => format!("“{}”", shorten(&option.text, 40)),
        Trigger::Timer { seconds, .. } => format!("after {seconds}s"),
        Trigger::Continue => "continue".into(),
    }
}

/// A condition in a few words: `flag consent`, `not flag x`, `calm ≥ 2`.
pub fn condition_label(condition: &Condition) -> String {
    match condition {
        Condition::Flag(f) => format!("{f}"),
        Condition::NotFlag(f) => format!("not {f}"),
        Condition::Counter(name, Comparison::AtLeast(n)) => format!("{name} ≥ {n}"),
        Condition::Counter(name, Comparison::AtMost(n)) => format!("{name} ≤ {n}"),
        Condition::Counter(name, Comparison::Exactly(n)) => format!("{name} = {n}"),
        Condition::HasEvidence(e) => format!("has {e}"),
        Condition::At(spot) => format!("at {spot}"),
        Condition::All(list) => list
            .iter()
            .map(condition_label)
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Any(list) => format!(
            "({})",
            list.iter()
                .map(condition_label)
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Condition::Not(inner) => format!("not ({})", condition_label(inner)),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn edges(scenario: &Scenario) -> Vec<Edge<'_>> {
    let mut out = Vec::new();
    for beat in &scenario.beats {
        for outcome in &beat.outcomes {
            let Some(goto) = &outcome.goto else { continue };
            let mut label = trigger_label(&outcome.on);
            if let Some(when) = &outcome.when {
                label = format!("{label} [if {}]", condition_label(when));
            }
            out.push(Edge {
                from: beat.id.as_str(),
                to: goto.as_str(),
                label,
            });
        }
    }
    out
}

fn node_label(beat: &Beat) -> String {
    let mut label = beat.id.to_string();
    if let Some(caption) = &beat.caption {
        label.push('\n');
        label.push_str(&shorten(&caption.text, 32));
    }
    match &beat.ending {
        Some(Ending::Donate(_)) => label.push_str("\n(donation prompt)"),
        Some(Ending::End) => label.push_str("\n(end)"),
        None => {}
    }
    label
}

/// The graph in the requested format; deterministic, so it diffs well in review.
pub fn render_graph(scenario: &Scenario, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(scenario),
        GraphFormat::Mermaid => mermaid(scenario),
    }
}

fn dot_quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

fn dot(scenario: &Scenario) -> String {
    let mut out = format!(
        "digraph {} {{\n  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Noto Sans\"];\n  edge [fontname=\"Noto Sans\", fontsize=10];\n",
        dot_quote(&scenario.id)
    );
    for beat in &scenario.beats {
        let style = match (&beat.ending, beat.id == scenario.start) {
            (Some(Ending::Donate(_)), _) => {
                ", shape=doubleoctagon, style=\"filled\", fillcolor=\"#f6e7b0\""
            }
            (Some(Ending::End), _) => ", shape=octagon",
            (None, true) => ", style=\"rounded,bold\"",
            (None, false) => "",
        };
        out.push_str(&format!(
            "  {} [label={}{style}];\n",
            dot_quote(beat.id.as_str()),
            dot_quote(&node_label(beat))
        ));
    }
    for edge in edges(scenario) {
        out.push_str(&format!(
            "  {} -> {} [label={}];\n",
            dot_quote(edge.from),
            dot_quote(edge.to),
            dot_quote(&edge.label)
        ));
    }
    out.push_str("}\n");
    out
}

/// Mermaid node ids allow only a few characters; beat ids may hold dots.
fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('\n', "<br/>")
}

fn mermaid(scenario: &Scenario) -> String {
    let mut out = String::from("flowchart TD\n");
    for beat in &scenario.beats {
        let id = mermaid_id(beat.id.as_str());
        let label = mermaid_text(&node_label(beat));
        let node = match &beat.ending {
            Some(Ending::Donate(_)) => format!("{id}{{{{\"{label}\"}}}}"),
            Some(Ending::End) => format!("{id}([\"{label}\"])"),
            None => format!("{id}[\"{label}\"]"),
        };
        out.push_str(&format!("  {node}\n"));
    }
    for edge in edges(scenario) {
        out.push_str(&format!(
            "  {} -->|\"{}\"| {}\n",
            mermaid_id(edge.from),
            mermaid_text(&edge.label),
            mermaid_id(edge.to)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r##"Scenario(
    id: "g", title: (id: "t", text: "T"), default_locale: "en", start: "a",
    content_note: (id: "n", text: "Note"),
    environments: [Environment(id: "e", arrival: "s", sky: "#000000", spots: [Spot(id: "s", position: (0, 0, 0))])],
    beats: [
        Beat(id: "a", caption: (id: "c", text: "Morning"), outcomes: [
            (on: Choose(option: (id: "o1", text: "Say \"yes\"")), effects: [SetFlag("f")], goto: "b"),
            (on: Choose(option: (id: "o2", text: "No")), goto: "end"),
        ]),
        Beat(id: "b", outcomes: [(on: Continue, when: Flag("f"), goto: "ask")]),
        Beat(id: "ask", ending: Donate(headline: (id: "h", text: "H"), body: (id: "bd", text: "B"), currency: "EUR", amounts: [5], decline: (id: "d", text: "D"), thanks: (id: "th", text: "Th"))),
        Beat(id: "end", ending: End),
    ],
)"##;

    fn scenario() -> Scenario {
        crate::load::parse_scenario(&crate::SourceFile::new("g.ron", SCENARIO)).unwrap()
    }

    #[test]
    fn dot_has_every_beat_option_condition_and_ending() {
        let dot = render_graph(&scenario(), GraphFormat::Dot);
        assert!(dot.starts_with("digraph \"g\" {"), "{dot}");
        assert!(
            dot.contains(r#""a" [label="a\nMorning", style="rounded,bold"];"#),
            "{dot}"
        );
        assert!(
            dot.contains(r#""a" -> "b" [label="“Say \"yes\"”"];"#),
            "{dot}"
        );
        assert!(
            dot.contains(r#""b" -> "ask" [label="continue [if f]"];"#),
            "{dot}"
        );
        assert!(
            dot.contains(r#""ask" [label="ask\n(donation prompt)", shape=doubleoctagon"#),
            "{dot}"
        );
        assert!(
            dot.contains(r#""end" [label="end\n(end)", shape=octagon];"#),
            "{dot}"
        );
    }

    #[test]
    fn mermaid_escapes_ids_and_quotes() {
        let mermaid = render_graph(&scenario(), GraphFormat::Mermaid);
        assert!(mermaid.starts_with("flowchart TD\n"));
        assert!(
            mermaid.contains("  a -->|\"“Say #quot;yes#quot;”\"| b\n"),
            "{mermaid}"
        );
        assert!(
            mermaid.contains("  ask{{\"ask<br/>(donation prompt)\"}}\n"),
            "{mermaid}"
        );
        assert!(
            mermaid.contains("  end([\"end<br/>(end)\"])\n"),
            "{mermaid}"
        );
    }
}
