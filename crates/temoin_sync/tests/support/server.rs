//! A throw-away PostgreSQL for one test: `initdb` in a temporary directory (as the
//! unprivileged `postgres` user when the tests run as root, since PostgreSQL refuses root),
//! listening on 127.0.0.1 on a free port only, stopped and removed when dropped, which also
//! happens when the test panics. Without PostgreSQL installed, the test fails with one line
//! saying so: these tests are never skipped silently.

#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// How long a fresh server may take to accept connections on a loaded 2-core machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct TestServer {
    pub port: u16,
    root: PathBuf,
    data: PathBuf,
    bin: PathBuf,
    owner: Option<(u32, u32)>,
    child: Option<Child>,
}

/// Options for a server: the tests turn durability off (they never survive a crash anyway),
/// the benchmark keeps PostgreSQL's defaults so its figures mean something.
#[derive(Clone, Copy)]
pub struct ServerOptions {
    pub durable: bool,
}

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(ServerOptions { durable: false })
    }

    pub fn start_with(options: ServerOptions) -> TestServer {
        let bin = find_bin().unwrap_or_else(|| {
            panic!(
                "PostgreSQL is not installed (no initdb from `pg_config --bindir`, PATH or /usr/lib/postgresql/*/bin): install it (Debian: apt install postgresql) to run temoin_sync's tests"
            )
        });
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let root = std::env::temp_dir().join(format!(
            "temoin-sync-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create the server's temporary directory");
        let owner = unprivileged_owner();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&root, Some(uid), Some(gid))
                .expect("hand the server's directory to the postgres user");
        }
        let data = root.join("data");
        let mut server = TestServer {
            port: 0,
            root,
            data,
            bin,
            owner,
            child: None,
        };
        server.initdb();
        // A port found free may be taken before postgres binds it; try a few.
        for attempt in 1..=3 {
            server.port = free_port();
            match server.launch(options) {
                Ok(()) => return server,
                Err(log) if attempt == 3 => panic!("PostgreSQL did not start: {log}"),
                Err(_) => continue,
            }
        }
        unreachable!()
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin.join(program));
        if let Some((uid, gid)) = self.owner {
            command.uid(uid).gid(gid);
            // The postgres user may not be able to read root's home or working directory.
            command.current_dir(&self.root);
            command.env("HOME", &self.root);
        }
        command
    }

    fn initdb(&self) {
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&self.data)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .output()
            .expect("run initdb");
        assert!(
            output.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The superuser may come in from this machine without a password (the tests' setup);
        // every other role must give its password, so the tests exercise real logins.
        std::fs::write(
            self.data.join("pg_hba.conf"),
            "local all all trust\n\
             host all postgres 127.0.0.1/32 trust\n\
             host all all 127.0.0.1/32 scram-sha-256\n",
        )
        .expect("write pg_hba.conf");
    }

    fn launch(&mut self, options: ServerOptions) -> Result<(), String> {
        let log = self.root.join(format!("postgres-{}.log", self.port));
        let log_file = std::fs::File::create(&log).expect("create the server's log");
        if let Some((uid, gid)) = self.owner {
            let _ = std::os::unix::fs::chown(&log, Some(uid), Some(gid));
        }
        let mut command = self.command("postgres");
        command
            .arg("-D")
            .arg(&self.data)
            .arg("-k")
            .arg(&self.root)
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-c", "max_connections=40", "-c", "shared_buffers=32MB"]);
        if !options.durable {
            command.args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot run postgres: {e}"))?;
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                self.child = None;
                return Err(format!(
                    "postgres exited ({status}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                ));
            }
            if postgres::Client::connect(&self.superuser_params(), postgres::NoTls).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                self.stop();
                return Err(format!(
                    "not accepting connections after {START_TIMEOUT:?}: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn superuser_params(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=postgres connect_timeout=5",
            self.port
        )
    }

    /// A superuser connection, for setting up and looking inside.
    pub fn superuser(&self) -> postgres::Client {
        postgres::Client::connect(&self.superuser_params(), postgres::NoTls)
            .expect("connect as the superuser")
    }

    /// The superuser's URL to a database, for migrating (the database's owner does that).
    pub fn owner_url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A URL for `role` with `password` (which must not need percent-encoding).
    pub fn url(&self, role: &str, password: &str, database: &str) -> String {
        format!(
            "postgres://{role}:{password}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// Creates an empty database.
    pub fn create_database(&self, name: &str) {
        self.superuser()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a database");
    }

    /// A superuser connection to a given database.
    pub fn connect(&self, database: &str) -> postgres::Client {
        postgres::Client::connect(
            &format!(
                "host=127.0.0.1 port={} user=postgres dbname={database} connect_timeout=5",
                self.port
            ),
            postgres::NoTls,
        )
        .expect("connect to the test database")
    }

    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // Immediate shutdown: the data is thrown away anyway. pg_ctl reads the pid file; if it
        // cannot, the postmaster is killed outright (its backends notice and exit).
        let stopped = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "-t", "20", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = child.kill();
        }
        let _ = child.wait();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The directory holding `initdb`, `postgres` and `pg_ctl`.
fn find_bin() -> Option<PathBuf> {
    let has_initdb = |dir: &Path| dir.join("initdb").is_file();
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output()
        && output.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if has_initdb(&dir) {
            return Some(dir);
        }
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_initdb(&dir) {
                return Some(dir);
            }
        }
    }
    // Debian and Ubuntu keep the server's programs off PATH, one directory per version;
    // the newest wins.
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_initdb(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// The `postgres` user's uid and gid when we are root (PostgreSQL will not run as root).
fn unprivileged_owner() -> Option<(u32, u32)> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").expect("read /etc/passwd");
    let line = passwd
        .lines()
        .find(|l| l.starts_with("postgres:"))
        .unwrap_or_else(|| {
            panic!("running as root, and there is no `postgres` user to run PostgreSQL as: create one (useradd -r postgres) or run the tests as another user")
        });
    let fields: Vec<&str> = line.split(':').collect();
    let id = |i: usize| fields.get(i).and_then(|f| f.parse().ok());
    Some((
        id(2).expect("postgres's uid in /etc/passwd"),
        id(3).expect("postgres's gid in /etc/passwd"),
    ))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port on 127.0.0.1")
}
