//! The first-run setup: on a counter never set up, whoever installs it (before anyone can sign
//! in) chooses the pharmacy, the central system, the camera, the receipt printer and the
//! language, once. After that, the same device settings are an administrator's. Values the
//! machine configuration fixes ([`crate::machine_config`]) are shown and kept as they are.

use crate::access::Permission;
use crate::error::CounterError;
use crate::printing::PrintSettings;
use crate::settings;
use crate::types::Settings;
use crate::Counter;

/// What finishing the setup changed that needs the app to start again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SetupFinished {
    /// The central system changed: it is used from the next start.
    pub restart_needed: bool,
}

impl Counter {
    /// Whether the first-run setup is still to be done on this counter.
    pub fn setup_needed(&self) -> Result<bool, CounterError> {
        settings::setup_needed(&self.inner.data_dir)
    }

    /// Who may use the setup's commands now: anyone at the machine while the setup is still to
    /// be done (nobody can sign in before it), an administrator afterwards.
    pub fn setup_permission(&self) -> Result<Permission, CounterError> {
        Ok(if self.setup_needed()? {
            Permission::Anyone
        } else {
            Permission::Administer
        })
    }

    /// Saves what the setup chose (`settings`, and the receipt printer when one was picked)
    /// and marks the setup done; the choice is recorded in the audit trail.
    pub fn finish_setup(
        &self,
        new: &Settings,
        printing: Option<&PrintSettings>,
    ) -> Result<SetupFinished, CounterError> {
        let permission = self.setup_permission()?;
        crate::access::check(self.session().as_ref(), permission, "set the counter up")?;
        if permission != Permission::Anyone {
            self.check_unlocked()?;
        }
        let dir = &self.inner.data_dir;
        let before = self.settings()?;
        let valid = settings::validate(new)?;
        settings::save(dir, &valid)?;
        if let Some(printing) = printing {
            settings::save_print_settings(dir, printing)?;
        }
        settings::mark_setup_done(dir)?;
        let restart_needed = before.endpoint != valid.endpoint || before.adapter != valid.adapter;
        self.audit(
            crate::audit::AuditAction::SettingsChanged,
            "setup",
            serde_json::json!({
                "endpoint": restart_needed,
                "adapter": valid.adapter,
                "language": valid.language,
                "camera": valid.camera.is_some(),
                "printer": printing.and_then(|p| p.printer.clone()),
            }),
        );
        Ok(SetupFinished { restart_needed })
    }
}
