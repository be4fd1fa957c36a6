import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import AuditLog from "./AuditLog.svelte";

describe("audit log screen", () => {
  it("shows what was recorded, newest first, and filters by action", async () => {
    const backend = createMockBackend({ role: "manager" });
    const info = await backend.appInfo();
    const demo = info.training_demo;
    if (!demo) throw new Error("no demo credentials");
    await backend.signIn(demo.pharmacy_id, demo.login, demo.secret);
    await backend.signOut();
    await backend.signIn(demo.pharmacy_id, demo.login, demo.secret);
    render(AuditLog, { backend });
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(3));
    const first = screen.getAllByTestId("audit-row")[0];
    expect(first).toHaveAttribute("data-action", "sign_in");
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("audit-action"), "sign_out");
    await user.click(screen.getByTestId("audit-apply"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(1));
    expect(screen.getAllByTestId("audit-row")[0]).toHaveAttribute("data-action", "sign_out");
  });

  it("tells a pharmacist it is for managers", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(AuditLog, { backend });
    expect(await screen.findByTestId("error-message")).toHaveAttribute("data-code", "FORBIDDEN");
  });
});
