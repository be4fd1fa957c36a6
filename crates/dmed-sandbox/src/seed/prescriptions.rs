//! Demo prescriptions over every status and both kinds, with plausible dates, items drawn
//! from the catalogue, and the dispenses behind partially dispensed and completed ones.

use super::catalogue::SeedProduct;
use super::names;
use crate::clock::local_date;
use crate::store::prescriptions::{insert, StoredRx};
use dmed_api::types::{
    Dispense, DispenseMode, DispenseStatus, DispensedItem, Item, ItemStatus, Patient, Prescriber,
    PrescriptionKind, PrescriptionStatus,
};
use dmed_api::RxNumber;
use rand::seq::SliceRandom;
use rand::Rng;
use rusqlite::Connection;
use std::collections::HashSet;
use time::{Duration, OffsetDateTime};

/// What the demo information needs to know about a seeded prescription.
#[derive(Debug, Clone)]
pub struct SeededRx {
    pub number: String,
    pub code: String,
    pub pinfl: String,
    pub status: PrescriptionStatus,
    pub kind: PrescriptionKind,
    /// The interesting state it demonstrates.
    pub state: &'static str,
    pub inns: Vec<String>,
}

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// ATC groups treated as long-term (chronic) therapy.
pub(super) fn is_chronic_group(atc: &str) -> bool {
    [
        "C0", "C1", "A10", "H03", "B01", "N03", "N06", "R03", "M04", "G04", "L01",
    ]
    .iter()
    .any(|p| atc.starts_with(p))
}

pub fn generate(
    conn: &Connection,
    rng: &mut impl Rng,
    products: &[SeedProduct],
    patients: &[Patient],
    now: OffsetDateTime,
    count: usize,
) -> rusqlite::Result<Vec<SeededRx>> {
    let listed: Vec<&SeedProduct> = products.iter().filter(|p| !p.removed).collect();
    let chronic: Vec<&SeedProduct> = listed
        .iter()
        .copied()
        .filter(|p| is_chronic_group(&p.atc))
        .collect();
    let acute: Vec<&SeedProduct> = listed
        .iter()
        .copied()
        .filter(|p| !is_chronic_group(&p.atc))
        .collect();
    let today = local_date(now);
    let mut numbers = HashSet::new();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let kind = if rng.gen_bool(0.35) {
            PrescriptionKind::Chronic
        } else {
            PrescriptionKind::Acute
        };
        let validity_days: i64 = match kind {
            PrescriptionKind::Chronic => *[60i64, 90].choose(rng).unwrap_or(&60),
            PrescriptionKind::Acute => rng.gen_range(5..=30),
        };
        // The first prescriptions cycle through every state so small seeds still cover them.
        let state = if i < 70 {
            STATES[i % STATES.len()]
        } else {
            pick_state(rng)
        };
        let days_ago: i64 = match state {
            "expired" => rng.gen_range(validity_days + 1..validity_days + 200),
            "lazily_expired" => validity_days + rng.gen_range(0..20),
            "not_yet_valid" => rng.gen_range(0..3),
            "partially_dispensed" => rng.gen_range(2..validity_days.max(3)),
            "completed" | "cancelled" => rng.gen_range(1..validity_days + 120),
            _ => rng.gen_range(0..validity_days.max(1)),
        };
        let issued_day = today - Duration::days(days_ago);
        let issued_at = issued_day
            .with_hms(8, 0, 0)
            .map(|t| {
                t.assume_offset(crate::clock::LOCAL_OFFSET)
                    .to_offset(time::UtcOffset::UTC)
            })
            .unwrap_or(now)
            + Duration::minutes(rng.gen_range(0..600));
        let issued_at = issued_at.min(now);
        let valid_from = if state == "not_yet_valid" {
            today + Duration::days(rng.gen_range(1..=10))
        } else {
            issued_day
        };
        let valid_until = valid_from + Duration::days(validity_days - 1);
        let status = match state {
            "partially_dispensed" => PrescriptionStatus::PartiallyDispensed,
            "completed" => PrescriptionStatus::Completed,
            "cancelled" => PrescriptionStatus::Cancelled,
            "expired" => PrescriptionStatus::Expired,
            _ => PrescriptionStatus::Active,
        };
        let number = loop {
            let body: String = (0..11)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            if let Some(n) = RxNumber::from_body(&body) {
                if numbers.insert(n.as_str().to_owned()) {
                    break n;
                }
            }
        };
        let pool = if kind == PrescriptionKind::Chronic {
            &chronic
        } else {
            &acute
        };
        let n_items = rng.gen_range(1..=3usize).min(pool.len().max(1));
        let mut chosen: Vec<&SeedProduct> = Vec::new();
        while chosen.len() < n_items {
            let Some(p) = pool.choose(rng) else { break };
            if !chosen.iter().any(|c| c.inn == p.inn) {
                chosen.push(p);
            }
        }
        let items: Vec<Item> = chosen
            .iter()
            .enumerate()
            .map(|(pos, p)| {
                let packs = match kind {
                    PrescriptionKind::Chronic => rng.gen_range(2..=3),
                    PrescriptionKind::Acute => rng.gen_range(1..=2),
                };
                let prescribed = if p.pack_size >= 5 {
                    p.pack_size * packs
                } else {
                    packs
                };
                let (dispensed, item_status) = match state {
                    "completed" => (prescribed, ItemStatus::Dispensed),
                    "partially_dispensed" if pos == 0 => (prescribed / 2, ItemStatus::Partial),
                    "cancelled" => (0, ItemStatus::Cancelled),
                    "expired" => (0, ItemStatus::Expired),
                    _ => (0, ItemStatus::ToDispense),
                };
                Item {
                    item_id: format!("{}-{}", number.as_str(), pos + 1),
                    inn: p.inn.clone(),
                    form: p.form.clone(),
                    strength: p.strength.clone(),
                    dosage_text: names::dosage_text(rng, &p.unit),
                    quantity_prescribed: prescribed,
                    quantity_dispensed: dispensed,
                    unit: p.unit.clone(),
                    status: item_status,
                }
            })
            .collect();
        let patient = patients[rng.gen_range(0..patients.len())].clone();
        let female_doctor = rng.gen_bool(0.6);
        let rx = StoredRx {
            number: number.as_str().to_owned(),
            access_code: format!("{:04}", rng.gen_range(0..10_000)),
            status,
            kind,
            issued_at,
            valid_from,
            valid_until,
            patient,
            prescriber: Prescriber {
                full_name: names::full_name(rng, female_doctor),
                facility: names::FACILITIES
                    .choose(rng)
                    .copied()
                    .unwrap_or("Toshkent shahar 12-oilaviy poliklinika")
                    .to_owned(),
            },
            diagnosis_icd10: names::diagnosis(rng, chosen.first().map_or("", |p| p.atc.as_str()))
                .to_owned(),
            items,
        };
        insert(conn, &rx)?;
        if matches!(state, "completed" | "partially_dispensed") {
            seed_dispense(conn, rng, &rx, &chosen, now)?;
        }
        let wire_status = crate::rules::validity::effective_status(status, valid_until, today);
        out.push(SeededRx {
            number: rx.number.clone(),
            code: rx.access_code.clone(),
            pinfl: rx.patient.pinfl.clone(),
            status: wire_status,
            kind,
            state: match (state, kind) {
                ("lazily_expired", _) => "expired",
                ("active", PrescriptionKind::Chronic) => "chronic_active",
                (s, _) => s,
            },
            inns: rx.items.iter().map(|i| i.inn.clone()).collect(),
        });
    }
    Ok(out)
}

