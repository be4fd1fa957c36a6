//! Reports of the whole pharmacy, through a sandbox process: two counters (two data folders) of
//! one pharmacy each see both counters' dispenses; a dispense waiting in one counter's outbox is
//! merged in as not yet confirmed; a withdrawal waiting to be sent already counts; with the
//! central system out the report is this counter's own and says so.

mod common;

use common::*;
use counter::reports::csv::CsvOptions;
use counter::reports::model::ScopeKind;
use counter::reports::{Drill, ExportFormat, ReportQuery};
use counter::withdraw::WithdrawReason;
use counter::DeliveryState;
use sandbox_process::SandboxProcess;

fn today() -> ReportQuery {
    let day = counter::reports::period::local_today(time::OffsetDateTime::now_utc());
    ReportQuery::period(day, day)
}

#[tokio::test]
async fn two_counters_of_a_pharmacy_each_report_both_with_unsent_work_marked() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let manager = staff_of(&demo, "manager");
    let pharmacist = staff_of(&demo, "pharmacist");
    // The counter at the window (the pharmacist) and the back-office PC (the manager).
    let front = signed_in_as(&sbx, &pharmacist).await;
    let back = signed_in_as(&sbx, &manager).await;
    let (rx, item, product) = chronic_with_product(&front.counter, &demo).await;
    let at_front = front
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    back.counter.lookup(&rx.payload, None).await.unwrap();
    let at_back = back
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();

    let report = back.counter.report(&today()).await.unwrap();
    assert_eq!(report.scope.kind, ScopeKind::Pharmacy);
    assert_eq!(report.scope.unconfirmed, 0);
    assert_eq!(report.totals.dispenses, 2, "both counters' dispenses");
    let names: Vec<&str> = report
        .by_pharmacist
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let drill = back
        .counter
        .report_drill(&today(), &Drill::All)
        .await
        .unwrap();
    let ids: Vec<&str> = drill.iter().map(|d| d.dispense_id.as_str()).collect();
    assert!(
        ids.contains(&at_front.dispense_id.as_str()) && ids.contains(&at_back.dispense_id.as_str())
    );

    // The front counter's manager view sees the same, from its own data folder.
    let front_manager = open_counter(&sbx.base_url);
    front_manager
        .counter
        .sign_in(
            &manager.pharmacy_id,
            &manager.login,
            counter::Sensitive::new(manager.secret.clone()),
        )
        .await
        .unwrap();
    let from_front = front_manager.counter.report(&today()).await.unwrap();
    assert_eq!(from_front.totals, report.totals);

    // The back-office PC loses the central system: a dispense waits in its outbox (nothing
    // sends it here: no background tasks run in this test).
    sbx.admin("/_sandbox/faults", serde_json::json!({ "outage": true }));
    let queued = back
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    assert_eq!(queued.state, DeliveryState::Queued);
    // Offline, the report is this counter's own, and says so.
    let own = back.counter.report(&today()).await.unwrap();
    assert_eq!(own.scope.kind, ScopeKind::ThisCounter);
    assert_eq!(
        own.totals.dispenses, 2,
        "its own two, not the front counter's"
    );

    // Back, before its outbox sends: the pharmacy's report merges the waiting one in, marked.
    sbx.admin("/_sandbox/faults", serde_json::json!({}));
    let merged = back.counter.report(&today()).await.unwrap();
    assert_eq!(merged.scope.kind, ScopeKind::Pharmacy);
    assert_eq!(merged.scope.unconfirmed, 1);
    assert_eq!(merged.totals.dispenses, 3);
    let csv = back
        .counter
        .export_report(&today(), ExportFormat::Csv, CsvOptions::default())
        .await
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let waiting: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(&queued.dispense_id))
        .collect();
    assert_eq!(waiting.len(), 1, "{text}");
    assert!(waiting[0].ends_with("pharmacy,no"), "{}", waiting[0]);
    assert!(
        text.lines()
            .skip(1)
            .filter(|l| l.ends_with("pharmacy,yes"))
            .count()
            == 2
    );
}

#[tokio::test]
async fn a_withdrawal_waiting_in_the_outbox_already_takes_the_dispense_out_of_the_report() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let manager = signed_in_as(&sbx, &staff_of(&demo, "manager")).await;
    let (rx, item, product) = chronic_with_product(&manager.counter, &demo).await;
    let d = manager
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();
    // Out of reach, the withdrawal waits in the outbox (no background tasks send it here).
    sbx.admin("/_sandbox/faults", serde_json::json!({ "outage": true }));
    let w = manager
        .counter
        .withdraw(
            &rx.number,
            &d.dispense_id,
            WithdrawReason::RecordedByMistake,
            None,
        )
        .await
        .unwrap();
    assert_eq!(w.state, DeliveryState::Queued);
    sbx.admin("/_sandbox/faults", serde_json::json!({}));
    let report = manager.counter.report(&today()).await.unwrap();
    assert_eq!(report.scope.kind, ScopeKind::Pharmacy);
    assert_eq!(report.totals.dispenses, 0, "withdrawn, though not yet sent");
    assert_eq!(report.withdrawals.len(), 1);
    assert_eq!(report.withdrawals[0].dispense_id, d.dispense_id);
}
