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

/// Runs `moderator feedback import FILE ARGS --data-dir DATA`; returns
/// (success, stderr).
fn import(file: &std::path::Path, data: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out =
        moderator().args(["feedback", "import"]).arg(file).args(args).arg("--data-dir").arg(data).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
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
    let (ok, stderr) = import(&file, &data, &[]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("imported 2 labels (ham 1, spam 1)"), "{stderr}");

    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["label"], "spam");
    assert_eq!(rows[0]["source"], "import");
    assert_eq!(rows[0]["author_email_tld"], "ru");
    assert_eq!(rows[0]["author_url"], "https://fast-loans.example/");
    // Addresses are stored as keyed hashes, as through the API, with the
    // service's key (created in the data directory it will use).
    let stored = serde_json::to_string(&rows).unwrap();
    assert!(!stored.contains("loans@spam") && !stored.contains("203.0.113.9"), "{stored}");
    assert!(rows[0]["author_email_hash"].as_str().is_some_and(|h| h.len() >= 32));
    assert!(data.join("privacy.key").exists());
    assert_eq!(rows[1]["article_id"], "42");

    // Importing the same file again adds nothing: an interrupted import is
    // finished by running it again.
    let (ok, stderr) = import(&file, &data, &[]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("imported 0 labels; 2 already in the store, passed over"), "{stderr}");
    assert_eq!(export_jsonl(&data).len(), 2);

    // CSV from standard input; `;` as the delimiter, as European spreadsheets write it.
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
            b"label;content;author_name\nabuse;\"You are vermin; all of you\";troll\ncivil;Fair point, thanks;\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 4);
    assert_eq!((rows[2]["label"].as_str(), rows[2]["author_name"].as_str()), (Some("abuse"), Some("troll")));
    assert_eq!(rows[2]["content"], "You are vermin; all of you");
    assert_eq!((rows[3]["label"].as_str(), rows[3]["author_name"].as_str()), (Some("civil"), None));

    // As Windows editors save it: a byte-order mark and CRLF line ends.
    std::fs::write(&file, "\u{feff}{\"content\": \"Saved on Windows\", \"label\": \"ham\"}\r\n").unwrap();
    let (ok, stderr) = import(&file, &data, &[]);
    assert!(ok, "{stderr}");
    assert_eq!(export_jsonl(&data)[4]["content"], "Saved on Windows");
}

#[test]
fn feedback_import_stores_nothing_when_a_row_is_bad_and_never_echoes_values() {
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
            r#"{"content": "wrong shape", "label": "spam", "author": "jane.doe@example.org"}"#,
            "\n",
            r#"{"content": "#,
            "\n",
        ),
    )
    .unwrap();
    let (ok, stderr) = import(&file, &data, &[]);
    assert!(!ok);
    for want in [
        "nothing was imported",
        "4 of the rows",
        "line 2: label",
        "line 3: author.email",
        "line 4: ",
        "line 5: not valid JSON",
        "--drop-invalid-fields",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in {stderr}");
    }
    assert!(!stderr.contains("line 1:"), "{stderr}");
    assert!(!stderr.contains("jane.doe") && !stderr.contains("not-an-address"), "values are not echoed: {stderr}");
    assert!(export_jsonl(&data).is_empty());

    // A CSV file imported as JSON lines is named as such.
    let csv = dir.path().join("history.txt");
    std::fs::write(&csv, "label,content\nham,hello\n").unwrap();
    let (ok, stderr) = import(&csv, &data, &[]);
    assert!(!ok && stderr.contains("line 1 is not a JSON object; for CSV, use --format csv"), "{stderr}");

    // A misspelt column is refused rather than dropped; a data row where the
    // header belongs is refused without printing it.
    let csv = dir.path().join("history.csv");
    std::fs::write(&csv, "label,comment\nham,hello\n").unwrap();
    let (ok, stderr) = import(&csv, &data, &[]);
    assert!(!ok && stderr.contains("unknown column \"comment\""), "{stderr}");
    std::fs::write(&csv, "7,12,Jane,jane.doe@example.org,,198.51.100.7,Hello,1\n").unwrap();
    let (ok, stderr) = import(&csv, &data, &[]);
    assert!(!ok && stderr.contains("the first row is not a header row"), "{stderr}");
    assert!(!stderr.contains("jane.doe") && !stderr.contains("198.51.100.7"), "{stderr}");

    // Old spam with a website WordPress never checked: refused, or kept
    // without the field.
    std::fs::write(&csv, "label,content,author_url\nspam,Buy now,http://\n").unwrap();
    let (ok, stderr) = import(&csv, &data, &[]);
    assert!(!ok && stderr.contains("line 2: author.url"), "{stderr}");
    let (ok, stderr) = import(&csv, &data, &["--drop-invalid-fields"]);
    assert!(ok && stderr.contains("1 invalid e-mail, website or IP fields left empty"), "{stderr}");
    let rows = export_jsonl(&data);
    assert_eq!((rows.len(), rows[0]["author_url"].as_str()), (1, None));
}

