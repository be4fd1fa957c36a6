//! Receipts and withdrawal slips printed again from a prescription's history: a dispense this
//! counter holds from its local store; one made (or withdrawn) at another counter of the same
//! pharmacy from the central history (the products named from the local catalogue, the patient
//! masked from the saved copy).

use dmed_api::types::{Dispense, Product};
use dmed_api::{ErrorCode, RxNumber};

use crate::access::Permission;
use crate::error::CounterError;
use crate::reports::model::PharmacyRef;
use crate::reports::period::local_minute;
use crate::reports::receipt::{self, ReceiptData};
use crate::store::reports::ReceiptHead;
use crate::store::LineRow;
use crate::Counter;

impl Counter {
    /// The receipt of dispense `dispense_id` of prescription `number`, made by this pharmacy at
    /// any of its counters (pharmacists and managers). `FORBIDDEN` for another pharmacy's,
    /// `NOT_FOUND` for a dispense the prescription does not have.
    pub async fn reprint_receipt(
        &self,
        number: &str,
        dispense_id: &str,
    ) -> Result<Vec<u8>, CounterError> {
        self.require(Permission::Dispense, "print receipts")?;
        let data = self.receipt_data(number, dispense_id, false).await?;
        Ok(receipt::render(&data, self.document_lang())?)
    }

    /// What the receipt (or, with `slip`, the withdrawal slip) of dispense `dispense_id` of
    /// prescription `number` prints: from this counter's store when it holds it, else from the
    /// central history when this pharmacy made it. `NOT_FOUND` for a slip of a dispense that
    /// was not withdrawn.
    pub(crate) async fn receipt_data(
        &self,
        number: &str,
        dispense_id: &str,
        slip: bool,
    ) -> Result<ReceiptData, CounterError> {
        let id = dispense_id.trim();
        let store = &self.inner.store;
        if slip && store.withdrawal_of(id)?.is_some() {
            return crate::reports::facade::withdrawal_data_from_store(store, id);
        }
        if !slip && store.dispense(id)?.is_some() {
            return crate::reports::facade::receipt_data_from_store(store, id);
        }
        let d = self.central_dispense(number, id).await?;
        let mut data = self.receipt_of_central(&d)?;
        if slip {
            let (Some(at), Some(reason)) = (d.withdrawn_at, d.withdraw_reason.clone()) else {
                return Err(CounterError::rejected(
                    ErrorCode::NotFound,
                    format!("dispense {id} was not withdrawn"),
                ));
            };
            data.withdrawal = Some(receipt::Withdrawal {
                at: local_minute(at),
                reason,
            });
        }
        Ok(data)
    }

    /// The withdrawal slip of dispense `dispense_id` of prescription `number`, withdrawn at any
    /// counter of this pharmacy: from this counter's store when it holds the withdrawal, else
    /// from the central history. `NOT_FOUND` when the dispense was not withdrawn.
    pub async fn reprint_withdrawal_slip(
        &self,
        number: &str,
        dispense_id: &str,
    ) -> Result<Vec<u8>, CounterError> {
        self.require(Permission::Dispense, "print withdrawal slips")?;
        let data = self.receipt_data(number, dispense_id, true).await?;
        Ok(receipt::render(&data, self.document_lang())?)
    }

    /// Dispense `dispense_id` of prescription `number` from the central history, when this
    /// pharmacy made it.
    async fn central_dispense(
        &self,
        number: &str,
        dispense_id: &str,
    ) -> Result<Dispense, CounterError> {
        let session = self.session().ok_or(CounterError::NotSignedIn)?;
        let number = RxNumber::parse(number)?;
        let history = self
            .watch(self.inner.client.history(number.as_str()).await)
            .await?;
        let d = history
            .dispenses
            .into_iter()
            .find(|d| d.dispense_id.to_string() == dispense_id.trim())
            .ok_or_else(|| {
                CounterError::rejected(
                    ErrorCode::NotFound,
                    format!("prescription {number} has no dispense {dispense_id}"),
                )
            })?;
        if d.pharmacy_id != session.pharmacy.pharmacy_id {
            return Err(CounterError::rejected(
                ErrorCode::Forbidden,
                "Only the pharmacy that made a dispense prints its receipt",
            ));
        }
        Ok(d)
    }

    fn receipt_of_central(&self, d: &Dispense) -> Result<ReceiptData, CounterError> {
        let store = &self.inner.store;
        let copy: Option<dmed_api::types::Prescription> = store
            .prescription(&d.prescription_number)?
            .and_then(|(json, _)| serde_json::from_str(&json).ok());
        let time = local_minute(d.handed_over_at);
        let lines = d
            .items
            .iter()
            .map(|i| {
                let product: Option<Product> = crate::catalog::product(store, &i.product_id)?;
                let inn = copy
                    .as_ref()
                    .and_then(|p| p.items.iter().find(|it| it.item_id == i.item_id))
                    .map(|it| it.inn.clone())
                    .or_else(|| product.as_ref().map(|p| p.inn.clone()))
                    .unwrap_or_default();
                Ok(LineRow {
                    item_id: i.item_id.clone(),
                    product_id: i.product_id.clone(),
                    inn,
                    trade_name: product
                        .as_ref()
                        .map(|p| p.trade_name.clone())
                        .unwrap_or_default(),
                    pack_size: product.as_ref().map_or(0, |p| p.pack_size),
                    unit: product.as_ref().map(|p| p.unit.clone()).unwrap_or_default(),
                    quantity: i.quantity,
                    batch: i.batch.clone(),
                    expiry: i.expiry.map(|e| e.to_string()),
                    marking_codes: i.marking_codes.clone(),
                    not_dispensed_reason: i.not_dispensed_reason.clone(),
                })
            })
            .collect::<Result<Vec<_>, CounterError>>()?;
        Ok(ReceiptData {
            head: ReceiptHead {
                dispense_id: d.dispense_id.to_string(),
                prescription_number: d.prescription_number.clone(),
                pharmacy: PharmacyRef {
                    id: d.pharmacy_id.clone(),
                    name: d.pharmacy_name.clone(),
                },
                pharmacist_name: d.pharmacist_name.clone(),
                mode: d.mode.into(),
                time,
                patient_pinfl: None,
                receiver: d.receiver.clone(),
            },
            patient_masked: copy.map(|p| crate::privacy::mask_pinfl(&p.patient.pinfl)),
            lines,
            withdrawal: None,
        })
    }
}
