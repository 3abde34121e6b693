//! A TCP proxy on 127.0.0.1 between the sync and the test server that cuts the connection in
//! the middle of a message: when the bytes the client sends contain a marker for the n-th
//! time, it forwards what came before and then shuts both sockets. A real dropped link, at
//! a point the test chooses (say, inside the events of the second batch, after its visits
//! were inserted but before the commit).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

pub struct CuttingProxy {
    pub port: u16,
    cut: Arc<AtomicBool>,
    /// Bytes forwarded from clients to the server, all connections together.
    sent: Arc<AtomicU64>,
    accept: Option<JoinHandle<()>>,
}

impl CuttingProxy {
    /// Forwards connections to `127.0.0.1:upstream`; the first connection is cut at the
    /// `nth` occurrence of `marker` (counting from 1) in what the client sends. Later
    /// connections pass untouched.
    pub fn start(upstream: u16, marker: &[u8], nth: usize) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("the proxy's port").port();
        let cut = Arc::new(AtomicBool::new(false));
        let sent = Arc::new(AtomicU64::new(0));
        let marker = marker.to_vec();
        let accept = {
            let cut = cut.clone();
            let sent = sent.clone();
            std::thread::spawn(move || {
                // Bounded: the tests make at most a handful of connections through it.
                for (index, client) in listener.incoming().take(16).enumerate() {
                    let Ok(client) = client else { return };
                    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                        return;
                    };
                    let (marker, cut, sent) = (marker.clone(), cut.clone(), sent.clone());
                    std::thread::spawn(move || {
                        let cut_at = (index == 0).then_some((marker, nth));
                        relay(client, server, cut_at, &cut, &sent)
                    });
                }
            })
        };
        CuttingProxy {
            port,
            cut,
            sent,
            accept: Some(accept),
        }
    }

    /// Whether the cut happened.
    pub fn has_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }

    /// Bytes the clients sent through it so far.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

fn relay(
    client: TcpStream,
    server: TcpStream,
    cut_at: Option<(Vec<u8>, usize)>,
    cut: &AtomicBool,
    sent: &AtomicU64,
) {
    let (Ok(client_reader), Ok(server_writer)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    // Server → client: plain copy until either side closes.
    let mut back_reader = server;
    let mut back_writer = client;
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut back_reader, &mut back_writer);
        let _ = back_writer.shutdown(Shutdown::Both);
    });
    forward(client_reader, server_writer, cut_at, cut, sent);
    let _ = back.join();
}

/// Client → server, watching for the marker.
fn forward(
    mut from: TcpStream,
    mut to: TcpStream,
    cut_at: Option<(Vec<u8>, usize)>,
    cut: &AtomicBool,
    sent: &AtomicU64,
) {
    let mut seen = 0;
    // The tail of what was already forwarded, so a marker split across reads is found.
    let mut tail: Vec<u8> = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buffer[..n];
        if let Some((marker, nth)) = &cut_at {
            let mut window = tail.clone();
            window.extend_from_slice(chunk);
            let mut start = 0;
            while let Some(found) = find(&window[start..], marker) {
                let at = start + found;
                seen += 1;
                if seen == *nth {
                    // Forward this chunk up to the marker, then drop the link both ways.
                    let upto = at.saturating_sub(tail.len());
                    let _ = to.write_all(&chunk[..upto]);
                    let _ = to.flush();
                    cut.store(true, Ordering::SeqCst);
                    let _ = to.shutdown(Shutdown::Both);
                    let _ = from.shutdown(Shutdown::Both);
                    return;
                }
                start = at + 1;
            }
            let keep = marker.len().saturating_sub(1).min(window.len());
            tail = window[window.len() - keep..].to_vec();
        }
        if to.write_all(chunk).is_err() {
            break;
        }
        sent.fetch_add(n as u64, Ordering::SeqCst);
    }
    let _ = to.shutdown(Shutdown::Both);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}
