import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import App from "../../App.svelte";

afterEach(() => setLocale("uz"));

describe("app shell", () => {
  it("shows the training ribbon in training mode, then the counter after sign-in", async () => {
    const backend = createMockBackend();
    render(App, { backend });
    expect(await screen.findByTestId("training-ribbon")).toHaveTextContent(
      "Oʻquv rejimi — haqiqiy retseptlar emas",
    );
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("signin-fill-demo"));
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("lookup-input")).toBeInTheDocument();
    expect(screen.getByTestId("header-pharmacist")).toHaveTextContent("Farmatsevt");
    expect(screen.getByTestId("training-ribbon")).toBeInTheDocument();
  });

  it("has no ribbon with a real endpoint", async () => {
    render(App, { backend: createMockBackend({ training: false, signedIn: true }) });
    expect(await screen.findByTestId("lookup-input")).toBeInTheDocument();
    expect(screen.queryByTestId("training-ribbon")).toBeNull();
  });

  it("switches language and remembers it for the person signed in, not for the counter", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("lang-en"));
    await waitFor(() => expect(screen.getByTestId("training-ribbon")).toHaveTextContent("Training mode"));
    await waitFor(async () => expect(await backend.userLanguage()).toBe("en"));
    expect(screen.getByTestId("sign-out")).toHaveTextContent("Sign out");
    expect((await backend.getSettings()).language).toBe("uz");
  });

  it("on the sign-in screen the language picker sets the counter's language", async () => {
    const backend = createMockBackend();
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("lang-ru"));
    await waitFor(() => expect(screen.getByTestId("signin-submit")).toHaveTextContent("Войти"));
    await waitFor(async () => expect((await backend.getSettings()).language).toBe("ru"));
  });

  it("a session resumed unlocked speaks its person's own language", async () => {
    render(App, { backend: createMockBackend({ signedIn: true, userLanguage: "ru" }) });
    await waitFor(() => expect(screen.getByTestId("sign-out")).toHaveTextContent("Выйти"));
    expect(screen.getByTestId("lang-ru")).toHaveAttribute("aria-pressed", "true");
  });

  it("offers the four languages, each named in itself", async () => {
    render(App, { backend: createMockBackend() });
    const names = ["Oʻzbekcha", "Ўзбекча", "Русский", "English"];
    for (const [i, lang] of ["uz", "uz-Cyrl", "ru", "en"].entries()) {
      expect(await screen.findByTestId(`lang-${lang}`)).toHaveTextContent(names[i] ?? "");
    }
  });

  it("a person who signs in gets the language they chose last; signing out brings the counter's back", async () => {
    const backend = createMockBackend();
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("signin-fill-demo"));
    await user.click(screen.getByTestId("signin-submit"));
    await screen.findByTestId("lookup-input");
    await user.click(screen.getByTestId("lang-uz-Cyrl"));
    await waitFor(() => expect(screen.getByTestId("sign-out")).toHaveTextContent("Чиқиш"));
    await user.click(screen.getByTestId("sign-out"));
    await waitFor(() => expect(screen.getByTestId("signin-submit")).toHaveTextContent("Kirish"));
    await user.click(await screen.findByTestId("signin-fill-demo"));
    await user.click(screen.getByTestId("signin-submit"));
    await waitFor(() => expect(screen.getByTestId("sign-out")).toHaveTextContent("Чиқиш"));
    expect(screen.getByTestId("training-ribbon")).toHaveTextContent("Ўқув режими");
    expect((await backend.getSettings()).language).toBe("uz");
  });

  it("saves settings and says the address applies after restart", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-open"));
    const url = await screen.findByTestId("settings-endpoint");
    await waitFor(() => expect(url).toBeEnabled());
    await user.type(url, "not a url");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("error-message")).toHaveAttribute("data-code", "INVALID_SETTING");
    await user.clear(url);
    await user.type(url, "https://api.dmed.uz");
    await user.selectOptions(screen.getByTestId("settings-language"), "en");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-saved")).toHaveTextContent("after you restart");
    expect(await backend.getSettings()).toEqual({
      endpoint: "https://api.dmed.uz",
      adapter: "dmed-v1",
      language: "en",
      camera: null,
      text_size: 100,
      pharmacy_id: null,
      fixed: [],
    });
  });

  it("a session that ran out returns to sign-in and says why", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(App, { backend });
    const user = userEvent.setup();
    const input = await screen.findByTestId("lookup-input");
    backend.failNext("UNAUTHENTICATED", {}, "lookup");
    await user.type(input, "30211975910033{Enter}");
    expect(await screen.findByTestId("signin-submit")).toBeInTheDocument();
    expect(screen.getByTestId("error-message")).toHaveAttribute("data-code", "UNAUTHENTICATED");
  });

  it("signs out back to the sign-in screen", async () => {
    render(App, { backend: createMockBackend({ signedIn: true }) });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("sign-out"));
    expect(await screen.findByTestId("signin-submit")).toBeInTheDocument();
  });

  it("a revoked user is signed out at once, whatever the window was doing, and told why", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(App, { backend });
    await screen.findByTestId("lookup-input");
    backend.endSession("access_revoked");
    expect(await screen.findByTestId("signin-submit")).toBeInTheDocument();
    const message = screen.getByTestId("error-message");
    expect(message).toHaveAttribute("data-code", "FORBIDDEN");
    expect(message).toHaveTextContent("bekor qilingan");
  });

  it("a nurse reads a prescription but is not offered to dispense it", async () => {
    const backend = createMockBackend({ signedIn: true, role: "nurse" });
    render(App, { backend });
    const user = userEvent.setup();
    const rx = backend.demo.find((d) => d.state === "active");
    if (!rx) throw new Error("no active demo prescription");
    await user.type(await screen.findByTestId("lookup-input"), `DMEDRX:1:${rx.rx.number}:${rx.code}{Enter}`);
    expect(await screen.findByTestId("read-only-role")).toBeInTheDocument();
    expect(screen.queryByTestId("start-dispense")).toBeNull();
    expect(screen.queryByTestId("nav-paper")).toBeNull();
  });

  it("an administrator gets the device screen, not the counter", async () => {
    render(App, { backend: createMockBackend({ signedIn: true, role: "administrator" }) });
    expect(await screen.findByTestId("no-counter")).toBeInTheDocument();
    expect(screen.queryByTestId("lookup-input")).toBeNull();
  });

  it("once an address is chosen, only an administrator may change it or the camera", async () => {
    const backend = createMockBackend({ signedIn: true });
    await backend.saveSettings({ endpoint: "https://api.dmed.uz", language: "uz", camera: null });
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-open"));
    expect(await screen.findByTestId("settings-endpoint-locked")).toBeInTheDocument();
    expect(screen.getByTestId("settings-endpoint")).toBeDisabled();
    expect(screen.getByTestId("settings-camera")).toBeDisabled();
    await expect(
      backend.saveSettings({ endpoint: "https://evil.example", language: "uz", camera: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
