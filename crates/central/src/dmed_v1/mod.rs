//! The `dmed-v1` adapter: contract v1 over HTTP, one request per operation.
//!
//! Every call carries an `X-Request-ID` (uuid v4) that stays the same when the call is retried,
//! and the bearer token once signed in; mutating calls carry an `Idempotency-Key` (for dispenses,
//! the `dispense_id`). Failures become [`CentralError`]s with the contract code: the server's
//! error envelope keeps its code and `details`; transport failures are `NETWORK_UNAVAILABLE`,
//! timeouts `TIMEOUT`, unreadable answers `PROTOCOL_ERROR`, and 503 `SERVICE_UNAVAILABLE` with the
//! `Retry-After` seconds.

use crate::bounds;
use crate::transport::{seg, Body, Call, Transport};
use crate::{Adapter, CentralError, CentralSystem, ClientConfig, Link, Sensitive};
use async_trait::async_trait;
use dmed_api::handover::IdDocumentKind;
use dmed_api::types::{
    CatalogDelta, Dispense, DispenseHistory, Health, Hold, HoldRequest, PaperRecordsRequest,
    PaperRecordsResponse, PatientPrescriptions, PharmacyDispenses, Prescription, TokenRequest,
    TokenResponse, WithdrawRequest,
};
use dmed_api::{ErrorBody, HEADER_ID_DOCUMENT_CHECKED, HEADER_ID_DOCUMENT_KIND};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use uuid::Uuid;

#[cfg(test)]
mod decode_tests;

/// A client of one central API endpoint.
#[derive(Debug)]
pub struct Client {
    transport: Transport,
}

impl Client {
    /// A client of `endpoint` (the base URL without `/v1`).
    /// Only `https`, or plain `http` to this computer ([`crate::endpoint::validate`]);
    /// redirects are never followed (the API has none, and one could lead the token elsewhere).
    pub fn new(endpoint: &str, config: ClientConfig) -> Result<Self, CentralError> {
        let endpoint = crate::endpoint::validate(endpoint)?;
        let base = format!("{}/v1", endpoint.trim_end_matches('/'));
        Ok(Client {
            transport: Transport::new(base, config, "application/json", read_refusal)?,
        })
    }

    async fn send_json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, CentralError> {
        let answer = self.transport.send(call).await?;
        decode_answer(answer.status, None, &answer.body)
    }

    async fn send(&self, call: Call<'_>) -> Result<(), CentralError> {
        self.transport.send(call).await.map(|_| ())
    }
}

/// A refusal as contract v1 writes it ([`error_from_answer`]).
fn read_refusal(status: StatusCode, retry_after: Option<u64>, body: &[u8]) -> CentralError {
    error_from_answer(status, retry_after, body)
}

#[async_trait]
impl CentralSystem for Client {
    fn adapter(&self) -> Adapter {
        Adapter::DmedV1
    }

    /// The base URL of the API, ending in `/v1`.
    fn base_url(&self) -> &str {
        &self.transport.base
    }

    fn current_token(&self) -> Option<Sensitive<String>> {
        self.transport.token()
    }

    fn set_token(&self, token: Option<Sensitive<String>>) {
        self.transport.set_token(token);
    }

    fn link(&self) -> Arc<Link> {
        self.transport.link.clone()
    }

    // ------------------------------------------------------------------ endpoints

    /// `POST /v1/auth/token`.
    async fn sign_in(&self, req: &TokenRequest) -> Result<TokenResponse, CentralError> {
        let mut call = Call::new(Method::POST, "/auth/token").json_as(req, "application/json")?;
        call.authenticated = false;
        self.send_json(call).await
    }

    /// `GET /v1/health`. Its `server_time` sets [`Client::server_now`].
    async fn health(&self) -> Result<Health, CentralError> {
        let mut call = Call::new(Method::GET, "/health");
        call.authenticated = false;
        let health: Health = self.send_json(call).await?;
        self.transport.set_server_time(health.server_time);
        Ok(health)
    }

    /// The central system's time now, as its last health answer showed its clock (this
    /// computer's clock until one came): hold lives are counted on it.
    fn server_now(&self) -> time::OffsetDateTime {
        self.transport.server_now()
    }

    /// `GET /v1/prescriptions/{number}?code=NNNN`. The number is sent as given (canonical form
    /// expected), so the server's own identifier check can be exercised.
    async fn prescription(&self, number: &str, code: &str) -> Result<Prescription, CentralError> {
        let mut call = Call::new(Method::GET, format!("/prescriptions/{}", seg(number)));
        call.query.push(("code", code.to_owned()));
        self.send_json(call).await
    }

