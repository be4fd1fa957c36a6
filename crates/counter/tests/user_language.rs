//! Each person's own language at a shared counter, through a sandbox process and the counter's
//! encrypted database: saved for whoever is signed in, given back when they sign in again,
//! another person's and the device's default untouched; only the four languages are accepted.

mod common;

use common::*;
use counter::lock::LockReason;
use counter::Sensitive;
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;

#[tokio::test]
async fn user_language_follows_each_person_and_leaves_the_device_default() {
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let pharmacist = staff_of(&demo, "pharmacist");
    let manager = staff_of(&demo, "manager");
    let tc = signed_in_as(&sbx, &pharmacist).await;
    let c = &tc.counter;

    assert_eq!(c.user_language().unwrap(), None, "never chosen here");
    assert_eq!(c.language(), "uz", "the device's default until then");
    c.save_user_language("ru").unwrap();
    assert_eq!(c.user_language().unwrap().as_deref(), Some("ru"));
    assert_eq!(c.language(), "ru");
    assert_eq!(
        c.settings().unwrap().language,
        "uz",
        "the device keeps its own"
    );

    let refused = c.save_user_language("fr").unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidSetting);
    assert_eq!(refused.details()["setting"], "language");
    assert_eq!(c.user_language().unwrap().as_deref(), Some("ru"));

    c.sign_out().await.unwrap();
    assert_eq!(
        c.user_language().unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(
        c.save_user_language("en").unwrap_err().code(),
        ErrorCode::NotSignedIn
    );
    assert_eq!(c.language(), "uz");

    let secret = |who: &dmed_sandbox::DemoLogin| Sensitive::new(who.secret.clone());
    c.sign_in(&manager.pharmacy_id, &manager.login, secret(&manager))
        .await
        .unwrap();
    assert_eq!(
        c.user_language().unwrap(),
        None,
        "another person's is theirs"
    );
    c.save_user_language("uz-Cyrl").unwrap();
    c.sign_out().await.unwrap();

    c.sign_in(
        &pharmacist.pharmacy_id,
        &pharmacist.login,
        secret(&pharmacist),
    )
    .await
    .unwrap();
    assert_eq!(c.user_language().unwrap().as_deref(), Some("ru"));

    // Kept in the counter's database: a counter opened again on it still knows.
    let again = open_counter_in(tc.dir.path(), &sbx.base_url);
    again
        .sign_in(&manager.pharmacy_id, &manager.login, secret(&manager))
        .await
        .unwrap();
    assert_eq!(again.user_language().unwrap().as_deref(), Some("uz-Cyrl"));
}

#[tokio::test]
async fn user_language_waits_while_the_counter_is_locked() {
    let sbx = SandboxProcess::start();
    let pharmacist = staff_of(&sbx.demo(), "pharmacist");
    let tc = signed_in_as(&sbx, &pharmacist).await;
    tc.counter.save_user_language("en").unwrap();
    tc.counter.lock(LockReason::Manual).await.unwrap();
    assert_eq!(
        tc.counter.save_user_language("ru").unwrap_err().code(),
        ErrorCode::Locked
    );
    tc.counter
        .unlock(Sensitive::new(pharmacist.secret.clone()))
        .await
        .unwrap();
    assert_eq!(tc.counter.user_language().unwrap().as_deref(), Some("en"));
}
