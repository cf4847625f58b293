// Join codes: 8 symbols from an alphabet without look-alikes (no 0/O, 1/I/L, U), shown and stored as ABCD-EFGH.
// 30^8 ≈ 6.6·10^11 codes, so guessing one is impractical and collisions (retried) are rare. Learners may type
// them in any case, with or without the dash or spaces.
import type { JoinCodeRandom } from './cohort.ports';

export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

export function drawJoinCode(random: JoinCodeRandom): string {
  let raw = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
    const index = random(JOIN_CODE_ALPHABET.length);
    const symbol = JOIN_CODE_ALPHABET[index];
    if (!Number.isInteger(index) || symbol === undefined)
      throw new Error(`join code random source returned ${index}, outside [0, ${JOIN_CODE_ALPHABET.length})`);
    raw += symbol;
  }
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** The canonical form of what a learner typed, or null when it cannot be a join code. */
export function normalizeJoinCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== JOIN_CODE_LENGTH) return null;
  for (const symbol of raw) if (!JOIN_CODE_ALPHABET.includes(symbol)) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** A reproducible JoinCodeRandom for tests and seeded tools (mulberry32). */
export function seededJoinCodeRandom(seed: number): JoinCodeRandom {
  let state = seed >>> 0;
  return (size) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * size);
  };
}
