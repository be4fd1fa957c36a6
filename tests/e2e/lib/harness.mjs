// Runs the real Dorixona binary for an end-to-end test: a virtual X display (Xvfb), a fresh
// data directory with a seeded training sandbox, tauri-driver + WebKitWebDriver, and one
// WebDriver session on the app. Every process started here is killed when the test ends,
// whatever happens, and the app's log is kept for diagnostics.

import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { after, before } from "node:test";

import { Session } from "./webdriver.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
/** Cargo profile whose binaries are driven: `debug` (tests) or `release` (benchmarks). */
const PROFILE = process.env.DORIXONA_E2E_PROFILE ?? "debug";
export const APP = join(TARGET, PROFILE, "dorixona");
export const SANDBOX = join(TARGET, PROFILE, "dmed-sandbox");
/** The scripted person at the system browser (`DORIXONA_BROWSER` on `dhp-fhir`). */
export const SANDBOX_BROWSER = join(TARGET, PROFILE, "sandbox-browser");
export const ARTIFACTS = join(ROOT, "tests", "e2e", "artifacts");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- child processes: each in its own process group, killed as a group ----

const children = new Set();

function track(child) {
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** Stops a child's whole process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  killGroup(child, "SIGTERM");
  const timer = new Promise((r) => setTimeout(r, graceMs, "timeout"));
  if ((await Promise.race([exited, timer])) === "timeout") {
    killGroup(child, "SIGKILL");
    await exited;
  }
}

function killAllNow() {
  for (const child of children) killGroup(child, "SIGKILL");
}
process.on("exit", killAllNow);
for (const [signal, number] of [
  ["SIGINT", 2],
  ["SIGTERM", 15],
  ["SIGHUP", 1],
]) {
  process.on(signal, () => {
    killAllNow();
    process.exit(128 + number);
  });
}

// ---- preconditions ----

// Every outside program is called by the path setup provides it at, never by a bare name, so
// whatever else comes first on PATH (another Xvfb, a pyenv shim) cannot stand in for it.
/** Debian's programs, installed by scripts/setup.sh. */
export const SYSTEM = {
  xvfb: "/usr/bin/Xvfb",
  webkitDriver: "/usr/bin/WebKitWebDriver",
};
/** The project's QR encoder (`dorixona-scan encode`), built with the workspace. */
export const SCAN_TOOL = join(TARGET, PROFILE, "dorixona-scan");

/** tauri-driver: `TAURI_DRIVER`, else where setup's `cargo install` puts it. */
export function tauriDriverPath() {
  const fromEnv = process.env.TAURI_DRIVER;
  if (fromEnv) return fromEnv;
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), ".cargo");
  return join(cargoHome, "bin", "tauri-driver");
}

/** Throws a clear message when something the suite needs is missing. */
export function checkPrerequisites() {
  const missing = [];
  if (!existsSync(APP)) missing.push(`${APP} (run: npm --prefix ui run build && cargo build -p dorixona)`);
  if (!existsSync(SANDBOX)) missing.push(`${SANDBOX} (run: cargo build -p dmed-sandbox)`);
  if (!existsSync(SCAN_TOOL)) missing.push(`${SCAN_TOOL} (run: cargo build -p scan)`);
  if (!existsSync(tauriDriverPath())) missing.push(`${tauriDriverPath()} (run: sudo bash scripts/setup.sh)`);
  if (!existsSync(SYSTEM.webkitDriver)) missing.push(`${SYSTEM.webkitDriver} (run: sudo bash scripts/setup.sh)`);
  if (!existsSync(SYSTEM.xvfb)) missing.push(`${SYSTEM.xvfb} (run: sudo bash scripts/setup.sh)`);
  if (missing.length) throw new Error(`end-to-end prerequisites missing:\n  - ${missing.join("\n  - ")}`);
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.error(
      "# note: no D-Bus session; the keyring is unavailable (run through tests/e2e/run.sh for a real Secret Service)",
    );
  }
}

// ---- Xvfb ----

/**
 * For a spec file: checks the prerequisites and starts Xvfb before its tests, stops it after
 * them. Returns a handle whose `display` the tests pass to `withApp`.
 */
export function useXvfb() {
  let xvfb;
  before(async () => {
    checkPrerequisites();
    xvfb = await startXvfb();
  });
  after(async () => {
    await stop(xvfb?.child);
  });
  return {
    get display() {
      return xvfb.display;
    },
  };
}

/** Starts Xvfb on a free display number; returns `{display, child}`. */
export async function startXvfb() {
  const child = track(
    spawn(SYSTEM.xvfb, ["-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "ignore", "pipe", "pipe"],
      detached: true,
    }),
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const display = await new Promise((resolvePromise, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)), 10000);
    child.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolvePromise(`:${out.trim()}`);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${stderr}`));
    });
  });
  return { display, child };
}

// ---- the app ----

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** Seeds the training sandbox DB in `dataDir` and returns its demo info (`dmed-sandbox demo --json`). */
export function seedDemo(dataDir) {
  const db = join(dataDir, "training-sandbox.sqlite");
  const r = spawnSync(SANDBOX, ["demo", "--db", db, "--seed", "42", "--json"], {
    encoding: "utf8",
    timeout: 120000,
  });
  if (r.status !== 0) {
    throw new Error(`dmed-sandbox demo failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  return JSON.parse(r.stdout);
}

