import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import { DEMO_PRODUCTS } from "$lib/backend/mock-data";
import { setLocale } from "$lib/i18n";
import ProductSearch from "./ProductSearch.svelte";

afterEach(() => setLocale("uz"));

describe("product screen", () => {
  it("finds products as one types and says in words how each is sold", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    render(ProductSearch, { backend });
    const user = userEvent.setup();
    const listed = DEMO_PRODUCTS.find((p) => p.e_rx_required)!;
    await user.type(screen.getByTestId("product-search"), listed.trade_name.slice(0, 4));
    await waitFor(() => expect(screen.getAllByTestId("product-hit").length).toBeGreaterThan(0));
    const row = screen
      .getAllByTestId("product-hit")
      .find((r) => r.getAttribute("data-product") === listed.product_id)!;
    expect(row).toHaveAttribute("data-sale", "e_prescription");
    expect(row).toHaveTextContent(`Only on an e-prescription`);
    expect(row).toHaveTextContent(`ATC ${listed.atc}`);
  });

  it("finds products by their INN and says when nothing matches", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, language: "en" });
    render(ProductSearch, { backend });
    const user = userEvent.setup();
    const p = DEMO_PRODUCTS[0]!;
    await user.type(screen.getByTestId("product-search"), p.inn);
    await waitFor(() =>
      expect(screen.getAllByTestId("product-hit").map((r) => r.getAttribute("data-product"))).toContain(
        p.product_id,
      ),
    );
    await user.clear(screen.getByTestId("product-search"));
    await user.type(screen.getByTestId("product-search"), "zzzzqq");
    expect(await screen.findByTestId("products-none")).toBeInTheDocument();
  });
});
