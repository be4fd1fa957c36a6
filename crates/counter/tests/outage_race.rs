//! Two counters of different pharmacies race for one prescription: exactly one dispense is
//! recorded; the other is told clearly why not.

mod common;

use common::*;
use counter::{DispenseDraft, DraftLine};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;

async fn hold_and_dispense_all(
    tc: &TestCounter,
    payload: &str,
) -> Result<String, counter::CounterError> {
    let found = tc.counter.lookup(payload, None).await?;
    let p = &found.prescriptions[0];
    let hold = tc.counter.hold(&p.number).await?;
    let mut lines = Vec::new();
    for item in &p.items {
        let product = tc.counter.search_products(&item.inn, "").await?[0]
            .product_id
            .clone();
        lines.push(DraftLine {
            not_dispensed: None,
            item_id: item.item_id.clone(),
            product_id: product,
            quantity: item.quantity_prescribed - item.quantity_dispensed,
            ..DraftLine::default()
        });
    }
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            receiver: None,
            prescription_number: p.number.clone(),
            hold_id: Some(hold.hold_id.to_string()),
            lines,
        })
        .await?;
    Ok(outcome.dispense_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_counters_racing_for_one_prescription_make_exactly_one_dispense() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let a = signed_in(&sbx, 0).await;
    let b = signed_in(&sbx, 1).await;
    for p in rxs(&demo, "active").into_iter().take(3) {
        let (ra, rb) = tokio::join!(
            hold_and_dispense_all(&a, &p.payload),
            hold_and_dispense_all(&b, &p.payload)
        );
        let (won, lost) = match (ra, rb) {
            (Ok(id), Err(e)) | (Err(e), Ok(id)) => (id, e),
            other => panic!("exactly one must win: {other:?}"),
        };
        assert!(
            matches!(
                lost.code(),
                ErrorCode::HeldByOtherPharmacy | ErrorCode::AlreadyDispensed
            ),
            "the loser is told clearly: {lost}"
        );
        let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
        let history = raw.history(&p.number).await.unwrap();
        assert_eq!(history.dispenses.len(), 1, "{}", p.number);
        assert_eq!(history.dispenses[0].dispense_id.to_string(), won);
    }
}
