//! The OpenAPI 3 document of the contract, generated from the handlers and the wire types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "DMED central e-prescription API",
        description = "Contract v1 between the pharmacy counter and the central e-prescription system, as implemented by the reference server dmed-sandbox. Errors are always {\"error\": {\"code\", \"message\", \"details\"}}; every call but /v1/auth/token and /v1/health needs a bearer token; X-Request-ID is echoed back.",
        version = "1"
    ),
    paths(
        crate::http::auth::token,
        crate::http::auth::health,
        crate::http::auth::openapi_json,
        crate::http::prescriptions::by_number,
        crate::http::prescriptions::by_patient,
        crate::http::prescriptions::history,
        crate::http::holds::place,
        crate::http::holds::release,
        crate::http::dispenses::record,
        crate::http::dispenses::withdraw,
        crate::http::paper::upload,
        crate::http::catalog::delta,
        crate::http::reports::pharmacy_dispenses,
    ),
    components(schemas(dmed_api::ErrorBody, dmed_api::ErrorDetail, dmed_api::ErrorCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in"),
        (name = "health", description = "Outage probe and this document"),
        (name = "prescriptions", description = "Lookups"),
        (name = "holds", description = "Exclusive reservations"),
        (name = "dispenses", description = "Dispenses, withdrawals, history, paper records"),
        (name = "catalog", description = "National drug list deltas"),
        (name = "reports", description = "The pharmacy's dispenses for managers' reports"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document served at `/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as pretty JSON with a trailing newline (the committed form).
pub fn openapi_json() -> String {
    let mut s = openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
