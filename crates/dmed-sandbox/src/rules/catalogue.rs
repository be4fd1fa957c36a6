//! Which products may be sold only on an e-prescription: antibiotics and antibacterials
//! (ATC J01), antimycotics (J02), antimycobacterials (J04), antivirals (J05), systemic
//! corticosteroids (H02), thyroid therapy (H03) and sex hormones (G03).

/// ATC prefixes of the groups that need an e-prescription.
pub const E_RX_ATC_PREFIXES: [&str; 7] = ["J01", "J02", "J04", "J05", "H02", "H03", "G03"];

/// True when a product with this ATC code may not be sold without an e-prescription.
pub fn e_rx_required(atc: &str) -> bool {
    let atc = atc.trim().to_ascii_uppercase();
    E_RX_ATC_PREFIXES.iter().any(|p| atc.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_groups_need_an_e_prescription() {
        for atc in [
            "J01CA04", "j02ac01", "J04AB02", "J05AB01", "H02AB06", "H03AA01", "G03DA04",
        ] {
            assert!(e_rx_required(atc), "{atc}");
        }
    }

    #[test]
    fn other_groups_do_not() {
        for atc in [
            "C08CA01", "N02BE01", "P01AB01", "S01AA01", "J03", "A10BA02", "G04CA02",
        ] {
            assert!(!e_rx_required(atc), "{atc}");
        }
    }
}