    /// `GET /v1/patients/{pinfl}/prescriptions?status=active`, stating which identity document
    /// the pharmacist checked (`X-Id-Document-Checked`, `X-Id-Document-Kind`); `None` states that
    /// none was.
    async fn patient_prescriptions(
        &self,
        pinfl: &str,
        document: Option<IdDocumentKind>,
    ) -> Result<PatientPrescriptions, CentralError> {
        let mut call = Call::new(
            Method::GET,
            format!("/patients/{}/prescriptions", seg(pinfl)),
        );
        call.query.push(("status", "active".to_owned()));
        call.extra_headers
            .push((HEADER_ID_DOCUMENT_CHECKED, document.is_some().to_string()));
        if let Some(kind) = document {
            call.extra_headers
                .push((HEADER_ID_DOCUMENT_KIND, kind.code().to_owned()));
        }
        self.send_json(call).await
    }

    /// `POST /v1/prescriptions/{number}/hold`.
    async fn hold(
        &self,
        number: &str,
        req: &HoldRequest,
        idempotency_key: Uuid,
    ) -> Result<Hold, CentralError> {
        let call = Call::new(Method::POST, format!("/prescriptions/{}/hold", seg(number)))
            .json_as(req, "application/json")?
            .idempotent(idempotency_key.to_string());
        self.send_json(call).await
    }

    /// `DELETE /v1/prescriptions/{number}/hold/{hold_id}`.
    async fn release_hold(&self, number: &str, hold_id: Uuid) -> Result<(), CentralError> {
        let call = Call::new(
            Method::DELETE,
            format!("/prescriptions/{}/hold/{hold_id}", seg(number)),
        )
        .idempotent(Uuid::new_v4().to_string());
        self.send(call).await
    }

    /// `POST /v1/dispenses` with a body serialized earlier (the outbox keeps the exact bytes so
    /// every resend is byte-identical under the same idempotency key).
    async fn dispense_raw(
        &self,
        dispense_id: Uuid,
        body: Vec<u8>,
    ) -> Result<Dispense, CentralError> {
        let mut call = Call::new(Method::POST, "/dispenses").idempotent(dispense_id.to_string());
        call.body = Body::Bytes(body, "application/json");
        self.send_json(call).await
    }

    /// `POST /v1/dispenses/{id}/withdraw`.
    async fn withdraw(
        &self,
        dispense_id: Uuid,
        req: &WithdrawRequest,
        idempotency_key: Uuid,
    ) -> Result<Dispense, CentralError> {
        let call = Call::new(Method::POST, format!("/dispenses/{dispense_id}/withdraw"))
            .json_as(req, "application/json")?
            .idempotent(idempotency_key.to_string());
        self.send_json(call).await
    }

    /// `GET /v1/prescriptions/{number}/dispenses`.
    async fn history(&self, number: &str) -> Result<DispenseHistory, CentralError> {
        let call = Call::new(
            Method::GET,
            format!("/prescriptions/{}/dispenses", seg(number)),
        );
        self.send_json(call).await
    }

    /// `POST /v1/paper-records`.
    async fn paper_records(
        &self,
        req: &PaperRecordsRequest,
        idempotency_key: Uuid,
    ) -> Result<PaperRecordsResponse, CentralError> {
        let call = Call::new(Method::POST, "/paper-records")
            .json_as(req, "application/json")?
            .idempotent(idempotency_key.to_string());
        self.send_json(call).await
    }

    /// `GET /v1/pharmacy/dispenses`: one page of the pharmacy's dispenses handed over or
    /// withdrawn in `[from, to)` (managers).
    async fn pharmacy_dispenses(
        &self,
        (from, to): (time::OffsetDateTime, time::OffsetDateTime),
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<PharmacyDispenses, CentralError> {
        let rfc = |t: time::OffsetDateTime| {
            t.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        };
        let mut call = Call::new(Method::GET, "/pharmacy/dispenses");
        call.query.push(("from", rfc(from)));
        call.query.push(("to", rfc(to)));
        call.query.push(("limit", limit.to_string()));
        if let Some(c) = cursor {
            call.query.push(("cursor", c.to_owned()));
        }
        self.send_json(call).await
    }

    /// `GET /v1/catalog?since=<version>`.
    async fn catalog(&self, since: u64) -> Result<CatalogDelta, CentralError> {
        let mut call = Call::new(Method::GET, "/catalog");
        call.query.push(("since", since.to_string()));
        self.send_json(call).await
    }
}

/// Turns one answer of the central system into a value: a success status decodes `T` from the
/// body (a body that is not a `T` is `PROTOCOL_ERROR`); any other status is the error the
/// answer's envelope states (see [`error_from_answer`]). Every answer the client receives goes
/// through here; the text an error keeps is bounded whatever the body holds.
pub fn decode_answer<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<u64>,
    body: &[u8],
) -> Result<T, CentralError> {
    let body = accept_answer(status, retry_after, body)?;
    serde_json::from_slice(body).map_err(|e| CentralError::Protocol {
        reason: bounds::text(format!("unexpected answer: {e}")),
    })
}

