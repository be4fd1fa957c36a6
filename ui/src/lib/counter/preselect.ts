//! The product a dispense line starts with: the one product of the catalogue with the item's INN
//! and strength, when there is exactly one; none when there are several (the pharmacist
//! chooses). The picker lists the products of the prescribed strength first, those of its form
//! before the others, so the keyboard's first choice is the likeliest one.

import type { Item, Product } from "$lib/backend";

/** A strength as written, made comparable: "500 mg", "500mg" and "500 MG" are the same, and
 *  "2,5 mg" is "2.5 mg". */
export function strengthKey(strength: string): string {
  return strength
    .trim()
    .toLowerCase()
    .replace(/(\d),(\d)/g, "$1.$2")
    .replace(/\s+/g, "");
}

function sameInn(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether `product` has the INN and the strength of `item`. */
export function matchesItem(product: Product, item: Item): boolean {
  return sameInn(product.inn, item.inn) && strengthKey(product.strength) === strengthKey(item.strength);
}

/** The product to preselect for `item` among `products`: the only one with its INN and
 *  strength, else none. */
export function preselectedProduct(item: Item, products: readonly Product[]): Product | null {
  const matching = products.filter((p) => matchesItem(p, item));
  return matching.length === 1 ? (matching[0] ?? null) : null;
}

/** `products` with those of the item's strength first (of its form before other forms), each
 *  group in the order given. */
export function orderForItem(item: Item, products: readonly Product[]): Product[] {
  const form = item.form.trim().toLowerCase();
  const rank = (p: Product) =>
    (matchesItem(p, item) ? 0 : 2) + (p.form.trim().toLowerCase() === form ? 0 : 1);
  return products
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}
