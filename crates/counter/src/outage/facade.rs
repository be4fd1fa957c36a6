//! The outage part of the [`Counter`] facade: background tasks, connection and outbox status,
//! "send now", the cache policy, paper dispenses, the conflict queue, and the hooks the dispense
//! and lookup paths use while offline.

use super::types::{Conflict, OutboxStatus, PaperDraft, PaperLogEntry, PaperReceipt};
use super::{cache, connectivity, paper, worker, CachePolicy, ConnectionStatus};
use crate::access::Permission;
use crate::audit::AuditAction;
use crate::dispense::{self, Actor};
use crate::error::CounterError;
use crate::store::gate::CommitGate;
use crate::store::{timestamp, LineRow, NewDispense, PaperRow};
use crate::types::{DeliveryState, DispenseOutcome, LookupResult, LookupVia};
use crate::{catalog, privacy, Counter};
use dmed_api::types::Prescription;
use dmed_api::ErrorCode;
use std::time::Duration;
use time::{Date, OffsetDateTime};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// How often cached prescriptions past their retention are forgotten.
const PURGE_EVERY: Duration = Duration::from_secs(24 * 3600);
/// How often the local catalogue is brought up to date while signed in and online, so paper
/// mode and offline dispensing find their products when the connection goes.
const CATALOG_EVERY: Duration = Duration::from_secs(3600);
/// Pause before the next try when the catalogue could not be synced (signed out, offline).
const CATALOG_RETRY: Duration = Duration::from_secs(5);

/// The monitor, the outbox worker and the daily cache purge; dropping this stops them (unless
/// [`BackgroundTasks::detach`]ed).
#[derive(Debug)]
pub struct BackgroundTasks {
    handles: Vec<JoinHandle<()>>,
}

impl BackgroundTasks {
    /// Lets the tasks run for the life of the process.
    pub fn detach(mut self) {
        self.handles.clear();
    }
}

impl Drop for BackgroundTasks {
    fn drop(&mut self) {
        for h in &self.handles {
            h.abort();
        }
    }
}

