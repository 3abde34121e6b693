//! Helpers shared by the donation tests.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Records every idempotency key the server sees (a set: matchers run once per mock). The
/// matcher can be cloned onto several mocks.
pub fn key_recorder() -> (
    Arc<Mutex<HashSet<String>>>,
    impl Fn(&mockito::Request) -> bool + Clone + Send + Sync + 'static,
) {
    let keys = Arc::new(Mutex::new(HashSet::new()));
    let sink = keys.clone();
    (keys, move |req: &mockito::Request| {
        for name in ["idempotency-key", "x-idempotency-key"] {
            for value in req.header(name) {
                sink.lock()
                    .unwrap()
                    .insert(value.to_str().unwrap_or("").to_owned());
            }
        }
        true
    })
}
