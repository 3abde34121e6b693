//! Many booths, one picture: the station's journal and analytics pushed to the NGO's
//! PostgreSQL (`crates/temoin_sync`). Where to push comes from the booth's settings file
//! (`booth.ron` beside the journal, never in the repository) or `TEMOIN_SYNC_URL`, the
//! password from `TEMOIN_SYNC_PASSWORD` or `sync_password` in the secrets file. A
//! running booth pushes on a worker thread at start, on a timer, and after each visitor; the
//! frame only reads the last outcome for one line on the booth screen. No network, no harm:
//! the station keeps everything and the next push catches up.

use crate::booth::OperatorAction;
use crate::ui::{BoothScreen, TextSize, label, theme};
use crate::{AppSystems, paths};
use bevy::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use temoin_sync::{Background, BackgroundOptions, SyncTarget};

/// The booth's settings file, in the station's folder (beside `donations.sqlite`).
pub const SETTINGS_FILE: &str = "booth.ron";
/// Overrides the settings file's URL.
pub const URL_VARIABLE: &str = "TEMOIN_SYNC_URL";
/// The central database's password, kept out of URLs (or `sync_password` in the secrets file).
pub const PASSWORD_VARIABLE: &str = temoin_donations::secrets::SYNC_PASSWORD_VARIABLE;
/// Minutes between pushes when the settings do not say.
const DEFAULT_EVERY_MINUTES: f64 = 5.0;

/// `booth.ron`: `(sync: (url: "postgres://temoin_booth@hq.example.org/temoin?sslmode=require", every_minutes: 5))`
/// (an optional value is written plainly, as in every file people write).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BoothSettings {
    #[serde(default)]
    pub sync: Option<SyncSettings>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    pub url: String,
    #[serde(default = "default_every")]
    pub every_minutes: f64,
}

fn default_every() -> f64 {
    DEFAULT_EVERY_MINUTES
}

/// The station's folder: where the journal, the analytics and `station-id` live.
pub fn station_dir() -> PathBuf {
    let journal = paths::journal_path();
    journal
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Reads `booth.ron` in `dir`; a missing file is no settings, a broken one is one line with
/// the file, line and column.
pub fn read_settings(dir: &Path) -> Result<BoothSettings, String> {
    let path = dir.join(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BoothSettings::default()),
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    };
    // The URL may hold a password: never echo the file's text, only where the problem is.
    temoin_scenario::load::ron_options()
        .from_str::<BoothSettings>(&text)
        .map_err(|e| {
            format!(
                "`{}`:{}:{}: {}; expected (sync: (url: \"postgres://…\", every_minutes: 5))",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                match &e.code {
                    ron::Error::NoSuchStructField { found, .. } =>
                        format!("unknown setting `{found}`"),
                    ron::Error::MissingStructField { field, .. } => format!("missing `{field}`"),
                    _ => "not valid RON".to_string(),
                }
            )
        })
}

/// Where this booth pushes, if anywhere: `url` (the command line), else `TEMOIN_SYNC_URL`,
/// else the settings file; with `TEMOIN_SYNC_PASSWORD` or the secrets file's password. `Ok(None)`: not configured.
pub fn configured_target(
    url: Option<&str>,
    dir: &Path,
) -> Result<Option<(SyncTarget, Duration)>, String> {
    let settings = read_settings(dir)?;
    let every = settings
        .sync
        .as_ref()
        .map_or(DEFAULT_EVERY_MINUTES, |s| s.every_minutes);
    if !(every.is_finite() && every > 0.0) {
        return Err(format!(
            "`{}`: every_minutes must be a positive number of minutes, not {every}",
            dir.join(SETTINGS_FILE).display()
        ));
    }
    let from_env = std::env::var(URL_VARIABLE).ok().filter(|u| !u.is_empty());
    let Some(raw) = url
        .map(str::to_owned)
        .or(from_env)
        .or_else(|| settings.sync.map(|s| s.url))
    else {
        return Ok(None);
    };
    let mut target = SyncTarget::parse(&raw).map_err(|e| e.to_string())?;
    if let Some(password) = temoin_donations::secrets::sync_password()? {
        target = target.with_password(password.expose());
    }
    Ok(Some((target, Duration::from_secs_f64(every * 60.0))))
}

/// The booth's background push, when configured.
#[derive(Resource)]
pub struct BoothSync {
    worker: Background,
    target: String,
}

pub struct SyncPlugin {
    /// The station's folder (where the journal is).
    pub station_dir: PathBuf,
}

impl Plugin for SyncPlugin {
    fn build(&self, app: &mut App) {
        match configured_target(None, &self.station_dir) {
            Ok(Some((target, every))) => {
                let shown = target.to_string();
                let options = BackgroundOptions { every, ..default() };
                match Background::start(target, self.station_dir.clone(), options) {
                    Ok(worker) => {
                        info!("sync: pushing to {shown} every {} s", every.as_secs());
                        app.insert_resource(BoothSync {
                            worker,
                            target: shown,
                        });
                    }
                    Err(e) => error!("sync: {e}"),
                }
            }
            Ok(None) => {}
            // A broken settings file must not stop the booth: the station keeps everything.
            Err(e) => error!("sync: {e}"),
        }
        app.add_systems(Startup, spawn_line).add_systems(
            Update,
            (
                push_after_each_visitor.in_set(AppSystems::RecordInput),
                update_line.in_set(AppSystems::Present),
            ),
        );
    }
}

