//! What the interface says, in the visitor's language: the app's own words (`ui.` ids) and
//! the scenario's texts with their variables filled in, money written the locale's way.

use crate::scenario::ActiveScenario;
use bevy::prelude::*;
use std::collections::HashMap;
use temoin_scenario::locale::format_money;
use temoin_scenario::message::{Message, Plurals, Value, Variables};
use temoin_scenario::{Locale, Money};

/// The current language's words; rebuilt when the language or the pack changes.
#[derive(Resource)]
pub struct Words {
    pub locale: Locale,
    plurals: Plurals,
    interface: HashMap<String, String>,
    /// The chapter's name, for `{chapter}`.
    chapter: String,
    /// How many items the notebook holds, for `{evidence}`.
    pub evidence: i64,
    /// Which loaded pack these words came from: a reload of a locale table rebuilds them.
    pack: usize,
}

impl Default for Words {
    fn default() -> Self {
        let locale = Locale::new("en");
        Words {
            plurals: Plurals::new(&locale),
            locale,
            interface: HashMap::new(),
            chapter: String::new(),
            evidence: 0,
            pack: 0,
        }
    }
}

impl Words {
    fn variables(&self, extra: &[(&str, Value)]) -> Variables {
        let mut vars = Variables::new();
        vars.insert("evidence".into(), Value::Count(self.evidence));
        vars.insert("chapter".into(), Value::Text(self.chapter.clone()));
        for (name, value) in extra {
            vars.insert((*name).to_owned(), value.clone());
        }
        vars
    }

    /// A text with its variables filled in. Text that does not parse (the validator refuses
    /// it, so only mid-edit) is shown as written.
    pub fn fill(&self, text: &str, extra: &[(&str, Value)]) -> String {
        if !text.contains('{') && !text.contains('}') {
            return text.to_owned();
        }
        match Message::parse(text) {
            Ok(message) => message.format(&self.plurals, &self.variables(extra)),
            Err(_) => text.to_owned(),
        }
    }

    /// One of the interface's own words.
    pub fn say(&self, id: &str) -> String {
        self.say_with(id, &[])
    }

    pub fn say_with(&self, id: &str, extra: &[(&str, Value)]) -> String {
        let text = self
            .interface
            .get(id)
            .map(String::as_str)
            .unwrap_or_else(|| temoin_scenario::interface::english(id));
        self.fill(text, extra)
    }

    /// Who says `line`, as the visitor reads it: the character's name in their language
    /// (the scenario's own wording when the speaker is no character), "(radio)" over the radio.
    pub fn speaker(
        &self,
        runner: &temoin_scenario::Runner,
        line: &temoin_scenario::Line,
    ) -> Option<String> {
        let id = line.speaker.as_deref()?;
        let name = runner
            .scenario()
            .character(runner.index(), id, Some(runner.state().environment))
            .map_or_else(|| id.to_owned(), |c| c.name.text.clone());
        Some(if line.radio {
            self.say_with("ui.radio", &[("name", Value::Text(name))])
        } else {
            name
        })
    }

    /// `{amount}` for `say_with`.
    pub fn amount(&self, money: Money) -> (&'static str, Value) {
        ("amount", Value::Text(self.money(money)))
    }

    pub fn money(&self, money: Money) -> String {
        format_money(money, &self.locale)
    }

    /// A gift as the visitor reads it: `€5`, or `€5 a month`.
    pub fn gift(&self, money: Money, monthly: bool) -> String {
        if monthly {
            self.say_with("ui.per_month", &[self.amount(money)])
        } else {
            self.money(money)
        }
    }
}

/// A text entity that shows one of the interface's words, kept in the current language.
#[derive(Component, Debug, Clone, Copy)]
pub struct Say(pub &'static str);

pub fn plugin(app: &mut App) {
    app.init_resource::<Words>().add_systems(
        Update,
        (
            update_words.in_set(crate::AppSystems::ApplyEffects),
            retranslate.in_set(crate::AppSystems::Present),
        ),
    );
}

fn retranslate(words: Res<Words>, mut texts: Query<(Ref<Say>, &mut Text)>) {
    for (say, mut text) in &mut texts {
        if words.is_changed() || say.is_added() {
            let said = words.say(say.0);
            if text.0 != said {
                text.0 = said;
            }
        }
    }
}

fn update_words(active: Res<ActiveScenario>, mut words: ResMut<Words>) {
    if !active.is_changed() {
        return;
    }
    let (Some(pack), Some(locale)) = (&active.pack, &active.locale) else {
        return;
    };
    let evidence = active
        .runner
        .as_ref()
        .map_or(0, |r| r.state().notebook.len() as i64);
    let pack_id = std::sync::Arc::as_ptr(pack) as usize;
    if words.locale != *locale || words.pack != pack_id {
        *words = Words {
            locale: locale.clone(),
            plurals: Plurals::new(locale),
            interface: pack.interface(locale),
            chapter: pack.chapter.name.clone(),
            evidence,
            pack: pack_id,
        };
    } else if words.evidence != evidence {
        words.evidence = evidence;
    }
}
