// Reading the API's `raw: JSON` objects without trusting their shape: every accessor has a safe default.

export type Json = Record<string, unknown>;

const EMPTY: Json = Object.freeze({}) as Json;

export const rec = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : EMPTY;

export const arr = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

export const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

export const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

export const bool = (value: unknown): boolean => value === true;
