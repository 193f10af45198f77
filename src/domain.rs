//! The reply form as domain types, parsed once at the edge.
//!
//! Every protocol (JSON, the WordPress form, Akismet, Perspective, Coral)
//! turns its request into a [`Comment`] through [`CommentDraft::validate`],
//! so the rules of the form ("Required fields are marked *", WordPress's
//! field lengths, a valid e-mail, an http(s) website) are enforced in one
//! place and every violation is reported at once, not just the first.
//!
//! Lengths are WordPress's (`wp_get_comment_fields_max_lengths`): author
//! 245, e-mail 100, website 200, comment 65,525 bytes.

use serde::Serialize;
use std::fmt;
use std::net::IpAddr;

pub const MAX_CONTENT_BYTES: usize = 65_525;
pub const MAX_AUTHOR_BYTES: usize = 245;
pub const MAX_EMAIL_BYTES: usize = 100;
pub const MAX_URL_BYTES: usize = 200;
/// Limit for free-text metadata (user agent, article title, ids).
pub const MAX_META_BYTES: usize = 2_000;

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field as the client named it (`content`, `author.email`, `email`).
    pub field: String,
    /// Machine-readable reason: `required`, `too_long`, `invalid`.
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    fn new(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        FieldError { field: field.to_string(), code, message: message.into() }
    }
}

/// WordPress's byte limits, with the same message for every field.
fn fits(what: &str, value: &str, max: usize) -> Result<(), (&'static str, String)> {
    if value.len() > max {
        return Err(("too_long", format!("{what} is {} bytes; at most {max} are allowed", value.len())));
    }
    Ok(())
}

/// Comment text: something a reader would see (not only whitespace,
/// zero-width or bidi controls, or combining marks with nothing to sit on)
/// and within the length limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentText(String);

