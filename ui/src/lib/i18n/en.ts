//! English messages. Same keys and placeholders as `uz.ts` (checked by a test).

import type { MessageKey } from "./uz";

export const en: Record<MessageKey, string> = {
  "app.name": "Dorixona",
  "app.loading": "Loading…",
  "app.startFailed": "The app could not start",
  "app.retry": "Try again",
  "training.ribbon": "Training mode — not real prescriptions",

  "lang.uz": "Oʻzbekcha",
  "lang.en": "English",

  "role.pharmacist": "Pharmacist",
  "role.nurse": "Nurse",
  "role.registrar": "Registrar",
  "role.manager": "Manager",
  "role.administrator": "Administrator",

  "header.language": "Language",
  "header.settings": "Settings",
  "header.signOut": "Sign out",

  "signin.title": "Sign in",
  "signin.subtitle": "Pharmacy counter — e-prescriptions",
  "signin.pharmacy": "Pharmacy ID",
  "signin.login": "Login",
  "signin.secret": "Secret",
  "signin.submit": "Sign in",
  "signin.busy": "Checking…",
  "signin.required": "Fill in all fields.",
  "signin.demoTitle": "Demo account for training mode",
  "signin.fillDemo": "Fill in",

  "counter.inputLabel": "Prescription number, QR code or patient PINFL",
  "counter.inputHint": "Scan or type, then press Enter.",
  "counter.find": "Find",
  "counter.searching": "Searching…",
  "counter.empty": "Scan a prescription or type its number.",
  "counter.samples": "Sample prescriptions (training mode)",

  "idcheck.title": "Identity document",
  "idcheck.question": "Did you check the patient's identity document?",
  "idcheck.explain":
    "A lookup by PINFL is allowed only after you have checked a passport or ID card. Your confirmation is recorded.",
  "idcheck.confirm": "Yes, I checked it",
  "idcheck.cancel": "Cancel",

  "access.title": "Access code",
  "access.prompt": "Ask the patient for the 4-digit access code of prescription {number}.",
  "access.label": "4-digit code",
  "access.submit": "Open",
  "access.cancel": "Cancel",
  "access.invalid": "The code must be 4 digits.",

  "list.title": "The patient's active prescriptions: {count}",
  "list.open": "Open",
  "list.items": "Medicines: {count}",

  "rx.title": "Prescription",
  "rx.kind.acute": "Acute",
  "rx.kind.chronic": "Chronic",
  "rx.patient": "Patient",
  "rx.pinfl": "PINFL",
  "rx.birthDate": "Date of birth",
  "rx.prescriber": "Prescriber",
  "rx.facility": "Facility",
  "rx.diagnosis": "Diagnosis (ICD-10)",
  "rx.issued": "Issued",
  "rx.validity": "Valid",
  "rx.expiresIn": "expires in {days} days",
  "rx.expiresToday": "expires today",
  "rx.startsIn": "becomes valid in {days} days",
  "rx.endedAgo": "ended {days} days ago",
  "rx.heldByOther":
    "Another pharmacy ({holder}) holds this prescription until {time}. It can be dispensed once the hold runs out.",
  "rx.notDispensable": "Cannot dispense",
  "rx.items": "Medicines",
  "rx.startDispense": "Dispense",
  "rx.holding": "Holding…",

  "status.active": "Active",
  "status.partially_dispensed": "Partially dispensed",
  "status.completed": "Completed",
  "status.cancelled": "Cancelled",
  "status.expired": "Expired",

  "itemStatus.to_dispense": "To dispense",
  "itemStatus.partial": "Partly dispensed",
  "itemStatus.dispensed": "Dispensed",
  "itemStatus.not_dispensed": "Not dispensed",
  "itemStatus.cancelled": "Cancelled",
  "itemStatus.expired": "Expired",

  "item.inn": "INN",
  "item.form": "Form",
  "item.strength": "Strength",
  "item.dosage": "Directions",
  "item.prescribed": "Prescribed",
  "item.dispensed": "Dispensed",
  "item.remaining": "Remaining",
  "item.status": "Status",

  "dispense.title": "Dispense",
  "dispense.holdUntil": "The prescription is held for your pharmacy until {time}.",
  "dispense.product": "Product",
  "dispense.chooseProduct": "— choose a product —",
  "dispense.loadingProducts": "Loading products…",
  "dispense.noProducts": "The catalogue has no product for {inn}. Skip this item (quantity 0).",
  "dispense.quantity": "Quantity ({unit})",
  "dispense.qtyHint": "Remaining: {remaining}. 0 skips this item.",
  "dispense.pack": "{size} {unit} per pack",
  "dispense.eRxOnly": "e-Rx only",
  "dispense.submit": "Confirm dispense",
  "dispense.cancel": "Cancel",
  "dispense.sending": "Sending…",
  "dispense.nothing": "Choose a product and a quantity for at least one item.",

  "line.notWhole": "Enter a whole number.",
  "line.negative": "The quantity cannot be negative.",
  "line.exceeds": "At most {remaining} {unit} may be dispensed.",
  "line.noProduct": "Choose a product.",

  "result.delivered": "Accepted — recorded centrally.",
  "result.queued": "Saved — it will be sent to the central system when the connection is back.",
  "result.queuedRecorded":
    "The dispense is recorded on this counter: do not dispense it again. The receipt can be printed now.",
  "result.id": "Dispense ID",
  "result.newLookup": "New lookup",

  "audit.nav": "Audit log",
  "audit.title": "Audit log",
  "audit.intro": "Who did what at this counter, newest first. Patients appear masked. The whole chain is checked with 'dorixona audit verify'.",
  "audit.action": "Action",
  "audit.anyAction": "Any action",
  "audit.actor": "Login",
  "audit.apply": "Show",
  "audit.empty": "Nothing recorded for these filters.",
  "audit.when": "When",
  "audit.subject": "About",
  "audit.details": "Details",
  "audit.action.sign_in": "Signed in",
  "audit.action.sign_in_failed": "Failed sign-in",
  "audit.action.sign_out": "Signed out",
  "audit.action.session_ended": "Session ended centrally",
  "audit.action.lookup": "Lookup",
  "audit.action.hold": "Hold",
  "audit.action.release": "Hold handed back",
  "audit.action.dispense": "Dispense",
  "audit.action.paper_record": "Paper record",
  "audit.action.override": "Paper override",
  "audit.action.conflict_acknowledged": "Conflict acknowledged",
  "audit.action.settings_changed": "Settings changed",
  "audit.action.export": "Export",
  "settings.adminOnly": "The address and the camera are set up by an administrator; ask one to sign in to change them.",
  "settings.open": "Settings",
  "access.readOnly": "You can read this prescription; dispensing is for pharmacists and managers.",
  "access.noCounter.title": "Device administration",
  "access.noCounter.body":
    "Administrators set up this counter (the central address, the camera) and see no patients. Open the settings, or sign out for the pharmacist.",
  "settings.title": "Settings",
  "settings.endpoint": "Central API URL",
  "settings.endpointHint":
    "Leave it empty for training mode with the built-in sandbox. A change of address applies after the app is restarted.",
  "settings.current": "Connected to: {endpoint}",
  "settings.language": "Language",
  "settings.save": "Save",
  "settings.close": "Close",
  "settings.saved": "Saved. A new address applies after you restart the app.",

  "field.pinfl": "PINFL",
  "field.prescription_number": "prescription number",
  "field.access_code": "access code",
  "field.qr_payload": "QR code",

  "id.empty": "The {field} is empty. Scan or type it.",
  "id.length.digits":
    "The {field} must have {expected} digits; this one has {found}. Compare with the document and type it again.",
  "id.length.chars":
    "The {field} must have {expected} characters; this one has {found}. Compare with the document and type it again.",
  "id.non_digit":
    "The {field} may contain only digits; position {position} has “{found}”. Correct it and try again.",
  "id.control_character":
    "The {field} has an invisible control character at position {position}. Clear the field and scan or type it again.",
  "id.invalid_character":
    "The {field} has “{found}” at position {position}, which is not allowed. Use only digits and Latin letters (A–Z).",
  "id.invalid_character.lookalike":
    "The {field} has “{found}” at position {position}: it looks like the Latin “{lookalike}” but comes from another alphabet. Switch the keyboard to Latin and type it again.",
  "id.check_character":
    "The {field} is wrong: its check character should be “{expected}” but is “{found}”, so a character was mistyped. Compare with the document and type it again.",
  "id.sex_century":
    "The first digit of a PINFL must be 1 to 6; this one has “{found}”. Compare with the document and type it again.",
  "id.birth_date":
    "The birth date in the PINFL ({date}) does not exist. Compare with the document and type it again.",
  "id.unknown_qr_format":
    "This QR code is not a DMED prescription. Scan the QR code on the prescription or type its number.",
  "id.unsupported_qr_version":
    "The QR code has version “{found}”; this counter reads version 1 only. Type the prescription number instead.",

  "error.PRESCRIPTION_NOT_FOUND":
    "No such prescription was found. Compare the number with the document or ask the patient to show the QR code again.",
  "error.INVALID_IDENTIFIER": "The number is not valid. Check it and type it again.",
  "error.ACCESS_CODE_MISMATCH":
    "The access code does not match. Ask the patient for the code again and retype it.",
  "error.NOT_YET_VALID":
    "The prescription is not valid yet. It cannot be dispensed; ask the patient to come back when its validity starts.",
  "error.EXPIRED":
    "The prescription has expired. It cannot be dispensed; refer the patient to the doctor for a new one.",
  "error.CANCELLED":
    "The prescriber cancelled this prescription. It cannot be dispensed; refer the patient to the doctor.",
  "error.ALREADY_DISPENSED":
    "Everything on this prescription has already been dispensed. Nothing more can be given on it.",
  "error.HELD_BY_OTHER_PHARMACY":
    "Another pharmacy ({holder}) holds this prescription until {time}. Try again after that time.",
  "error.HELD_BY_OTHER_PHARMACY.plain":
    "Another pharmacy holds this prescription. Try again once the hold runs out.",
  "error.HOLD_EXPIRED": "The hold on the prescription has run out. Start the dispense again.",
  "error.QUANTITY_EXCEEDED":
    "The quantity is more than what remains: at most {remaining} may be dispensed. Lower the quantity.",
  "error.QUANTITY_EXCEEDED.plain":
    "The quantity is more than what remains on the prescription. Lower the quantity.",
  "error.PRODUCT_INN_MISMATCH":
    "The chosen product ({productInn}) is not the prescribed medicine ({itemInn}). Choose a product containing {itemInn}.",
  "error.PRODUCT_INN_MISMATCH.plain":
    "The chosen product is not the prescribed medicine. Choose a product with the same INN.",
  "error.MARKING_CODE_INVALID":
    "The pack's marking code is not valid. Scan the pack again or take another pack.",
  "error.MARKING_CODE_RETIRED":
    "This pack is already recorded as sold. Take another pack and tell your manager.",
  "error.IDEMPOTENCY_CONFLICT":
    "This dispense was already sent with different contents. Open the prescription again and check what was recorded.",
  "error.UNAUTHENTICATED": "Wrong login or secret, or the session has ended. Sign in again.",
  "error.FORBIDDEN": "You are not allowed to do this, or your access was revoked. Contact your manager.",
  "error.FORBIDDEN.revoked":
    "Your access to DMED was revoked, so you were signed out. Dispenses you made are kept and sent; ask the pharmacy manager about your access.",
  "error.FORBIDDEN.permission": "Only {who} can do this. Ask one of them to sign in.",
  "error.UNAUTHENTICATED.session":
    "The central system ended your session (it ran out or was closed). Sign in again to go on.",
  "permission.anyone": "anyone",
  "permission.signed_in": "signed-in staff",
  "permission.read": "pharmacists, managers, nurses and registrars",
  "permission.dispense": "pharmacists and managers",
  "permission.manage": "managers",
  "permission.administer": "administrators",
  "error.SERVICE_UNAVAILABLE":
    "The central system is temporarily unavailable. Try again in {seconds} seconds.",
  "error.SERVICE_UNAVAILABLE.plain": "The central system is temporarily unavailable. Try again in a moment.",
  "error.ID_DOCUMENT_NOT_CHECKED":
    "A lookup by PINFL needs confirmation that the identity document was checked. Check it and search again.",
  "error.BAD_REQUEST":
    "The request was malformed. Check the entries and try again; if it happens again, contact support.",
  "error.NOT_FOUND":
    "A referenced medicine or product was not found. Open the prescription again and choose the product again.",
  "error.WITHDRAW_NOT_ALLOWED":
    "This dispense cannot be withdrawn (only the newest one, within 24 hours). Contact your manager.",
  "error.INTERNAL": "The central system had an unexpected fault. Try again in a moment.",
  "error.TOO_MANY_ATTEMPTS":
    "Too many wrong attempts: this is locked for now. Try again in {minutes} min with the right password or access code.",
  "error.TOO_MANY_ATTEMPTS.plain":
    "Too many wrong attempts: this is locked for 15 minutes. Try again later with the right password or access code.",
  "error.NETWORK_UNAVAILABLE":
    "The central system cannot be reached. Check the network and try again once the connection is back.",
  "error.TIMEOUT": "The central system did not answer in time. Try again.",
  "error.STORAGE_ERROR.no_keyring":
    "Patient data on this counter is kept encrypted with a key held by the system keyring, which is not available. Nothing is stored in the clear, so the counter cannot start: sign in to the desktop session so its keyring opens, or ask the installer to set DORIXONA_DB_KEY_FILE, then start Dorixona again.",
  "error.STORAGE_ERROR":
    "The local database failed (disk full or locked). Check that the disk has free space and restart the app.",
  "error.NOT_SIGNED_IN": "Nobody is signed in. Sign in first.",
  "error.ID_DOCUMENT_CHECK_REQUIRED": "Check the patient's identity document before looking up by PINFL.",
  "error.ACCESS_CODE_REQUIRED": "Ask the patient for the 4-digit access code to open the prescription.",
  "error.E_RX_REQUIRED":
    "This product may be sold only on an e-prescription. Ask the patient for an e-prescription.",
  "error.INVALID_SETTING":
    "A setting is not valid (for example, the API URL must start with http:// or https://). Correct it and save again.",
  "error.PROTOCOL_ERROR":
    "The central system sent an answer the counter does not understand. Try again; if it happens again, contact support.",
  "error.DISPENSE_NOT_RECORDED":
    "Nothing was recorded: the dispense did not finish in time and was called off before it was saved. Nothing was sent. It is safe to dispense again.",

  // --- reports ---
  "reports.nav": "Reports",
  "reports.counterNav": "Counter",
  "reports.title": "Reports",
  "reports.preset.today": "Today",
  "reports.preset.week": "This week",
  "reports.preset.month": "This month",
  "reports.preset.custom": "Custom range",
  "reports.from": "From",
  "reports.to": "To",
  "reports.show": "Show",
  "reports.loading": "Preparing the report…",
  "reports.badRange": "The period is not valid: it starts after it ends.",
  "reports.header": "{pharmacy} · {from} — {to} · generated {time}",
  "reports.totals.dispenses": "Dispenses",
  "reports.totals.items": "Items",
  "reports.totals.packs": "Packs",
  "reports.totals.patients": "Patients",
  "reports.daily": "Daily volume (packs)",
  "reports.topInns": "Top INNs (packs)",
  "reports.byPharmacist": "By pharmacist",
  "reports.byInn": "By INN",
  "reports.byProduct": "By product",
  "reports.byMode": "By mode",
  "reports.partial": "Partial dispenses",
  "reports.withdrawals": "Withdrawals",
  "reports.conflicts": "Open conflicts",
  "reports.none": "None",
  "reports.col.pharmacist": "Pharmacist",
  "reports.col.inn": "INN",
  "reports.col.product": "Product",
  "reports.col.mode": "Mode",
  "reports.col.dispenses": "Dispenses",
  "reports.col.items": "Items",
  "reports.col.quantity": "Quantity",
  "reports.col.packs": "Packs",
  "reports.col.time": "Time",
  "reports.col.prescription": "Prescription",
  "reports.col.state": "State",
  "reports.col.reason": "Reason",
  "reports.col.code": "Code",
  "reports.col.withdrawnAt": "Withdrawn",
  "reports.mode.online": "Online",
  "reports.mode.offline_retry": "Sent later",
  "reports.mode.paper": "Paper",
  "reports.drill.title": "{name}: dispenses",
  "reports.drill.close": "Close",
  "reports.drill.hint": "Click a row to see the dispenses behind it.",
  "reports.export.title": "Save as a file",
  "reports.export.pdf": "PDF",
  "reports.export.csv": "CSV",
  "reports.export.xlsx": "Excel (XLSX)",
  "reports.export.separator": "CSV separator",
  "reports.export.comma": "comma (,)",
  "reports.export.semicolon": "semicolon (;)",
  "reports.export.bom": "BOM for Excel",
  "reports.export.busy": "Saving…",
  "reports.export.saved": "Saved: {path}",
  "reports.export.open": "Open / print",
  "reports.receipt.print": "Save and print the receipt",
  "reports.receipt.saved": "Receipt saved: {path}",

  // --- outage ---
  "outage.offlineSince":
    "Offline since {time}: dispenses are saved on this computer and sent when the connection is back.",
  "outage.backOnline": "The connection is back.",
  "outage.outbox.pending": "To send: {count}",
  "outage.outbox.empty": "Everything sent",
  "outage.outbox.oldest": "oldest {age}",
  "outage.outbox.lastError": "Last error: {error}",
  "outage.outbox.sendNow": "Send now",
  "outage.outbox.sending": "Sending…",
  "outage.outbox.conflicts": "Conflicts: {count}",
  "outage.age.seconds": "{n} s",
  "outage.age.minutes": "{n} min",
  "outage.age.hours": "{h} h {m} min",
  "outage.age.days": "{d} d {h} h",
  "outage.cached": "Saved copy from {time} ({age} old): the central system could not be asked",
  "outage.nav.paper": "Paper prescription",
  "outage.nav.conflicts": "Conflicts",
  "outage.nav.back": "Back to the counter",
  "outage.policy.title": "Dispensing from saved copies during an outage",
  "outage.policy.intro":
    "When the central system cannot be reached, the counter can dispense from the copy of a prescription it looked up before. It cannot check whether another pharmacy dispensed it meanwhile: the choice is between a risk of dispensing twice and a patient left without medicine.",
  "outage.policy.never": "Never",
  "outage.policy.neverHint":
    "No risk of dispensing twice. During an outage patients are served on paper prescriptions or must wait.",
  "outage.policy.chronic": "Chronic prescriptions only (recommended)",
  "outage.policy.chronicHint":
    "Patients on long-term therapy are not left without medicine; acute prescriptions (e.g. antibiotics) go on paper or wait. A chronic prescription may be dispensed twice if another pharmacy dispenses it during the same outage; the manager sees that as a conflict.",
  "outage.policy.any": "Any saved prescription",
  "outage.policy.anyHint":
    "No patient with a saved prescription is turned away, but any prescription may be dispensed twice during an outage; each double dispense surfaces as a conflict.",
  "outage.policy.retention": "Keep looked-up prescriptions (days)",
  "outage.policy.retentionHint": "1 to 90 days. Older saved copies are deleted.",
  "outage.policy.maxAge": "Dispense only from copies younger than (hours)",
  "outage.policy.maxAgeHint":
    "1 hour to the retention ({max} hours). The older the copy, the more likely it has changed elsewhere.",
  "outage.policy.retentionInvalid": "Enter whole days from 1 to 90.",
  "outage.policy.maxAgeInvalid": "Enter whole hours from 1 to {max}.",
  "outage.policy.save": "Save the policy",
  "outage.policy.saving": "Saving…",
  "outage.policy.saved": "Policy saved.",
  "outage.policy.readOnly": "Only a manager can change this policy.",
  "outage.policy.summary": "Saved copies are kept {days} days; dispensing from copies up to {hours} h old.",
  "outage.paper.title": "Paper prescription",
  "outage.paper.intro":
    "Use this only when the central system cannot be reached. The record is saved here at once and uploaded when the connection is back.",
  "outage.paper.onlineManager":
    "The central system is reachable. As a manager you may still record on paper, giving a reason.",
  "outage.paper.onlineBlocked":
    "The central system is reachable: dispense online. Only a manager can record a paper prescription now.",
  "outage.paper.number": "Prescription number (if the paper has one)",
  "outage.paper.pinfl": "Patient's PINFL",
  "outage.paper.prescriber": "Prescriber (full name)",
  "outage.paper.facility": "Facility",
  "outage.paper.items": "Items",
  "outage.paper.inn": "INN",
  "outage.paper.product": "Product",
  "outage.paper.chooseProduct": "Choose a product",
  "outage.paper.noProducts": "No product with this INN in the catalogue",
  "outage.paper.quantity": "Packs",
  "outage.paper.batch": "Batch",
  "outage.paper.marking": "Marking code (scan)",
  "outage.paper.addLine": "Add an item",
  "outage.paper.removeLine": "Remove",
  "outage.paper.idChecked": "I checked the patient's identity document",
  "outage.paper.declaration": "The patient declares this prescription was not dispensed elsewhere",
  "outage.paper.reason": "Why paper (optional)",
  "outage.paper.overrideReason": "Manager's reason for recording on paper",
  "outage.paper.save": "Save the paper dispense",
  "outage.paper.saving": "Saving…",
  "outage.paper.saved": "Saved as {id}. It will be uploaded when the connection is back.",
  "outage.paper.another": "Record another",
  "outage.paper.missing": "Fill in: {fields}",
  "outage.paper.log": "Today's paper log",
  "outage.paper.logEmpty": "No paper dispenses today.",
  "outage.paper.print": "Print the day's paper log",
  "outage.paper.printed": "Saved: {path}",
  "outage.paper.open": "Open / print",
  "outage.paper.state.pending": "Waiting to upload",
  "outage.paper.state.accepted": "Accepted",
  "outage.paper.state.conflict": "Conflict",
  "outage.conflicts.title": "Conflicts to settle",
  "outage.conflicts.intro":
    "Dispenses and paper records the central system refused after they were handed over. Check each one, note what was done, and acknowledge it.",
  "outage.conflicts.empty": "No open conflicts.",
  "outage.conflicts.showAll": "Show acknowledged too",
  "outage.conflicts.source.dispense": "Dispense",
  "outage.conflicts.source.paper": "Paper record",
  "outage.conflicts.reason": "Reason from the central system",
  "outage.conflicts.note": "Note",
  "outage.conflicts.saveNote": "Save note",
  "outage.conflicts.acknowledge": "Acknowledge",
  "outage.conflicts.acknowledged": "Acknowledged by {name} at {time}",
  "outage.conflicts.noNumber": "no prescription number",
  "outage.dispenseOffline":
    "Offline: dispensing from the saved copy without a hold. The dispense is sent when the connection is back.",

  // --- scan ---
  "scan.camera.title": "Camera",
  "scan.state.off": "Camera off",
  "scan.state.starting": "Starting the camera…",
  "scan.state.running": "Show the QR code to the camera",
  "scan.state.no_camera":
    "No camera found. Connect one and press Start, or type the number or use a handheld scanner.",
  "scan.state.busy":
    "The camera is busy: another program is using it. Close that program and press Start; typing and handheld scanners still work.",
  "scan.state.permission_denied":
    "Access to the camera was denied. Allow it in the system settings and press Start; typing and handheld scanners still work.",
  "scan.state.failed": "The camera stopped: {detail}. Press Start to try again.",
  "scan.start": "Start",
  "scan.stop": "Stop",
  "scan.preview": "What the camera sees",
  "scan.packIgnored": "That was a pack code. Scan packs in the dispense step, after starting the dispense.",
  "scan.pack.label": "Scan a pack (marking code)",
  "scan.pack.hint": "Scan the Data Matrix code on the pack: the product, batch and expiry are filled in.",
  "scan.pack.check": "Add pack",
  "scan.pack.added": "{name}: pack …{tail} added",
  "scan.pack.codes": "Scanned packs: {count}",
  "scan.refuse.malformed": "This is not a pack marking code. Scan the Data Matrix code on the pack.",
  "scan.refuse.unknown_gtin": "This pack's product is not in the catalogue. Choose the product by hand.",
  "scan.refuse.inn_mismatch":
    "This pack contains another medicine ({inn}) than the prescription asks for. Do not hand it over.",
  "scan.refuse.expired": "This pack expired on {expiry}. Do not hand it over.",
  "scan.refuse.duplicate": "This pack was already scanned in this dispense.",
  "scan.settings.camera": "Camera",
  "scan.settings.cameraDefault": "The first camera found",
};