#[test]
fn feedback_import_reads_a_wordpress_comment_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // As `wp comment list --status=spam,approve --format=csv --fields=...` writes it.
    let export = "comment_ID,comment_post_ID,comment_author,comment_author_email,comment_author_url,comment_author_IP,comment_content,comment_approved\n\
                  7,12,Cheap Pills,rx@pills.example,https://cheap-pills.example/,198.51.100.7,\"Buy meds online, no prescription\",spam\n\
                  8,12,Maria,maria@example.org,,192.0.2.10,\"Good summary of the talks, thanks\",1\n";
    let wp = dir.path().join("wp.csv");
    std::fs::write(&wp, export).unwrap();
    // `.csv` is read as CSV without --format.
    let (ok, stderr) = import(&wp, &data, &[]);
    assert!(ok, "{stderr}");
    let rows = export_jsonl(&data);
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["label"].as_str(), rows[0]["article_id"].as_str()), (Some("spam"), Some("12")));
    assert_eq!(rows[0]["author_url"], "https://cheap-pills.example/");
    assert_eq!((rows[1]["label"].as_str(), rows[1]["author_name"].as_str()), (Some("ham"), Some("Maria")));

    // A pending or trashed comment is no verdict, and --label does not make
    // it one.
    let pending = dir.path().join("pending.csv");
    std::fs::write(&pending, "comment_content,comment_approved\n\"Is this on?\",0\n\"Old one\",trash\n").unwrap();
    for args in [&[][..], &["--label", "ham"][..]] {
        let (ok, stderr) = import(&pending, &data, args);
        assert!(!ok, "{stderr}");
        assert!(stderr.contains("line 2: comment_approved is not a moderator's verdict"), "{stderr}");
        assert!(stderr.contains("line 3: comment_approved"), "{stderr}");
    }
    // Without the status column, --label labels the rows.
    let spam = dir.path().join("spam.csv");
    std::fs::write(&spam, "comment_content\n\"Visit my casino\"\n").unwrap();
    let (ok, stderr) = import(&spam, &data, &["--label", "spam"]);
    assert!(ok, "{stderr}");
    assert_eq!(export_jsonl(&data)[2]["label"], "spam");
}

#[test]
fn a_closed_output_pipe_ends_check_quietly() {
    // As `moderator check ... | head -c0` does: the reader is gone before
    // the decision is written (loading the model takes longer than this).
    let mut child = moderator()
        .args(["check", "A calm comment about the summit."])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

/// A model trained to another place gets its card beside it, named after
/// it: neither the shipped card nor a README where the command runs is
/// overwritten by an operator's retraining.
#[test]
fn train_writes_the_card_beside_the_model_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let recipe = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/training/recipe.toml");
    let readme = dir.path().join("README.md");
    std::fs::write(&readme, "the operator's own notes").unwrap();
    let out = moderator()
        .current_dir(dir.path())
        .args(["train", "--recipe", recipe, "--out", "site.model"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("site.model").exists());
    let card = std::fs::read_to_string(dir.path().join("site.md")).unwrap();
    assert!(card.starts_with("# Fixture model `nb-"), "{card}");
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "the operator's own notes");
}
