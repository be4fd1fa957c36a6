-- Schema of the reference central server. Timestamps are unix seconds (UTC); calendar dates
-- are 'YYYY-MM-DD' text.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS pharmacies (
    pharmacy_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL
);

-- revoked_at: when the member's access was revoked (unix seconds), NULL while it is not.
CREATE TABLE IF NOT EXISTS staff (
    pharmacy_id TEXT NOT NULL REFERENCES pharmacies(pharmacy_id),
    login       TEXT NOT NULL,
    secret      TEXT NOT NULL,
    pinfl       TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    role        TEXT NOT NULL,
    revoked_at  INTEGER,
    PRIMARY KEY (pharmacy_id, login)
);
CREATE INDEX IF NOT EXISTS staff_by_pinfl ON staff(pharmacy_id, pinfl);

-- Access tokens are kept only as the lower-case hex SHA-256 of the token.
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY,
    pharmacy_id  TEXT NOT NULL,
    login        TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
);

-- fhir_id: the patient's id on the FHIR face, opaque (a keyed digest of the PINFL, see
-- store::fhir_ids), so a FHIR id never shows a PINFL.
CREATE TABLE IF NOT EXISTS patients (
    pinfl      TEXT PRIMARY KEY,
    full_name  TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    fhir_id    TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS patients_by_fhir_id ON patients(fhir_id);

CREATE TABLE IF NOT EXISTS prescriptions (
    number          TEXT PRIMARY KEY,
    access_code     TEXT NOT NULL,
    status          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    patient_pinfl   TEXT NOT NULL REFERENCES patients(pinfl),
    prescriber_name TEXT NOT NULL,
    facility        TEXT NOT NULL,
    diagnosis_icd10 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS prescriptions_by_patient ON prescriptions(patient_pinfl);

CREATE TABLE IF NOT EXISTS items (
    item_id             TEXT PRIMARY KEY,
    number              TEXT NOT NULL REFERENCES prescriptions(number),
    position            INTEGER NOT NULL,
    inn                 TEXT NOT NULL,
    form                TEXT NOT NULL,
    strength            TEXT NOT NULL,
    dosage_text         TEXT NOT NULL,
    quantity_prescribed INTEGER NOT NULL,
    quantity_dispensed  INTEGER NOT NULL DEFAULT 0,
    unit                TEXT NOT NULL,
    status              TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_number ON items(number, position);

CREATE TABLE IF NOT EXISTS holds (
    number      TEXT PRIMARY KEY REFERENCES prescriptions(number),
    hold_id     TEXT NOT NULL,
    pharmacy_id TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- version: the catalogue version a product was last changed in (contract v1's deltas);
-- updated_at: when that version was published, unix milliseconds (seed::catalogue::published_at),
-- the FHIR face's meta.lastUpdated.
CREATE TABLE IF NOT EXISTS products (
    product_id    TEXT PRIMARY KEY,
    trade_name    TEXT NOT NULL,
    inn           TEXT NOT NULL,
    atc           TEXT NOT NULL,
    form          TEXT NOT NULL,
    strength      TEXT NOT NULL,
    pack_size     INTEGER NOT NULL,
    unit          TEXT NOT NULL,
    manufacturer  TEXT NOT NULL,
    gtins         TEXT NOT NULL, -- JSON array of GTIN-14
    rx_only       INTEGER NOT NULL,
    e_rx_required INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    removed       INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS products_by_version ON products(version);
CREATE INDEX IF NOT EXISTS products_by_update ON products(updated_at, product_id);

CREATE TABLE IF NOT EXISTS dispenses (
    dispense_id      TEXT PRIMARY KEY,
    number           TEXT NOT NULL REFERENCES prescriptions(number),
    pharmacy_id      TEXT NOT NULL,
    pharmacist_pinfl TEXT NOT NULL,
    status           TEXT NOT NULL,
    mode             TEXT NOT NULL,
    handed_over_at   INTEGER NOT NULL,
    recorded_at      INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    withdraw_reason  TEXT,
    receiver         TEXT, -- JSON of who received the medicine, as sent
    withdrawn_at     INTEGER,
    status_after     TEXT  -- the prescription's status as the dispense left it
);
CREATE INDEX IF NOT EXISTS dispenses_by_number ON dispenses(number, seq);
CREATE INDEX IF NOT EXISTS dispenses_by_pharmacy ON dispenses(pharmacy_id, handed_over_at);
CREATE INDEX IF NOT EXISTS dispenses_withdrawn ON dispenses(pharmacy_id, withdrawn_at);

CREATE TABLE IF NOT EXISTS dispense_items (
    dispense_id   TEXT NOT NULL REFERENCES dispenses(dispense_id),
    position      INTEGER NOT NULL,
    item_id       TEXT NOT NULL,
    product_id    TEXT NOT NULL,
    quantity      INTEGER NOT NULL,
    remaining     INTEGER NOT NULL,
    item_status   TEXT NOT NULL,
    marking_codes TEXT NOT NULL, -- JSON array as sent
    batch         TEXT,
    expiry        TEXT,
    not_dispensed_reason TEXT,
    PRIMARY KEY (dispense_id, position)
);

-- Packs sold: GTIN + serial, the dispense (or paper record) that sold them.
CREATE TABLE IF NOT EXISTS retired_packs (
    pack_id     TEXT PRIMARY KEY,
    dispense_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS retired_packs_by_dispense ON retired_packs(dispense_id);

-- Successful dispense requests by idempotency key, for replay.
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    pharmacy_id TEXT NOT NULL,
    request     TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL
);

-- Paper records by record id, with the verdict given.
CREATE TABLE IF NOT EXISTS paper_records (
    record_id   TEXT PRIMARY KEY,
    pharmacy_id TEXT NOT NULL,
    request     TEXT NOT NULL,
    result      TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
);

-- Prescriptions added on request for load tests and benchmarks (`--extra-prescriptions N`), by
-- position, with the catalogue product their single item was written for.
CREATE TABLE IF NOT EXISTS extra_prescriptions (
    position   INTEGER PRIMARY KEY,
    number     TEXT NOT NULL REFERENCES prescriptions(number),
    product_id TEXT NOT NULL
);

-- The OAuth client of each pharmacy on the FHIR face (client_id `dorixona-<pharmacy_id>`); its
-- secret is kept only as the lower-case hex SHA-256, like access tokens.
CREATE TABLE IF NOT EXISTS oauth_clients (
    client_id     TEXT PRIMARY KEY,
    pharmacy_id   TEXT NOT NULL UNIQUE REFERENCES pharmacies(pharmacy_id),
    secret_sha256 TEXT NOT NULL
);

-- Tokens of the client credentials grant: the pharmacy system itself, no member of staff
-- (kept only as their SHA-256, like staff tokens).
CREATE TABLE IF NOT EXISTS client_tokens (
    token_sha256 TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES oauth_clients(client_id),
    expires_at   INTEGER NOT NULL
);
