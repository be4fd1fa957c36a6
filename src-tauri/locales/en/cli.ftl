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

## dorixona report
report-usage =
    usage: dorixona report --pharmacy ID --login LOGIN --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|csv|xlsx --out FILE [--data-dir DIR] [--separator comma|semicolon] [--bom] [--lang uz|uz-Cyrl|ru|en]
      the manager's secret is asked for on the terminal, or read as the first line of standard input
      --lang: the language of these messages and of the document (else the counter's)
unknown-format = unknown format '{ $value }' (pdf, csv or xlsx)
unknown-separator = unknown separator '{ $value }' (comma or semicolon)
bad-date = '{ $value }' is not a date (YYYY-MM-DD)

## dorixona audit
audit-usage =
    usage: dorixona audit verify [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
           dorixona audit export --pharmacy ID --login LOGIN --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action ACTION] [--actor LOGIN] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
audit-what = say what to do: verify or export
audit-unknown-command = unknown audit command '{ $command }' (verify or export)
audit-not-verify-option = { $option } is not an option of verify
audit-intact = audit log intact: { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}
audit-broken = audit log BROKEN: { $problem }

## dorixona platform-client
platform-usage =
    usage: dorixona platform-client set --client-id ID [--public] [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
           dorixona platform-client show|forget [--endpoint URL] [--data-dir DIR] [--lang uz|uz-Cyrl|ru|en]
      the client secret is asked for on the terminal, or read as the first line of standard input
platform-what = say what to do: set, show or forget
platform-unknown-command = unknown platform-client command '{ $command }' (set, show or forget)
platform-takes-no = { $command } takes no --client-id or --public
client-id-required = --client-id is required (the id the platform issued to the pharmacy)
platform-no-data-dir = no data directory; pass --endpoint URL or --data-dir DIR
settings-unreadable = the settings could not be read: { $error }
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
