//! Faults, with the real binary: SIGKILL during writes, graceful SIGTERM,
//! slow clients.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "fault-test-key-01";

struct Server {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(data_dir: &std::path::Path, extra_env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moderator"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--data-dir"])
        .arg(data_dir)
        .env("MODERATOR_ADDR", format!("127.0.0.1:{port}"))
        .env("MODERATOR_API_KEYS", KEY)
        .env("MODERATOR_RATE_LIMIT__ENABLED", "false")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::blocking::get(format!("http://127.0.0.1:{port}/readyz"))
            && r.status() == 200
        {
            return Server { child, port };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready");
}

fn signal(server: &Server, sig: &str) {
    let status = Command::new("kill").args([sig, &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

fn export(data_dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_moderator"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["feedback", "export", "--data-dir"])
        .arg(data_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn every_acknowledged_label_survives_sigkill() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path(), &[]);
    let url = format!("http://127.0.0.1:{}/v1/feedback", server.port);
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            let acknowledged = acknowledged.clone();
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                for i in 0.. {
                    let content = format!("writer {w} label {i}");
                    let sent = client
                        .post(&url)
                        .bearer_auth(KEY)
                        .json(&serde_json::json!({"content": content, "label": "ham"}))
                        .send();
                    match sent {
                        Ok(r) if r.status() == 201 => acknowledged.lock().unwrap().push(content),
                        _ => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let mut server = server;
    signal(&server, "-KILL");
    server.child.wait().unwrap();
    for w in writers {
        w.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 50, "only {} writes before the kill", acknowledged.len());
    // Restart on the same data directory: the database recovers from its WAL.
    let mut restarted = start(data.path(), &[]);
    signal(&restarted, "-TERM");
    restarted.child.wait().unwrap();
    let stored: std::collections::HashSet<String> =
        export(data.path()).iter().map(|r| r["content"].as_str().unwrap().to_string()).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|c| !stored.contains(*c)).collect();
    assert!(lost.is_empty(), "{} acknowledged labels lost, e.g. {:?}", lost.len(), lost.first());
}

#[test]
fn sigterm_finishes_requests_in_flight_then_exits_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let mut server = start(data.path(), &[]);
    reqwest::blocking::Client::new()
        .post(format!("http://127.0.0.1:{}/v1/feedback", server.port))
        .bearer_auth(KEY)
        .json(&serde_json::json!({"content": "stored before shutdown", "label": "ham"}))
        .send()
        .unwrap();
    let comments: Vec<_> = (0..1000)
        .map(|i| serde_json::json!({"content": format!("comment {i} about the summit and sanctions")}))
        .collect();
    let url = format!("http://127.0.0.1:{}/v1/moderate/batch", server.port);
    let request = std::thread::spawn(move || {
        reqwest::blocking::Client::new()
            .post(url)
            .json(&serde_json::json!({ "comments": comments }))
            .send()
            .map(|r| r.status().as_u16())
    });
    std::thread::sleep(Duration::from_millis(30));
    signal(&server, "-TERM");
    let status = request.join().unwrap().expect("the in-flight request was answered");
    assert_eq!(status, 200);
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "exit status {exit:?}");
    let mut stderr = String::new();
    server.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    // The WAL was checkpointed into the database on close.
    let wal = data.path().join("feedback.sqlite3-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0, "WAL left behind");
    assert_eq!(export(data.path()).len(), 1);
}

#[test]
fn slow_clients_are_cut_off_and_cannot_starve_others() {
    let data = tempfile::tempdir().unwrap();
    let mut server = start(
        data.path(),
        &[("MODERATOR_SERVER__CLIENT_REQUEST_TIMEOUT_MS", "500"), ("MODERATOR_SERVER__WORKERS", "1")],
    );
    // Many slowloris connections trickling a header byte by byte.
    let mut slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(b"POST /v1/moderate HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    let ok = reqwest::blocking::Client::new()
        .post(format!("http://127.0.0.1:{}/v1/moderate", server.port))
        .json(&serde_json::json!({"content": "I am not slow"}))
        .timeout(Duration::from_secs(5))
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(2), "a normal client waited {:?}", started.elapsed());
    std::thread::sleep(Duration::from_millis(1_200));
    // The slow ones have been answered (408) or dropped by now.
    for s in slow.iter_mut() {
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = s.write_all(b"a");
        let mut buf = [0u8; 64];
        match s.read(&mut buf) {
            Ok(0) => {}
            Ok(n) => assert!(
                String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"),
                "{}",
                String::from_utf8_lossy(&buf[..n])
            ),
            Err(e) => assert!(
                e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut,
                "still open: {e}"
            ),
        }
    }
    signal(&server, "-TERM");
    server.child.wait().unwrap();
}
