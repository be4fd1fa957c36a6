//! The endpoint checks against the real sandbox process over HTTP, on both of its faces
//! (contract v1 and FHIR): reachable, its clock in step with ours, plain HTTP on loopback.

use counter::client::Adapter;
use doctor::endpoint::{check, Target};
use doctor::Status;
use sandbox_process::SandboxProcess;

fn by_check<'a>(f: &'a [doctor::Finding], check: &str) -> &'a doctor::Finding {
    f.iter().find(|f| f.check == check).unwrap()
}

#[tokio::test]
async fn the_sandbox_is_reachable_in_step_and_local_on_both_faces() {
    let sandbox = SandboxProcess::start();
    for target in [
        Target {
            adapter: Adapter::DmedV1,
            url: sandbox.base_url.clone(),
        },
        Target {
            adapter: Adapter::DhpFhir,
            url: format!("{}/fhir", sandbox.base_url),
        },
    ] {
        let f = check(Some(&target)).await;
        let endpoint = by_check(&f, "endpoint");
        assert_eq!(
            (endpoint.status, endpoint.outcome.as_str()),
            (Status::Ok, "reachable"),
            "{target:?}: {f:?}"
        );
        assert_eq!(by_check(&f, "tls").outcome, "plain_local", "{f:?}");
        let clock = by_check(&f, "clock");
        assert_eq!(
            (clock.status, clock.outcome.as_str()),
            (Status::Ok, "in_step"),
            "{f:?}"
        );
    }
}

#[tokio::test]
async fn a_server_that_stopped_answering_is_a_failure() {
    let sandbox = SandboxProcess::start();
    let url = sandbox.base_url.clone();
    drop(sandbox);
    let f = check(Some(&Target {
        adapter: Adapter::DmedV1,
        url,
    }))
    .await;
    assert_eq!(by_check(&f, "endpoint").status, Status::Fail, "{f:?}");
    assert_eq!(by_check(&f, "clock").status, Status::Skip);
}
