//! Auto-lock and switching user through the real parts: a sandbox process, the counter's
//! encrypted database and its local verifiers. A locked counter refuses patient work; its user
//! unlocks it also during an outage; five wrong secrets sign them out and hand their hold back;
//! another person signs in from the lock screen while the first one's draft stays theirs and is
//! never sent under the other's name; a session resumed after a restart starts locked.

mod common;

use common::*;
use counter::lock::{LockReason, REASON_PARKED_DRAFT, UNLOCK_ATTEMPTS};
use counter::{DispenseDraft, Sensitive};
use dmed_api::ErrorCode;
use dmed_sandbox::DemoLogin;
use sandbox_process::SandboxProcess;
use serde_json::json;

fn staff(sbx: &SandboxProcess, role: &str) -> DemoLogin {
    staff_of(&sbx.demo(), role)
}

fn secret(login: &DemoLogin) -> Sensitive<String> {
    Sensitive::new(login.secret.clone())
}

fn actions(tc: &TestCounter) -> Vec<String> {
    tc.store()
        .audit_rows(&Default::default())
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

fn outage(sbx: &SandboxProcess, on: bool) {
    sbx.admin(
        "/_sandbox/faults",
        if on {
            json!({ "outage": true })
        } else {
            json!({})
        },
    );
}

#[tokio::test]
async fn a_locked_counter_refuses_patient_work_and_its_user_unlocks_it_also_offline() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let pharmacist = staff(&sbx, "pharmacist");
    let tc = signed_in_as(&sbx, &pharmacist).await;
    let rx = rx(&demo, "chronic_active");
    tc.counter.lookup(&rx.payload, None).await.unwrap();

    tc.counter.lock(LockReason::Manual).await.unwrap();
    let state = tc.counter.lock_state().await;
    assert!(state.locked);
    assert_eq!(state.reason, Some(LockReason::Manual));
    let refused = tc.counter.lookup(&rx.payload, None).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Locked);
    assert_eq!(
        tc.counter
            .search_products("x", "")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Locked
    );
    assert!(
        tc.counter.session().is_some(),
        "the lock screen still names who is signed in"
    );

    let wrong = tc
        .counter
        .unlock(Sensitive::new("not it".into()))
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Unauthenticated);
    assert_eq!(wrong.details()["attempts_left"], UNLOCK_ATTEMPTS - 1);
    assert!(tc.counter.lock_state().await.locked);

    // The central system is out: the local verifier still knows the secret.
    outage(&sbx, true);
    let state = tc.counter.unlock(secret(&pharmacist)).await.unwrap();
    assert!(!state.locked);
    assert_eq!(state.attempts_left, UNLOCK_ATTEMPTS);
    outage(&sbx, false);
    tc.counter.lookup(&rx.payload, None).await.unwrap();

    // The refused lookup is in the trail too, with its code.
    let rows = tc.store().audit_rows(&Default::default()).unwrap();
    let tail: Vec<&str> = rows[rows.len() - 6..]
        .iter()
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(
        tail,
        [
            "lookup",
            "lock",
            "lookup",
            "unlock_failed",
            "unlock",
            "lookup"
        ]
    );
    assert!(rows[rows.len() - 4].details.contains("LOCKED"));
}

#[tokio::test]
async fn five_wrong_secrets_sign_the_user_out_and_hand_their_hold_back() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let pharmacist = staff(&sbx, "pharmacist");
    let tc = signed_in_as(&sbx, &pharmacist).await;
    let rx = rx(&demo, "chronic_active");
    tc.counter.lookup(&rx.payload, None).await.unwrap();
    tc.counter.hold(&rx.number).await.unwrap();
    tc.counter.lock(LockReason::Idle).await.unwrap();

    for _ in 1..UNLOCK_ATTEMPTS {
        let e = tc
            .counter
            .unlock(Sensitive::new("guess".into()))
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unauthenticated);
    }
    let last = tc
        .counter
        .unlock(Sensitive::new("guess".into()))
        .await
        .unwrap_err();
    assert_eq!(last.code(), ErrorCode::TooManyAttempts);
    assert_eq!(last.details()["reason"], "unlock_attempts");
    assert!(tc.counter.session().is_none(), "signed out");
    assert!(
        !tc.counter.lock_state().await.locked,
        "nothing left to lock"
    );

    let raw = raw_client(&sbx.base_url, &demo.pharmacies[1]).await;
    let p = fetch(&raw, rx).await;
    assert!(p.hold.is_none(), "the hold was handed back: {:?}", p.hold);
    assert_eq!(actions(&tc).last().map(String::as_str), Some("sign_out"));
}

