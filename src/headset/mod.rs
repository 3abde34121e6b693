//! Headset or desktop: the decision at start-up, and (feature `xr`) everything the visitor
//! does and sees in a headset, added by [`HeadsetPlugin`]. Before the app is built, `probe`
//! asks OpenXR for a loader, a runtime and a headset, so that falling back to the desktop
//! preview says exactly why in one line.

pub mod bindings;
#[cfg(feature = "xr")]
pub mod controllers;
#[cfg(feature = "xr")]
pub mod interface;
#[cfg(feature = "xr")]
pub mod loader;
#[cfg(feature = "xr")]
pub mod panel;
pub mod placement;
#[cfg(feature = "xr")]
pub mod pointer;
#[cfg(feature = "xr")]
mod probe;
#[cfg(feature = "xr")]
mod rig;
#[cfg(feature = "xr")]
pub mod tracking;
#[cfg(feature = "xr")]
mod visuals;
pub mod watchdog;

/// The visitor in a headset (an OpenXR session): the rig that follows the story and watches the
/// session, the controllers, the pointers, the two panels and what the visitor sees of their
/// controls. `build_app` adds it before Bevy's OpenXR plugins start a session.
#[cfg(feature = "xr")]
pub struct HeadsetPlugin {
    /// Seated visitors: the view is raised to standing height at the first recentre.
    pub seated: bool,
    /// Seconds the headset may stay off before the booth resets (`--absent-reset`).
    pub absent_reset: f32,
}

#[cfg(feature = "xr")]
impl bevy::prelude::Plugin for HeadsetPlugin {
    fn build(&self, app: &mut bevy::prelude::App) {
        app.insert_resource(tracking::TrackingCorrection::at_session_start(self.seated))
            .insert_resource(crate::ui::HeadsetInUse)
            // Someone may take the headset off: watch for it (a desktop has no one to lose).
            .insert_resource(crate::presence::PresenceWatch {
                enabled: true,
                detector: crate::presence::PresenceDetector::new(self.absent_reset),
            })
            .add_plugins((
                panel::plugin,
                interface::plugin,
                controllers::plugin,
                pointer::plugin,
                visuals::plugin,
                rig::plugin,
            ));
    }
}

/// The headset's pointing (gaze, lasers, sticks, menu button) without an OpenXR session:
/// `HeadsetPlugin` adds the same systems in a real session; headless tests drive them by
/// writing `HandInputs` and moving the head.
#[cfg(feature = "xr")]
pub fn input_plugin(app: &mut bevy::prelude::App) {
    app.init_resource::<controllers::HandInputs>()
        .init_resource::<tracking::TrackingCorrection>()
        .add_plugins(pointer::plugin);
}

/// What the command line asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DisplayMode {
    /// A headset when one is ready, else the desktop preview (`temoin`, `temoin run`).
    #[default]
    Auto,
    /// The desktop preview (`--desktop`, `temoin preview`).
    Desktop,
    /// A headset or nothing (`--xr`).
    Headset,
}

/// Why there is no headset session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// This binary was built without the `xr` feature.
    NotBuilt,
    NoLoader(String),
    NoRuntime(String),
    NoHeadset(String),
}

impl Unavailable {
    /// One line for the attendant's terminal.
    pub fn reason(&self) -> String {
        match self {
            Unavailable::NotBuilt => {
                "this build has no headset support (built without the `xr` feature)".into()
            }
            Unavailable::NoLoader(why) => format!(
                "no OpenXR loader ({why}); install your runtime, or Debian's libopenxr-loader1"
            ),
            Unavailable::NoRuntime(why) => format!(
                "no OpenXR runtime is active ({why}); start SteamVR, Monado or WiVRn, or set XR_RUNTIME_JSON"
            ),
            Unavailable::NoHeadset(why) => {
                format!("the OpenXR runtime sees no headset ({why}); connect and wake the headset")
            }
        }
    }
}

/// The probe's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Ready { runtime: String, headset: String },
    Unavailable(Unavailable),
}

/// Asks OpenXR whether a headset session could start now.
pub fn probe() -> Availability {
    #[cfg(feature = "xr")]
    {
        probe::probe()
    }
    #[cfg(not(feature = "xr"))]
    {
        Availability::Unavailable(Unavailable::NotBuilt)
    }
}

/// Whether to start in the headset. `Err` is the one-line error for `--xr` without one; a
/// fallback to the desktop is logged by the caller with `fallback_line`.
pub fn decide(
    mode: DisplayMode,
    availability: impl FnOnce() -> Availability,
) -> Result<bool, String> {
    match mode {
        DisplayMode::Desktop => Ok(false),
        DisplayMode::Auto => Ok(matches!(availability(), Availability::Ready { .. })),
        DisplayMode::Headset => match availability() {
            Availability::Ready { .. } => Ok(true),
            Availability::Unavailable(why) => Err(format!("--xr: {}", why.reason())),
        },
    }
}

/// bevy_mod_openxr opens the loader by its plain name: when only `libopenxr_loader.so.1` is
/// installed, this restarts the process with a link to it on the library path (and does not
/// return). Err when that cannot be done.
pub fn prepare_loader() -> Result<(), String> {
    #[cfg(feature = "xr")]
    if let Ok(found) = loader::load_entry()
        && let Some(versioned) = found.versioned
    {
        drop(found.entry);
        return loader::restart_with_unversioned_loader(&versioned);
    }
    Ok(())
}

/// The line printed when `temoin` falls back to the desktop preview.
pub fn fallback_line(why: &Unavailable) -> String {
    format!("no headset: {}; showing the desktop preview", why.reason())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_never_probes_and_headset_insists() {
        let never = || -> Availability { panic!("--desktop must not probe") };
        assert_eq!(decide(DisplayMode::Desktop, never), Ok(false));
        let none = || {
            Availability::Unavailable(Unavailable::NoRuntime(
                "XR_ERROR_RUNTIME_UNAVAILABLE".into(),
            ))
        };
        assert_eq!(decide(DisplayMode::Auto, none), Ok(false));
        let error = decide(DisplayMode::Headset, none).unwrap_err();
        assert!(
            error.starts_with("--xr: no OpenXR runtime is active"),
            "{error}"
        );
        let ready = || Availability::Ready {
            runtime: "Monado".into(),
            headset: "Simulated HMD".into(),
        };
        assert_eq!(decide(DisplayMode::Auto, ready), Ok(true));
        assert_eq!(decide(DisplayMode::Headset, ready), Ok(true));
    }
}
