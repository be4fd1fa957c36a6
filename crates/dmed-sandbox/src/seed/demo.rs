//! Picking the demo information out of what was seeded: sign-ins, a few prescriptions of each
//! interesting state, the products that fit the active ones, and unsold pack codes for them.

use super::catalogue::SeedProduct;
use super::people::SeededStaff;
use super::prescriptions::SeededRx;
use crate::demo::{DemoInfo, DemoLogin, DemoMarkingCode, DemoPrescription, DemoProduct, STATES};
use crate::rules::catalogue::e_rx_required;
use dmed_api::ids::PackCode;
use dmed_api::types::StaffRole;
use rand::Rng;

/// Prescriptions listed per state.
const PER_STATE: usize = 6;
/// Pack codes listed per product (for the first products).
const CODES_PER_PRODUCT: usize = 4;
const PRODUCTS_WITH_CODES: usize = 12;

pub fn assemble(
    rng: &mut impl Rng,
    staff: &[SeededStaff],
    seeded: &[SeededRx],
    products: &[SeedProduct],
) -> DemoInfo {
    let login = login_of;
    let pharmacies = staff
        .iter()
        .filter(|s| s.role == StaffRole::Pharmacist && !s.revoked)
        .map(login)
        .collect();
    let revoked = staff.iter().filter(|s| s.revoked).map(login).collect();
    let active_staff = staff.iter().filter(|s| !s.revoked).map(login).collect();

    let mut prescriptions = Vec::new();
    for state in STATES {
        prescriptions.extend(
            seeded
                .iter()
                .filter(|rx| rx.state == state)
                .take(PER_STATE)
                .map(|rx| DemoPrescription {
                    number: rx.number.clone(),
                    payload: format!("DMEDRX:1:{}:{}", rx.number, rx.code),
                    code: rx.code.clone(),
                    pinfl: rx.pinfl.clone(),
                    status: crate::store::codec::enum_str(&rx.status),
                    kind: crate::store::codec::enum_str(&rx.kind),
                    state: state.to_owned(),
                    inns: rx.inns.clone(),
                }),
        );
    }

    let mut demo_products: Vec<DemoProduct> = Vec::new();
    for rx in prescriptions
        .iter()
        .filter(|rx| rx.state == "active" || rx.state == "chronic_active")
    {
        for inn in &rx.inns {
            for p in products.iter().filter(|p| !p.removed && p.inn == *inn) {
                if !demo_products.iter().any(|d| d.product_id == p.product_id) {
                    demo_products.push(DemoProduct {
                        product_id: p.product_id.clone(),
                        inn: p.inn.clone(),
                        trade_name: p.trade_name.clone(),
                        atc: p.atc.clone(),
                        e_rx_required: e_rx_required(&p.atc),
                    });
                }
            }
        }
    }

    let mut marking_codes = Vec::new();
    for d in demo_products.iter().take(PRODUCTS_WITH_CODES) {
        let Some(gtin) = products
            .iter()
            .find(|p| p.product_id == d.product_id)
            .and_then(|p| p.gtins.first())
        else {
            continue;
        };
        for _ in 0..CODES_PER_PRODUCT {
            if let Some(code) = pack_code(rng, gtin) {
                marking_codes.push(DemoMarkingCode {
                    product_id: d.product_id.clone(),
                    code,
                });
            }
        }
    }

    DemoInfo {
        pharmacies,
        prescriptions,
        products: demo_products,
        revoked,
        staff: active_staff,
        marking_codes,
    }
}

/// The demo credentials of a seeded member of staff.
pub fn login_of(s: &SeededStaff) -> DemoLogin {
    DemoLogin {
        pharmacy_id: s.pharmacy_id.clone(),
        login: s.login.clone(),
        secret: s.secret.clone(),
        pharmacy_name: s.pharmacy_name.clone(),
        full_name: s.full_name.clone(),
        role: crate::store::codec::enum_str(&s.role),
        pinfl: s.pinfl.clone(),
        client_id: String::new(),
        client_secret: String::new(),
    }
}

/// An Asl belgisi pack code: (01) GTIN, (21) 13-character serial, (91) key, (92) crypto tail.
fn pack_code(rng: &mut impl Rng, gtin: &str) -> Option<String> {
    const SERIAL: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const TAIL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let serial: String = (0..13)
        .map(|_| SERIAL[rng.gen_range(0..SERIAL.len())] as char)
        .collect();
    let crypto: String = (0..44)
        .map(|_| TAIL[rng.gen_range(0..TAIL.len())] as char)
        .collect();
    PackCode::compose(gtin, &serial, Some("EE10"), Some(&crypto))
        .ok()
        .map(|p| p.to_element_string())
}
