//! The `dmed-v1` adapter's remaining operations, through the trait the counter holds, against
//! the real `dmed-sandbox`: health, history, withdraw and paper records.

mod common;

use common::*;
use counter::client::ClientConfig;
use dmed_api::types::{
    DispenseStatus, PaperItem, PaperOutcome, PaperRecord, PaperRecordsRequest, Prescriber,
    WithdrawRequest,
};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use uuid::Uuid;

#[tokio::test]
async fn health_needs_no_token() {
    let sbx = SandboxProcess::start();
    let client = counter::client::open(&sbx.base_url, ClientConfig::default()).unwrap();
    let health = client.health().await.unwrap();
    assert_eq!(health.api_version, dmed_api::API_VERSION);
    // Any other call without a token is refused.
    let err = client.history("F8GO8Q2ADU21").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err}");
}

#[tokio::test]
async fn the_newest_dispense_can_be_withdrawn_and_shows_in_history() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let wire = fetch(&raw, p).await;
    let item = &wire.items[0];
    let req = request(
        &demo.pharmacies[0].pinfl,
        &p.number,
        &item.item_id,
        &product_for(&demo, &item.inn),
        1,
    );
    let recorded = raw.dispense(&req).await.unwrap();
    let withdrawn = raw
        .withdraw(
            recorded.dispense_id,
            &WithdrawRequest {
                reason: "handed over by mistake".into(),
            },
            Uuid::new_v4(),
        )
        .await
        .unwrap();
    assert_eq!(withdrawn.status, DispenseStatus::Withdrawn);
    let history = raw.history(&p.number).await.unwrap();
    let row = history
        .dispenses
        .iter()
        .find(|d| d.dispense_id == recorded.dispense_id)
        .expect("in history");
    assert_eq!(row.status, DispenseStatus::Withdrawn);
    // Withdrawing again is refused.
    let err = raw
        .withdraw(
            recorded.dispense_id,
            &WithdrawRequest {
                reason: "again".into(),
            },
            Uuid::new_v4(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WithdrawNotAllowed, "{err}");
}

#[tokio::test]
async fn paper_records_are_accepted_once() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let p = rx(&demo, "active");
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let wire = fetch(&raw, p).await;
    let item = &wire.items[0];
    let record = PaperRecord {
        record_id: Uuid::new_v4(),
        prescription_number: Some(p.number.clone()),
        patient_pinfl: p.pinfl.clone(),
        prescriber: Prescriber {
            full_name: wire.prescriber.full_name.clone(),
            facility: wire.prescriber.facility.clone(),
        },
        pharmacist_pinfl: demo.pharmacies[0].pinfl.clone(),
        dispensed_at: time::OffsetDateTime::now_utc(),
        id_document_checked: true,
        patient_declaration: true,
        reason: Some("central system down".into()),
        items: vec![PaperItem {
            inn: item.inn.clone(),
            product_id: product_for(&demo, &item.inn),
            quantity: 1,
            marking_codes: vec![],
            batch: None,
        }],
    };
    let req = PaperRecordsRequest {
        records: vec![record.clone()],
    };
    let before = raw.history(&p.number).await.unwrap().dispenses.len();
    let first = raw.paper_records(&req, Uuid::new_v4()).await.unwrap();
    assert_eq!(first.results.len(), 1);
    assert_eq!(
        first.results[0].outcome,
        PaperOutcome::Accepted,
        "{first:?}"
    );
    let again = raw.paper_records(&req, Uuid::new_v4()).await.unwrap();
    assert_eq!(again.results[0], first.results[0]);
    // Uploading the same record again changes nothing centrally.
    let history = raw.history(&p.number).await.unwrap();
    assert_eq!(history.dispenses.len(), before + 1);
}
