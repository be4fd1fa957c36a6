//! Withdrawing a dispense and the prescription's history, through a sandbox process: the newest
//! dispense withdrawn online (history, central quantities, the audit trail and the report show
//! it); a withdrawal asked while offline waits in the outbox behind the dispense it withdraws
//! and reaches the central system after it; refusals (not the newest, too late, another
//! pharmacy's) come back explained.

mod common;

use common::*;
use counter::reports::ReportQuery;
use counter::withdraw::WithdrawReason;
use counter::{DeliveryState, Sensitive};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use serde_json::json;
use std::time::Duration;

/// A counter signed in as the manager of the first demo pharmacy (managers dispense too, and
/// see reports).
async fn manager(sbx: &SandboxProcess) -> TestCounter {
    signed_in_as(sbx, &staff_of(&sbx.demo(), "manager")).await
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+5))
        .date()
}

#[tokio::test]
async fn the_newest_dispense_is_withdrawn_online_and_history_quantities_audit_and_report_show_it() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = manager(&sbx).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let first = tc
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    let second = tc
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 2))
        .await
        .unwrap();

    let h = tc.counter.history(&rx.number).await.unwrap();
    assert!(h.complete);
    let ours: Vec<_> = h.entries.iter().filter(|e| e.ours).collect();
    assert_eq!(ours.len(), 2);
    let newest = ours.last().unwrap();
    assert_eq!(newest.dispense_id, second.dispense_id);
    assert!(newest.can_withdraw && newest.can_reprint && newest.confirmed);
    assert!(!newest.pharmacy_name.is_empty() && !newest.pharmacist_name.is_empty());
    assert_eq!(newest.lines[0].quantity, 2);
    assert!(!newest.lines[0].trade_name.is_empty());
    assert!(!ours[0].can_withdraw, "not the newest");

    // Not the newest: refused here, in words.
    let e = tc
        .counter
        .withdraw(
            &rx.number,
            &first.dispense_id,
            WithdrawReason::WrongQuantity,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::WithdrawNotAllowed);
    assert_eq!(e.details()["reason"], "not_newest");

    let done = tc
        .counter
        .withdraw(
            &rx.number,
            &second.dispense_id,
            WithdrawReason::WrongQuantity,
            Some("two packs recorded, one handed over".into()),
        )
        .await
        .unwrap();
    assert_eq!(done.state, DeliveryState::Delivered);
    let h = tc.counter.history(&rx.number).await.unwrap();
    let w = h
        .entries
        .iter()
        .find(|e| e.dispense_id == second.dispense_id)
        .unwrap();
    assert!(w.withdrawn && !w.can_withdraw);
    let first_now = h
        .entries
        .iter()
        .find(|e| e.dispense_id == first.dispense_id)
        .unwrap();
    assert!(
        first_now.can_withdraw,
        "the older one is the newest live one now"
    );
    let slip = tc.counter.withdrawal_slip_pdf(&second.dispense_id).unwrap();
    assert!(slip.starts_with(b"%PDF"));
    assert_eq!(
        tc.counter
            .withdrawal_slip_pdf(&first.dispense_id)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound,
        "no slip for a dispense that was not withdrawn"
    );

    // The central quantities count only the first dispense.
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let central = fetch(&raw, rx).await;
    let it = central
        .items
        .iter()
        .find(|i| i.item_id == item.item_id)
        .unwrap();
    assert_eq!(it.quantity_dispensed, item.quantity_dispensed + 1);

    let rows = tc.store().audit_rows(&Default::default()).unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last.action, "withdraw");
    assert!(last.details.contains("wrong_quantity"), "{}", last.details);

    let report = tc
        .counter
        .report(&ReportQuery::period(today(), today()))
        .await
        .unwrap();
    assert_eq!(report.withdrawals.len(), 1);
    assert_eq!(report.withdrawals[0].dispense_id, second.dispense_id);
    assert!(report.withdrawals[0]
        .withdraw_reason
        .as_deref()
        .unwrap()
        .starts_with("wrong_quantity"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_asked_offline_waits_behind_its_dispense_and_follows_it() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = manager(&sbx).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let _tasks = tc.counter.start_background();
    go_offline(&sbx, &tc.counter).await;
    let queued = tc
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    assert_eq!(queued.state, DeliveryState::Queued);
    let h = tc.counter.history(&rx.number).await.unwrap();
    assert!(!h.complete, "this counter's own history while offline");
    let mine = h.entries.last().unwrap();
    assert!(!mine.confirmed && mine.can_withdraw);

    let w = tc
        .counter
        .withdraw(
            &rx.number,
            &queued.dispense_id,
            WithdrawReason::RecordedByMistake,
            None,
        )
        .await
        .unwrap();
    assert_eq!(w.state, DeliveryState::Queued);
    let outbox = tc.store().outbox().unwrap();
    let kinds: Vec<&str> = outbox.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["dispense", "withdraw"],
        "behind the dispense, never before"
    );

    sbx.admin("/_sandbox/faults", json!({}));
    tc.counter.send_now();
    assert!(
        eventually(Duration::from_secs(20), || tc.counter.outbox_len().unwrap()
            == 0)
        .await,
        "both sent"
    );
    let raw = raw_client(&sbx.base_url, &demo.pharmacies[0]).await;
    let history = raw.history(&rx.number).await.unwrap();
    let central = history
        .dispenses
        .iter()
        .find(|d| d.dispense_id.to_string() == queued.dispense_id)
        .expect("the dispense reached the central system");
    assert_eq!(central.status, dmed_api::types::DispenseStatus::Withdrawn);
}

