/** The roles of an account (the Postgres enum `role` and the GraphQL enum `Role` carry the same names). */
export const ROLES = ['LEARNER', 'INSTRUCTOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as proven by a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly role: Role;
}

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: Date;
}

export interface AccountWithPassword extends Account {
  readonly passwordHash: string;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Emails are compared and stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
