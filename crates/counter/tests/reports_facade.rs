//! The reports facade against a real session: managers get reports and exports, other roles
//! are refused with FORBIDDEN, and nothing works signed out.

mod common;

use common::*;
use counter::reports::csv::CsvOptions;
use counter::reports::{ExportFormat, ReportQuery};
use counter::Sensitive;
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;

fn today() -> ReportQuery {
    let day = counter::reports::period::local_today(time::OffsetDateTime::now_utc());
    ReportQuery::period(day, day)
}

async fn signed_in_as(sbx: &SandboxProcess, role: &str) -> TestCounter {
    let demo = sbx.demo();
    let who = demo
        .staff
        .iter()
        .find(|s| s.role == role)
        .unwrap_or_else(|| panic!("no demo staff with role {role}"));
    let tc = open_counter(&sbx.base_url);
    tc.counter
        .sign_in(
            &who.pharmacy_id,
            &who.login,
            Sensitive::new(who.secret.clone()),
        )
        .await
        .expect("sign in");
    tc
}

#[tokio::test]
async fn a_manager_gets_the_report_and_its_exports_of_the_session_pharmacy() {
    let sbx = SandboxProcess::start();
    let tc = signed_in_as(&sbx, "manager").await;
    let session = tc.counter.session().unwrap();
    let report = tc.counter.report(&today()).await.unwrap();
    assert_eq!(report.pharmacy.id, session.pharmacy.pharmacy_id);
    assert_eq!(report.pharmacy.name, session.pharmacy.name);
    assert_eq!(report.daily.len(), 1);
    let pdf = tc
        .counter
        .export_report(&today(), ExportFormat::Pdf, CsvOptions::default())
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let csv = tc
        .counter
        .export_report(&today(), ExportFormat::Csv, CsvOptions::default())
        .await
        .unwrap();
    assert!(csv.starts_with(b"time,dispense_id"));
    let log = tc.counter.paper_log_pdf(today().from).unwrap();
    assert!(log.starts_with(b"%PDF"));
    let missing = tc.counter.receipt_pdf("no-such-dispense").unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn other_roles_are_refused_reports_and_nobody_signed_out_gets_anything() {
    let sbx = SandboxProcess::start();
    let tc = signed_in_as(&sbx, "pharmacist").await;
    let refused = tc.counter.report(&today()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    let refused = tc
        .counter
        .export_report(&today(), ExportFormat::Xlsx, CsvOptions::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    tc.counter.sign_out().await.unwrap();
    assert_eq!(
        tc.counter.report(&today()).await.unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        tc.counter.receipt_pdf("x").unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
}
