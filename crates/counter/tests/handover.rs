//! How items are handed over, through a sandbox process: one item as packs of two products,
//! another closed as not dispensed with a reason, who received the medicine; the receipt, the
//! history, the report and the audit trail show them; a closing made offline closes the item on
//! this counter at once; a PINFL lookup records which document was checked.

mod common;

use common::*;
use counter::reports::ReportQuery;
use counter::{DispenseDraft, DraftLine, NotDispensedInput};
use dmed_api::handover::{IdDocumentKind, NotDispensedReason, Receiver, ReceiverKind};
use dmed_api::types::{Item, Prescription};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;

/// An active demo prescription looked up on `tc` with at least two open items, the first of
/// whose INN has two products in the catalogue and at least 2 left: the prescription and those
/// two products.
async fn two_items_two_products(
    tc: &TestCounter,
    demo: &dmed_sandbox::DemoInfo,
) -> (Prescription, String, String) {
    for p in rxs(demo, "active") {
        let found = tc.counter.lookup(&p.payload, None).await.unwrap();
        let rx = found.prescriptions[0].clone();
        if rx.items.len() < 2 || rx.items[0].remaining() < 2 {
            continue;
        }
        let products = tc
            .counter
            .search_products(&rx.items[0].inn, "")
            .await
            .unwrap();
        if products.len() >= 2 {
            let (a, b) = (
                products[0].product_id.clone(),
                products[1].product_id.clone(),
            );
            return (rx, a, b);
        }
    }
    panic!("no active demo prescription with two items and two products for the first");
}

fn line(item: &Item, product: &str, quantity: u32) -> DraftLine {
    DraftLine {
        item_id: item.item_id.clone(),
        product_id: product.to_owned(),
        quantity,
        ..DraftLine::default()
    }
}

fn closing(item: &Item, reason: NotDispensedReason, note: Option<&str>) -> DraftLine {
    DraftLine {
        item_id: item.item_id.clone(),
        not_dispensed: Some(NotDispensedInput {
            reason,
            note: note.map(str::to_owned),
        }),
        ..DraftLine::default()
    }
}

fn mother() -> Receiver {
    Receiver {
        kind: ReceiverKind::Representative,
        document: Some(IdDocumentKind::Passport),
        document_number: Some("AA1234567".into()),
        full_name: Some("Karimova Malika".into()),
        relation: Some("mother".into()),
    }
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+5))
        .date()
}

#[tokio::test]
async fn two_products_one_closed_item_and_a_representative_reach_the_central_system_and_every_view()
{
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in_as(&sbx, &staff_of(&demo, "manager")).await;
    let (rx, a, b) = two_items_two_products(&tc, &demo).await;
    let (first, second) = (&rx.items[0], &rx.items[1]);
    let left = first.remaining();

    // Together above what remains: refused here, before anything is written.
    let too_much = DispenseDraft {
        prescription_number: rx.number.clone(),
        hold_id: None,
        lines: vec![line(first, &a, left - 1), line(first, &b, 2)],
        receiver: None,
    };
    let err = tc.counter.dispense(too_much).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuantityExceeded, "{err}");
    assert_eq!(err.details()["remaining"], left);

    // "Other" without words: refused in words, naming the field.
    let wordless = DispenseDraft {
        prescription_number: rx.number.clone(),
        hold_id: None,
        lines: vec![closing(second, NotDispensedReason::Other, Some("  "))],
        receiver: None,
    };
    let err = tc.counter.dispense(wordless).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert_eq!(err.details()["field"], "not_dispensed_note");

    // A representative without a document number: refused, naming the field.
    let mut nameless = mother();
    nameless.document_number = None;
    let err = tc
        .counter
        .dispense(DispenseDraft {
            prescription_number: rx.number.clone(),
            hold_id: None,
            lines: vec![line(first, &a, 1)],
            receiver: Some(nameless),
        })
        .await
        .unwrap_err();
    assert_eq!(err.details()["field"], "receiver.document_number");
    assert_eq!(tc.store().dispenses_of(&rx.number).unwrap().len(), 0);

    // The whole first item as two products; the second closed: a suspected prescription error.
    let outcome = tc
        .counter
        .dispense(DispenseDraft {
            prescription_number: rx.number.clone(),
            hold_id: None,
            lines: vec![
                line(first, &a, left - 1),
                line(first, &b, 1),
                closing(
                    second,
                    NotDispensedReason::SuspectedError,
                    Some("dose ten times the usual"),
                ),
            ],
            receiver: Some(mother()),
        })
        .await
        .unwrap();
    let answer = outcome.dispense.expect("delivered");
    assert_eq!(answer.items.len(), 3);
    assert_eq!(
        answer.items[2].not_dispensed_reason.as_deref(),
        Some("suspected_error: dose ten times the usual")
    );
    assert_eq!(answer.receiver, Some(mother()));
    let now = outcome.prescription.expect("the prescription as it stands");
    assert_eq!(now.items[0].remaining(), 0);
    assert_eq!(
        now.items[1].status,
        dmed_api::types::ItemStatus::NotDispensed
    );

    // The receipt names both products, the closed item with its reason, and who received it
    // with the document number masked.
    let text = pdf_text(&tc.counter.receipt_pdf(&outcome.dispense_id).unwrap());
    for product in [&a, &b] {
        let name = tc.counter.search_products(&first.inn, "").await.unwrap();
        let trade = &name
            .iter()
            .find(|p| &p.product_id == product)
            .unwrap()
            .trade_name;
        assert!(text.contains(trade.as_str()), "{trade} in {text}");
    }
    assert!(text.contains("dose ten times the usual"), "{text}");
    assert!(text.contains("Karimova Malika"), "{text}");
    assert!(
        text.contains("*****4567") && !text.contains("AA1234567"),
        "{text}"
    );

    // The history: the closing line with its reason, the receiver masked.
    let h = tc.counter.history(&rx.number).await.unwrap();
    let e = h
        .entries
        .iter()
        .find(|e| e.dispense_id == outcome.dispense_id)
        .unwrap();
    assert_eq!(e.lines.len(), 3);
    assert_eq!(
        e.lines[2].not_dispensed_reason,
        Some(NotDispensedReason::SuspectedError)
    );
    let shown = e.receiver.as_ref().expect("receiver");
    assert_eq!(shown.document_number.as_deref(), Some("*****4567"));

    // The report: the two products handed over are items; the closed one is counted by reason.
    let report = tc
        .counter
        .report(&ReportQuery::period(today(), today()))
        .await
        .unwrap();
    assert_eq!(
        report.totals.items, 2,
        "a closed item is not an item handed over"
    );
    let suspected = report
        .not_dispensed
        .iter()
        .find(|r| r.reason == NotDispensedReason::SuspectedError)
        .unwrap();
    assert_eq!((suspected.items, suspected.dispenses), (1, 1));
    assert_eq!(report.not_dispensed_lines.len(), 1);
    assert_eq!(report.not_dispensed_lines[0].inn, second.inn);
    let pdf = pdf_text(
        &tc.counter
            .export_report(
                &ReportQuery::period(today(), today()),
                counter::reports::ExportFormat::Pdf,
                Default::default(),
            )
            .await
            .unwrap(),
    );
    assert!(pdf.contains("dose ten times the usual"), "{pdf}");

    // The audit trail: the reason's code and the receiver's kind, never their name.
    let audit = tc
        .counter
        .audit_log(&counter::audit::AuditQuery::default())
        .unwrap();
    let row = audit
        .iter()
        .find(|r| r.action == "dispense" && r.subject == rx.number)
        .unwrap();
    assert!(row.details.contains("suspected_error"), "{}", row.details);
    assert!(row.details.contains("representative"), "{}", row.details);
    assert!(!row.details.contains("Malika"), "{}", row.details);
}