/// States drawn for generated prescriptions (`lazily_expired` is stored active but past its
/// validity, so the server reports it expired).
const STATES: [&str; 7] = [
    "active",
    "partially_dispensed",
    "completed",
    "cancelled",
    "expired",
    "lazily_expired",
    "not_yet_valid",
];

fn pick_state(rng: &mut impl Rng) -> &'static str {
    match rng.gen_range(0..100) {
        0..=39 => "active",
        40..=53 => "partially_dispensed",
        54..=67 => "completed",
        68..=75 => "cancelled",
        76..=85 => "expired",
        86..=92 => "lazily_expired",
        _ => "not_yet_valid",
    }
}

/// The earlier dispense behind a seeded partially dispensed or completed prescription.
fn seed_dispense(
    conn: &Connection,
    rng: &mut impl Rng,
    rx: &StoredRx,
    products: &[&SeedProduct],
    now: OffsetDateTime,
) -> rusqlite::Result<()> {
    let recorded_at =
        (rx.issued_at + Duration::hours(rng.gen_range(1..30))).min(now - Duration::days(1));
    let lines: Vec<DispensedItem> = rx
        .items
        .iter()
        .zip(products)
        .filter(|(item, _)| item.quantity_dispensed > 0)
        .map(|(item, p)| DispensedItem {
            item_id: item.item_id.clone(),
            product_id: p.product_id.clone(),
            quantity: item.quantity_dispensed,
            remaining: item.quantity_prescribed - item.quantity_dispensed,
            item_status: item.status,
            marking_codes: Vec::new(),
            batch: None,
            expiry: None,
            not_dispensed_reason: None,
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes);
    let d = Dispense {
        dispense_id: uuid::Builder::from_random_bytes(bytes).into_uuid(),
        prescription_number: rx.number.clone(),
        pharmacy_id: "PH-0003".into(),
        pharmacist_pinfl: "30211975910033".into(),
        status: DispenseStatus::Completed,
        mode: DispenseMode::Online,
        handed_over_at: recorded_at,
        recorded_at,
        prescription_status: rx.status,
        items: lines,
        pharmacy_name: String::new(),
        pharmacist_name: String::new(),
        receiver: None,
        withdrawn_at: None,
        withdraw_reason: None,
    };
    crate::store::dispenses::insert(conn, &d)
}
