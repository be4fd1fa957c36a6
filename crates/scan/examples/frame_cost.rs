//! What one 1280×720 camera frame costs each decode strategy, with a code and without one (the
//! common case at the counter: most frames show no code). Synthetic frames, release build:
//!
//!     cargo run --release -p scan --example frame_cost
//!
//! Prints the median ms of each strategy on empty frames and on frames with a DMED QR code,
//! and how many codes it read.

use scan::decode::RqrrPass;
use scan::{Decoder, Strategy, SyntheticSource};
use std::time::Instant;

const ROUNDS: usize = 5;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let payloads: Vec<String> = ["AB12CD34EF5", "QQ99RR88SS7", "ZZ00YY11XX2"]
        .iter()
        .filter_map(|body| dmed_api::RxNumber::from_body(body))
        .map(|n| format!("DMEDRX:1:{}:0420", n.as_str()))
        .collect();
    let mut synth = SyntheticSource::new(payloads.clone()).with_size(1280, 720);
    let empty: Vec<_> = (0..payloads.len()).map(|_| synth.render(None)).collect();
    let coded: Vec<_> = payloads.iter().map(|p| synth.render(Some(p))).collect();
    let strategies = [
        ("rqrr (reduced)", Strategy::Pass(RqrrPass::Own)),
        ("quick", Strategy::Quick),
        ("zxing thorough", Strategy::Zxing),
        ("full", Strategy::Full),
    ];
    println!("strategy        empty-frame-ms  code-frame-ms  read");
    for (name, strategy) in strategies {
        let mut decoder = Decoder::new(strategy);
        let (mut t_empty, mut t_code, mut read) = (Vec::new(), Vec::new(), 0);
        for _ in 0..ROUNDS {
            for (e, c) in empty.iter().zip(&coded) {
                decoder.reset();
                let start = Instant::now();
                decoder.decode(e);
                t_empty.push(start.elapsed().as_secs_f64() * 1000.0);
                decoder.reset();
                let start = Instant::now();
                read += decoder.decode(c).len();
                t_code.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        println!(
            "{name:<15} {:>14.1} {:>14.1}  {read}/{}",
            median(t_empty),
            median(t_code),
            ROUNDS * coded.len()
        );
    }
}
