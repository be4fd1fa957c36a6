//! The catalogue both ways: a product of the national drug list is a `Medication` (the guide's
//! profile): its catalogue id and GTINs as identifiers, the trade name as `code.text` with the
//! ATC code, the INN and strength as its ingredient, the form, the pack as `totalVolume` in the
//! local units, the manufacturer as marketing authorization holder, and whether it needs a
//! prescription or an e-prescription as Dorixona's extensions. A product taken off the list is
//! `inactive`.

use dmed_api::types::Product;

use crate::model::{
    extension, identifier_value, text_value, CodeableConcept, CodeableReference, Coding, Extension,
    Identifier, Ingredient, Medication, Meta, Reference,
};
use crate::prescription::{count, fhir_id, pieces};
use crate::{systems, MappingError};

/// A product as a Medication, `lastUpdated` when given.
pub fn medication(p: &Product, last_updated: Option<String>) -> Medication {
    let flag = |url: &str, value: bool| Extension {
        url: url.to_owned(),
        value_boolean: Some(value),
        ..Extension::default()
    };
    let mut identifier = vec![Identifier::of(systems::PRODUCT, &p.product_id)];
    identifier.extend(p.gtins.iter().map(|g| {
        Identifier::typed(
            systems::GTIN,
            g,
            "official",
            systems::MEDICINE_IDENTIFIER_TYPES,
            "gtin",
        )
    }));
    Medication {
        id: Some(fhir_id(&p.product_id)),
        meta: last_updated.map(|t| Meta {
            last_updated: Some(t),
            ..Meta::default()
        }),
        extension: vec![
            flag(systems::EXT_RX_ONLY, p.rx_only),
            flag(systems::EXT_E_RX_REQUIRED, p.e_rx_required),
        ],
        identifier,
        code: Some(CodeableConcept {
            coding: text_value(&p.atc)
                .map(|atc| Coding {
                    system: Some(systems::ATC.to_owned()),
                    code: Some(atc),
                    ..Coding::default()
                })
                .into_iter()
                .collect(),
            text: text_value(&p.trade_name),
            ..CodeableConcept::default()
        }),
        status: Some("active".to_owned()),
        marketing_authorization_holder: text_value(&p.manufacturer).map(|m| Reference {
            display: Some(m),
            ..Reference::default()
        }),
        dose_form: text_value(&p.form).map(CodeableConcept::text),
        total_volume: Some(pieces(p.pack_size, &p.unit)),
        ingredient: vec![Ingredient {
            item: Some(CodeableReference {
                concept: text_value(&p.inn).map(CodeableConcept::text),
                ..CodeableReference::default()
            }),
            strength_codeable_concept: text_value(&p.strength).map(CodeableConcept::text),
            ..Ingredient::default()
        }],
        ..Medication::default()
    }
}

/// A product taken off the list, as an `inactive` Medication.
pub fn removed(product_id: &str, last_updated: Option<String>) -> Medication {
    Medication {
        id: Some(fhir_id(product_id)),
        meta: last_updated.map(|t| Meta {
            last_updated: Some(t),
            ..Meta::default()
        }),
        identifier: vec![Identifier::of(systems::PRODUCT, product_id)],
        status: Some("inactive".to_owned()),
        ..Medication::default()
    }
}

/// What a Medication says for the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Listed(Product),
    /// Taken off the list: its product id.
    Removed(String),
}

/// Reads a Medication of the catalogue.
pub fn entry(m: &Medication) -> Result<Entry, MappingError> {
    let product_id = identifier_value(&m.identifier, systems::PRODUCT)
        .ok_or_else(|| MappingError::missing("Medication.identifier (product)"))?
        .to_owned();
    if matches!(m.status.as_deref(), Some("inactive" | "entered-in-error")) {
        return Ok(Entry::Removed(product_id));
    }
    let text = |c: Option<&CodeableConcept>| c.and_then(|c| c.text.clone()).unwrap_or_default();
    let ingredient = m.ingredient.first();
    let flag = |url: &str| extension(&m.extension, url).and_then(|e| e.value_boolean) == Some(true);
    let pack = m
        .total_volume
        .as_ref()
        .ok_or_else(|| MappingError::missing("Medication.totalVolume"))?;
    Ok(Entry::Listed(Product {
        product_id,
        trade_name: text(m.code.as_ref()),
        inn: text(
            ingredient
                .and_then(|i| i.item.as_ref())
                .and_then(|i| i.concept.as_ref()),
        ),
        atc: m
            .code
            .as_ref()
            .and_then(|c| c.code_in(systems::ATC))
            .unwrap_or_default()
            .to_owned(),
        form: text(m.dose_form.as_ref()),
        strength: text(ingredient.and_then(|i| i.strength_codeable_concept.as_ref())),
        pack_size: count(pack, "Medication.totalVolume.value")?,
        unit: pack.unit.clone().unwrap_or_default(),
        manufacturer: m
            .marketing_authorization_holder
            .as_ref()
            .and_then(|r| r.display.clone())
            .unwrap_or_default(),
        gtins: m
            .identifier
            .iter()
            .filter(|i| i.system.as_deref() == Some(systems::GTIN))
            .filter_map(|i| i.value.clone())
            .collect(),
        rx_only: flag(systems::EXT_RX_ONLY),
        e_rx_required: flag(systems::EXT_E_RX_REQUIRED),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Resource;

    fn product() -> Product {
        Product {
            product_id: "P-AMX-500".into(),
            trade_name: "Amoksiklav".into(),
            inn: "Amoxicillin".into(),
            atc: "J01CA04".into(),
            form: "capsule".into(),
            strength: "500 mg".into(),
            pack_size: 20,
            unit: "capsule".into(),
            manufacturer: "Nobel Pharmsanoat".into(),
            gtins: vec!["04780000000017".into(), "04780000000024".into()],
            rx_only: true,
            e_rx_required: true,
        }
    }

    fn travel(m: Medication) -> Medication {
        let json = serde_json::to_string(&Resource::Medication(Box::new(m))).unwrap();
        match serde_json::from_str(&json).unwrap() {
            Resource::Medication(m) => *m,
            _ => panic!(),
        }
    }

    #[test]
    fn a_product_goes_out_as_a_medication_and_reads_back_whole() {
        let p = product();
        let m = travel(medication(&p, Some("2026-12-01T10:00:00Z".into())));
        assert_eq!(m.status.as_deref(), Some("active"));
        assert_eq!(entry(&m).unwrap(), Entry::Listed(p.clone()));
        let bare = Product {
            atc: String::new(),
            gtins: vec![],
            manufacturer: String::new(),
            rx_only: false,
            e_rx_required: false,
            ..p
        };
        assert_eq!(
            entry(&travel(medication(&bare, None))).unwrap(),
            Entry::Listed(bare)
        );
    }

    #[test]
    fn a_product_taken_off_the_list_reads_as_removed() {
        let m = travel(removed("P-OLD+1", None));
        assert_eq!(m.id.as_deref(), Some("P-OLD.1"));
        assert_eq!(entry(&m).unwrap(), Entry::Removed("P-OLD+1".into()));
    }

    #[test]
    fn a_medication_without_our_product_id_is_refused_by_name() {
        let mut m = medication(&product(), None);
        m.identifier
            .retain(|i| i.system.as_deref() != Some(systems::PRODUCT));
        assert_eq!(
            entry(&m).unwrap_err().element,
            "Medication.identifier (product)"
        );
    }
}
