//! Where to sync: the `--to`/`--from` URL, checked once (TLS for anything but this machine),
//! holding its password apart so that no message, `Display` or `Debug` can show it, and the
//! connection settings a booth on a flaky network needs.

use crate::SyncError;
use postgres::Client;
use postgres::config::{Config, SslMode};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A booth with no network must fail fast and retry later, not hang on a connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection that dies mid-batch (cable out, Wi-Fi gone) is noticed within about this long
/// instead of the kernel's default of minutes; the batch then rolls back on the server.
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);
const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
const KEEPALIVE_RETRIES: u32 = 3;
/// The server's side of the same: a booth whose link died mid-batch leaves a backend idle in
/// its transaction, holding the rows it inserted and the station's push lock. Keepalives
/// from the server and a cap on idling in a transaction end that backend within about a
/// minute (rolling the batch back), so the next push is not held up for the kernel's two
/// hours. All are settable by any role, per session.
const SERVER_SESSION: &str = "-c idle_in_transaction_session_timeout=60s \
    -c tcp_keepalives_idle=15 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3";

/// The query options a `--to` URL may carry. Anything else is refused by name rather than
/// silently ignored (a misspelt `sslmode` must not turn TLS off).
const KNOWN_OPTIONS: &str = "sslmode, sslrootcert, connect_timeout, application_name, host";

/// How to reach the central database. Made by [`SyncTarget::parse`]; cheap to clone.
#[derive(Clone)]
pub struct SyncTarget {
    config: Config,
    /// The URL as people may see it: `postgres://user:***@host:port/db`.
    shown: String,
    /// The password as written and as decoded, to scrub from any message a library makes.
    secrets: Vec<String>,
    tls: Tls,
}

#[derive(Clone)]
enum Tls {
    /// This machine (loopback address or a unix socket) without `sslmode=require`.
    Off,
    /// Required; the chain is checked against Mozilla's roots or the URL's `sslrootcert`,
    /// and the certificate against the host name, whatever `sslmode` asked.
    Verified(Arc<rustls::ClientConfig>),
}

