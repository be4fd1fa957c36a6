// A tiny W3C WebDriver client over fetch: just what the Dorixona end-to-end tests use.

const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

/** WebDriver's code for the Enter key, for `sendKeys`. */
export const ENTER = "\uE007";

/** An error answered by the WebDriver server, with its W3C error name. */
export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} → ${status} ${value?.error ?? ""}: ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(method, path, response.status, { message: text });
  }
  if (!response.ok) throw new WebDriverError(method, path, response.status, json.value);
  return json.value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One WebDriver session. */
export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Opens a session on the WebDriver server at `base` (e.g. http://127.0.0.1:4444). */
  static async create(base, capabilities) {
    const value = await call(base, "POST", "/session", {
      capabilities: { alwaysMatch: capabilities },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    await this.cmd("DELETE", "");
  }

  /** All elements matching a CSS selector (maybe none). */
  async findAll(css) {
    const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => new Element(this, e[ELEMENT_KEY]));
  }

  /** The first element matching `css`, waiting up to `timeout` ms for it to exist and be shown. */
  async waitFor(css, { timeout = 15000, visible = true } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const [first] = await this.findAll(css);
        if (first && (!visible || (await first.displayed()))) return first;
      } catch (err) {
        last = err;
      }
      await sleep(150);
    }
    throw new Error(
      `no visible element ${css} after ${timeout} ms${last ? ` (last error: ${last.message})` : ""}`,
    );
  }

  /** Waits until `predicate()` returns a truthy value, and returns it. */
  async until(what, predicate, { timeout = 15000 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await predicate();
        if (value) return value;
      } catch (err) {
        last = err;
      }
      await sleep(150);
    }
    throw new Error(
      `timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ""}`,
    );
  }

  /** Runs a script in the page and returns its result. */
  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /**
   * Runs an asynchronous script in the page: it gets a callback as its last argument and its
   * result is what it passes to that callback.
   */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /**
   * Presses the keys of `text` one after another through the W3C actions API, `gapMs` between
   * one key's release and the next key (0: as fast as the driver goes), then Enter if asked:
   * a handheld scanner's burst or a person's typing, into whatever has the focus.
   */
  async typeKeys(text, { gapMs = 0, enter = false } = {}) {
    const actions = [];
    for (const key of [...text, ...(enter ? [ENTER] : [])]) {
      if (actions.length > 0 && gapMs > 0) actions.push({ type: "pause", duration: gapMs });
      actions.push({ type: "keyDown", value: key }, { type: "keyUp", value: key });
    }
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /** A PNG screenshot of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }
}

/** One element of a session. */
export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.cmd("POST", "/click", {});
  }

  clear() {
    return this.cmd("POST", "/clear", {});
  }

  sendKeys(text) {
    return this.cmd("POST", "/value", { text });
  }

  text() {
    return this.cmd("GET", "/text");
  }

  attribute(name) {
    return this.cmd("GET", `/attribute/${encodeURIComponent(name)}`);
  }

  property(name) {
    return this.cmd("GET", `/property/${encodeURIComponent(name)}`);
  }

  displayed() {
    return this.cmd("GET", "/displayed");
  }

  enabled() {
    return this.cmd("GET", "/enabled");
  }

  /** The element as a script argument. */
  asArg() {
    return { [ELEMENT_KEY]: this.id };
  }
}