fn as_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Counter {
    /// Starts the connection monitor, the outbox worker, the daily cache purge and archiving of
    /// records older than a year, the hourly catalogue sync and the renewal of holds on the
    /// current tokio runtime.
    pub fn start_background(&self) -> BackgroundTasks {
        let monitor = tokio::spawn(connectivity::monitor(self.inner.clone()));
        let worker = tokio::spawn(worker::run(self.clone()));
        let me = self.clone();
        let purge = tokio::spawn(async move {
            loop {
                match me.purge_cache() {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(purged = n, "cached prescriptions past retention forgotten")
                    }
                    Err(e) => tracing::warn!(code = %e.code(), "cache purge failed"),
                }
                if let Err(e) = me.apply_retention(OffsetDateTime::now_utc()) {
                    tracing::error!(code = %e.code(), error = %e, "archiving records older than a year failed");
                }
                tokio::time::sleep(PURGE_EVERY).await;
            }
        });
        let me = self.clone();
        let catalog = tokio::spawn(async move {
            loop {
                let wait = if me.session().is_none() || me.known_offline() {
                    CATALOG_RETRY
                } else {
                    match me.sync_catalog().await {
                        Ok(_) => CATALOG_EVERY,
                        Err(e) => {
                            tracing::warn!(code = %e.code(), "catalogue sync failed");
                            CATALOG_RETRY
                        }
                    }
                };
                tokio::time::sleep(wait).await;
            }
        });
        let holds = tokio::spawn(crate::holds::keep_renewing(self.clone()));
        let backups = tokio::spawn(crate::backup::schedule::keep_backing_up(self.clone()));
        BackgroundTasks {
            handles: vec![monitor, worker, purge, catalog, holds, backups],
        }
    }

    /// Online or offline, since when, and the last failure.
    pub fn connection_status(&self) -> ConnectionStatus {
        ConnectionStatus::of(&self.inner.client.link())
    }

    /// The outbox for the status panel.
    pub fn outbox_status(&self) -> Result<OutboxStatus, CounterError> {
        let s = self.inner.store.outbox_summary()?;
        let now = OffsetDateTime::now_utc();
        let open = self.inner.store.conflicts(false)?.len() as u64;
        let last_error = self.inner.outage.worker.last_error().or_else(|| {
            s.last_error.as_deref().and_then(|j| {
                serde_json::from_str::<serde_json::Value>(j)
                    .ok()
                    .and_then(|v| v["message"].as_str().map(str::to_owned))
            })
        });
        Ok(OutboxStatus {
            pending: as_u32(s.pending),
            oldest_age_secs: s
                .oldest_created_at
                .as_deref()
                .map(|t| as_u32(cache::age_secs(t, now))),
            oldest_created_at: s.oldest_created_at,
            last_error: if s.pending == 0 { None } else { last_error },
            open_conflicts: as_u32(open),
        })
    }

    /// "Send now": every waiting row is tried at once, backoff and pauses ignored.
    pub fn send_now(&self) {
        self.inner.outage.worker.send_now();
    }

    /// Sends the outbox until it is empty or `within` has passed, ignoring backoff (for
    /// shutdown, tests and tools). Returns how many rows are left.
    pub async fn drain_outbox(&self, within: Duration) -> Result<usize, CounterError> {
        self.require(Permission::SignedIn, "send the outbox")?;
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = self.inner.store.outbox_index()?.len();
            if left == 0 || tokio::time::Instant::now() >= deadline {
                return Ok(left);
            }
            let wait = worker::round(self, true).await?;
            if !wait.is_zero() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }

    /// The cache and offline-dispensing settings.
    pub fn cache_policy(&self) -> Result<CachePolicy, CounterError> {
        cache::load(&self.inner.store)
    }

    /// Validates and saves the cache policy; applies the retention at once. Managers only
    /// (`NOT_SIGNED_IN` signed out, `FORBIDDEN` for other roles): it decides whether the
    /// counter risks a double dispense during an outage.
    pub fn save_cache_policy(&self, policy: &CachePolicy) -> Result<(), CounterError> {
        self.require(Permission::Manage, "change the offline dispensing policy")?;
        cache::save(&self.inner.store, policy)?;
        self.audit(
            AuditAction::SettingsChanged,
            "cache_policy",
            serde_json::to_value(policy).unwrap_or_default(),
        );
        self.purge_cache().map(drop)
    }

    /// Forgets cached prescriptions past the retention; returns how many.
    pub fn purge_cache(&self) -> Result<usize, CounterError> {
        let policy = self.cache_policy()?;
        cache::purge(&self.inner.store, &policy, OffsetDateTime::now_utc())
    }

    // ------------------------------------------------------------------ paper

    /// Records a paper dispense at once (dispense mode `paper`, its lines, the paper record and
    /// its outbox row in one transaction); it is uploaded when the central system is back.
    /// Allowed only while offline, or for a signed-in manager with an override reason.
    pub fn record_paper(&self, draft: PaperDraft) -> Result<PaperReceipt, CounterError> {
        let session = self.require(Permission::Dispense, "record paper dispenses")?;
        let online = self.inner.client.link().is_online();
        let override_by = paper::check_allowed(
            online,
            session.pharmacist.role,
            &session.pharmacist.full_name,
            draft.override_reason.as_deref(),
        )?;
        let store = &self.inner.store;
        let (number, products) = paper::validate(&draft, |id| catalog::product(store, id))?;
        let now = OffsetDateTime::now_utc();
        let record = paper::record(&draft, number.clone(), &session.pharmacist.pinfl, now);
        let payload = serde_json::to_string(&record)?;
        let cached: Option<Prescription> = match &number {
            Some(n) => store
                .prescription(n)?
                .and_then(|(json, _)| serde_json::from_str(&json).ok()),
            None => None,
        };
        let lines: Vec<LineRow> = draft
            .lines
            .iter()
            .zip(&products)
            .map(|(l, p)| LineRow {
                item_id: cached
                    .as_ref()
                    .and_then(|c| {
                        c.items
                            .iter()
                            .find(|i| catalog::inn_key(&i.inn) == catalog::inn_key(&l.inn))
                            .map(|i| i.item_id.clone())
                    })
                    .unwrap_or_else(|| catalog::inn_key(&l.inn)),
                product_id: p.product_id.clone(),
                inn: p.inn.clone(),
                trade_name: p.trade_name.clone(),
                pack_size: p.pack_size,
                unit: p.unit.clone(),
                quantity: l.quantity,
                batch: l.batch.clone(),
                expiry: None,
                marking_codes: l.marking_codes.clone(),
                not_dispensed_reason: None,
            })
            .collect();
        let record_id = record.record_id.to_string();
        let row = NewDispense {
            dispense_id: record_id.clone(),
            prescription_number: number.clone().unwrap_or_default(),
            pharmacist_pinfl: session.pharmacist.pinfl.clone(),
            pharmacist_name: session.pharmacist.full_name.clone(),
            pharmacy_id: session.pharmacy.pharmacy_id.clone(),
            pharmacy_name: session.pharmacy.name.clone(),
            patient_key: privacy::patient_key(&store.patient_salt()?, &record.patient_pinfl),
            mode: "paper".into(),
            request_json: payload.clone(),
            created_at: timestamp(now),
        };
        let paper_row = PaperRow {
            record_id: record_id.clone(),
            prescription_number: number,
            patient_pinfl: record.patient_pinfl.clone(),
            prescriber_name: record.prescriber.full_name.clone(),
            facility: record.prescriber.facility.clone(),
            id_document_checked: true,
            patient_declaration: true,
            reason: record.reason.clone(),
            override_by: override_by.clone(),
            override_reason: override_by
                .as_ref()
                .and(draft.override_reason.as_ref().map(|r| r.trim().to_owned())),
        };
        store.insert_paper(&row, &lines, &paper_row, &payload)?;
        self.inner.outage.worker.wake();
        let subject = draft
            .prescription_number
            .clone()
            .unwrap_or_else(|| "-".to_owned());
        self.audit(
            AuditAction::PaperRecord,
            &subject,
            serde_json::json!({ "record_id": record_id, "lines": lines.len() }),
        );
        if let Some(by) = &override_by {
            self.audit(
                AuditAction::Override,
                &subject,
                serde_json::json!({ "record_id": record_id, "by": by }),
            );
        }
        Ok(PaperReceipt {
            record_id,
            override_by,
        })
    }

    /// The paper records of one local (Tashkent) day, oldest first, PINFLs masked: the data of
    /// the printed paper log.
    pub fn paper_log(&self, day: Date) -> Result<Vec<PaperLogEntry>, CounterError> {
        self.require(Permission::Dispense, "see the paper log")?;
        let offset = time::macros::offset!(+5);
        let from = day.midnight().assume_offset(offset);
        let to = from + time::Duration::days(1);
        let rows = self
            .inner
            .store
            .paper_records_between(&timestamp(from), &timestamp(to))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let lines = self
                .inner
                .store
                .dispense_lines(&r.dispense_id)?
                .into_iter()
                .map(|l| format!("{} × {} ({})", l.inn, l.quantity, l.trade_name))
                .collect();
            out.push(PaperLogEntry {
                record_id: r.paper.record_id,
                created_at: r.created_at,
                prescription_number: r.paper.prescription_number,
                patient_pinfl_masked: privacy::mask_pinfl(&r.paper.patient_pinfl),
                prescriber_name: r.paper.prescriber_name,
                facility: r.paper.facility,
                pharmacist_name: r.pharmacist_name,
                state: r.state,
                override_by: r.paper.override_by,
                override_reason: r.paper.override_reason,
                lines,
            });
        }
        Ok(out)
    }

    // ------------------------------------------------------------------ conflicts

    /// The manager's queue: open conflicts (or all, with `all`), newest first.
    pub fn conflicts(&self, all: bool) -> Result<Vec<Conflict>, CounterError> {
        self.require(Permission::Manage, "see and settle conflicts")?;
        Ok(self
            .inner
            .store
            .conflicts(all)?
            .into_iter()
            .map(|c| Conflict {
                id: u32::try_from(c.id).unwrap_or(u32::MAX),
                source: c.source,
                dispense_id: c.dispense_id,
                record_id: c.record_id,
                prescription_number: c.prescription_number.filter(|n| !n.is_empty()),
                code: c.code,
                reason: c.reason,
                created_at: c.created_at,
                status: c.status,
                note: c.note,
                acknowledged_by: c.acknowledged_by,
                acknowledged_at: c.acknowledged_at,
            })
            .collect())
    }

    /// Adds (replaces) the manager's note on a conflict.
    pub fn note_conflict(&self, id: u32, note: &str) -> Result<(), CounterError> {
        self.require(Permission::Manage, "see and settle conflicts")?;
        if !self.inner.store.note_conflict(i64::from(id), note.trim())? {
            return Err(CounterError::rejected(
                ErrorCode::NotFound,
                format!("There is no conflict {id}"),
            ));
        }
        Ok(())
    }

    /// Acknowledges an open conflict in the signed-in manager's name.
    pub fn acknowledge_conflict(&self, id: u32) -> Result<(), CounterError> {
        let s = self.require(Permission::Manage, "see and settle conflicts")?;
        let at = timestamp(OffsetDateTime::now_utc());
        if !self
            .inner
            .store
            .acknowledge_conflict(i64::from(id), &s.pharmacist.full_name, &at)?
        {
            return Err(CounterError::rejected(
                ErrorCode::NotFound,
                format!("There is no open conflict {id}"),
            ));
        }
        self.audit(
            AuditAction::ConflictAcknowledged,
            &format!("conflict {id}"),
            serde_json::json!({ "id": id }),
        );
        Ok(())
    }

    // ------------------------------------------------------------------ hooks of the facade

    /// True when calls should not wait for the central system (offline, with the monitor on).
    pub(crate) fn known_offline(&self) -> bool {
        self.inner.client.link().known_offline()
    }

    /// The error of a call not made because the counter is offline.
    pub(crate) fn offline_error(&self) -> CounterError {
        CounterError::Network {
            reason: self
                .connection_status()
                .last_error
                .unwrap_or_else(|| "the counter is offline".into()),
        }
    }

    /// The cached prescription as it stands for a dispense (this counter's dispenses since the
    /// copy was fetched counted once, see [`cache::with_own`]) and, while offline, the cache
    /// policy enforced against the moment the copy was fetched. `None` when it was never looked
    /// up.
    pub(crate) fn prepare_for_dispense(
        &self,
        number: &str,
        offline: bool,
    ) -> Result<Option<Prescription>, CounterError> {
        let Some((prescription, fetched_at)) = cache::as_it_stands(&self.inner.store, number)?
        else {
            return Ok(None);
        };
        if offline {
            cache::check_offline_dispense(
                &self.cache_policy()?,
                &prescription,
                &fetched_at,
                OffsetDateTime::now_utc(),
            )?;
        }
        Ok(Some(prescription))
    }

    /// Records a dispense without trying to send it (the counter is offline): it is queued with
    /// one failed attempt, so the worker sends it when the central system is back and it is
    /// stored as sent later (`offline_retry`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn dispense_offline(
        &self,
        actor: &Actor,
        prescription: &Prescription,
        hold_id: Option<Uuid>,
        handover: dispense::Handover<'_>,
        today: Date,
        now: OffsetDateTime,
        gate: Option<&CommitGate>,
    ) -> Result<DispenseOutcome, CounterError> {
        let store = &self.inner.store;
        let (request, outbox_id, _) = dispense::validate_and_record(
            store,
            actor,
            prescription,
            hold_id,
            handover,
            today,
            now,
            gate,
        )?;
        let status = self.connection_status();
        let why = serde_json::json!({
            "code": ErrorCode::NetworkUnavailable,
            "message": status.last_error.unwrap_or_else(|| "offline".into()),
            "details": {},
        })
        .to_string();
        store.record_attempt_failure(outbox_id, &why, &timestamp(now))?;
        self.inner.outage.worker.wake();
        self.audit(AuditAction::Dispense, &request.prescription_number, {
            let mut details =
                dispense::audit_details(&request.dispense_id.to_string(), "queued", handover);
            details["offline"] = serde_json::Value::Bool(true);
            details
        });
        Ok(DispenseOutcome {
            dispense_id: request.dispense_id.to_string(),
            state: DeliveryState::Queued,
            prescription: None,
            dispense: None,
        })
    }

    /// Answers a lookup from the cache after the central system could not be asked (`cause`);
    /// `cause` is returned when nothing usable is cached.
    pub(crate) fn lookup_from_cache(
        &self,
        via: LookupVia,
        key: &str,
        cause: CounterError,
    ) -> Result<LookupResult, CounterError> {
        let store = &self.inner.store;
        let found: Vec<(String, String)> = match via {
            LookupVia::Number => store.prescription(key)?.into_iter().collect(),
            LookupVia::Pinfl => store.cached_by_pinfl(key)?,
        };
        let policy = self.cache_policy()?;
        let now = OffsetDateTime::now_utc();
        let max_age = u64::from(policy.retention_days) * 86_400;
        let mut prescriptions = Vec::new();
        let mut oldest: Option<String> = None;
        for (json, fetched_at) in found {
            if cache::age_secs(&fetched_at, now) > max_age {
                continue;
            }
            let p: Prescription = serde_json::from_str(&json)?;
            prescriptions.push(privacy::masked(cache::own_counted(store, p, &fetched_at)?));
            if oldest.as_ref().is_none_or(|o| &fetched_at < o) {
                oldest = Some(fetched_at);
            }
        }
        if prescriptions.is_empty() {
            return Err(cause);
        }
        Ok(LookupResult {
            via,
            prescriptions,
            cached_at: oldest,
        })
    }
}
