import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const ROLES = ["member", "moderator", "product_manager", "sales", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const COMPANY_PLANS = ["prospect", "trial", "customer"] as const;
export type CompanyPlan = (typeof COMPANY_PLANS)[number];

export const THREAD_KINDS = ["question", "discussion", "idea"] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export interface CompaniesTable {
  id: Generated<number>;
  name: string;
  domain: string | null;
  plan: CompanyPlan;
  /** Whole currency units; null when unknown. bigint arrives as a string from pg. */
  annual_revenue: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  handle: string;
  email: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  trust_level: ColumnType<number, number | undefined, number>;
  company_id: number | null;
  suspended_until: NullableTimestamp;
  suspension_reason: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionsTable {
  /** sha256 of the random token in the cookie: a database leak does not leak live sessions. */
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  revoked_at: NullableTimestamp;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown in lists so admins can tell tokens apart. */
  prefix: string;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  position: ColumnType<number, number | undefined, number>;
  kinds: ColumnType<ThreadKind[], ThreadKind[] | undefined, ThreadKind[]>;
  created_at: CreatedAt;
}

export interface Database {
  companies: CompaniesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
}

export type Company = Selectable<CompaniesTable>;
export type NewCompany = Insertable<CompaniesTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Category = Selectable<CategoriesTable>;
