//! Who may set the backup passphrase (an administrator) and who may restore (a manager or an
//! administrator): a headless sign-in, as for `dorixona report`, checked against the verifier of
//! the person's last online sign-in on this counter. On a replacement PC nobody has signed in
//! yet, so a restore checks the person against the verifiers inside the backup instead
//! ([`crate::backup::restore`] chooses which).

use crate::access::{self, Permission};
use crate::error::CounterError;
use crate::reports::Credentials;
use crate::store::Store;
use crate::types::Session;

/// A person signed in for a backup command.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: Session,
    /// `pharmacy_id/login`, as the audit trail names them.
    pub actor: String,
}

/// Signs `credentials` in against the verifiers of `store` and checks that their role holds one
/// of `allowed` (to `what`, for the refusal): `UNAUTHENTICATED` for a wrong secret or a person
/// unknown here, `FORBIDDEN` for a role that holds none.
pub fn sign_in(
    store: &Store,
    credentials: &Credentials,
    allowed: &[Permission],
    what: &str,
) -> Result<SignedIn, CounterError> {
    let session = crate::verifier::check(
        store,
        &credentials.pharmacy_id,
        &credentials.login,
        &credentials.secret,
    )?;
    let role = session.pharmacist.role;
    if !allowed.iter().any(|p| p.allows(role)) {
        let first = allowed.first().copied().unwrap_or(Permission::Administer);
        return Err(access::forbidden(first, role, what));
    }
    let actor = format!(
        "{}/{}",
        session.pharmacy.pharmacy_id,
        credentials.login.trim()
    );
    Ok(SignedIn { session, actor })
}

/// Whether `store` knows anyone of `pharmacy_id` who could sign in (a verifier of theirs).
pub fn knows_staff_of(store: &Store, pharmacy_id: &str) -> Result<bool, CounterError> {
    let n: i64 = store.conn()?.query_row(
        "SELECT count(*) FROM staff_verifiers WHERE pharmacy_id = ?1",
        [pharmacy_id.trim()],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}
