//! Receipts on a real CUPS queue: a private `cupsd` (its own configuration, socket and spool in
//! a temporary folder) with a queue whose backend writes each job to a file, so the job that
//! reached the printer is read back: ESC/POS bytes in code page 866, or the PDF. A stopped
//! printer and a printer that is gone are refused in words, and nothing is sent.

mod common;

use common::*;
use counter::printing::{PrintSettings, ReceiptFormat};
use dmed_api::ErrorCode;
use sandbox_process::SandboxProcess;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A private CUPS server with one capturing queue, stopped when dropped.
struct CupsQueue {
    dir: tempfile::TempDir,
    server: PathBuf,
    daemon: Child,
}

const QUEUE: &str = "counter80";

impl CupsQueue {
    fn start() -> CupsQueue {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        for sub in [
            "root",
            "spool",
            "cache",
            "state",
            "log",
            "out",
            "bin/backend",
        ] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        // cupsd runs its backends as `lp`: every folder on the way must let it through.
        for p in [
            d,
            &d.join("spool"),
            &d.join("out"),
            &d.join("cache"),
            &d.join("state"),
        ] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        std::os::unix::fs::symlink("/usr/lib/cups/daemon", d.join("bin/daemon")).unwrap();
        std::os::unix::fs::symlink("/usr/lib/cups/filter", d.join("bin/filter")).unwrap();
        let backend = d.join("bin/backend/capture");
        std::fs::write(
            &backend,
            "#!/bin/sh\n\
             # Writes each job to the file its device URI names (capture:/path).\n\
             if [ $# -eq 0 ]; then echo 'file capture \"Unknown\" \"Capture\"'; exit 0; fi\n\
             out=\"${DEVICE_URI#capture:}\"\n\
             if [ $# -ge 6 ]; then cat \"$6\" > \"$out.part\"; else cat > \"$out.part\"; fi\n\
             mv \"$out.part\" \"$out\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&backend, std::fs::Permissions::from_mode(0o755)).unwrap();
        let server = d.join("cups.sock");
        let p = |s: &str| d.join(s).display().to_string();
        std::fs::write(
            d.join("root/cupsd.conf"),
            format!(
                "Listen {}\nLogLevel warn\nErrorLog {}\nAccessLog {}\nPageLog {}\nWebInterface No\n\
                 DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
                server.display(),
                p("log/error_log"),
                p("log/access_log"),
                p("log/page_log"),
            ),
        )
        .unwrap();
        std::fs::write(
            d.join("root/cups-files.conf"),
            format!(
                "ServerRoot {}\nServerBin {}\nRequestRoot {}\nCacheDir {}\nStateDir {}\n\
                 TempDir {}\nErrorLog {}\nAccessLog {}\nPageLog {}\nUser lp\nGroup lp\n\
                 Sandboxing Relaxed\n",
                p("root"),
                p("bin"),
                p("spool"),
                p("cache"),
                p("state"),
                p("spool"),
                p("log/error_log"),
                p("log/access_log"),
                p("log/page_log"),
            ),
        )
        .unwrap();
        let daemon = Command::new("/usr/sbin/cupsd")
            .args(["-f", "-c"])
            .arg(d.join("root/cupsd.conf"))
            .arg("-s")
            .arg(d.join("root/cups-files.conf"))
            .spawn()
            .expect("cupsd (scripts/setup.sh installs cups-daemon)");
        let started = Instant::now();
        while !server.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "cupsd did not start: {}",
                std::fs::read_to_string(d.join("log/error_log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Every CUPS client of this test process (the counter's `lp` and `lpstat` included)
        // talks to this server.
        std::env::set_var("CUPS_SERVER", &server);
        let queue = CupsQueue {
            dir,
            server,
            daemon,
        };
        queue.admin(&[
            "-p",
            QUEUE,
            "-E",
            "-v",
            &format!("capture:{}", queue.out().display()),
            "-m",
            "raw",
        ]);
        queue.admin(&["-d", QUEUE]);
        queue
    }

    fn admin(&self, args: &[&str]) {
        let out = Command::new("/usr/sbin/lpadmin")
            .env("CUPS_SERVER", &self.server)
            .args(args)
            .output()
            .expect("lpadmin");
        assert!(out.status.success(), "lpadmin {args:?}: {out:?}");
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out/job.prn")
    }

    /// The next job the queue writes (waits for it), taken away.
    fn next_job(&self) -> Vec<u8> {
        let started = Instant::now();
        loop {
            if let Ok(bytes) = std::fs::read(self.out()) {
                std::fs::remove_file(self.out()).unwrap();
                return bytes;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no job reached the queue"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop_printer(&self, reason: &str) {
        let out = Command::new("/usr/sbin/cupsdisable")
            .env("CUPS_SERVER", &self.server)
            .args(["-r", reason, QUEUE])
            .output()
            .expect("cupsdisable");
        assert!(out.status.success(), "{out:?}");
    }
}

impl Drop for CupsQueue {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_reach_a_real_cups_queue_as_esc_pos_and_pdf_and_a_stopped_printer_is_refused() {
    let cups = CupsQueue::start();
    let sbx = SandboxProcess::start();
    let demo = sbx.demo();
    let tc = signed_in_as(&sbx, &staff_of(&demo, "manager")).await;
    let (rx, item, product) = chronic_with_product(&tc.counter, &demo).await;
    let d = tc
        .counter
        .dispense(one_line_draft(&rx.number, &item, &product, 1))
        .await
        .unwrap();

    // No printer chosen yet: said in words.
    let err = tc
        .counter
        .print_receipt(&rx.number, &d.dispense_id, false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidSetting, "{err}");

    // The system's printers: the test queue, the default.
    let printers = tc.counter.printers().unwrap();
    assert_eq!(printers[0].name, QUEUE);
    assert!(printers[0].is_default && printers[0].ready);

    // ESC/POS: the bytes that reached the printer, in code page 866.
    tc.counter
        .save_print_settings(&PrintSettings {
            printer: Some(QUEUE.into()),
            format: ReceiptFormat::EscPos,
            after_dispense: true,
            report_printer: None,
        })
        .unwrap();
    assert!(tc.counter.print_settings().unwrap().after_dispense);
    let job = tc
        .counter
        .print_receipt(&rx.number, &d.dispense_id, false)
        .await
        .unwrap();
    assert_eq!(job.printer, QUEUE);
    assert!(job.job.starts_with(QUEUE), "{job:?}");
    let bytes = cups.next_job();
    assert!(
        bytes.starts_with(&[0x1b, b'@', 0x1b, b't', 17]),
        "ESC/POS, code page 866"
    );
    let has = |s: &str| {
        let e = counter::reports::escpos::encode(s);
        bytes.windows(e.len()).any(|w| w == e.as_slice())
    };
    let session = tc.counter.session().unwrap();
    assert!(has(&session.pharmacy.name), "the pharmacy's name");
    assert!(has(&session.pharmacist.full_name), "who handed it over");
    assert!(has(&d.dispense_id));
    assert!(has(&rx.number));

    // The PDF, converted by nothing on a raw queue: the document itself.
    tc.counter
        .save_print_settings(&PrintSettings {
            printer: Some(QUEUE.into()),
            format: ReceiptFormat::Pdf,
            after_dispense: false,
            report_printer: None,
        })
        .unwrap();
    tc.counter
        .print_receipt(&rx.number, &d.dispense_id, false)
        .await
        .unwrap();
    let pdf = cups.next_job();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    assert!(text.contains(&d.dispense_id), "{text}");

    // A manager's report on the report printer: the A4 PDF.
    let day = counter::reports::period::local_today(time::OffsetDateTime::now_utc());
    let query = counter::reports::ReportQuery::period(day, day);
    let err = tc.counter.print_report(&query).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::InvalidSetting,
        "no report printer yet"
    );
    tc.counter
        .save_print_settings(&PrintSettings {
            printer: Some(QUEUE.into()),
            report_printer: Some(QUEUE.into()),
            ..PrintSettings::default()
        })
        .unwrap();
    tc.counter.print_report(&query).await.unwrap();
    let report = cups.next_job();
    assert!(report.starts_with(b"%PDF"));
    let text = pdf_text(&report);
    assert!(
        text.contains(&d.dispense_id) || text.contains(&rx.number),
        "{text}"
    );

    // The printer is stopped (out of paper): refused in words, nothing sent.
    cups.stop_printer("Paper out");
    let err = tc
        .counter
        .print_receipt(&rx.number, &d.dispense_id, false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::PrinterUnavailable);
    assert_eq!(err.details()["reason"], "not_ready");
    assert!(err.to_string().contains("Paper out"), "{err}");
    assert!(!cups.out().exists(), "nothing reached the queue");

    // A printer that is gone.
    tc.counter
        .save_print_settings(&PrintSettings {
            printer: Some("back-office".into()),
            ..PrintSettings::default()
        })
        .unwrap();
    let err = tc
        .counter
        .print_receipt(&rx.number, &d.dispense_id, false)
        .await
        .unwrap_err();
    assert_eq!(err.details()["reason"], "unknown_printer", "{err}");

    // Only managers choose the printer.
    let pharmacist = signed_in_as(&sbx, &staff_of(&demo, "pharmacist")).await;
    let err = pharmacist
        .counter
        .save_print_settings(&PrintSettings::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
}
