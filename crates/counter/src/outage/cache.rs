//! The cache policy: how long looked-up prescriptions are kept, and whether a prescription may be
//! dispensed from the local copy while the central system cannot be reached (see
//! docs/decisions/0006-offline-dispensing.md). Rules only; the rows live in the store.

use crate::error::CounterError;
use crate::store::{timestamp, PendingItem, Store};
use dmed_api::types::{Dispense, ItemStatus, Prescription, PrescriptionKind, PrescriptionStatus};
use dmed_api::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

const KEY_RETENTION: &str = "outage.cache_retention_days";
const KEY_OFFLINE_DISPENSE: &str = "outage.offline_dispense";
const KEY_MAX_AGE: &str = "outage.offline_max_age_hours";

/// Which prescriptions may be dispensed from the local copy while offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OfflineDispense {
    /// None: while offline only paper mode remains.
    Never,
    /// Chronic (repeat) prescriptions only: the patient on long-term therapy is not left without
    /// medicine; acute ones wait for the central system or go on paper.
    Chronic,
    /// Any cached prescription.
    Any,
}

impl OfflineDispense {
    fn as_str(self) -> &'static str {
        match self {
            OfflineDispense::Never => "never",
            OfflineDispense::Chronic => "chronic",
            OfflineDispense::Any => "any",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "never" => Some(OfflineDispense::Never),
            "chronic" => Some(OfflineDispense::Chronic),
            "any" => Some(OfflineDispense::Any),
            _ => None,
        }
    }
}

/// The cache and offline-dispensing settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CachePolicy {
    /// Looked-up prescriptions are forgotten after this many days (1 to 90; default 7).
    pub retention_days: u32,
    /// Default `chronic`.
    pub offline_dispense: OfflineDispense,
    /// A local copy older than this may not be dispensed from while offline (1 h to the
    /// retention; default 72 h).
    pub offline_max_age_hours: u32,
}

impl Default for CachePolicy {
    fn default() -> Self {
        CachePolicy {
            retention_days: 7,
            offline_dispense: OfflineDispense::Chronic,
            offline_max_age_hours: 72,
        }
    }
}

fn invalid(setting: &str, reason: String) -> CounterError {
    CounterError::InvalidSetting {
        setting: setting.to_owned(),
        reason,
    }
}

impl CachePolicy {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<(), CounterError> {
        if !(1..=90).contains(&self.retention_days) {
            return Err(invalid(
                KEY_RETENTION,
                format!("{} days is outside 1 to 90 days", self.retention_days),
            ));
        }
        if self.offline_max_age_hours == 0 || self.offline_max_age_hours > self.retention_days * 24
        {
            return Err(invalid(
                KEY_MAX_AGE,
                format!(
                    "{} hours is outside 1 hour to the retention ({} hours)",
                    self.offline_max_age_hours,
                    self.retention_days * 24
                ),
            ));
        }
        Ok(())
    }
}