impl SyncTarget {
    /// Checks a `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require` URL. Anything but
    /// this machine (127.0.0.1, ::1, localhost, a unix socket) must ask for TLS with
    /// `sslmode=require` (or `verify-ca`/`verify-full`, which mean the same here). Errors are
    /// one line, say how to fix it, and never contain the password.
    pub fn parse(raw: &str) -> Result<SyncTarget, SyncError> {
        let url_error = |reason: String| SyncError::Url { reason };
        // Never echo `raw`: it holds the password, and the URL could not be parsed to find it.
        let url = url::Url::parse(raw.trim()).map_err(|e| {
            url_error(format!(
                "{e}; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require"
            ))
        })?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(url_error(format!(
                "it starts with `{}:`, not `postgres://`",
                url.scheme()
            )));
        }
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| url_error("a percent-encoded part is not UTF-8".into()))
        };
        let mut config = Config::new();
        let mut secrets = Vec::new();
        let user = decode(url.username())?;
        if !user.is_empty() {
            config.user(&user);
        }
        if let Some(password) = url.password() {
            let decoded = decode(password)?;
            secrets.push(password.to_owned());
            if decoded != password {
                secrets.push(decoded.clone());
            }
            config.password(decoded);
        }
        let mut host = url.host_str().map(decode).transpose()?.unwrap_or_default();
        // `[::1]` comes back with its brackets; PostgreSQL wants the bare address.
        if host.starts_with('[') && host.ends_with(']') {
            host = host[1..host.len() - 1].to_owned();
        }
        let database = decode(url.path().trim_start_matches('/'))?;
        if !database.is_empty() {
            config.dbname(&database);
        }
        let mut ssl_mode: Option<String> = None;
        let mut root_certificate: Option<PathBuf> = None;
        let mut connect_timeout = CONNECT_TIMEOUT;
        let mut application_name = "temoin-sync".to_owned();
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "sslmode" => ssl_mode = Some(value.into_owned()),
                "sslrootcert" => root_certificate = Some(PathBuf::from(value.as_ref())),
                "connect_timeout" => {
                    // The value is not echoed: a password pasted in the wrong place
                    // must not end up in a log.
                    let seconds: u64 = value
                        .parse()
                        .map_err(|_| url_error("connect_timeout must be whole seconds".into()))?;
                    connect_timeout = Duration::from_secs(seconds.max(1));
                }
                "application_name" => application_name = value.into_owned(),
                "host" => host = value.into_owned(),
                other => {
                    // A secret may sit in an option's value; only the key is named.
                    return Err(url_error(format!(
                        "unknown option `{other}` (known: {KNOWN_OPTIONS}; the password goes \
                         before the @)"
                    )));
                }
            }
        }
        if host.is_empty() {
            return Err(url_error(
                "it names no host; write postgres://USER:PASSWORD@HOST:PORT/DATABASE".into(),
            ));
        }
        let port = url.port().unwrap_or(5432);
        config
            .host(&host)
            .port(port)
            .connect_timeout(connect_timeout)
            .tcp_user_timeout(TCP_USER_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(KEEPALIVE_RETRIES)
            .application_name(&application_name)
            .options(SERVER_SESSION);

        let shown = {
            let mut shown = format!("{}://", url.scheme());
            if !user.is_empty() {
                shown.push_str(url.username());
                if url.password().is_some() {
                    shown.push_str(":***");
                }
                shown.push('@');
            }
            if host.starts_with('/') {
                shown.push_str(&format!("?host={host}"));
            } else if host.contains(':') {
                shown.push_str(&format!("[{host}]:{port}"));
            } else {
                shown.push_str(&format!("{host}:{port}"));
            }
            shown.push('/');
            shown.push_str(&database);
            if let Some(mode) = &ssl_mode {
                shown.push_str(&format!("?sslmode={mode}"));
            }
            shown
        };

        let wants_tls = match ssl_mode.as_deref() {
            None | Some("disable" | "allow" | "prefer") => false,
            Some("require" | "verify-ca" | "verify-full") => true,
            Some(_) => {
                return Err(url_error(
                    "sslmode must be one of disable, allow, prefer, require, verify-ca, \
                     verify-full"
                        .into(),
                ));
            }
        };
        let tls = if wants_tls {
            config.ssl_mode(SslMode::Require);
            Tls::Verified(Arc::new(tls_config(root_certificate.as_deref())?))
        } else if is_this_machine(&host) {
            // TLS over loopback protects nothing, and a local server's self-signed
            // certificate (Debian's default) would otherwise fail the check.
            config.ssl_mode(SslMode::Disable);
            Tls::Off
        } else {
            return Err(SyncError::NeedsTls { target: shown });
        };
        Ok(SyncTarget {
            config,
            shown,
            secrets,
            tls,
        })
    }

    /// The same target with the password from somewhere safer than the URL (the booth's
    /// `TEMOIN_SYNC_PASSWORD` or secrets file): a password already in the URL is replaced.
    /// It is scrubbed from messages like one written in the URL.
    pub fn with_password(mut self, password: &str) -> SyncTarget {
        if !password.is_empty() {
            self.config.password(password);
            self.secrets.push(password.to_owned());
        }
        self
    }

    /// Whether the connection is encrypted (everything but this machine).
    pub fn uses_tls(&self) -> bool {
        matches!(self.tls, Tls::Verified(_))
    }

    /// Removes the password (as written and decoded) from a message made by a library.
    pub(crate) fn redact(&self, message: &str) -> String {
        self.secrets
            .iter()
            .filter(|s| !s.is_empty())
            .fold(message.to_owned(), |text, secret| {
                text.replace(secret.as_str(), "***")
            })
    }

    /// Opens a connection.
    pub(crate) fn connect(&self) -> Result<Client, SyncError> {
        let result = match &self.tls {
            Tls::Off => self.config.connect(postgres::NoTls),
            Tls::Verified(config) => {
                self.config
                    .connect(tokio_postgres_rustls::MakeRustlsConnect::new(
                        (**config).clone(),
                    ))
            }
        };
        result.map_err(|e| SyncError::Connect {
            target: self.shown.clone(),
            detail: self.describe(&e),
        })
    }

    /// A PostgreSQL error in one line, with the server's detail and hint when it sent them,
    /// and never the password.
    pub(crate) fn describe(&self, error: &postgres::Error) -> String {
        let text = match error.as_db_error() {
            Some(db) => {
                let mut text = format!("{}: {}", db.severity(), db.message());
                if let Some(detail) = db.detail() {
                    text.push_str(&format!(" ({detail})"));
                }
                if let Some(hint) = db.hint() {
                    text.push_str(&format!("; {hint}"));
                }
                text
            }
            None => {
                // The chain of causes, so "error connecting to server" says why.
                let mut text = error.to_string();
                let mut source = std::error::Error::source(error);
                while let Some(cause) = source {
                    let cause_text = cause.to_string();
                    if !text.contains(&cause_text) {
                        text.push_str(&format!(": {cause_text}"));
                    }
                    source = cause.source();
                }
                text
            }
        };
        self.redact(&text.replace('\n', " "))
    }

    /// A database error as a `SyncError` naming this target.
    pub(crate) fn database(&self, what: &str, error: &postgres::Error) -> SyncError {
        SyncError::Database {
            target: self.shown.clone(),
            what: what.to_owned(),
            detail: self.describe(error),
        }
    }
}

impl std::fmt::Display for SyncTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Debug for SyncTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The derived Debug would print the config, password included.
        f.debug_struct("SyncTarget")
            .field("url", &self.shown)
            .field("tls", &self.uses_tls())
            .finish()
    }
}

/// Loopback addresses, `localhost` and unix sockets (a path) never leave this machine.
fn is_this_machine(host: &str) -> bool {
    host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn tls_config(
    root_certificate: Option<&std::path::Path>,
) -> Result<rustls::ClientConfig, SyncError> {
    let mut roots = rustls::RootCertStore::empty();
    match root_certificate {
        // An NGO's own certificate authority replaces the public ones, as libpq does.
        Some(path) => {
            let unreadable = |detail: String| SyncError::Certificate {
                path: path.display().to_string(),
                detail,
            };
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|e| unreadable(e.to_string()))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| unreadable(e.to_string()))?;
            if certificates.is_empty() {
                return Err(unreadable("it holds no PEM certificate".into()));
            }
            for certificate in certificates {
                roots
                    .add(certificate)
                    .map_err(|e| unreadable(e.to_string()))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    // The provider is named rather than taken from the process default, which is ambiguous
    // (and panics) when another crate in the binary enables a second one.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Certificate {
            path: "(TLS settings)".into(),
            detail: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine() {
        for host in [
            "127.0.0.1",
            "127.0.0.2",
            "::1",
            "localhost",
            "LocalHost",
            "/run/pg",
        ] {
            assert!(is_this_machine(host), "{host}");
        }
        for host in [
            "db.example.org",
            "10.0.0.5",
            "192.168.1.2",
            "localhost.example.org",
        ] {
            assert!(!is_this_machine(host), "{host}");
        }
    }
}
