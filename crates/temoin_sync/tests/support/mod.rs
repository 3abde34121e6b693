//! Shared by the sync tests and the benchmark: a throw-away PostgreSQL, a proxy that cuts
//! connections, booth fixtures, and the central database set up as the README says.

#![allow(dead_code)]

pub mod booth;
pub mod proxy;
pub mod server;

use server::TestServer;
use temoin_sync::SyncTarget;

/// The booths' password in the tests; the README's `change-me` is replaced by it.
pub const BOOTH_PASSWORD: &str = "s3cret-Booth-pw";
pub const REPORT_PASSWORD: &str = "s3cret-Report-pw";

/// The README's SQL for the booths' and the report's roles, as written there.
pub fn readme_roles_sql() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("read the README");
    let after = readme
        .split("<!-- temoin-sync-roles")
        .nth(1)
        .expect("the README's roles block marker");
    let block = after
        .split("```sql")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's roles SQL block");
    block.to_owned()
}

/// A database `temoin` migrated by its owner, with the README's roles. Returns the owner's
/// target, the booths' and the report's.
pub fn central(server: &TestServer) -> (SyncTarget, SyncTarget, SyncTarget) {
    server.create_database("temoin");
    let owner = SyncTarget::parse(&server.owner_url("temoin")).expect("owner URL");
    temoin_sync::migrate(&owner).expect("migrate");
    let sql = readme_roles_sql()
        .replace("'change-me-too'", &format!("'{REPORT_PASSWORD}'"))
        .replace("'change-me'", &format!("'{BOOTH_PASSWORD}'"));
    server
        .connect("temoin")
        .batch_execute(&sql)
        .expect("the README's roles SQL runs");
    let booth = SyncTarget::parse(&server.url("temoin_booth", BOOTH_PASSWORD, "temoin"))
        .expect("booth URL");
    let report = SyncTarget::parse(&server.url("temoin_report", REPORT_PASSWORD, "temoin"))
        .expect("report URL");
    (owner, booth, report)
}

/// Counts rows of a central table.
pub fn count(server: &TestServer, sql: &str) -> i64 {
    server
        .connect("temoin")
        .query_one(sql, &[])
        .expect("count")
        .get(0)
}
