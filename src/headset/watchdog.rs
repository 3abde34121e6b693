//! A headset session runs in a child process watched by this one. OpenXR runtimes can vanish
//! mid-session (SteamVR quits, the Quest's link drops, monado-service stops), and
//! bevy_mod_openxr 0.6 panics when the instance is lost while waiting for a frame. At a booth
//! that must not leave a dark screen: the watchdog says what happened in one line and starts
//! the app again without `--xr`, so it comes back in the headset if the runtime returns and in
//! the desktop preview if not, at the start screen for the next visitor. Donations are safe
//! across the restart: the journal is durable and reconciled at start-up.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Set on the watched child, so it runs the app itself.
pub const CHILD: &str = "TEMOIN_WATCHED";
/// Set on the first child only: the watchdog has just found a headset, so the child need not
/// create a second OpenXR instance to ask again. A restart asks again (the runtime may be gone).
pub const HEADSET_FOUND: &str = "TEMOIN_HEADSET_FOUND";

/// More crashes than this within `WINDOW` stop the watchdog: something else is wrong.
const MAX_RESTARTS: usize = 5;
const WINDOW: Duration = Duration::from_secs(120);

/// The arguments for a restart: the same, without `--xr` (the runtime may be gone).
pub fn restart_args(args: &[String]) -> Vec<String> {
    args.iter().filter(|a| *a != "--xr").cloned().collect()
}

/// Runs the app as a child until it ends normally; restarts it after a crash.
pub fn supervise() -> ExitCode {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find this program to watch the headset session");
        return ExitCode::FAILURE;
    };
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut crashes: Vec<Instant> = Vec::new();
    loop {
        let mut child = Command::new(&exe);
        child.args(&args).env(CHILD, "1");
        if crashes.is_empty() {
            child.env(HEADSET_FOUND, "1");
        } else {
            child.env_remove(HEADSET_FOUND);
        }
        let status = match child.status() {
            Ok(status) => status,
            Err(error) => {
                eprintln!("error: cannot start the app: {error}");
                return ExitCode::FAILURE;
            }
        };
        if status.success() {
            return ExitCode::SUCCESS;
        }
        if interrupted(&status) {
            return ExitCode::from(130);
        }
        crashes.retain(|t| t.elapsed() < WINDOW);
        crashes.push(Instant::now());
        if crashes.len() > MAX_RESTARTS {
            eprintln!(
                "temoin: the app stopped {} times in two minutes ({status}); giving up",
                crashes.len()
            );
            return ExitCode::FAILURE;
        }
        eprintln!(
            "temoin: the headset session ended abnormally ({status}), probably because the OpenXR runtime stopped; starting again at the start screen"
        );
        args = restart_args(&args);
    }
}

/// Ctrl-C or a kill from the attendant ends the watchdog too.
fn interrupted(status: &std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(status.signal(), Some(2 | 15)) || status.code() == Some(130)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_no_longer_insists_on_the_headset() {
        let args: Vec<String> = ["--xr", "--chapter", "be-fr", "--locale", "fr-BE"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            restart_args(&args),
            ["--chapter", "be-fr", "--locale", "fr-BE"]
        );
    }
}
