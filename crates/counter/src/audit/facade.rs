//! The [`Counter`]'s side of the audit trail: recording what the signed-in person does (a
//! failure to record is logged loudly, never hidden and never undoing what was done), the
//! manager's view of the log, and the check of the whole chain.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{verify, AuditAction, Verdict};
use crate::access::Permission;
use crate::error::CounterError;
use crate::reports::period;
use crate::store::AuditFilter;
use crate::Counter;

/// What the manager's audit screen asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditQuery {
    /// First local day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last local day (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// Only this action (`sign_in`, `lookup` …).
    pub action: Option<String>,
    /// Only rows whose actor contains this text (a login).
    pub actor: Option<String>,
}

/// One row of the audit log as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    pub seq: u32,
    /// RFC 3339 UTC.
    pub at: String,
    /// `pharmacy_id/login`, or `-` for nobody signed in.
    pub actor: String,
    pub action: String,
    /// Masked: a PINFL shows only its first and last two digits.
    pub subject: String,
    /// JSON.
    pub details: String,
}

/// The most rows the screen shows at once (newest first); the export has them all.
pub const SCREEN_ROWS: u32 = 500;

impl Counter {
    /// Who is acting, as the log names them.
    fn actor(&self) -> String {
        match self.active() {
            Some(a) => format!("{}/{}", a.session.pharmacy.pharmacy_id, a.login),
            None => "-".to_owned(),
        }
    }

    /// Records what the signed-in person (or nobody) did.
    pub(crate) fn audit(&self, action: AuditAction, subject: &str, details: Value) {
        let actor = self.actor();
        self.audit_as(&actor, action, subject, details);
    }

    /// Records what `actor` did (e.g. a failed sign-in, before anyone is signed in).
    pub(crate) fn audit_as(&self, actor: &str, action: AuditAction, subject: &str, details: Value) {
        if let Err(e) = self
            .inner
            .audit
            .record(&self.inner.store, actor, action, subject, details)
        {
            tracing::error!(code = %e.code(), action = action.as_str(), error = %e, "an audit row could not be written");
        }
    }

    /// The log for the manager's screen: `query`'s rows, newest first, at most
    /// [`SCREEN_ROWS`].
    pub fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>, CounterError> {
        self.require(Permission::Manage, "see the audit log")?;
        let filter = filter_of(query, SCREEN_ROWS)?;
        Ok(self
            .inner
            .store
            .audit_rows(&filter)?
            .into_iter()
            .map(|l| AuditEntry {
                seq: u32::try_from(l.seq).unwrap_or(u32::MAX),
                at: l.at,
                actor: l.actor,
                action: l.action,
                subject: l.subject,
                details: l.details,
            })
            .collect())
    }

    /// Checks the whole chain of this counter's log (managers).
    pub fn verify_audit(&self) -> Result<Verdict, CounterError> {
        self.require(Permission::Manage, "check the audit log")?;
        verify(&self.inner.store, self.inner.audit.head.as_ref())
    }
}

/// The store filter of a query; dates are local (Tashkent) days.
pub fn filter_of(query: &AuditQuery, limit: u32) -> Result<AuditFilter, CounterError> {
    let day = |s: &Option<String>| -> Result<Option<time::Date>, CounterError> {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| period::parse_date(s).map_err(CounterError::from))
            .transpose()
    };
    let (from, to) = (day(&query.from)?, day(&query.to)?);
    let bounds = |d: time::Date| crate::reports::local::stored_bounds(d, d);
    let action = query
        .action
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            AuditAction::parse(a)
                .map(|a| a.as_str().to_owned())
                .ok_or_else(|| {
                    CounterError::rejected(
                        dmed_api::ErrorCode::BadRequest,
                        format!("'{a}' is not an action of the audit log"),
                    )
                })
        })
        .transpose()?;
    Ok(AuditFilter {
        from: from.map(bounds).transpose()?.map(|(start, _)| start),
        to: to.map(bounds).transpose()?.map(|(_, end)| end),
        action,
        actor: query
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned),
        limit,
    })
}