/// A visitor just left: their visit is closed, so push it now rather than at the next tick.
fn push_after_each_visitor(
    mut actions: MessageReader<OperatorAction>,
    sync: Option<Res<BoothSync>>,
) {
    let reset = actions
        .read()
        .any(|a| matches!(a, OperatorAction::NextVisitor | OperatorAction::EndSession));
    if let (true, Some(sync)) = (reset, sync) {
        sync.worker.sync_now();
    }
}

#[derive(Component)]
struct SyncLine;

fn spawn_line(
    mut commands: Commands,
    sync: Option<Res<BoothSync>>,
    capturing: Option<Res<crate::capture::CapturingStills>>,
) {
    if sync.is_none() || capturing.is_some() {
        return;
    }
    commands.spawn((
        SyncLine,
        BoothScreen,
        label("", TextSize::Small, theme::MUTED),
        // Under the operator's strip, right: the attendant's corner.
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(10.0),
            top: Val::Px(92.0),
            padding: UiRect::axes(Val::Px(10.0), Val::Px(3.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
        GlobalZIndex(50),
    ));
}

/// `sync to HOST: up to date, 3 min ago` or `… waiting: …`, for the attendant. Read twice a
/// second at most.
fn update_line(
    sync: Option<Res<BoothSync>>,
    time: Res<Time<Real>>,
    mut last: Local<f64>,
    mut text: Query<&mut Text, With<SyncLine>>,
) {
    let (Some(sync), Ok(mut text)) = (sync, text.single_mut()) else {
        return;
    };
    let now = time.elapsed_secs_f64();
    if now - *last < 0.5 && !text.0.is_empty() {
        return;
    }
    *last = now;
    let line = status_line(&sync.worker.status(), &sync.target, SystemTime::now());
    if text.0 != line {
        text.0 = line;
    }
}

/// The booth screen's sync line.
pub fn status_line(
    status: &temoin_sync::BackgroundStatus,
    target: &str,
    now: SystemTime,
) -> String {
    let host = target
        .split('@')
        .next_back()
        .and_then(|h| h.split(['/', '?']).next())
        .unwrap_or(target);
    if let Some(error) = &status.last_error {
        let short = if error.is_transient() {
            "no connection, the booth keeps everything".to_string()
        } else {
            error.to_string()
        };
        return format!("sync to {host} waiting: {short}");
    }
    match &status.last_success {
        Some((summary, at)) => {
            let minutes = now.duration_since(*at).unwrap_or_default().as_secs() / 60;
            let ago = if minutes == 0 {
                "just now".to_string()
            } else {
                format!("{minutes} min ago")
            };
            format!(
                "sync to {host} ✓ {ago} ({} rows today)",
                status.rows.max(summary.rows())
            )
        }
        None if status.pushing => format!("sync to {host}: sending…"),
        None => format!("sync to {host}: starting"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_and_mistakes_are_placed_without_echoing_the_url() {
        let dir = std::env::temp_dir().join(format!("temoin-booth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(read_settings(&dir).unwrap(), BoothSettings::default());
        std::fs::write(
            dir.join(SETTINGS_FILE),
            "(sync: (url: \"postgres://booth:hunter2@127.0.0.1/t\", every_minutes: 2))",
        )
        .unwrap();
        let settings = read_settings(&dir).unwrap();
        assert_eq!(settings.sync.as_ref().unwrap().every_minutes, 2.0);
        // The timer's default when it is left out.
        std::fs::write(
            dir.join(SETTINGS_FILE),
            "(sync: (url: \"postgres://booth@127.0.0.1/t\"))",
        )
        .unwrap();
        let settings = read_settings(&dir).unwrap();
        assert_eq!(settings.sync.as_ref().unwrap().every_minutes, 5.0);
        std::fs::write(
            dir.join(SETTINGS_FILE),
            "(sync: (url: \"postgres://booth:hunter2@127.0.0.1/t\", evry_minutes: 2))",
        )
        .unwrap();
        let error = read_settings(&dir).unwrap_err();
        assert!(error.contains("booth.ron`:1:"), "{error}");
        assert!(error.contains("unknown setting `evry_minutes`"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        std::fs::write(
            dir.join(SETTINGS_FILE),
            "(sync: (url: \"postgres://booth:hunter2@127.0.0.1/t\", every_minutes: -1))",
        )
        .unwrap();
        let error = configured_target(None, &dir).unwrap_err();
        assert!(error.contains("positive"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_line_names_the_host_never_the_password() {
        let status = temoin_sync::BackgroundStatus::default();
        let line = status_line(
            &status,
            "postgres://booth:***@hq.example.org:5432/temoin",
            SystemTime::now(),
        );
        assert_eq!(line, "sync to hq.example.org:5432: starting");
    }
}
