//! `counter-crashloop ENDPOINT DATA_DIR PHARMACY_ID LOGIN SECRET (--drain | PAYLOAD...)`:
//! dispenses one unit at a time of the given prescriptions (QR payloads) until killed or nothing
//! remains, printing each confirmed dispense id at once; `--drain` sends the outbox and exits.

use counter::client::ClientConfig;
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
    let config = ClientConfig {
        connect_timeout: Duration::from_millis(500),
        ..ClientConfig::default()
    };
    let counter = Counter::open_with(
        std::path::Path::new(dir),
        endpoint,
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
