//! The TLS checks against real certificates: their expiry read from certificates made for the
//! test, and a real TLS server whose self-signed certificate the check refuses.

use std::sync::Arc;

use counter::client::Adapter;
use doctor::endpoint::{certificate, check, Target};
use doctor::{Fact, Status};
use rcgen::{CertificateParams, KeyPair};
use time::{Duration, OffsetDateTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

/// A self-signed certificate for `localhost` valid until `until`, and its key.
fn certificate_until(until: OffsetDateTime) -> (Vec<u8>, KeyPair) {
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params.not_before = until - Duration::days(365);
    params.not_after = until;
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    (cert.der().to_vec(), key)
}

#[test]
fn a_certificate_is_valid_expiring_or_expired_by_its_date() {
    let now = OffsetDateTime::now_utc();
    let (year, _) = certificate_until(now + Duration::days(200) - Duration::hours(1));
    let valid = certificate(Some(&year), now);
    assert_eq!(
        (valid.status, valid.outcome.as_str()),
        (Status::Ok, "valid")
    );
    assert_eq!(valid.fact("days"), Some(&Fact::Number(199)));

    let (soon, _) = certificate_until(now + Duration::days(10) + Duration::hours(1));
    let soon = certificate(Some(&soon), now);
    assert_eq!(
        (soon.status, soon.outcome.as_str()),
        (Status::Warn, "expires_soon")
    );
    assert_eq!(soon.fact("days"), Some(&Fact::Number(10)));

    let (past, _) = certificate_until(now - Duration::days(3));
    let past = certificate(Some(&past), now);
    assert_eq!(
        (past.status, past.outcome.as_str()),
        (Status::Fail, "expired")
    );

    assert_eq!(
        certificate(Some(b"not a certificate"), now).outcome,
        "unreadable"
    );
}

#[tokio::test]
async fn a_server_whose_certificate_is_not_trusted_fails_the_tls_check() {
    let (der, key) = certificate_until(OffsetDateTime::now_utc() + Duration::days(90));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![der.into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    let mut buf = [0u8; 1024];
                    let _ = tls.read(&mut buf).await;
                    let _ = tls
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                        .await;
                }
            });
        }
    });
    let f = check(Some(&Target {
        adapter: Adapter::DmedV1,
        url: format!("https://localhost:{port}"),
    }))
    .await;
    let tls = f.iter().find(|f| f.check == "tls").unwrap();
    assert_eq!(
        (tls.status, tls.outcome.as_str()),
        (Status::Fail, "invalid"),
        "{f:?}"
    );
    assert_eq!(f[0].status, Status::Fail);
}
