// A private CUPS server for the end-to-end tests: its own configuration, socket and spool in a
// temporary folder, with one queue whose backend writes each job to a file, so a test reads
// back what reached the printer. The app finds it through CUPS_SERVER, as every CUPS client
// does. (The counter's own tests use the same arrangement: crates/counter/tests/printing.rs.)

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const QUEUE = "counter80";

/** Starts the server with queue QUEUE (the default); `await stop()` ends it and removes its folder. */
export async function startCups() {
  const d = mkdtempSync(join(tmpdir(), "dorixona-cups-"));
  for (const sub of ["root", "spool", "cache", "state", "log", "out", "bin/backend"]) {
    mkdirSync(join(d, sub), { recursive: true });
  }
  // cupsd runs its backends as `lp`: every folder on the way must let it through.
  for (const p of [d, join(d, "spool"), join(d, "out"), join(d, "cache"), join(d, "state")]) chmodSync(p, 0o777);
  symlinkSync("/usr/lib/cups/daemon", join(d, "bin/daemon"));
  symlinkSync("/usr/lib/cups/filter", join(d, "bin/filter"));
  const backend = join(d, "bin/backend/capture");
  writeFileSync(
    backend,
    [
      "#!/bin/sh",
      "# Writes each job to the file its device URI names (capture:/path).",
      `if [ $# -eq 0 ]; then echo 'file capture "Unknown" "Capture"'; exit 0; fi`,
      'out="${DEVICE_URI#capture:}"',
      'if [ $# -ge 6 ]; then cat "$6" > "$out.part"; else cat > "$out.part"; fi',
      'mv "$out.part" "$out"',
      "",
    ].join("\n"),
  );
  chmodSync(backend, 0o755);
  const server = join(d, "cups.sock");
  const log = (f) => join(d, "log", f);
  writeFileSync(
    join(d, "root/cupsd.conf"),
    [
      `Listen ${server}`,
      "LogLevel warn",
      `ErrorLog ${log("error_log")}`,
      `AccessLog ${log("access_log")}`,
      `PageLog ${log("page_log")}`,
      "WebInterface No",
      "DefaultAuthType None",
      "<Location />",
      "  Order allow,deny",
      "  Allow all",
      "</Location>",
      "<Location /admin>",
      "  Order allow,deny",
      "  Allow all",
      "</Location>",
      "<Policy default>",
      "  <Limit All>",
      "    Order deny,allow",
      "  </Limit>",
      "</Policy>",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(d, "root/cups-files.conf"),
    [
      `ServerRoot ${join(d, "root")}`,
      `ServerBin ${join(d, "bin")}`,
      `RequestRoot ${join(d, "spool")}`,
      `CacheDir ${join(d, "cache")}`,
      `StateDir ${join(d, "state")}`,
      `TempDir ${join(d, "spool")}`,
      `ErrorLog ${log("error_log")}`,
      `AccessLog ${log("access_log")}`,
      `PageLog ${log("page_log")}`,
      "User lp",
      "Group lp",
      "Sandboxing Relaxed",
      "",
    ].join("\n"),
  );
  const daemon = spawn(
    "/usr/sbin/cupsd",
    ["-f", "-c", join(d, "root/cupsd.conf"), "-s", join(d, "root/cups-files.conf")],
    { stdio: "ignore" },
  );
  const started = Date.now();
  while (!existsSync(server)) {
    assert.ok(Date.now() - started < 15000, `cupsd did not start: ${existsSync(log("error_log")) ? readFileSync(log("error_log"), "utf8") : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const out = join(d, "out", "job.prn");
  const admin = (args) => {
    const r = spawnSync("/usr/sbin/lpadmin", args, { env: { ...process.env, CUPS_SERVER: server }, encoding: "utf8" });
    assert.equal(r.status, 0, `lpadmin ${args.join(" ")}: ${r.stderr}`);
  };
  admin(["-p", QUEUE, "-E", "-v", `capture:${out}`, "-m", "raw"]);
  admin(["-d", QUEUE]);
  return {
    server,
    /** The next job the queue wrote (waits for it), taken away. */
    async nextJob(timeout = 20000) {
      const since = Date.now();
      while (!existsSync(out)) {
        assert.ok(Date.now() - since < timeout, "no job reached the printer queue");
        await new Promise((r) => setTimeout(r, 100));
      }
      const bytes = readFileSync(out);
      rmSync(out);
      return bytes;
    },
    /** Ends cupsd and waits for it to exit before removing its folder: a daemon still
     * writing its cache while the folder goes would make the removal fail. */
    async stop() {
      if (daemon.exitCode === null && daemon.signalCode === null) {
        const exited = new Promise((r) => daemon.once("exit", r));
        daemon.kill();
        const late = setTimeout(() => daemon.kill("SIGKILL"), 10000);
        await exited;
        clearTimeout(late);
      }
      rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}
