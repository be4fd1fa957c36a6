//! The facade's pack method: checks a scanned pack against the cached prescription and the
//! local catalogue (syncing the catalogue first if it was never synced).

use super::PackMatch;
use crate::error::CounterError;
use crate::{Counter, LOCAL_OFFSET};
use dmed_api::types::Product;
use dmed_api::RxNumber;
use time::OffsetDateTime;

impl Counter {
    /// What the scanned pack `code` is for prescription `number` (looked up before): its product
    /// (by GTIN), the item (`item_id`, or the first item of the product's INN still to
    /// dispense), batch, expiry and the canonical marking code. Refused with
    /// `MARKING_CODE_INVALID` (`details.reason`: `malformed`, `unknown_gtin`, `expired`,
    /// `duplicate` against `already`) or `PRODUCT_INN_MISMATCH` (`inn_mismatch`).
    pub async fn check_pack(
        &self,
        number: &str,
        item_id: Option<&str>,
        code: &str,
        already: &[String],
    ) -> Result<PackMatch, CounterError> {
        let number = RxNumber::parse(number)?;
        self.require(crate::access::Permission::Dispense, "check packs")?;
        let prescription = self
            .cached(number.as_str())?
            .ok_or_else(|| CounterError::not_looked_up(&number))?;
        if self.inner.store.catalog_version()?.is_none() && !self.known_offline() {
            if let Err(e) = self.sync_catalog().await {
                tracing::warn!(code = %e.code(), "catalogue sync before a pack check failed");
            }
        }
        let today = OffsetDateTime::now_utc().to_offset(LOCAL_OFFSET).date();
        let store = &self.inner.store;
        super::check(
            code,
            item_id,
            &prescription.items,
            |gtin| {
                store
                    .products_by_gtin(gtin)?
                    .iter()
                    .map(|json| Ok(serde_json::from_str::<Product>(json)?))
                    .collect()
            },
            already,
            today,
        )
    }
}
