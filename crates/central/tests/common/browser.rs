//! The system browser of the tests: given the authorization URL the adapter opens, the scripted
//! person of `sandbox_process::sign_in` does by plain HTTP what a person does in a browser (on
//! its own thread, since the adapter calls it from inside its async sign-in and waits on its
//! loopback meanwhile). What it saw is reported on a channel.

use std::sync::{mpsc, Arc};

use central::Browser;
use dmed_sandbox::DemoLogin;
pub use sandbox_process::sign_in::Visit;
use sandbox_process::sign_in::{visit, Person};

/// A browser that signs in as `who` with `secret`; every sign-in reports its [`Visit`].
pub fn person(who: &DemoLogin, secret: &str) -> (Browser, mpsc::Receiver<Visit>) {
    let (tx, rx) = mpsc::channel();
    let person = Person {
        pharmacy_id: who.pharmacy_id.clone(),
        login: who.login.clone(),
        secret: secret.to_owned(),
    };
    let browser: Browser = Arc::new(move |url: &str| {
        let (url, tx, person) = (url.to_owned(), tx.clone(), person.clone());
        std::thread::spawn(move || {
            let _ = tx.send(visit(&url, &person));
        });
        Ok(())
    });
    (browser, rx)
}
