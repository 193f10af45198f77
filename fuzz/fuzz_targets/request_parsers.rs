//! The request parsers on arbitrary bytes: JSON and form bodies into
//! validated comments. Any input must give a comment or a list of field
//! errors, never a panic.
#![no_main]

use comment_moderator::domain::FieldNames;
use comment_moderator::wire::{BatchRequest, ModerateRequest, field, parse_form, parse_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = parse_json::<ModerateRequest>(data) {
        if let Ok(comment) = request.into_draft().validate(FieldNames::JSON, false) {
            assert!(!comment.content.as_str().trim().is_empty());
        }
    }
    let _ = parse_json::<BatchRequest>(data);
    let _ = parse_json::<serde_json::Value>(data);
    let fields = parse_form(data);
    let draft = comment_moderator::domain::CommentDraft {
        content: field(&fields, "comment"),
        author_name: field(&fields, "author"),
        author_email: field(&fields, "email"),
        author_url: field(&fields, "url"),
        author_ip: field(&fields, "ip"),
        rendered_at: field(&fields, "rendered_at"),
        honeypot: field(&fields, "hp_website"),
        ..Default::default()
    };
    let _ = draft.validate(FieldNames::FORM, true);
});
