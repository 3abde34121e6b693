//! Which controller input means what, for the five interaction profiles the booth supports.
//! Every action is bound on both hands, so a visitor who holds one controller (or has one
//! hand) can do everything: point with the laser, select with the trigger, pause with the
//! menu button, snap-turn and aim a teleport with the thumbstick (or the trackpad). Plain
//! data, checked against the OpenXR specification's component paths in the tests, so a typo
//! fails here rather than silently in a visitor's hand.

/// What the visitor can do with a controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ControllerAction {
    /// The pose a laser leaves from (`…/input/aim/pose`).
    Aim,
    /// Trigger (or the simple controller's select button): select what the laser points at.
    Select,
    /// Pause menu.
    Menu,
    /// Thumbstick or trackpad: left/right snap-turns, forward aims the teleport arc.
    Stick,
}

impl ControllerAction {
    pub const ALL: [ControllerAction; 4] = [
        ControllerAction::Aim,
        ControllerAction::Select,
        ControllerAction::Menu,
        ControllerAction::Stick,
    ];

    /// The OpenXR action name (lowercase, no spaces, as the specification asks).
    pub fn name(self) -> &'static str {
        match self {
            ControllerAction::Aim => "aim",
            ControllerAction::Select => "select",
            ControllerAction::Menu => "menu",
            ControllerAction::Stick => "stick",
        }
    }

    /// Shown by runtimes that let the user rebind (SteamVR).
    pub fn localized_name(self) -> &'static str {
        match self {
            ControllerAction::Aim => "Point",
            ControllerAction::Select => "Select",
            ControllerAction::Menu => "Pause",
            ControllerAction::Stick => "Turn and teleport",
        }
    }
}

pub const HANDS: [&str; 2] = ["/user/hand/left", "/user/hand/right"];

/// One interaction profile's suggested bindings: per action, the component path on each hand
/// (`input/…`, appended to the hand's path).
#[derive(Debug)]
pub struct ProfileBindings {
    pub profile: &'static str,
    /// `(action, left hand component, right hand component)`; `None` where that hand has
    /// no such input.
    pub bindings: &'static [(ControllerAction, Option<&'static str>, Option<&'static str>)],
}

impl ProfileBindings {
    /// Full paths, `(action, "/user/hand/…/input/…")`.
    pub fn paths(&self) -> Vec<(ControllerAction, String)> {
        let mut out = Vec::new();
        for (action, left, right) in self.bindings {
            for (hand, component) in HANDS.iter().zip([left, right]) {
                if let Some(component) = component {
                    out.push((*action, format!("{hand}/{component}")));
                }
            }
        }
        out
    }
}

use ControllerAction::{Aim, Menu, Select, Stick};