/**
 * A running app for one test: fresh data dir, seeded demo, tauri-driver and a WebDriver session.
 * Call `close()` in a `finally`.
 */
export class RunningApp {
  /**
   * `extraEnv` is added to the app's environment (e.g. `DORIXONA_ENDPOINT`). The counter counts
   * as set up (its first-run setup done) unless `firstRun` is set.
   */
  static async launch(name, display, extraEnv = {}, { firstRun = false } = {}) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), `dorixona-e2e-${name}-`));
    const demo = seedDemo(dataDir);
    const settings = join(dataDir, "settings.json");
    if (!firstRun && !existsSync(settings)) writeFileSync(settings, JSON.stringify({ setup_done: true }));
    const logPath = join(ARTIFACTS, `${name}.log`);
    const log = createWriteStream(logPath);
    const app = new RunningApp(name, dataDir, demo, logPath, log);
    try {
      await app.start(display, extraEnv);
    } catch (err) {
      await app.close({ failed: true });
      throw err;
    }
    return app;
  }

  constructor(name, dataDir, demo, logPath, log) {
    this.name = name;
    this.dataDir = dataDir;
    this.demo = demo;
    this.logPath = logPath;
    this.log = log;
    this.logText = "";
    this.driver = null;
    this.session = null;
  }

  async start(display, extraEnv) {
    const port = await freePort();
    let nativePort = await freePort();
    while (nativePort === port) nativePort = await freePort();
    const env = { ...process.env, DISPLAY: display, DORIXONA_DATA_DIR: this.dataDir };
    delete env.DORIXONA_ENDPOINT; // training mode
    delete env.WAYLAND_DISPLAY;
    env.RUST_LOG = env.RUST_LOG ?? "info";
    env.NO_AT_BRIDGE = "1";
    Object.assign(env, extraEnv);
    this.driver = track(
      spawn(
        tauriDriverPath(),
        ["--port", String(port), "--native-port", String(nativePort), "--native-driver", SYSTEM.webkitDriver],
        {
          env,
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        },
      ),
    );
    const collect = (chunk) => {
      this.logText += chunk;
      this.log.write(chunk);
    };
    this.driver.stdout.on("data", collect);
    this.driver.stderr.on("data", collect);

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 15000;
    for (;;) {
      try {
        const res = await fetch(`${base}/status`);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (this.driver.exitCode !== null) throw new Error(`tauri-driver exited early:\n${this.logText}`);
      if (Date.now() > deadline) throw new Error(`tauri-driver did not listen on ${port}:\n${this.logText}`);
      await sleep(100);
    }
    this.session = await Session.create(base, { "tauri:options": { application: APP } });
  }

  /** Saves a screenshot as `artifacts/<name>.png` and returns its path (or null). */
  async screenshot(name = this.name) {
    if (!this.session) return null;
    try {
      // Bounded: with the app drawing without compositing (decision 0026), WebKitWebDriver's
      // snapshot of one still page (the start-up error) never answers, though the window shows
      // it. A screenshot is an artifact, not a check, so a late one is said and skipped.
      const png = await Promise.race([
        this.session.screenshot(),
        sleep(15000).then(() => {
          throw new Error("no answer within 15 s");
        }),
      ]);
      const path = join(ARTIFACTS, `${name}.png`);
      writeFileSync(path, png);
      return path;
    } catch (err) {
      console.error(`# screenshot failed: ${err.message}`);
      return null;
    }
  }

  /** The last lines of the app's log (tauri-driver, WebKitWebDriver and the app's stderr). */
  tail(lines = 80) {
    return this.logText.split("\n").slice(-lines).join("\n");
  }

  async close({ failed = false } = {}) {
    if (failed) {
      await this.screenshot(`${this.name}-failure`);
      console.error(`# ---- app log (last lines; full log: ${this.logPath}) ----`);
      console.error(this.tail().replace(/^/gm, "# "));
    }
    if (this.session) {
      try {
        await Promise.race([this.session.delete(), sleep(5000)]);
      } catch {
        /* the app may already be gone */
      }
      this.session = null;
    }
    await stop(this.driver);
    this.log.end();
    if (!process.env.DORIXONA_E2E_KEEP) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Runs `body(app)` against a freshly launched app, printing diagnostics if it fails. */
export async function withApp(name, display, body, extraEnv = {}) {
  const app = await RunningApp.launch(name, display, extraEnv);
  let failed = true;
  try {
    await body(app);
    failed = false;
  } finally {
    await app.close({ failed });
  }
}
