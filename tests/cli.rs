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

fn export_jsonl(data_dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out =
        moderator().args(["feedback", "export", "--format", "jsonl", "--data-dir"]).arg(data_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn feedback_import_stores_a_moderation_history_as_the_api_would() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"content": "Cheap loans, no credit check", "label": "spam", "author": {"email": "loans@spam.example.ru", "url": "https://fast-loans.example/", "ip": "203.0.113.9"}}"#,
            "\n\n",
            r#"{"content": "The sanctions will take years to bite.", "label": "ham", "article": {"id": 42}}"#,
            "\n",
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = moderator().args(["feedback", "import"]).arg(&file).arg("--data-dir").arg(&data).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 2 labels (ham 1, spam 1)"));

    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["label"], "spam");
    assert_eq!(rows[0]["source"], "import");
    assert_eq!(rows[0]["author_email_tld"], "ru");
    assert_eq!(rows[0]["author_url"], "https://fast-loans.example/");
    // Addresses are stored as keyed hashes, as through the API.
    let stored = serde_json::to_string(&rows).unwrap();
    assert!(!stored.contains("loans@spam") && !stored.contains("203.0.113.9"), "{stored}");
    assert!(rows[0]["author_email_hash"].as_str().is_some_and(|h| h.len() >= 32));
    assert_eq!(rows[1]["article_id"], "42");

    // CSV, from standard input, after the JSON lines.
    let mut child = moderator()
        .args(["feedback", "import", "-", "--format", "csv", "--data-dir"])
        .arg(&data)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"label,content,author_name\nabuse,\"You are vermin, all of you\",troll\ncivil,\"Fair point, thanks\",\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 4);
    assert_eq!((rows[2]["label"].as_str(), rows[2]["author_name"].as_str()), (Some("abuse"), Some("troll")));
    assert_eq!((rows[3]["label"].as_str(), rows[3]["author_name"].as_str()), (Some("civil"), None));
}

#[test]
fn feedback_import_stores_nothing_when_a_row_is_bad_and_names_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("history.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"content": "fine", "label": "ham"}"#,
            "\n",
            r#"{"content": "no label"}"#,
            "\n",
            r#"{"content": "bad address", "label": "spam", "author": {"email": "not-an-address"}}"#,
            "\n",
            r#"{"content": "#,
            "\n",
        ),
    )
    .unwrap();
    let out = moderator().args(["feedback", "import"]).arg(&file).arg("--data-dir").arg(&data).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for want in ["nothing was imported", "3 rows", "line 2: label", "line 3: author.email", "line 4: not valid JSON"] {
        assert!(stderr.contains(want), "missing {want:?} in {stderr}");
    }
    assert!(!stderr.contains("line 1:"), "{stderr}");
    assert!(export_jsonl(&data).is_empty());

    // A misspelt CSV column is refused rather than dropped.
    let csv = dir.path().join("history.csv");
    std::fs::write(&csv, "label,comment\nham,hello\n").unwrap();
    let out = moderator()
        .args(["feedback", "import", "--format", "csv"])
        .arg(&csv)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown columns [\"comment\"]"));

    // --skip passes over rows already stored.
    std::fs::write(&file, "{\"content\": \"one\", \"label\": \"ham\"}\n{\"content\": \"two\", \"label\": \"spam\"}\n")
        .unwrap();
    let out = moderator()
        .args(["feedback", "import", "--skip", "1"])
        .arg(&file)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["content"], "two");
}

#[test]
fn feedback_import_reads_a_wordpress_comment_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // As `wp comment list --status=all --format=csv --fields=...` writes it.
    let export = "comment_ID,comment_post_ID,comment_author,comment_author_email,comment_author_url,comment_author_IP,comment_content,comment_approved\n\
                  7,12,Cheap Pills,rx@pills.example,https://cheap-pills.example/,198.51.100.7,\"Buy meds online, no prescription\",spam\n\
                  8,12,Maria,maria@example.org,,192.0.2.10,\"Good summary of the talks, thanks\",1\n";
    let wp = dir.path().join("wp.csv");
    std::fs::write(&wp, export).unwrap();
    let import = |file: &std::path::Path, extra: &[&str]| {
        moderator()
            .args(["feedback", "import", "--format", "csv"])
            .args(extra)
            .arg(file)
            .arg("--data-dir")
            .arg(&data)
            .output()
            .unwrap()
    };
    let out = import(&wp, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["label"].as_str(), rows[0]["article_id"].as_str()), (Some("spam"), Some("12")));
    assert_eq!(rows[0]["author_url"], "https://cheap-pills.example/");
    assert_eq!((rows[1]["label"].as_str(), rows[1]["author_name"].as_str()), (Some("ham"), Some("Maria")));

    // A pending comment is no verdict: it needs a label of its own.
    let pending = dir.path().join("pending.csv");
    std::fs::write(&pending, "comment_content,comment_approved\n\"Is this on?\",0\n").unwrap();
    let out = import(&pending, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: label: the label is required"));
    let out = import(&pending, &["--label", "ham"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(export_jsonl(&data)[2]["label"], "ham");
}
