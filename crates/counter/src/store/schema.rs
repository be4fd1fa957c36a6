//! The schema of the local database, as the ordered list of migrations that build it.

/// The ordered schema migrations; index + 1 is the version each one brings the database to.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: settings, cached prescriptions, catalogue, dispenses with their lines, outbox.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE prescriptions (
        number     TEXT PRIMARY KEY,
        pinfl      TEXT NOT NULL,
        json       TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE INDEX prescriptions_by_pinfl ON prescriptions(pinfl);
    CREATE TABLE catalog_products (
        product_id TEXT PRIMARY KEY,
        inn_key    TEXT NOT NULL,
        trade_name TEXT NOT NULL,
        json       TEXT NOT NULL
    );
    CREATE INDEX catalog_products_by_inn ON catalog_products(inn_key, trade_name);
    CREATE TABLE catalog_meta (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        version   INTEGER NOT NULL,
        synced_at TEXT NOT NULL
    );
    CREATE TABLE dispenses (
        dispense_id         TEXT PRIMARY KEY,
        prescription_number TEXT NOT NULL,
        pharmacist_pinfl    TEXT NOT NULL,
        pharmacy_id         TEXT NOT NULL,
        mode                TEXT NOT NULL CHECK (mode IN ('online', 'offline_retry', 'paper')),
        state               TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'rejected')),
        request_json        TEXT NOT NULL,
        response_json       TEXT,
        created_at          TEXT NOT NULL,
        delivered_at        TEXT,
        last_error          TEXT
    );
    CREATE INDEX dispenses_by_number ON dispenses(prescription_number);
    CREATE INDEX dispenses_by_created ON dispenses(created_at);
    CREATE TABLE dispense_lines (
        dispense_id   TEXT NOT NULL REFERENCES dispenses(dispense_id) ON DELETE CASCADE,
        line_no       INTEGER NOT NULL,
        item_id       TEXT NOT NULL,
        product_id    TEXT NOT NULL,
        inn           TEXT NOT NULL,
        quantity      INTEGER NOT NULL CHECK (quantity > 0),
        batch         TEXT,
        expiry        TEXT,
        marking_codes TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (dispense_id, line_no)
    );
    CREATE INDEX dispense_lines_by_product ON dispense_lines(product_id);
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL,
        dispense_id     TEXT REFERENCES dispenses(dispense_id),
        payload         TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error      TEXT,
        created_at      TEXT NOT NULL
    );
    CREATE INDEX outbox_by_dispense ON outbox(dispense_id);
    "#,
    // 2: what reports need without keeping personal data (pharmacist and product names, a keyed
    // patient hash, pack sizes, withdrawals), paper records made during outages, and the
    // manager's queue of conflicts.
    r#"
    ALTER TABLE dispenses ADD COLUMN pharmacist_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN pharmacy_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN patient_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispenses ADD COLUMN withdrawn_at TEXT;
    ALTER TABLE dispenses ADD COLUMN withdraw_reason TEXT;
    ALTER TABLE dispense_lines ADD COLUMN trade_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE dispense_lines ADD COLUMN pack_size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dispense_lines ADD COLUMN unit TEXT NOT NULL DEFAULT '';
    CREATE INDEX dispenses_by_pharmacist ON dispenses(pharmacist_pinfl, created_at);
    CREATE INDEX dispense_lines_by_inn ON dispense_lines(inn);
    CREATE TABLE paper_records (
        record_id           TEXT PRIMARY KEY,
        dispense_id         TEXT NOT NULL UNIQUE REFERENCES dispenses(dispense_id),
        prescription_number TEXT,
        patient_pinfl       TEXT NOT NULL,
        prescriber_name     TEXT NOT NULL,
        facility            TEXT NOT NULL,
        id_document_checked INTEGER NOT NULL CHECK (id_document_checked IN (0, 1)),
        patient_declaration INTEGER NOT NULL CHECK (patient_declaration IN (0, 1)),
        reason              TEXT,
        override_by         TEXT,
        override_reason     TEXT,
        state               TEXT NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'accepted', 'conflict')),
        central_dispense_id TEXT,
        created_at          TEXT NOT NULL,
        uploaded_at         TEXT
    );
    CREATE INDEX paper_records_by_created ON paper_records(created_at);
    CREATE TABLE conflicts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        source          TEXT NOT NULL CHECK (source IN ('dispense', 'paper')),
        dispense_id     TEXT REFERENCES dispenses(dispense_id),
        record_id       TEXT REFERENCES paper_records(record_id),
        code            TEXT NOT NULL,
        reason          TEXT NOT NULL,
        details_json    TEXT NOT NULL DEFAULT '{}',
        created_at      TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
        note            TEXT,
        acknowledged_by TEXT,
        acknowledged_at TEXT
    );
    CREATE INDEX conflicts_by_status ON conflicts(status, created_at);
    "#,
    // 3: local verifiers of staff secrets (Argon2id, made at each online sign-in), so the same
    // person can unlock the counter and sign in to headless commands while the central system
    // is unreachable. Never the secret itself.
    r#"
    CREATE TABLE staff_verifiers (
        pharmacy_id     TEXT NOT NULL,
        login           TEXT NOT NULL,
        verifier        TEXT NOT NULL,
        session_json    TEXT NOT NULL,
        made_at         TEXT NOT NULL,
        PRIMARY KEY (pharmacy_id, login)
    );
    "#,
    // 4: the dispense body names the pharmacist who handed the medicine over (contract), so a
    // dispense queued by one pharmacist is sent under any valid session of the pharmacy and
    // still names them. Bodies written before carry it from their own row.
    r#"
    UPDATE dispenses
       SET request_json = json_set(request_json, '$.pharmacist_pinfl', pharmacist_pinfl)
     WHERE mode != 'paper' AND json_valid(request_json)
       AND json_type(request_json, '$.pharmacist_pinfl') IS NULL;
    UPDATE outbox
       SET payload = json_set(payload, '$.pharmacist_pinfl',
                              (SELECT d.pharmacist_pinfl FROM dispenses d
                                WHERE d.dispense_id = outbox.dispense_id))
     WHERE kind = 'dispense' AND json_valid(payload)
       AND json_type(payload, '$.pharmacist_pinfl') IS NULL;
    "#,
    // 5: the audit trail: append-only, hash-chained (see `audit::chain`). Rows are never
    // updated; only retention removes the oldest, archived first.
    r#"
    CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        subject   TEXT NOT NULL,
        details   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_at ON audit_log(at);
    "#,
    // 6: a line may close its item without handing it over (quantity 0 with the reason), and an
    // item may be handed over as several products (several lines of one item).
    r#"
    CREATE TABLE dispense_lines_6 (
        dispense_id   TEXT NOT NULL REFERENCES dispenses(dispense_id) ON DELETE CASCADE,
        line_no       INTEGER NOT NULL,
        item_id       TEXT NOT NULL,
        product_id    TEXT NOT NULL,
        inn           TEXT NOT NULL,
        quantity      INTEGER NOT NULL
                      CHECK (quantity > 0 OR (quantity = 0 AND not_dispensed_reason IS NOT NULL)),
        batch         TEXT,
        expiry        TEXT,
        marking_codes TEXT NOT NULL DEFAULT '[]',
        trade_name    TEXT NOT NULL DEFAULT '',
        pack_size     INTEGER NOT NULL DEFAULT 0,
        unit          TEXT NOT NULL DEFAULT '',
        not_dispensed_reason TEXT,
        PRIMARY KEY (dispense_id, line_no)
    );
    INSERT INTO dispense_lines_6 (dispense_id, line_no, item_id, product_id, inn, quantity,
                                  batch, expiry, marking_codes, trade_name, pack_size, unit)
         SELECT dispense_id, line_no, item_id, product_id, inn, quantity,
                batch, expiry, marking_codes, trade_name, pack_size, unit
           FROM dispense_lines;
    DROP TABLE dispense_lines;
    ALTER TABLE dispense_lines_6 RENAME TO dispense_lines;
    CREATE INDEX dispense_lines_by_product ON dispense_lines(product_id);
    CREATE INDEX dispense_lines_by_inn ON dispense_lines(inn);
    "#,
];
