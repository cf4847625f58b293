// Enough of apimachinery's resource.Quantity for describe's sums and percentages: parse `100m`, `0.5`, `128Mi`,
// `1G`, and print a total in the canonical form of its operands (binary suffixes stay binary).
import { parseQuantity as quantityValue } from '@podlab/kube';

// Suffix factors for printing; parsing is @podlab/kube's (one parser for the scheduler and the printers).
const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export interface Quantity {
  /** Value in base units (cores, bytes). */
  value: number;
  binary: boolean;
}

export function parseQuantity(text: string | undefined): Quantity {
  if (!text) return { value: 0, binary: false };
  return { value: quantityValue(text) ?? 0, binary: /[KMGTPE]i$/.test(text.trim()) };
}

/** Milli-units, rounded up as Quantity.MilliValue does. */
export const milliValue = (q: Quantity): number => Math.ceil(Math.round(q.value * 1e6) / 1e3);

/** Canonical text of a CPU-like quantity (`500m`, `1`, `1500m`). */
export function formatMilli(milli: number): string {
  if (milli === 0) return '0';
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Canonical text of a byte-like quantity, in the largest suffix that keeps an integer. */
export function formatBytes(bytes: number, binary: boolean): string {
  if (bytes === 0) return '0';
  const table = binary
    ? (['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const).map((s) => [s, BINARY[s] as number] as const)
    : (['E', 'P', 'T', 'G', 'M', 'k'] as const).map((s) => [s, DECIMAL[s] as number] as const);
  for (const [suffix, factor] of table) {
    if (bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}
