//! The `moderator` binary: check, configuration, and start-up failures.

use std::io::Write;
use std::process::{Command, Stdio};

fn moderator() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moderator"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for (key, _) in std::env::vars() {
        if key.starts_with("MODERATOR_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn check_prints_the_api_decision_for_an_argument_or_stdin() {
    let out = moderator()
        .args(["check", "Buy cheap viagra online without prescription http://pills.example"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(d["decision"], "accept");
    assert!(d["scores"]["spam"].as_f64().unwrap() > 0.5);
    assert!(d["evidence"]["spam"].as_array().unwrap().iter().any(|e| e["token"].as_str().unwrap().contains("viagra")));

    let mut child = moderator().arg("check").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"A calm comment about the summit in Vladivostok.").unwrap();
    let out = child.wait_with_output().unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["decision"], "accept");
}

#[test]
fn check_refuses_an_empty_comment() {
    let out = moderator().args(["check", "   "]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn a_missing_model_stops_start_up_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = moderator()
        .args(["serve", "--addr", "127.0.0.1:0", "--model", "/nonexistent/model.bin", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/model.bin"), "{stderr}");
    assert!(stderr.contains("No such file"), "{stderr}");
}

#[test]
fn a_corrupt_model_stops_start_up_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("corrupt.model");
    let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/moderator.model")).unwrap();
    let n = bytes.len();
    bytes[n / 3] ^= 0xff;
    std::fs::write(&model, bytes).unwrap();
    let out = moderator()
        .args(["serve", "--addr", "127.0.0.1:0", "--model"])
        .arg(&model)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("corrupt.model") && stderr.contains("checksum"), "{stderr}");

    std::fs::write(&model, b"not a model").unwrap();
    let out = moderator().args(["check", "--model"]).arg(&model).arg("hello").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a comment-moderator model"));
}

#[test]
fn config_check_names_the_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[policy]\nmax_linkz = 3\n").unwrap();
    let out = moderator().args(["config", "check"]).arg(&file).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_linkz"));

    std::fs::write(&file, "[model.thresholds.spam]\nhold = 0.9\nreject = 0.2\n").unwrap();
    let out = moderator().args(["config", "check"]).arg(&file).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("model.thresholds.spam"));

    let out = moderator().args(["config", "check", "config/default.toml"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn environment_variables_layer_over_the_file_and_errors_name_them() {
    let out = moderator()
        .args(["config", "print"])
        .env("MODERATOR_POLICY__MAX_LINKS", "7")
        .env("MODERATOR_ADDR", "0.0.0.0:9999")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("max_links = 7"), "{printed}");
    assert!(printed.contains("addr = \"0.0.0.0:9999\""), "{printed}");
    // A typo in a variable name: `config check` names it; `serve` would
    // warn and ignore it, since other software shares the environment.
    let out = moderator().args(["config", "check"]).env("MODERATOR_POLICY__MAX_LINKZ", "7").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("MODERATOR_POLICY__MAX_LINKZ"));
    let out = moderator().args(["config", "print"]).env("MODERATOR_SERVICE_HOST", "10.0.0.1").output().unwrap();
    assert!(out.status.success(), "Kubernetes-style variables do not stop the service");
}

#[test]
fn config_print_redacts_secrets() {
    let out = moderator()
        .args(["config", "print"])
        .env("MODERATOR_API_KEYS", "first-secret-key,second-secret-key")
        .env("MODERATOR_ADMIN_KEY", "admin-secret-key")
        .env("MODERATOR_DATABASE_URL", "postgres://user:db-secret@db/moderator")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout);
    for secret in ["first-secret-key", "second-secret-key", "admin-secret-key", "db-secret"] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
    assert!(printed.contains("<redacted>"));
}
