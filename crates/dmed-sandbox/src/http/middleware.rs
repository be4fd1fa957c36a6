//! Cross-cutting layers: `X-Request-ID` echo and logging (paths logged with PINFLs masked),
//! and maintenance mode.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dmed_api::{ErrorCode, HEADER_REQUEST_ID};
use tracing::Instrument;

/// Echoes `X-Request-ID` (or a new one) on the response and logs the call under it.
pub async fn request_id(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(HEADER_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 200)
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().clone();
    let path = mask_pinfls(req.uri().path());
    let span = tracing::info_span!("request", request_id = %id, %method, %path);
    let started = std::time::Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    response
}

/// While maintenance is on, answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`.
pub async fn maintenance(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match state.maintenance.active() {
        // Inside the nested `/v1` router the path is seen without its prefix.
        Some(retry_after) if !matches!(req.uri().path(), "/health" | "/v1/health") => {
            // `retry_after_secs` in the details also sets `Retry-After`.
            ApiError::new(
                ErrorCode::ServiceUnavailable,
                "the central system is under maintenance",
            )
            .with("retry_after_secs", retry_after)
            .into_response()
        }
        _ => next.run(req).await,
    }
}

/// The text with every run of 14 or more digits (a PINFL, possibly glued to a percent-encoded
/// space) masked but for its first and last two digits: `30**********33`.
pub fn mask_pinfls(text: &str) -> String {
    const KEEP: usize = 2;
    const MIN_RUN: usize = 14;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(c);
            i += c.len_utf8().max(1);
            continue;
        }
        let digits = &text[i..i + run];
        if run >= MIN_RUN {
            out.push_str(&digits[..KEEP]);
            out.extend(std::iter::repeat_n('*', run - 2 * KEEP));
            out.push_str(&digits[run - KEEP..]);
        } else {
            out.push_str(digits);
        }
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Maintenance;
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use tower::ServiceExt;

    #[test]
    fn pinfls_are_masked_and_other_numbers_kept() {
        assert_eq!(
            mask_pinfls("/v1/patients/30211975910033/prescriptions"),
            "/v1/patients/30**********33/prescriptions"
        );
        assert_eq!(
            mask_pinfls("/v1/patients/%2030211975910033"),
            "/v1/patients/%20************33"
        );
        assert_eq!(
            mask_pinfls("/v1/catalog/1234567890123"),
            "/v1/catalog/1234567890123"
        );
        assert_eq!(
            mask_pinfls("/v1/prescriptions/AB12-CD34"),
            "/v1/prescriptions/AB12-CD34"
        );
        assert_eq!(mask_pinfls("/ы/30211975910033"), "/ы/30**********33");
    }

    /// A log sink the test can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn the_request_log_never_holds_a_whole_pinfl() {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .finish();
        let _default = tracing::subscriber::set_default(subscriber);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.sqlite");
        let db = crate::db::Db::new(&path, crate::db::open(&path).unwrap()).unwrap();
        let state = AppState {
            db: Arc::new(db),
            clock: Arc::new(crate::clock::Clock::new()),
            token_ttl: std::time::Duration::from_secs(60),
            maintenance: Arc::new(Maintenance::default()),
            faults: Arc::new(crate::fault::Faults::default()),
            lockouts: Arc::new(crate::lockouts::Lockouts::default()),
            oauth_codes: Arc::new(crate::oauth_codes::Codes::default()),
        };
        let app = crate::http::router(state, false);
        let request = axum::http::Request::get("/v1/patients/30211975910033/prescriptions")
            .header("X-Id-Document-Checked", "true")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::UNAUTHORIZED);

        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("answered"), "the call was logged: {log}");
        assert!(log.contains("30**********33"), "{log}");
        assert!(
            !log.contains("30211975910033"),
            "a whole PINFL was logged: {log}"
        );
    }
}