impl CommentText {
    pub fn parse(s: String) -> Result<CommentText, (&'static str, String)> {
        fits("the comment", &s, MAX_CONTENT_BYTES)?;
        let shows_nothing = |c: char| {
            c.is_whitespace()
                || crate::text::normalize::is_invisible(c)
                || unicode_normalization::char::is_combining_mark(c)
        };
        if s.chars().all(shows_nothing) {
            return Err(("required", "the comment is empty".into()));
        }
        Ok(CommentText(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An author's display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorName(String);

impl AuthorName {
    pub fn parse(s: String) -> Result<AuthorName, (&'static str, String)> {
        let trimmed = s.trim();
        fits("the name", trimmed, MAX_AUTHOR_BYTES)?;
        if trimmed.chars().any(char::is_control) {
            return Err(("invalid", "the name contains control characters".into()));
        }
        Ok(AuthorName(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A syntactically valid e-mail address (lowercased for comparison).
#[derive(Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: String) -> Result<Email, (&'static str, String)> {
        let trimmed = s.trim();
        fits("the e-mail address", trimmed, MAX_EMAIL_BYTES)?;
        let valid = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default().without_display_text().without_domain_literal(),
        )
        .is_ok()
            && trimmed.rsplit('@').next().is_some_and(|d| d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
        if !valid {
            return Err(("invalid", "not a valid e-mail address".into()));
        }
        Ok(Email(trimmed.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// Never print an e-mail address by accident.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

/// An http(s) website. Like WordPress, a bare `example.com` is read as
/// `http://example.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebsiteUrl {
    url: String,
    /// The host as the URL parser reads it: lowercase, percent-decoded,
    /// internationalized names in their ASCII (punycode) form.
    host: String,
}

impl WebsiteUrl {
    pub fn parse(s: String) -> Result<WebsiteUrl, (&'static str, String)> {
        let trimmed = s.trim();
        fits("the website", trimmed, MAX_URL_BYTES)?;
        let candidate = if trimmed.contains("://") { trimmed.to_string() } else { format!("http://{trimmed}") };
        match url::Url::parse(&candidate) {
            Ok(u)
                if matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some_and(|h| !h.is_empty())
                    && !trimmed.contains(char::is_whitespace) =>
            {
                let host = match u.host() {
                    Some(url::Host::Domain(domain)) => domain.to_string(),
                    // An IP address has no words.
                    _ => String::new(),
                };
                Ok(WebsiteUrl { url: candidate, host })
            }
            _ => Err(("invalid", "the website must be an http:// or https:// address".into())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host name as the URL parser reads it (empty for an IP address).
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// A comment as the client sent it, before validation. Every protocol
/// fills one of these.
#[derive(Debug, Clone, Default)]
pub struct CommentDraft {
    pub content: Option<String>,
    /// The author's account id in the calling system (Coral user id, CMS
    /// user id): identifies repeat posts, never fed to the model.
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub author_ip: Option<String>,
    pub user_agent: Option<String>,
    pub article_id: Option<String>,
    pub article_url: Option<String>,
    pub article_title: Option<String>,
    pub parent_id: Option<String>,
    /// Value of the honeypot field, if the form had one.
    pub honeypot: Option<String>,
    /// Unix time (seconds) the form was rendered at.
    pub rendered_at: Option<String>,
}

/// How the draft's fields are named to the client, for error messages.
#[derive(Debug, Clone, Copy)]
pub struct FieldNames {
    pub content: &'static str,
    pub author_name: &'static str,
    pub author_email: &'static str,
    pub author_url: &'static str,
    pub author_ip: &'static str,
    pub rendered_at: &'static str,
}

impl FieldNames {
    /// The JSON contract.
    pub const JSON: FieldNames = FieldNames {
        content: "content",
        author_name: "author.name",
        author_email: "author.email",
        author_url: "author.url",
        author_ip: "author.ip",
        rendered_at: "form.rendered_at",
    };
    /// The WordPress reply form.
    pub const FORM: FieldNames = FieldNames {
        content: "comment",
        author_name: "author",
        author_email: "email",
        author_url: "url",
        author_ip: "ip",
        rendered_at: "rendered_at",
    };
    /// The Akismet API.
    pub const AKISMET: FieldNames = FieldNames {
        content: "comment_content",
        author_name: "comment_author",
        author_email: "comment_author_email",
        author_url: "comment_author_url",
        author_ip: "user_ip",
        rendered_at: "rendered_at",
    };
}

/// A validated comment.
#[derive(Debug, Clone)]
pub struct Comment {
    pub content: CommentText,
    pub author_id: Option<String>,
    pub author_name: Option<AuthorName>,
    pub author_email: Option<Email>,
    pub author_url: Option<WebsiteUrl>,
    pub author_ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub article_id: Option<String>,
    pub article_url: Option<String>,
    pub article_title: Option<String>,
    pub parent_id: Option<String>,
    pub honeypot: Option<String>,
    pub rendered_at: Option<i64>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

fn meta(field: &str, s: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let s = non_empty(s)?;
    if s.len() > MAX_META_BYTES {
        errors.push(FieldError::new(field, "too_long", format!("at most {MAX_META_BYTES} bytes are allowed")));
        return None;
    }
    Some(s)
}

impl CommentDraft {
    /// Validates every field, returning all problems at once.
    /// `require_name_email` follows WordPress's `require_name_email`.
    pub fn validate(self, names: FieldNames, require_name_email: bool) -> Result<Comment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let content = match self.content {
            None => {
                errors.push(FieldError::new(names.content, "required", "the comment is required"));
                None
            }
            Some(c) => {
                CommentText::parse(c).map_err(|(code, m)| errors.push(FieldError::new(names.content, code, m))).ok()
            }
        };
        let author_name = non_empty(self.author_name).and_then(|n| {
            AuthorName::parse(n).map_err(|(code, m)| errors.push(FieldError::new(names.author_name, code, m))).ok()
        });
        let email_given = self.author_email.as_ref().is_some_and(|e| !e.trim().is_empty());
        let author_email = non_empty(self.author_email).and_then(|e| {
            Email::parse(e).map_err(|(code, m)| errors.push(FieldError::new(names.author_email, code, m))).ok()
        });
        if require_name_email {
            if author_name.is_none() && !errors.iter().any(|e| e.field == names.author_name) {
                errors.push(FieldError::new(names.author_name, "required", "the name is required"));
            }
            if !email_given {
                errors.push(FieldError::new(names.author_email, "required", "the e-mail address is required"));
            }
        }
        let author_url = non_empty(self.author_url).and_then(|u| {
            WebsiteUrl::parse(u).map_err(|(code, m)| errors.push(FieldError::new(names.author_url, code, m))).ok()
        });
        let author_ip = non_empty(self.author_ip).and_then(|ip| {
            ip.trim()
                .parse::<IpAddr>()
                .map_err(|_| {
                    errors.push(FieldError::new(names.author_ip, "invalid", "not a valid IPv4 or IPv6 address"))
                })
                .ok()
        });
        let rendered_at = non_empty(self.rendered_at).and_then(|t| {
            t.trim()
                .parse::<i64>()
                .map_err(|_| {
                    errors.push(FieldError::new(names.rendered_at, "invalid", "must be a Unix time in seconds"))
                })
                .ok()
        });
        let user_agent = meta("user_agent", self.user_agent, &mut errors);
        let author_id = meta("author.id", self.author_id, &mut errors);
        let article_id = meta("article.id", self.article_id, &mut errors);
        let article_url = meta("article.url", self.article_url, &mut errors);
        let article_title = meta("article.title", self.article_title, &mut errors);
        let parent_id = meta("parent_id", self.parent_id, &mut errors);
        let honeypot = self.honeypot.filter(|h| !h.is_empty());
        match content {
            Some(content) if errors.is_empty() => Ok(Comment {
                content,
                author_id,
                author_name,
                author_email,
                author_url,
                author_ip,
                user_agent,
                article_id,
                article_url,
                article_title,
                parent_id,
                honeypot,
                rendered_at,
            }),
            _ => Err(errors),
        }
    }
}

impl Comment {
    /// The fields the model reads.
    pub fn model_input(&self) -> crate::text::CommentInput<'_> {
        crate::text::CommentInput {
            content: self.content.as_str(),
            author_name: self.author_name.as_ref().map(AuthorName::as_str),
            author_email: self.author_email.as_ref().map(Email::as_str),
            author_url: self.author_url.as_ref().map(WebsiteUrl::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(content: &str) -> CommentDraft {
        CommentDraft { content: Some(content.into()), ..Default::default() }
    }

    #[test]
    fn comment_text_must_have_content_and_fit() {
        assert!(CommentText::parse("hello".into()).is_ok());
        assert_eq!(CommentText::parse("   \n\t ".into()).unwrap_err().0, "required");
        for invisible in ["\u{200B}", "\u{202E}\u{202C}", "\u{0301}", " \u{FEFF}\n\u{2060} "] {
            assert_eq!(CommentText::parse(invisible.into()).unwrap_err().0, "required", "{invisible:?}");
        }
        assert!(CommentText::parse("e\u{0301}".into()).is_ok());
        assert_eq!(CommentText::parse("x".repeat(MAX_CONTENT_BYTES + 1)).unwrap_err().0, "too_long");
        assert!(CommentText::parse("x".repeat(MAX_CONTENT_BYTES)).is_ok());
    }

    #[test]
    fn emails_are_validated_and_lowercased() {
        assert_eq!(Email::parse(" Jane@Example.COM ".into()).unwrap().as_str(), "jane@example.com");
        for bad in ["jane", "jane@", "@example.com", "jane@localhost", "a b@example.com", "jane@example..com"] {
            assert!(Email::parse(bad.into()).is_err(), "{bad} should be invalid");
        }
        assert_eq!(Email::parse(format!("{}@example.com", "a".repeat(95))).unwrap_err().0, "too_long");
        assert!(!format!("{:?}", Email::parse("jane@example.com".into()).unwrap()).contains("jane"));
    }

    #[test]
    fn websites_must_be_http_or_https() {
        assert_eq!(WebsiteUrl::parse("example.com/blog".into()).unwrap().as_str(), "http://example.com/blog");
        assert!(WebsiteUrl::parse("https://example.com".into()).is_ok());
        for bad in ["javascript:alert(1)", "ftp://example.com", "http://", "not a url"] {
            assert!(WebsiteUrl::parse(bad.into()).is_err(), "{bad} should be invalid");
        }
    }

    #[test]
    fn website_host_is_what_the_url_parser_reads() {
        for (url, host) in [
            ("https://Cheap-Pills.shop/buy?x=1", "cheap-pills.shop"),
            ("example.com", "example.com"),
            ("http://user:pw@blog.example.org:8080/#top", "blog.example.org"),
            ("http://[2001:db8::1]/", ""),
            ("http://203.0.113.9/", ""),
            // What a browser would visit, not what the string looks like.
            ("http://%63bd-oil.com/", "cbd-oil.com"),
            ("http://ｃｂｄ-oil.com/", "cbd-oil.com"),
            ("http://x.com\\cbd.com/", "x.com"),
        ] {
            assert_eq!(WebsiteUrl::parse(url.into()).unwrap().host(), host, "{url}");
        }
    }

    #[test]
    fn validation_reports_every_field_at_fault() {
        let d = CommentDraft {
            content: Some("  ".into()),
            author_email: Some("nope".into()),
            author_url: Some("javascript:x".into()),
            author_ip: Some("999.1.1.1".into()),
            ..Default::default()
        };
        let errors = d.validate(FieldNames::JSON, false).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["content", "author.email", "author.url", "author.ip"]);
    }

    #[test]
    fn name_and_email_required_only_when_configured() {
        assert!(draft("hi").validate(FieldNames::FORM, false).is_ok());
        let errors = draft("hi").validate(FieldNames::FORM, true).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [("author", "required"), ("email", "required")]);
    }

    #[test]
    fn missing_content_is_required() {
        let errors = CommentDraft::default().validate(FieldNames::JSON, false).unwrap_err();
        assert_eq!(errors[0].field, "content");
        assert_eq!(errors[0].code, "required");
    }
}