#[tokio::test]
async fn another_user_signs_in_from_the_lock_screen_and_the_draft_stays_its_owners() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let aziza = staff(&sbx, "pharmacist");
    let manager = staff(&sbx, "manager");
    let tc = signed_in_as(&sbx, &aziza).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let hold = tc.counter.hold(&rx.number).await.unwrap();

    // Only from the lock screen.
    let e = tc
        .counter
        .switch_user(&manager.login, secret(&manager))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadRequest);
    tc.counter.lock(LockReason::Idle).await.unwrap();

    // A wrong secret changes nothing.
    let e = tc
        .counter
        .switch_user(&manager.login, Sensitive::new("nope".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unauthenticated);
    assert_eq!(
        tc.counter.session().unwrap().pharmacist.pinfl,
        aziza.pinfl,
        "still the locked person's"
    );

    let b = tc
        .counter
        .switch_user(&manager.login, secret(&manager))
        .await
        .unwrap();
    assert_eq!(b.pharmacist.pinfl, manager.pinfl);
    let state = tc.counter.lock_state().await;
    assert!(!state.locked);
    assert_eq!(state.parked.len(), 1);
    assert_eq!(state.parked[0].owner.pharmacist.pinfl, aziza.pinfl);

    // The manager can neither send, take nor hand back the parked draft's prescription.
    let mut draft: DispenseDraft = one_line_draft(&rx.number, &item, &product, 1);
    draft.hold_id = Some(hold.hold_id.to_string());
    tc.counter.lookup(&rx.payload, None).await.unwrap();
    let refused = tc.counter.dispense(draft.clone()).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    assert_eq!(refused.details()["reason"], REASON_PARKED_DRAFT);
    assert!(refused.to_string().contains(&aziza.full_name), "{refused}");
    let no_hold = DispenseDraft {
        receiver: None,
        hold_id: None,
        ..draft.clone()
    };
    assert_eq!(
        tc.counter.dispense(no_hold).await.unwrap_err().details()["reason"],
        REASON_PARKED_DRAFT
    );
    assert_eq!(
        tc.counter.hold(&rx.number).await.unwrap_err().details()["reason"],
        REASON_PARKED_DRAFT
    );
    assert_eq!(
        tc.counter
            .release_hold(&rx.number, hold.hold_id)
            .await
            .unwrap_err()
            .details()["reason"],
        REASON_PARKED_DRAFT
    );

    // Aziza comes back during an outage: her verifier and her own token bring her draft back.
    tc.counter.lock(LockReason::Manual).await.unwrap();
    outage(&sbx, true);
    let back = tc
        .counter
        .switch_user(&aziza.login, secret(&aziza))
        .await
        .unwrap();
    assert_eq!(back.pharmacist.pinfl, aziza.pinfl);
    outage(&sbx, false);
    let state = tc.counter.lock_state().await;
    assert!(!state.locked);
    assert_eq!(state.parked.len(), 1, "the manager's session is parked now");
    assert_eq!(state.parked[0].owner.pharmacist.pinfl, manager.pinfl);

    // Her hold was handed back when the counter locked: her draft takes one again.
    let again = tc.counter.hold(&rx.number).await.unwrap();
    let draft = DispenseDraft {
        receiver: None,
        hold_id: Some(again.hold_id.to_string()),
        ..draft
    };
    let done = tc.counter.dispense(draft).await.unwrap();
    let central = done.dispense.expect("delivered");
    assert_eq!(
        central.pharmacist_pinfl, aziza.pinfl,
        "the central record names who handed it over"
    );

    let acts = actions(&tc);
    assert!(
        acts.iter().filter(|a| *a == "unlock").count() >= 2,
        "{acts:?}"
    );
    assert!(acts.contains(&"sign_in_failed".to_owned()), "{acts:?}");
}

#[tokio::test]
async fn a_session_resumed_after_a_restart_starts_locked() {
    let sbx = SandboxProcess::start();
    let pharmacist = staff(&sbx, "pharmacist");
    let demo = sbx.demo();
    let tc = signed_in_as(&sbx, &pharmacist).await;
    let again = open_counter_in(tc.dir.path(), &sbx.base_url);
    let session = again.resume_session().await.expect("resumed");
    assert_eq!(session.pharmacist.pinfl, pharmacist.pinfl);
    let state = again.lock_state().await;
    assert!(state.locked);
    assert_eq!(state.reason, Some(LockReason::Restart));
    let rx = rx(&demo, "chronic_active");
    assert_eq!(
        again.lookup(&rx.payload, None).await.unwrap_err().code(),
        ErrorCode::Locked
    );
    again.unlock(secret(&pharmacist)).await.unwrap();
    again.lookup(&rx.payload, None).await.unwrap();
}

#[tokio::test]
async fn only_a_manager_chooses_when_the_counter_locks_and_the_choice_is_kept() {
    let sbx = SandboxProcess::start();
    let pharmacist = signed_in_as(&sbx, &staff(&sbx, "pharmacist")).await;
    assert_eq!(pharmacist.counter.lock_after_minutes(), 5, "the default");
    let e = pharmacist.counter.save_lock_after_minutes(10).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);

    let manager = signed_in_as(&sbx, &staff(&sbx, "manager")).await;
    for bad in [0, 31] {
        let e = manager.counter.save_lock_after_minutes(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSetting, "{bad}");
    }
    manager.counter.save_lock_after_minutes(12).unwrap();
    assert_eq!(manager.counter.lock_after_minutes(), 12);
    let reopened = open_counter_in(manager.dir.path(), &sbx.base_url);
    assert_eq!(reopened.lock_after_minutes(), 12);
    assert_eq!(reopened.lock_state().await.lock_after_minutes, 12);
}