pub const PROFILES: [ProfileBindings; 5] = [
    ProfileBindings {
        // Every runtime offers it; no thumbstick: teleport by selecting a floor marker, turn
        // by turning.
        profile: "/interaction_profiles/khr/simple_controller",
        bindings: &[
            (Aim, Some("input/aim/pose"), Some("input/aim/pose")),
            (
                Select,
                Some("input/select/click"),
                Some("input/select/click"),
            ),
            (Menu, Some("input/menu/click"), Some("input/menu/click")),
        ],
    },
    ProfileBindings {
        // Quest over Link / Air Link, Rift. The right controller's menu button is the
        // system's, so B pauses on the right.
        profile: "/interaction_profiles/oculus/touch_controller",
        bindings: &[
            (Aim, Some("input/aim/pose"), Some("input/aim/pose")),
            (
                Select,
                Some("input/trigger/value"),
                Some("input/trigger/value"),
            ),
            (Menu, Some("input/menu/click"), Some("input/b/click")),
            (Stick, Some("input/thumbstick"), Some("input/thumbstick")),
        ],
    },
    ProfileBindings {
        // No menu button (system is reserved): B pauses.
        profile: "/interaction_profiles/valve/index_controller",
        bindings: &[
            (Aim, Some("input/aim/pose"), Some("input/aim/pose")),
            (
                Select,
                Some("input/trigger/click"),
                Some("input/trigger/click"),
            ),
            (Menu, Some("input/b/click"), Some("input/b/click")),
            (Stick, Some("input/thumbstick"), Some("input/thumbstick")),
        ],
    },
    ProfileBindings {
        // The trackpad stands in for a thumbstick.
        profile: "/interaction_profiles/htc/vive_controller",
        bindings: &[
            (Aim, Some("input/aim/pose"), Some("input/aim/pose")),
            (
                Select,
                Some("input/trigger/click"),
                Some("input/trigger/click"),
            ),
            (Menu, Some("input/menu/click"), Some("input/menu/click")),
            (Stick, Some("input/trackpad"), Some("input/trackpad")),
        ],
    },
    ProfileBindings {
        profile: "/interaction_profiles/microsoft/motion_controller",
        bindings: &[
            (Aim, Some("input/aim/pose"), Some("input/aim/pose")),
            (
                Select,
                Some("input/trigger/value"),
                Some("input/trigger/value"),
            ),
            (Menu, Some("input/menu/click"), Some("input/menu/click")),
            (Stick, Some("input/thumbstick"), Some("input/thumbstick")),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The input components each profile has, per hand, from the OpenXR 1.0 specification
    /// (section 6.4, "Interaction Profile Paths"); `system/click` is left out because
    /// runtimes may reserve it.
    fn spec_components(profile: &str, hand: &str) -> Vec<&'static str> {
        let left = hand.ends_with("left");
        let mut c: Vec<&'static str> = match profile {
            "/interaction_profiles/khr/simple_controller" => {
                vec!["input/select/click", "input/menu/click"]
            }
            "/interaction_profiles/oculus/touch_controller" => {
                let mut v = vec![
                    "input/squeeze/value",
                    "input/trigger/value",
                    "input/trigger/touch",
                    "input/thumbstick",
                    "input/thumbstick/x",
                    "input/thumbstick/y",
                    "input/thumbstick/click",
                    "input/thumbstick/touch",
                    "input/thumbrest/touch",
                ];
                if left {
                    v.extend(["input/x/click", "input/x/touch", "input/y/click"]);
                    v.extend(["input/y/touch", "input/menu/click"]);
                } else {
                    v.extend(["input/a/click", "input/a/touch", "input/b/click"]);
                    v.push("input/b/touch");
                }
                v
            }
            "/interaction_profiles/valve/index_controller" => vec![
                "input/a/click",
                "input/a/touch",
                "input/b/click",
                "input/b/touch",
                "input/squeeze/value",
                "input/squeeze/force",
                "input/trigger/click",
                "input/trigger/value",
                "input/trigger/touch",
                "input/thumbstick",
                "input/thumbstick/click",
                "input/thumbstick/touch",
                "input/trackpad",
                "input/trackpad/force",
                "input/trackpad/touch",
            ],
            "/interaction_profiles/htc/vive_controller" => vec![
                "input/squeeze/click",
                "input/menu/click",
                "input/trigger/click",
                "input/trigger/value",
                "input/trackpad",
                "input/trackpad/click",
                "input/trackpad/touch",
            ],
            "/interaction_profiles/microsoft/motion_controller" => vec![
                "input/menu/click",
                "input/squeeze/click",
                "input/trigger/value",
                "input/thumbstick",
                "input/thumbstick/click",
                "input/trackpad",
                "input/trackpad/click",
                "input/trackpad/touch",
            ],
            other => panic!("no specification table for {other}"),
        };
        c.extend(["input/grip/pose", "input/aim/pose"]);
        c
    }

    /// A binding must have the action's type: a pose for aiming, a button (click) or an
    /// analogue value the runtime thresholds for booleans, a 2-D parent for the stick.
    fn fits(action: ControllerAction, component: &str) -> bool {
        match action {
            Aim => component.ends_with("/pose"),
            Select | Menu => component.ends_with("/click") || component.ends_with("/value"),
            Stick => component.ends_with("/thumbstick") || component.ends_with("/trackpad"),
        }
    }

    #[test]
    fn the_five_profiles_the_issue_names_are_bound() {
        let profiles: BTreeSet<_> = PROFILES.iter().map(|p| p.profile).collect();
        for wanted in [
            "khr/simple_controller",
            "oculus/touch_controller",
            "valve/index_controller",
            "htc/vive_controller",
            "microsoft/motion_controller",
        ] {
            assert!(
                profiles.contains(format!("/interaction_profiles/{wanted}").as_str()),
                "{wanted} missing"
            );
        }
    }

    #[test]
    fn every_binding_exists_in_its_profile_and_has_the_actions_type() {
        for profile in &PROFILES {
            for (action, path) in profile.paths() {
                let (hand, component) = path.split_at(path.find("/input").unwrap());
                let component = &component[1..];
                assert!(
                    spec_components(profile.profile, hand).contains(&component),
                    "{} has no {path}",
                    profile.profile
                );
                assert!(fits(action, component), "{action:?} cannot bind {path}");
            }
        }
    }

    #[test]
    fn everything_works_with_either_hand_alone() {
        for profile in &PROFILES {
            for hand in HANDS {
                let on_hand: BTreeSet<_> = profile
                    .paths()
                    .into_iter()
                    .filter(|(_, p)| p.starts_with(hand))
                    .map(|(a, _)| a)
                    .collect();
                for needed in [Aim, Select, Menu] {
                    assert!(
                        on_hand.contains(&needed),
                        "{} {hand}: no {needed:?}",
                        profile.profile
                    );
                }
                // Turning and teleporting need a stick, except on the simple controller,
                // which teleports by selecting a floor marker.
                let has_stick = !profile.profile.ends_with("simple_controller");
                assert_eq!(on_hand.contains(&Stick), has_stick, "{}", profile.profile);
            }
        }
    }

    #[test]
    fn action_names_are_valid_openxr_names() {
        for action in ControllerAction::ALL {
            let name = action.name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c)),
                "{name}"
            );
        }
    }
}
