// Domain objects of accounts: what services return and views receive.
export const SYSTEM_ROLES = ['member', 'moderator', 'admin'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];
export const ORG_ROLES = ['member', 'admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** The signed-in user as every handler sees it. */
export interface CurrentUser {
  id: number;
  email: string;
  displayName: string;
  role: SystemRole;
  organisationId: number | null;
  orgRole: OrgRole | null;
  totpEnabled: boolean;
}

export interface AuthState {
  user: CurrentUser;
  sessionHash: string;
  /** False between the password and the second factor: such a session may only finish signing in. */
  secondFactorDone: boolean;
}

/** Moderators and administrators must use a second factor (ASVS 6.3.3). */
export function isPrivileged(u: Pick<CurrentUser, 'role'>): boolean {
  return u.role === 'moderator' || u.role === 'admin';
}

export interface SessionInfo {
  hash: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface UserSummary {
  id: number;
  email: string;
  displayName: string;
  role: SystemRole;
  orgRole: OrgRole | null;
  organisationId: number | null;
  organisationNameJa: string | null;
  organisationNameEn: string | null;
  status: 'active' | 'disabled';
  emailVerified: boolean;
  totpEnabled: boolean;
  createdAt: string;
}
