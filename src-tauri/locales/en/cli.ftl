# The words of the command line (dorixona report, audit, platform-client): English.
# Option names, commands and placeholders such as FILE stay as typed.

## Shared by the commands.
needs-value = { $option } needs a value
unknown-option = unknown option '{ $option }'
option-required = { $option } is required
pharmacy-required = --pharmacy is required (the manager's pharmacy id)
login-required = --login is required (the manager's own login)
secret-refused = { $option } is not accepted: a secret on the command line is visible to other users; type it when asked, or give it on standard input
bad-lang = unknown language '{ $value }' (uz, uz-Cyrl, ru or en)
no-data-dir = no data directory; pass --data-dir DIR
secret-prompt = Secret of { $login }:
client-secret-prompt = Secret of the client { $client }:
secret-terminal-failed = the secret could not be read from the terminal: { $error }
secret-stdin-failed = the secret could not be read from standard input: { $error }
no-secret = no secret was given on standard input
cannot-write = { $path } cannot be written: { $error }

## The grammar's help and complaints (dorixona --help, and every subcommand's).
help-usage = usage
help-options = Options
help-commands = Commands
help-command-value = COMMAND
help-help = print this help
help-version = print the version
see-help = more: { $command } --help
did-you-mean = did you mean '{ $name }'?
unknown-command = unknown command '{ $command }'
which-command = say which command to run; --help lists them
file-required = the FILE to read is required
given-twice = { $option } is given twice or clashes with another option
not-utf8 = the command line is not valid UTF-8 text
extra-value = unexpected value '{ $value }'
bad-command-line = the command line could not be read; see --help
no-database = there is no counter database at { $path } yet: open Dorixona and sign in once, or pass --data-dir DIR
no-display = there is no display to open the window on (DISPLAY or WAYLAND_DISPLAY is not set, or the display cannot be reached). Start Dorixona in the counter's desktop session, or use a command that needs no display: dorixona --help
app-about = Dorixona, the pharmacy counter for the national e-prescription system. Without a command it opens the window.
app-after = Every command also takes --help. Secrets are asked for on the terminal, never taken from the command line.
opt-lang = the language of messages and documents (else the counter's)
opt-data-dir = the counter's data folder (else DORIXONA_DATA_DIR, else the app's own)
opt-pharmacy = the pharmacy id
opt-login = your own login
opt-out = the file to write
cmd-report = export a manager report for a period (PDF, CSV or XLSX)
opt-from = the first day of the period
opt-to = the last day of the period
opt-format = the file format
opt-separator = the CSV column separator (default: comma)
opt-bom = start a CSV file with a byte-order mark (for Excel)
report-after = The manager's secret is asked for on the terminal, or read as the first line of standard input.
secret-after = The secret is asked for on the terminal, or read as the first line of standard input.
cmd-audit = check or export the audit log
cmd-audit-verify = check the whole hash chain of the audit log
cmd-audit-export = export the audit log as CSV (a manager signs in)
opt-audit-from = from this day on
opt-audit-to = up to this day
opt-action = only this action (sign_in, lookup, dispense, export, …)
opt-actor = only what this login did
cmd-platform = the pharmacy's OAuth client at the national platform, kept in the keyring
cmd-platform-set = keep the client for the endpoint
cmd-platform-show = show the client kept for the endpoint
cmd-platform-forget = forget the client kept for the endpoint
opt-client-id = the id the platform issued to the pharmacy
opt-public = a public client, without a secret
opt-endpoint = the platform endpoint (else DORIXONA_ENDPOINT, else the counter's)
platform-after = The client secret is asked for on the terminal, or read as the first line of standard input.
cmd-doctor = check this counter and say what to do about each problem
opt-doctor-report = also write the results to FILE for support (no secrets, no personal data)
cmd-backup = write an encrypted backup of the local database
opt-backup-to = the folder (else the one set in the counter's settings)
cmd-backup-passphrase = set the passphrase backups are encrypted with (an administrator signs in)
passphrase-after = The secret and the new passphrase are asked for on the terminal, or read from standard input, one a line.
opt-restore-login = the login of a manager or an administrator
opt-restore-pharmacy = their pharmacy (else the backup's)
restore-after = Close Dorixona first. The passphrase and the secret are asked for on the terminal, or read from standard input, one a line. Unsent work of the outbox is carried over.
cmd-restore = restore the local database from a backup
opt-restore-from = the backup file

## The counter's errors, after their [CODE].
error-unauthenticated = wrong pharmacy, login or secret, or this person has not signed in on this counter while it was online (sign in once in the app)
error-forbidden = { $permission ->
    [manage] only a manager may do this
    [administer] only an administrator may do this
    [dispense] only a pharmacist may do this
   *[other] your role may not do this
}; you are signed in as { $role ->
    [pharmacist] a pharmacist
    [manager] a manager
    [nurse] a nurse
    [registrar] a registrar
    [administrator] an administrator
   *[other] { $role }
}
error-too-many-attempts = too many wrong secrets: wait a few minutes and try again
error-storage = { $problem ->
    [disk_full] the disk is full: free some space and try again
    [locked] the database is busy (the app or another command holds it): close it and try again
    [corrupt] the local database is damaged: restore it from a backup (dorixona restore) or call support
    [too_new] the local database was written by a newer version of Dorixona: update this one
    [no_keyring] no keyring keeps the database key: run the command in the desktop session of the counter's user, or set DORIXONA_DB_KEY_FILE
   *[other] the local database could not be used: run dorixona doctor
}
error-network = the central system cannot be reached: check the network and try again
error-service-unavailable = the central system is unavailable for now: try again later
error-protocol = the central system answered something this version does not understand: run dorixona doctor
error-setting = the setting { $setting } is not valid: check it with dorixona doctor
error-machine-config = the machine configuration cannot be used ({ $reason }): the installer corrects the file
error-other = the counter could not do it; the code tells support what happened
audit-break-edited = row { $row } was changed after it was written (its hash does not match its content)
audit-break-out-of-order = row { $found } stands where row { $expected } should: rows were deleted, inserted or reordered
audit-break-unlinked = row { $row } does not follow the row before it: an earlier row was replaced
audit-break-truncated = the log ends after row { $rows }, but { $kept } rows were recorded: rows were removed from its end
audit-break-rewritten = row { $row } is not the row recorded as the last one: the log was rewritten
audit-break-unrecorded = row { $row } was never recorded as written: rows were added behind the app's back

## dorixona report
unknown-format = unknown format '{ $value }' (pdf, csv or xlsx)
unknown-separator = unknown separator '{ $value }' (comma or semicolon)
bad-date = '{ $value }' is not a date (YYYY-MM-DD)

## dorixona audit
audit-intact = audit log intact: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}
audit-broken = audit log BROKEN: { $problem }

## dorixona platform-client
client-id-required = --client-id is required (the id the platform issued to the pharmacy)
platform-no-data-dir = no data directory; pass --endpoint URL or --data-dir DIR
no-endpoint = no platform endpoint is set on this counter; pass --endpoint URL
client-kept = platform client { $client } kept in the keyring for { $url }; restart Dorixona to use it
client-shown = { $url }: client { $client } ({ $public ->
    [yes] public, no secret
   *[no] with a secret
})
client-none = no platform client is kept for { $url }
client-forgotten = the platform client of { $url } is forgotten
keyring-keep-failed = the keyring could not keep the client ({ $error })
keyring-read-failed = the keyring could not be read ({ $error })
keyring-change-failed = the keyring could not be changed ({ $error })

## dorixona doctor: one line a check, then what to do about a problem.
doctor-title = Dorixona doctor
doctor-made = made { $time } UTC · version { $version } · { $os }
doctor-summary = { $fail ->
    [0] no failures
    [one] { $fail } failure
   *[other] { $fail } failures
}, { $warn ->
    [0] no warnings
    [one] { $warn } warning
   *[other] { $warn } warnings
}
doctor-status-ok = ok
doctor-status-warn = warn
doctor-status-fail = FAIL
doctor-status-skip = skip
doctor-check-endpoint = central system
doctor-check-tls = TLS
doctor-check-clock = clock
doctor-check-keyring = keyring
doctor-check-database = database
doctor-check-audit = audit log
doctor-check-disk = disk
doctor-check-outbox = outbox
doctor-check-catalog = catalogue
doctor-check-cameras = cameras
doctor-check-printers = printers
doctor-check-version = version
doctor-endpoint-training = training mode: the built-in practice server, nothing is sent to the central system
doctor-endpoint-invalid = { $url } is not a valid address
doctor-endpoint-invalid-advice = set the central system's address again in Settings (an administrator)
doctor-endpoint-timeout = { $url } did not answer within 5 seconds ({ $reason })
doctor-endpoint-timeout-advice = check the network cable or Wi-Fi and the proxy; if other sites open, call the central system's support
doctor-endpoint-refused = { $url } cannot be reached ({ $reason })
doctor-endpoint-refused-advice = check the network, the address in Settings and the firewall; dispenses wait in the outbox meanwhile
doctor-endpoint-unreachable = { $url } cannot be reached ({ $reason })
doctor-endpoint-unreachable-advice = check the network, the address in Settings and the firewall; dispenses wait in the outbox meanwhile
doctor-endpoint-server_error = { $url } answers with an error ({ $status }, { $ms } ms)
doctor-endpoint-server_error-advice = the central system has a fault: work offline and try again later
doctor-endpoint-reachable = { $url } answers in { $ms } ms
doctor-endpoint-unexpected_status = { $url } answers { $status } ({ $ms } ms)
doctor-endpoint-unexpected_status-advice = check that the address in Settings is the central system's and that the adapter matches it
doctor-tls-training = not used in training mode
doctor-tls-unreachable = not checked: the central system cannot be reached
doctor-tls-invalid = the server's certificate is not trusted ({ $reason })
doctor-tls-invalid-advice = check the machine's date and time, and that nothing between here and the server (a proxy) replaces the certificate
doctor-tls-plain_local = plain HTTP to this machine (a local server)
doctor-tls-plain = plain HTTP over the network: patient data would travel unencrypted
doctor-tls-plain-advice = use the https:// address of the central system
doctor-tls-no_certificate = the connection showed no certificate
doctor-tls-no_certificate-advice = run the check again; if it stays so, call support with this report
doctor-tls-unreadable = the server's certificate could not be read
doctor-tls-unreadable-advice = run the check again; if it stays so, call support with this report
doctor-tls-expired = the server's certificate expired on { $until }
doctor-tls-expired-advice = the central system must renew its certificate: call its support
doctor-tls-expires_soon = the server's certificate expires on { $until } (in { $days ->
    [one] { $days } day
   *[other] { $days } days
})
doctor-tls-expires_soon-advice = tell the central system's support before it expires
doctor-tls-valid = certificate valid until { $until } ({ $days ->
    [one] { $days } day
   *[other] { $days } days
} left)
doctor-clock-training = not checked in training mode
doctor-clock-unreachable = not checked: the central system cannot be reached
doctor-clock-no_server_time = the server did not tell its time
doctor-clock-in_step = in step with the server ({ $seconds } s apart)
doctor-clock-skewed = { $seconds } s apart from the server's clock
doctor-clock-skewed-advice = set the machine's clock to synchronise automatically (NTP); sign-ins and dispense times depend on it
doctor-keyring-key_file = the database key is in the key file named by DORIXONA_DB_KEY_FILE
doctor-keyring-key_file_missing = the key file named by DORIXONA_DB_KEY_FILE is missing
doctor-keyring-key_file_missing-advice = restore the key file from where the installer kept it; without it the database cannot be opened
doctor-keyring-available = the system keyring answers
doctor-keyring-unavailable = the system keyring does not answer ({ $reason })
doctor-keyring-unavailable-advice = run Dorixona in the counter user's desktop session, where the keyring is unlocked at sign-in
doctor-database-not_created = not created yet: this counter has not been used
doctor-database-not_created-advice = open Dorixona and sign in once
doctor-database-cannot_open = the database cannot be opened ({ $problem })
doctor-database-cannot_open-advice = close Dorixona and run the check again; if it stays so, restore the last backup (dorixona restore)
doctor-database-damaged = SQLite finds the database damaged ({ $problems ->
    [one] { $problems } problem
   *[other] { $problems } problems
})
doctor-database-damaged-advice = restore the last backup (dorixona restore); the outbox's unsent work is kept
doctor-database-plain = the database is stored unencrypted
doctor-database-plain-advice = start Dorixona once with the keyring working: it encrypts the database
doctor-database-sound = whole and encrypted ({ $mb } MB)
doctor-database-check_failed = the check itself failed
doctor-database-check_failed-advice = run the check again; if it stays so, call support with this report
doctor-audit-no_database = not checked: no database
doctor-audit-intact = the chain is intact ({ $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
})
doctor-audit-broken = the chain is broken at row { $row }
doctor-audit-broken-advice = do not delete anything: call the pharmacy manager and support; dorixona audit verify tells more
doctor-audit-unreadable = the audit log cannot be read
doctor-audit-unreadable-advice = run dorixona audit verify for the reason
doctor-disk-low = only { $mb } MB free
doctor-disk-low-advice = free space on the disk: the database and the backups need room
doctor-disk-free = { $mb } MB free
doctor-disk-unknown = free space unknown
doctor-disk-unknown-advice = check the free space by hand
doctor-outbox-no_database = not checked: no database
doctor-outbox-unreadable = the outbox cannot be read
doctor-outbox-unreadable-advice = run the check again; if it stays so, call support with this report
doctor-outbox-empty = nothing waits to be sent
doctor-outbox-pending = { $count ->
    [one] { $count } record waits
   *[other] { $count } records wait
} to be sent, the oldest for { $hours } h
doctor-outbox-pending-advice = restore the connection to the central system; records must reach it without delay
doctor-catalog-no_database = not checked: no database
doctor-catalog-unreadable = the catalogue cannot be read
doctor-catalog-unreadable-advice = run the check again; if it stays so, call support with this report
doctor-catalog-never = never synced
doctor-catalog-never-advice = sign in while online: the catalogue is fetched then
doctor-catalog-stale = last synced on { $date } ({ $days } days ago)
doctor-catalog-stale-advice = sign in while online so the catalogue is brought up to date
doctor-catalog-fresh = synced on { $date }
doctor-cameras-none = none found
doctor-cameras-none-advice = plug in the camera or scanner; numbers can be typed meanwhile
doctor-cameras-found = { $count ->
    [one] { $count } found
   *[other] { $count } found
}: { $names }
doctor-cameras-unknown = cannot be listed ({ $reason })
doctor-cameras-unknown-advice = check that the user may use video devices (the video group)
doctor-printers-none = none found
doctor-printers-none-advice = add the receipt printer in the system's printer settings (CUPS); receipts can be saved as PDF meanwhile
doctor-printers-found = { $count ->
    [one] { $count } found
   *[other] { $count } found
}: { $names }
doctor-printers-unknown = cannot be listed ({ $reason })
doctor-printers-unknown-advice = install the printing system (CUPS) and add the receipt printer
doctor-version-no_feed = { $version }; no update feed is set
doctor-version-current = { $version }, the latest
doctor-version-update = { $version }; { $latest } is available
doctor-version-update-advice = an administrator installs it from the Updates screen, when the outbox is empty
doctor-version-feed_unknown = { $version }; the update feed cannot be asked ({ $reason })
doctor-version-feed_unknown-advice = check the network and the update address

## dorixona backup / restore
backup-no-folder = no backup folder: pass --to DIR, or have an administrator choose one in the settings
backup-folder-missing = the backup folder { $folder } is not there: plug the disk in or connect the share, then try again
backup-no-passphrase = no backup passphrase is set on this counter: an administrator sets it first (dorixona backup-passphrase)
backup-written = backup written: { $path } ({ $dispenses ->
    [one] { $dispenses } dispense
   *[other] { $dispenses } dispenses
}, { $megabytes } MB)
backup-pruned = { $count ->
    [one] { $count } older backup removed
   *[other] { $count } older backups removed
}: the folder keeps this counter's newest { $keep }
backup-passphrase-prompt = Backup passphrase:
backup-passphrase-new = New backup passphrase (at least { $min } characters):
backup-passphrase-again = The same passphrase again:
backup-passphrase-differ = the two passphrases differ; nothing was changed
backup-passphrase-weak = a backup passphrase has at least { $min } characters; nothing was changed
backup-passphrase-set = backup passphrase set: backups are encrypted with it from now on. Write it down and keep it away from this computer: without it no backup can be restored on another one
backup-login-required = --login is required (the login of a manager or an administrator)
backup-pharmacy-required = --pharmacy is required (the pharmacy id)
restore-about = backup of pharmacy { $pharmacy }, made { $created } by Dorixona { $version } ({ $dispenses ->
    [one] { $dispenses } dispense
   *[other] { $dispenses } dispenses
})
restore-not-a-backup = the file is not a Dorixona backup
restore-too-new = the backup was made by a newer version of Dorixona (format { $format }): install that version to restore it
restore-damaged = the backup is damaged or was changed after it was written; nothing was restored: use another backup
restore-wrong-passphrase = the passphrase does not open this backup; nothing was restored
restore-other-pharmacy = the backup is of pharmacy { $backup }, and this counter is pharmacy { $here }'s; nothing was restored
restore-app-running = Dorixona has the database open: close it (every window) and restore again; nothing was restored
restore-audit-broken = the audit log in the backup does not verify; nothing was restored: use another backup
restore-done = restored from the backup made { $created }
restore-kept-aside = the database it replaced is kept as { $path }
restore-current-unreadable = the database it replaced could not be read, so none of its unsent work could be carried over; it is kept as it was
restore-carried = { $count ->
    [one] { $count } unsent entry of the outbox was carried over
   *[other] { $count } unsent entries of the outbox were carried over
}
restore-waiting = { $count ->
    [one] { $count } entry waits to be sent
   *[other] { $count } entries wait to be sent
}; Dorixona sends them when it is online
restore-trail-continued = audit log continued and intact: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}, the restore recorded last
restore-trail-from-backup = audit log taken from the backup and intact: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}, the restore recorded last
