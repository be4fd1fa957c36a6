//! The window's text size (large-text mode, for small screens of high resolution): the device's
//! setting (`Settings.text_size`, percent of the normal size) scales the root font size, and
//! every size given in `rem` follows it.

/** The sizes offered, in percent, as the counter accepts them (`settings::TEXT_SIZES`). */
export const TEXT_SIZES = [100, 125, 150] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** The normal size, for settings saved before the setting existed. */
export const NORMAL_TEXT_SIZE: TextSize = 100;

export function isTextSize(value: unknown): value is TextSize {
  return TEXT_SIZES.includes(value as TextSize);
}

/** `percent` when it is one of the sizes, else the normal size. */
export function textSizeOf(percent: number | null | undefined): TextSize {
  return isTextSize(percent) ? percent : NORMAL_TEXT_SIZE;
}

/**
 * Makes the window's text `percent` of its normal size: `--text-scale` on the root element,
 * which `app.css` multiplies the root font size by, and `data-text-size` for styles and tests.
 */
export function applyTextSize(
  percent: number | null | undefined,
  root: HTMLElement = document.documentElement,
) {
  const size = textSizeOf(percent);
  root.style.setProperty("--text-scale", String(size / 100));
  root.dataset.textSize = String(size);
}
