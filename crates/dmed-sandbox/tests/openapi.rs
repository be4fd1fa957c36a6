//! The committed OpenAPI document matches the generated one, and the server serves it.

use sandbox_process::SandboxProcess;

const COMMITTED: &str = include_str!("../../../docs/api/openapi.json");

#[test]
fn the_committed_openapi_document_is_current() {
    let generated = dmed_sandbox::openapi_json();
    assert!(
        COMMITTED == generated,
        "docs/api/openapi.json is out of date; regenerate it with:\n  \
         cargo run -p dmed-sandbox -- openapi > docs/api/openapi.json"
    );
}

#[test]
fn the_document_covers_every_endpoint_and_is_served() {
    let doc: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/auth/token",
        "/v1/health",
        "/v1/prescriptions/{number}",
        "/v1/patients/{pinfl}/prescriptions",
        "/v1/prescriptions/{number}/hold",
        "/v1/prescriptions/{number}/hold/{hold_id}",
        "/v1/dispenses",
        "/v1/dispenses/{id}/withdraw",
        "/v1/prescriptions/{number}/dispenses",
        "/v1/paper-records",
        "/v1/catalog",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["Prescription"].is_object());

    let sandbox = SandboxProcess::start();
    let served: serde_json::Value =
        reqwest::blocking_get(&format!("{}/v1/openapi.json", sandbox.base_url));
    assert_eq!(served, doc);
}

mod reqwest {
    /// A tiny blocking GET over the async client (the tests avoid reqwest's blocking feature).
    pub fn blocking_get(url: &str) -> serde_json::Value {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async { ::reqwest::get(url).await.unwrap().json().await.unwrap() })
    }
}
