// pod-template-hash and ControllerRevision hashes: FNV-32a of the template (+ collisionCount), printed in
// decimal, each digit mapped through the name alphabet (apimachinery SafeEncodeString). Only 4-9 and b,c,d,f
// can appear. Kubernetes hashes a Go spew dump we cannot reproduce; canonical JSON keeps the properties that
// matter: deterministic per template, different for different templates, the right alphabet and length.
import { NAME_ALPHABET } from './rng';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    // Hash UTF-16 code units as up to two bytes so non-ASCII text still spreads.
    if (code > 0xff) {
      h = Math.imul(h ^ (code >>> 8), 0x01000193) >>> 0;
      code &= 0xff;
    }
    h = Math.imul(h ^ code, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += NAME_ALPHABET[text.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount !== 0) text += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(text)));
}
