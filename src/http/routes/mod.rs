//! Every route, registered from one table.
//!
//! [`ROUTES`] and the registration are generated from the same list, so
//! the OpenAPI test can check that every registered route is documented.
//! A known path called with the wrong method answers 405; an unknown path
//! 404; both in JSON.

pub mod admin;
pub mod akismet;
pub mod coral;
pub mod feedback;
pub mod health;
pub mod moderate;
pub mod perspective;

use crate::http::errors::ApiError;
use crate::http::observe;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::OpenApi;

async fn method_not_allowed(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed(req.method().to_string()))
}

/// The fallback for unknown paths.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

macro_rules! api_routes {
    ($( $path:literal => { $( $method:ident : $handler:path ),+ $(,)? } ),* $(,)?) => {
        /// `(method, path)` of every API route.
        pub const ROUTES: &[(&str, &str)] = &[ $( $( (stringify!($method), $path) ),+ ),* ];

        fn register(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::$method().to($handler)) )+
                        .default_service(web::route().to(method_not_allowed)),
                );
            )*
        }
    };
}

api_routes! {
    "/v1/moderate" => { post: moderate::moderate },
    "/v1/moderate/batch" => { post: moderate::moderate_batch },
    "/v1/feedback" => { post: feedback::feedback },
    "/v1/model" => { get: health::model_info },
    "/healthz" => { get: health::healthz, head: health::healthz },
    "/readyz" => { get: health::readyz, head: health::readyz },
    "/metrics" => { get: observe::metrics_handler },
    "/openapi.json" => { get: openapi_json },
    "/admin/reload" => { post: admin::reload_model },
    "/1.1/verify-key" => { post: akismet::verify_key },
    "/1.1/comment-check" => { post: akismet::comment_check },
    "/1.1/submit-spam" => { post: akismet::submit_spam },
    "/1.1/submit-ham" => { post: akismet::submit_ham },
    "/1.2/usage-limit" => { get: akismet::usage_limit, post: akismet::usage_limit_post },
    "/v1alpha1/comments:analyze" => { post: perspective::analyze },
    "/v1alpha1/comments:suggestscore" => { post: perspective::suggest_score },
    "/comments:analyze" => { post: perspective::analyze_unversioned },
    "/comments:suggestscore" => { post: perspective::suggest_score_unversioned },
    "/v1/coral/moderate" => { post: coral::coral_moderate },
}

/// The benchmark-only echo route (see `server.bench_echo`).
pub const BENCH_ECHO: &str = "/bench/echo";

/// Answers a small JSON body with a fixed JSON reply: the ceiling any JSON
/// endpoint of this server can reach, for the load benchmark.
#[utoipa::path(post, path = "/bench/echo", tag = "operations",
    request_body(content = Object, description = "Any JSON"),
    responses((status = 200, description = "A fixed JSON reply; only with server.bench_echo")))]
pub async fn bench_echo(body: web::Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(format!("{{\"ok\":true,\"bytes\":{}}}", body.len()))
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "comment-moderator",
        description = "Decides whether a comment posted through an article's reply form is accepted, held for a moderator, or rejected; with Akismet-, Perspective- and Coral-compatible endpoints.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        moderate::moderate,
        moderate::moderate_batch,
        feedback::feedback,
        health::model_info,
        health::healthz,
        health::readyz,
        observe::metrics_handler,
        openapi_json,
        admin::reload_model,
        akismet::verify_key,
        akismet::comment_check,
        akismet::submit_spam,
        akismet::submit_ham,
        akismet::usage_limit,
        akismet::usage_limit_post,
        perspective::analyze,
        perspective::suggest_score,
        perspective::analyze_unversioned,
        perspective::suggest_score_unversioned,
        coral::coral_moderate,
        bench_echo,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "moderation", description = "Accept / hold / reject decisions"),
        (name = "feedback", description = "Moderator labels for retraining"),
        (name = "operations", description = "Health, model, metrics, reload"),
        (name = "akismet", description = "Akismet-compatible API"),
        (name = "perspective", description = "Perspective-compatible API"),
        (name = "coral", description = "Coral Talk external moderation webhook")
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = || SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        components.add_security_scheme("api_key", bearer());
        components.add_security_scheme("admin_key", bearer());
    }
}

/// The OpenAPI 3 description of this API.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3 document")))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

/// Registers every route, the docs page, and the fallbacks.
pub fn configure(cfg: &mut web::ServiceConfig, bench_echo_enabled: bool) {
    register(cfg);
    if bench_echo_enabled {
        cfg.route(BENCH_ECHO, web::post().to(bench_echo));
    }
    cfg.service(utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}").url("/docs/openapi.json", ApiDoc::openapi()));
}
