//! `counter-crashloop ENDPOINT DATA_DIR PHARMACY_ID LOGIN SECRET (--drain | PAYLOAD...)`:
//! dispenses one unit at a time of the given prescriptions (QR payloads) until killed or nothing
//! remains, printing each confirmed dispense id at once; `--drain` sends the outbox and exits.
//!
//! `DORIXONA_ADAPTER=dhp-fhir` speaks FHIR to ENDPOINT (the sandbox's `/fhir`), with the OAuth
//! client of `CRASHLOOP_CLIENT_ID` and `CRASHLOOP_CLIENT_SECRET`; the person at the browser is
//! scripted (`sandbox_process::sign_in`) and signs in as PHARMACY_ID, LOGIN and SECRET.

use counter::client::{Adapter, Browser, ClientConfig, Endpoint, OAuthClient};
use counter::secrets::TokenStore;
use counter::{Counter, DispenseDraft, DraftLine, Sensitive};
use crashtest::CONFIRMED;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 6 {
        eprintln!("usage: counter-crashloop ENDPOINT DATA_DIR PHARMACY_ID LOGIN SECRET (--drain | PAYLOAD...)");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counter-crashloop: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<(), counter::CounterError> {
    let (endpoint, dir, pharmacy, login, secret) =
        (&args[0], &args[1], &args[2], &args[3], &args[4]);
    let adapter: Adapter = std::env::var("DORIXONA_ADAPTER")
        .unwrap_or_else(|_| Adapter::DmedV1.to_string())
        .parse()?;
    let mut config = ClientConfig {
        connect_timeout: Duration::from_millis(500),
        ..ClientConfig::default()
    };
    if adapter == Adapter::DhpFhir {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        config.oauth = env("CRASHLOOP_CLIENT_ID").map(|client_id| OAuthClient {
            client_id,
            client_secret: env("CRASHLOOP_CLIENT_SECRET").map(Sensitive::new),
        });
        config.browser = Some(scripted_browser(pharmacy, login, secret));
    }
    let counter = Counter::open_with(
        std::path::Path::new(dir),
        Endpoint::new(adapter, endpoint.as_str()),
        config,
        TokenStore::new("dorixona-crashtest"),
    )?;
    counter
        .sign_in(pharmacy, login, Sensitive::new(secret.clone()))
        .await?;
    if args[5] == "--drain" {
        let left = counter.drain_outbox(Duration::from_secs(60)).await?;
        println!("LEFT {left}");
        return Ok(());
    }
    let _tasks = counter.start_background();
    let mut out = std::io::stdout();
    loop {
        let mut any = false;
        for payload in &args[5..] {
            let found = counter.lookup(payload, None).await?;
            let Some(p) = found.prescriptions.first() else {
                continue;
            };
            // One unit of the first item that still has some (the counter counts its own
            // unconfirmed dispenses and refuses beyond what remains).
            for item in p
                .items
                .iter()
                .filter(|i| i.quantity_prescribed > i.quantity_dispensed)
            {
                let products = counter.search_products(&item.inn, "").await?;
                let Some(product) = products.first() else {
                    continue;
                };
                let outcome = counter
                    .dispense(DispenseDraft {
                        receiver: None,
                        prescription_number: p.number.clone(),
                        hold_id: None,
                        lines: vec![DraftLine {
                            not_dispensed: None,
                            item_id: item.item_id.clone(),
                            product_id: product.product_id.clone(),
                            quantity: 1,
                            ..DraftLine::default()
                        }],
                    })
                    .await;
                match outcome {
                    Ok(o) => {
                        let _ = writeln!(out, "{CONFIRMED}{}", o.dispense_id);
                        let _ = out.flush();
                        any = true;
                        break;
                    }
                    Err(e) => eprintln!("dispense refused: {} {e}", e.code()),
                }
            }
        }
        if !any {
            return Ok(());
        }
    }
}

/// The person at the browser, signing in at the sandbox's page as the loop's member of staff.
fn scripted_browser(pharmacy: &str, login: &str, secret: &str) -> Browser {
    let person = sandbox_process::sign_in::Person {
        pharmacy_id: pharmacy.to_owned(),
        login: login.to_owned(),
        secret: secret.to_owned(),
    };
    std::sync::Arc::new(move |url: &str| {
        let (url, person) = (url.to_owned(), person.clone());
        std::thread::spawn(move || {
            if let Err(e) = sandbox_process::sign_in::sign_in(&url, &person) {
                eprintln!("the scripted sign-in failed: {e}");
            }
        });
        Ok(())
    })
}