#[tokio::test]
async fn an_item_closed_offline_is_closed_on_this_counter_at_once_and_on_the_central_system_later()
{
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in_as(&sbx, &staff_of(&demo, "manager")).await;
    let (rx, item, _) = chronic_with_product(&tc.counter, &demo).await;
    let _tasks = tc.counter.start_background();
    go_offline(&sbx, &tc.counter).await;

    let draft = |reason| DispenseDraft {
        prescription_number: rx.number.clone(),
        hold_id: None,
        lines: vec![closing(&item, reason, None)],
        receiver: Some(Receiver::patient(Some(IdDocumentKind::IdCard))),
    };
    let queued = tc
        .counter
        .dispense(draft(NotDispensedReason::OutOfStock))
        .await
        .unwrap();
    assert_eq!(queued.state, counter::DeliveryState::Queued);
    // Closed here already: closing it again is refused, in words.
    let err = tc
        .counter
        .dispense(draft(NotDispensedReason::PatientDeclined))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::QuantityExceeded, "{err}");
    assert!(err.to_string().contains("remains"), "{err}");

    // Back online, the outbox sends it and the central system closes the item.
    sbx.admin("/_sandbox/faults", serde_json::json!({ "outage": false }));
    assert!(
        eventually(std::time::Duration::from_secs(20), || tc
            .counter
            .outbox_status()
            .is_ok_and(|s| s.pending == 0))
        .await,
        "the outbox drains"
    );
    let raw = raw_client(&sbx.base_url, &staff_of(&demo, "manager")).await;
    let central = fetch(&raw, rx).await;
    let central_item = central
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap();
    assert_eq!(
        central_item.status,
        dmed_api::types::ItemStatus::NotDispensed
    );
}

#[tokio::test]
async fn a_pinfl_lookup_records_which_document_was_checked() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in_as(&sbx, &staff_of(&demo, "manager")).await;
    let p = rx(&demo, "active");
    let err = tc.counter.lookup(&p.pinfl, None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::IdDocumentCheckRequired);
    tc.counter
        .lookup(&p.pinfl, Some(IdDocumentKind::BirthCertificate))
        .await
        .unwrap();
    let audit = tc
        .counter
        .audit_log(&counter::audit::AuditQuery::default())
        .unwrap();
    let row = audit
        .iter()
        .rev()
        .find(|r| r.action == "lookup" && r.details.contains("\"found\""))
        .unwrap();
    assert!(row.details.contains("birth_certificate"), "{}", row.details);
    assert!(!row.subject.contains(&p.pinfl), "the PINFL is masked");
}
