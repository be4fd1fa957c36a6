//! `GET /fhir/.well-known/smart-configuration` (no sign-in): where to sign in, as the SMART App
//! Launch guide has a FHIR server say it (plain JSON, not a FHIR resource). The endpoints are on
//! the scheme and host the request came to, since the sandbox's port is chosen at start.

use super::answer::root_of;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

/// The SMART configuration.
pub async fn configuration(headers: HeaderMap) -> Json<Value> {
    let root = root_of(&headers);
    Json(json!({
        "authorization_endpoint": format!("{root}/oauth/authorize"),
        "token_endpoint": format!("{root}/oauth/token"),
        "grant_types_supported": ["authorization_code", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "capabilities": ["launch-standalone", "client-public", "client-confidential-symmetric"],
    }))
}