#[tokio::test]
async fn too_late_and_another_pharmacys_are_refused_in_words() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = manager(&sbx).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let d = tc
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();

    // Another pharmacy sees it in the history but may not withdraw it.
    let other = signed_in(&sbx, 1).await;
    other.counter.lookup(&rx.payload, None).await.unwrap();
    let h = other.counter.history(&rx.number).await.unwrap();
    let theirs = h
        .entries
        .iter()
        .find(|e| e.dispense_id == d.dispense_id)
        .unwrap();
    assert!(!theirs.ours && !theirs.can_withdraw && !theirs.can_reprint);
    let e = other
        .counter
        .withdraw(
            &rx.number,
            &d.dispense_id,
            WithdrawReason::RecordedByMistake,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::WithdrawNotAllowed);
    assert_eq!(e.details()["reason"], "other_pharmacy");

    // A day later on the central clock (a new session: the old token ran out meanwhile).
    sbx.admin("/_sandbox/clock", json!({ "advance_secs": 25 * 3600 }));
    let m = staff_of(&demo, "manager");
    tc.counter
        .sign_in(&m.pharmacy_id, &m.login, Sensitive::new(m.secret.clone()))
        .await
        .unwrap();
    let e = tc
        .counter
        .withdraw(
            &rx.number,
            &d.dispense_id,
            WithdrawReason::RecordedByMistake,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::WithdrawNotAllowed);
    assert_eq!(e.details()["reason"], "too_late");
    assert!(tc
        .store()
        .dispense(&d.dispense_id)
        .unwrap()
        .unwrap()
        .withdrawn_at
        .is_none());
}

#[tokio::test]
async fn another_counter_of_the_pharmacy_prints_the_receipt_again_from_the_central_history() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let first = signed_in(&sbx, 0).await;
    let (rx, item, product) = chronic_with_product(&first.counter, &demo).await;
    let d = first
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();

    // The back-office PC of the same pharmacy: its manager, another data folder.
    let second = manager(&sbx).await;
    second.counter.lookup(&rx.payload, None).await.unwrap();
    let h = second.counter.history(&rx.number).await.unwrap();
    let e = h
        .entries
        .iter()
        .find(|e| e.dispense_id == d.dispense_id)
        .unwrap();
    assert!(e.ours && e.can_reprint, "{e:?}");
    assert!(
        second.store().dispense(&d.dispense_id).unwrap().is_none(),
        "not held here"
    );
    let pdf = second
        .counter
        .reprint_receipt(&rx.number, &d.dispense_id)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains(&rx.number), "{text}");
    assert!(text.contains(&e.pharmacist_name), "{text}");
    assert!(text.contains(&e.lines[0].trade_name), "{text}");
    assert!(!text.contains(&rx.pinfl), "the patient is masked");

    // Another pharmacy may not.
    let other = signed_in(&sbx, 1).await;
    let err = other
        .counter
        .reprint_receipt(&rx.number, &d.dispense_id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_dispense_withdrawn_at_another_counter_prints_its_slip_here_from_the_central_history() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let first = signed_in(&sbx, 0).await;
    let (rx, item, product) = chronic_with_product(&first.counter, &demo).await;
    let d = first
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    first
        .counter
        .withdraw(
            &rx.number,
            &d.dispense_id,
            WithdrawReason::WrongProduct,
            Some("Nospa instead of Drotaverin".into()),
        )
        .await
        .unwrap();

    // The back-office PC of the same pharmacy: the history says why, and the slip prints there.
    let second = manager(&sbx).await;
    second.counter.lookup(&rx.payload, None).await.unwrap();
    let h = second.counter.history(&rx.number).await.unwrap();
    let e = h
        .entries
        .iter()
        .find(|e| e.dispense_id == d.dispense_id)
        .unwrap();
    assert!(e.withdrawn && e.can_reprint, "{e:?}");
    assert!(
        e.withdraw_reason
            .as_deref()
            .is_some_and(|r| r.contains("Nospa instead of Drotaverin")),
        "{e:?}"
    );
    let pdf = second
        .counter
        .reprint_withdrawal_slip(&rx.number, &d.dispense_id)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("qaytarib olish"), "the slip's title: {text}");
    assert!(text.contains("Nospa instead of Drotaverin"), "{text}");
    assert!(text.contains(&rx.number), "{text}");

    // A dispense that was not withdrawn has no slip.
    let kept = first
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    let err = second
        .counter
        .reprint_withdrawal_slip(&rx.number, &kept.dispense_id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}