/// Reads the policy, with defaults for what was never saved (or is unreadable).
pub fn load(store: &Store) -> Result<CachePolicy, CounterError> {
    let d = CachePolicy::default();
    let num = |key: &str, default: u32| -> Result<u32, CounterError> {
        Ok(store
            .setting(key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    let policy = CachePolicy {
        retention_days: num(KEY_RETENTION, d.retention_days)?,
        offline_dispense: store
            .setting(KEY_OFFLINE_DISPENSE)?
            .as_deref()
            .and_then(OfflineDispense::parse)
            .unwrap_or(d.offline_dispense),
        offline_max_age_hours: num(KEY_MAX_AGE, d.offline_max_age_hours)?,
    };
    Ok(if policy.validate().is_ok() { policy } else { d })
}

/// Validates and saves the policy.
pub fn save(store: &Store, policy: &CachePolicy) -> Result<(), CounterError> {
    policy.validate()?;
    store.set_settings(&[
        (KEY_RETENTION, Some(&policy.retention_days.to_string())),
        (KEY_OFFLINE_DISPENSE, Some(policy.offline_dispense.as_str())),
        (KEY_MAX_AGE, Some(&policy.offline_max_age_hours.to_string())),
    ])
}

/// Forgets cached prescriptions fetched before the retention period; returns how many.
pub fn purge(
    store: &Store,
    policy: &CachePolicy,
    now: OffsetDateTime,
) -> Result<usize, CounterError> {
    let before = now - time::Duration::days(i64::from(policy.retention_days));
    store.purge_cached_prescriptions(&timestamp(before))
}

/// The age of a cached copy in whole seconds (0 when the clock went back).
pub fn age_secs(fetched_at: &str, now: OffsetDateTime) -> u64 {
    OffsetDateTime::parse(fetched_at, &time::format_description::well_known::Rfc3339)
        .map(|t| (now - t).whole_seconds().max(0) as u64)
        .unwrap_or(0)
}

/// Whether this prescription may be dispensed from its local copy while offline.
pub fn check_offline_dispense(
    policy: &CachePolicy,
    prescription: &Prescription,
    fetched_at: &str,
    now: OffsetDateTime,
) -> Result<(), CounterError> {
    let mut details = Map::new();
    details.insert("reason".into(), Value::from("offline_dispense_not_allowed"));
    details.insert(
        "policy".into(),
        Value::from(policy.offline_dispense.as_str()),
    );
    let refuse = |why: String, details: Map<String, Value>| {
        CounterError::rejected_with(
            ErrorCode::NetworkUnavailable,
            format!("The central system cannot be reached and {why}. Use paper mode, or ask the patient to come back when the connection is restored"),
            details,
        )
    };
    match (policy.offline_dispense, prescription.kind) {
        (OfflineDispense::Never, _) => {
            return Err(refuse(
                "this counter does not dispense from local copies while offline".into(),
                details,
            ))
        }
        (OfflineDispense::Chronic, PrescriptionKind::Acute) => {
            return Err(refuse(
                "only chronic prescriptions may be dispensed from the local copy while offline"
                    .into(),
                details,
            ))
        }
        _ => {}
    }
    let age = age_secs(fetched_at, now);
    let max = u64::from(policy.offline_max_age_hours) * 3600;
    if age > max {
        details.insert("age_secs".into(), Value::from(age));
        return Err(refuse(
            format!(
                "the local copy of this prescription is {} hours old (at most {} allowed)",
                age / 3600,
                policy.offline_max_age_hours
            ),
            details,
        ));
    }
    Ok(())
}

/// The prescription as it stands once this counter's dispenses not yet confirmed by the central
/// system are counted: each pending quantity is added to its item's dispensed quantity, and an
/// item a pending dispense closed as not dispensed is closed, so an offline counter cannot hand
/// over more than was prescribed nor hand over what it closed.
pub fn with_pending(mut prescription: Prescription, pending: &[PendingItem]) -> Prescription {
    for p in pending {
        if let Some(item) = prescription
            .items
            .iter_mut()
            .find(|i| i.item_id == p.item_id)
        {
            item.quantity_dispensed = item.quantity_dispensed.saturating_add(p.quantity);
            if p.closed {
                item.status = ItemStatus::NotDispensed;
            }
        }
    }
    prescription
}

/// How far an item has gone: open, partly dispensed, closed. Statuses only move forward.
fn item_rank(s: ItemStatus) -> u8 {
    match s {
        ItemStatus::ToDispense => 0,
        ItemStatus::Partial => 1,
        ItemStatus::Dispensed
        | ItemStatus::NotDispensed
        | ItemStatus::Cancelled
        | ItemStatus::Expired => 2,
    }
}

/// How far a prescription has gone: active, partly dispensed, closed.
fn prescription_rank(s: PrescriptionStatus) -> u8 {
    match s {
        PrescriptionStatus::Active => 0,
        PrescriptionStatus::PartiallyDispensed => 1,
        PrescriptionStatus::Completed
        | PrescriptionStatus::Cancelled
        | PrescriptionStatus::Expired => 2,
    }
}

/// The local copy as this counter knows it, without double counting anything:
///
/// - `pending`: this counter's dispenses the copy cannot show (not yet confirmed, or confirmed
///   after the copy was fetched), added to each item's dispensed quantity ([`with_pending`]);
/// - `answers`: the central system's answers to the confirmed ones, in the order they came. An
///   answer states what had been dispensed of each item it touched, this dispense included, when
///   it was recorded: a lower bound of what is dispensed now. The item keeps the larger of the
///   two counts (never their sum, which would count the dispense twice), and takes the answer's
///   item and prescription status when it is further on (statuses only move forward).
///
/// The copy's fetch time is not touched: the items no answer mentions are as old as it says.
pub fn with_own(
    prescription: Prescription,
    pending: &[PendingItem],
    answers: &[Dispense],
) -> Prescription {
    let mut p = with_pending(prescription, pending);
    for answer in answers.iter().filter(|a| a.prescription_number == p.number) {
        for line in &answer.items {
            if let Some(item) = p.items.iter_mut().find(|i| i.item_id == line.item_id) {
                let known = item.quantity_prescribed.saturating_sub(line.remaining);
                item.quantity_dispensed = item.quantity_dispensed.max(known);
                if item_rank(line.item_status) > item_rank(item.status) {
                    item.status = line.item_status;
                }
            }
        }
        if prescription_rank(answer.prescription_status) > prescription_rank(p.status) {
            p.status = answer.prescription_status;
        }
    }
    p
}

/// A copy fetched at `fetched_at` with what this counter did since counted ([`with_own`]).
pub fn own_counted(
    store: &Store,
    prescription: Prescription,
    fetched_at: &str,
) -> Result<Prescription, CounterError> {
    let pending = store.pending_quantities(&prescription.number, fetched_at)?;
    let answers: Vec<Dispense> = store
        .answers_after(&prescription.number, fetched_at)?
        .iter()
        .filter_map(|json| serde_json::from_str(json).ok())
        .collect();
    Ok(with_own(prescription, &pending, &answers))
}

/// The cached copy of a prescription as it stands for this counter ([`own_counted`]), with the
/// moment it was fetched; `None` when it was never looked up (or was purged).
pub fn as_it_stands(
    store: &Store,
    number: &str,
) -> Result<Option<(Prescription, String)>, CounterError> {
    let Some((json, fetched_at)) = store.prescription(number)? else {
        return Ok(None);
    };
    let copy: Prescription = serde_json::from_str(&json)?;
    Ok(Some((own_counted(store, copy, &fetched_at)?, fetched_at)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispense::fixtures::{prescription, NOW};

    #[test]
    fn defaults_are_seven_days_chronic_only_and_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
        assert_eq!(load(&store).unwrap(), CachePolicy::default());
        let p = CachePolicy {
            retention_days: 3,
            offline_dispense: OfflineDispense::Any,
            offline_max_age_hours: 24,
        };
        save(&store, &p).unwrap();
        assert_eq!(load(&store).unwrap(), p);
        let bad = CachePolicy {
            retention_days: 0,
            ..p
        };
        assert_eq!(
            save(&store, &bad).unwrap_err().code(),
            ErrorCode::InvalidSetting
        );
        let bad = CachePolicy {
            offline_max_age_hours: 3 * 24 + 1,
            ..p
        };
        assert_eq!(
            save(&store, &bad).unwrap_err().code(),
            ErrorCode::InvalidSetting
        );
    }

    #[test]
    fn acute_prescriptions_are_refused_offline_under_the_default_policy() {
        let p = prescription(); // acute
        let fetched = timestamp(NOW - time::Duration::hours(1));
        let err = check_offline_dispense(&CachePolicy::default(), &p, &fetched, NOW).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NetworkUnavailable);
        assert_eq!(err.details()["reason"], "offline_dispense_not_allowed");
        let mut chronic = p.clone();
        chronic.kind = PrescriptionKind::Chronic;
        assert!(check_offline_dispense(&CachePolicy::default(), &chronic, &fetched, NOW).is_ok());
        let never = CachePolicy {
            offline_dispense: OfflineDispense::Never,
            ..CachePolicy::default()
        };
        assert!(check_offline_dispense(&never, &chronic, &fetched, NOW).is_err());
        let any = CachePolicy {
            offline_dispense: OfflineDispense::Any,
            ..CachePolicy::default()
        };
        assert!(check_offline_dispense(&any, &p, &fetched, NOW).is_ok());
    }

    #[test]
    fn an_old_copy_is_refused_offline() {
        let mut p = prescription();
        p.kind = PrescriptionKind::Chronic;
        let old = timestamp(NOW - time::Duration::hours(73));
        let err = check_offline_dispense(&CachePolicy::default(), &p, &old, NOW).unwrap_err();
        assert_eq!(err.details()["age_secs"], 73 * 3600);
    }

    #[test]
    fn pending_quantities_count_as_dispensed() {
        let pending = |item: &str, quantity, closed| PendingItem {
            item_id: item.into(),
            quantity,
            closed,
        };
        let p = with_pending(
            prescription(),
            &[pending("i1", 5, false), pending("zz", 1, false)],
        );
        assert_eq!(p.items[0].quantity_dispensed, 5);
        assert_eq!(p.items[1].quantity_dispensed, 6);
        assert_eq!(p.items[0].status, ItemStatus::ToDispense);
        let closed = with_pending(prescription(), &[pending("i1", 2, true)]);
        assert_eq!(closed.items[0].quantity_dispensed, 2);
        assert_eq!(closed.items[0].status, ItemStatus::NotDispensed);
        assert_eq!(crate::dispense::remaining(&closed.items[0]), 0);
    }

    fn answer(item: &str, remaining: u32, status: ItemStatus) -> Dispense {
        Dispense {
            dispense_id: uuid::Uuid::new_v4(),
            prescription_number: prescription().number,
            pharmacy_id: "PH-1".into(),
            pharmacist_pinfl: "30211975910033".into(),
            status: dmed_api::types::DispenseStatus::Completed,
            mode: dmed_api::types::DispenseMode::Online,
            handed_over_at: NOW,
            recorded_at: NOW,
            prescription_status: PrescriptionStatus::PartiallyDispensed,
            receiver: None,
            withdrawn_at: None,
            withdraw_reason: None,
            items: vec![dmed_api::types::DispensedItem {
                item_id: item.into(),
                product_id: "amox".into(),
                quantity: 5,
                remaining,
                item_status: status,
                not_dispensed_reason: None,
                marking_codes: vec![],
                batch: None,
                expiry: None,
            }],
            pharmacy_name: String::new(),
            pharmacist_name: String::new(),
        }
    }

    #[test]
    fn a_confirmed_dispense_counts_once_whether_from_the_store_or_the_answer() {
        // i1: 20 prescribed, 0 dispensed when fetched; this counter dispensed 5 since.
        let p = with_own(
            prescription(),
            &[PendingItem {
                item_id: "i1".into(),
                quantity: 5,
                closed: false,
            }],
            &[answer("i1", 15, ItemStatus::Partial)],
        );
        assert_eq!(p.items[0].quantity_dispensed, 5, "not 10");
        assert_eq!(p.items[0].status, ItemStatus::Partial);
        assert_eq!(p.status, PrescriptionStatus::PartiallyDispensed);
        assert_eq!(
            p.items[1].quantity_dispensed, 6,
            "the other item as fetched"
        );
        assert_eq!(p.items[1].status, ItemStatus::ToDispense);
    }

    #[test]
    fn an_answer_that_knows_more_wins_and_statuses_only_move_forward() {
        // Another pharmacy dispensed 10 of i1 after the fetch: the answer says 5 remain.
        let p = with_own(
            prescription(),
            &[PendingItem {
                item_id: "i1".into(),
                quantity: 5,
                closed: false,
            }],
            &[answer("i1", 5, ItemStatus::Partial)],
        );
        assert_eq!(p.items[0].quantity_dispensed, 15);
        // An older answer does not reopen a closed item.
        let mut closed = prescription();
        closed.items[0].status = ItemStatus::NotDispensed;
        closed.status = PrescriptionStatus::Completed;
        let p = with_own(closed, &[], &[answer("i1", 15, ItemStatus::Partial)]);
        assert_eq!(p.items[0].status, ItemStatus::NotDispensed);
        assert_eq!(p.status, PrescriptionStatus::Completed);
        // An answer about another prescription is ignored.
        let mut other = answer("i1", 0, ItemStatus::Dispensed);
        other.prescription_number = "OTHER".into();
        let p = with_own(prescription(), &[], &[other]);
        assert_eq!(p.items[0].quantity_dispensed, 0);
    }
}
