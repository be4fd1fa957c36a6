//! Shapes the reports screen passes between its parts.

import type { Volume } from "$lib/backend";

/** One row of a breakdown table: its key, its name cells and its volume. */
export interface VolumeRow {
  key: string;
  cells: string[];
  volume: Volume;
}