/// The body of a success answer, or the error any other answer stands for.
fn accept_answer(
    status: u16,
    retry_after: Option<u64>,
    body: &[u8],
) -> Result<&[u8], CentralError> {
    match StatusCode::from_u16(status) {
        Ok(status) if status.is_success() => Ok(body),
        Ok(status) => Err(error_from_answer(status, retry_after, body)),
        Err(_) => Err(CentralError::Protocol {
            reason: format!("HTTP status {status} is out of range"),
        }),
    }
}

/// Maps a non-success answer to an error: the envelope's code and details when there is one,
/// message and details cut to [`bounds`].
pub(crate) fn error_from_answer(
    status: StatusCode,
    retry_after: Option<u64>,
    body: &[u8],
) -> CentralError {
    let envelope = serde_json::from_slice::<ErrorBody>(body).ok();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return CentralError::ServiceUnavailable {
            retry_after_secs: retry_after,
            details: bounds::details(envelope.map(|e| e.error.details).unwrap_or_default()),
        };
    }
    match envelope {
        Some(ErrorBody { error }) => CentralError::Rejected {
            code: error.code,
            message: bounds::text(error.message),
            details: bounds::details(error.details),
        },
        None => CentralError::Protocol {
            reason: format!(
                "HTTP {} without an error envelope: {}",
                status.as_u16(),
                String::from_utf8_lossy(&body[..body.len().min(200)])
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dmed_api::ErrorCode;
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A request as the stub saw it.
    #[derive(Debug, Clone)]
    struct Seen {
        head: String,
        body: Vec<u8>,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<String> {
            self.head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        }
    }

    /// A tiny HTTP/1.1 server answering each connection with the next canned response.
    async fn stub(responses: Vec<String>) -> (String, Arc<Mutex<Vec<Seen>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            for resp in responses {
                let (mut sock, _) = listener.accept().await.unwrap();
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head, body) = loop {
                    let n = sock.read(&mut chunk).await.unwrap();
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..pos]).to_string();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        while buf.len() < pos + 4 + len {
                            let n = sock.read(&mut chunk).await.unwrap();
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        break (head, buf[pos + 4..pos + 4 + len].to_vec());
                    }
                };
                log.lock().unwrap().push(Seen { head, body });
                sock.write_all(resp.as_bytes()).await.unwrap();
                sock.shutdown().await.ok();
            }
        });
        (format!("http://{addr}"), seen)
    }

    fn http(status: &str, extra: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    fn health_json() -> &'static str {
        r#"{"status":"ok","server_time":"2026-11-21T10:00:00Z","api_version":"1"}"#
    }

    #[tokio::test]
    async fn envelope_code_and_details_are_kept() {
        let body = r#"{"error":{"code":"QUANTITY_EXCEEDED","message":"only 3 remain","details":{"remaining":3,"item_id":"i1"}}}"#;
        let (base, _) = stub(vec![http("422 Unprocessable Entity", "", body)]).await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        let err = client.history("ABCD").await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::QuantityExceeded);
        assert_eq!(err.details()["remaining"], 3);
        assert_eq!(err.details()["item_id"], "i1");
    }

    #[tokio::test]
    async fn a_503_keeps_retry_after_and_is_not_retried_when_long() {
        let body = r#"{"error":{"code":"SERVICE_UNAVAILABLE","message":"maintenance"}}"#;
        let (base, seen) = stub(vec![http(
            "503 Service Unavailable",
            "retry-after: 120\r\n",
            body,
        )])
        .await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        let err = client.health().await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::ServiceUnavailable);
        assert_eq!(err.details()["retry_after_secs"], 120);
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_retry_resends_the_same_request_id_and_idempotency_key() {
        let unavailable = http("503 Service Unavailable", "retry-after: 0\r\n", "{}");
        let ok = http(
            "200 OK",
            "",
            r#"{"hold_id":"6f1c2a4e-8d1b-4c39-9a57-1f2b3c4d5e6f","expires_at":"2026-11-21T10:15:00Z"}"#,
        );
        let (base, seen) = stub(vec![unavailable, ok]).await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        client.set_token(Some(Sensitive::new("tok".into())));
        let key = Uuid::new_v4();
        let hold = client
            .hold("ABCD", &HoldRequest::default(), key)
            .await
            .unwrap();
        assert_eq!(
            hold.hold_id.to_string(),
            "6f1c2a4e-8d1b-4c39-9a57-1f2b3c4d5e6f"
        );
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let first = seen[0].header("x-request-id").unwrap();
        assert!(Uuid::parse_str(&first).is_ok());
        assert_eq!(seen[1].header("x-request-id").unwrap(), first);
        assert_eq!(seen[0].header("idempotency-key").unwrap(), key.to_string());
        assert_eq!(seen[1].header("idempotency-key").unwrap(), key.to_string());
        assert_eq!(seen[0].header("authorization").unwrap(), "Bearer tok");
        assert_eq!(seen[0].body, seen[1].body);
    }

    #[tokio::test]
    async fn each_call_gets_its_own_request_id_and_health_has_no_token() {
        let (base, seen) = stub(vec![
            http("200 OK", "", health_json()),
            http("200 OK", "", health_json()),
        ])
        .await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        client.set_token(Some(Sensitive::new("tok".into())));
        client.health().await.unwrap();
        client.health().await.unwrap();
        let seen = seen.lock().unwrap();
        assert_ne!(
            seen[0].header("x-request-id"),
            seen[1].header("x-request-id")
        );
        assert!(seen[0].header("authorization").is_none());
    }

    #[tokio::test]
    async fn a_garbled_answer_is_a_protocol_error() {
        let (base, _) = stub(vec![
            http("200 OK", "", "{\"status\":"),
            http("500 Internal Server Error", "", "<html>oops</html>"),
        ])
        .await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        assert_eq!(
            client.health().await.unwrap_err().code(),
            ErrorCode::ProtocolError
        );
        assert_eq!(
            client.health().await.unwrap_err().code(),
            ErrorCode::ProtocolError
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_network_unavailable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = Client::new(&format!("http://{addr}"), ClientConfig::default()).unwrap();
        let err = client.health().await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::NetworkUnavailable, "{err}");
    }

    #[tokio::test]
    async fn a_silent_server_is_a_timeout() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((sock, _)) = listener.accept().await {
                held.push(sock);
            }
        });
        let config = ClientConfig {
            request_timeout: std::time::Duration::from_millis(300),
            ..ClientConfig::default()
        };
        let client = Client::new(&format!("http://{addr}"), config).unwrap();
        let err = client.health().await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    }

    #[tokio::test]
    async fn a_failed_pinfl_lookup_names_neither_the_pinfl_nor_the_url() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = Client::new(&format!("http://{addr}"), ClientConfig::default()).unwrap();
        let err = client
            .patient_prescriptions("30211975910033", Some(IdDocumentKind::Passport))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::NetworkUnavailable);
        for shown in [
            err.to_string(),
            format!("{err:?}"),
            format!("{:?}", err.details()),
        ] {
            assert!(!shown.contains("30211975910033"), "{shown}");
            assert!(!shown.contains(&addr.to_string()), "{shown}");
        }
    }

    #[tokio::test]
    async fn a_redirect_is_not_followed() {
        let (base, seen) = stub(vec![http(
            "302 Found",
            "Location: http://127.0.0.1:9/v1/health\r\n",
            "",
        )])
        .await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        let err = client.health().await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::ProtocolError, "{err}");
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn plain_http_is_refused_for_another_computer() {
        let err = Client::new("http://10.0.0.5:8787", ClientConfig::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidSetting);
        assert!(Client::new("https://dmed.example.uz", ClientConfig::default()).is_ok());
    }

    #[tokio::test]
    async fn the_pinfl_lookup_states_the_document_check() {
        let (base, seen) = stub(vec![http("200 OK", "", r#"{"prescriptions":[]}"#)]).await;
        let client = Client::new(&base, ClientConfig::default()).unwrap();
        let list = client
            .patient_prescriptions("30211975910033", Some(IdDocumentKind::Passport))
            .await
            .unwrap();
        assert!(list.prescriptions.is_empty());
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0].header("x-id-document-checked").unwrap(), "true");
        assert!(seen[0]
            .head
            .starts_with("GET /v1/patients/30211975910033/prescriptions?status=active "));
    }
}
