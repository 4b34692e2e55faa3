import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import type { RateLimits } from "../lib/rate-limits.server";
import { ROLES, type Role, type User } from "../../db/schema";
import { AppError, isAppError, conflict, notFound, uniqueViolation, validationFailed, msg, fieldError } from "../lib/errors";
import { hashPassword, verifyPassword } from "../lib/passwords.server";
import { emailSchema, handleSchema, idSchema, parseInput, passwordSchema, oneOf, says, zmsg } from "../lib/validation";
import { threadTarget } from "./community/views";
import { can, ensure, type Actor } from "./guardian";
import { recordModAction } from "./moderation/audit.server";
import { endAllSessions, startSession } from "./sessions.server";

export interface PublicUser {
  id: number;
  handle: string;
  role: Role;
  trustLevel: number;
}

export interface AccountView extends PublicUser {
  email: string;
  company: { id: number; name: string; plan: string } | null;
  suspendedUntil: string | null;
  createdAt: string;
}

export const toPublicUser = (u: Pick<User, "id" | "handle" | "role" | "trust_level">): PublicUser => ({
  id: u.id,
  handle: u.handle,
  role: u.role,
  trustLevel: u.trust_level,
});

const byHandle = (handle: string) => sql<boolean>`lower(handle) = ${handle.toLowerCase()}`;

export const registrationSchema = z.object({
  handle: handleSchema,
  email: emailSchema,
  password: passwordSchema,
});

/** Creates a member at trust level 0 and signs them in. */
export async function register(
  db: Db,
  actor: Actor | null,
  input: unknown,
  userAgent: string | null,
): Promise<{ user: User; token: string }> {
  ensure(actor, "account.register");
  const data = parseInput(registrationSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await db
      .insertInto("users")
      .values({ handle: data.handle, email: data.email, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = await startSession(db, user.id, userAgent);
    return { user, token };
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === "users_handle_key") {
      throw conflict(msg("account.handleTaken"), [fieldError("handle", msg("account.handleTaken"))]);
    }
    if (constraint === "users_email_key") {
      throw conflict(msg("account.emailTaken"), [fieldError("email", msg("account.emailTaken"))]);
    }
    throw error;
  }
}

export const loginSchema = z.object({
  handle: z.string({ invalid_type_error: says.text("handle"), required_error: says.required("handle") }).trim().min(1, says.required("handle")).max(254),
  password: z.string({ invalid_type_error: says.text("password"), required_error: says.required("password") }).min(1, says.required("password")).max(200),
});

export const INVALID_CREDENTIALS = "Wrong handle or password.";

/**
 * Checks a handle (or email) and password. An unknown handle and a wrong password give the same
 * error after the same amount of work, so logins cannot be used to find out who has an account.
 */
export async function logIn(db: Db, input: unknown, userAgent: string | null): Promise<{ user: User; token: string }> {
  const data = parseInput(loginSchema, input);
  const login = data.handle.toLowerCase();
  const user = await db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(handle)`, "=", login), eb(sql`lower(email)`, "=", login)]))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, data.password);
  if (!user || !ok) throw new AppError(401, "invalid_credentials", msg("account.invalidCredentials"));
  if (user.suspended_until && user.suspended_until > new Date()) {
    const until = user.suspended_until;
    const why = user.suspension_reason ? msg("account.suspendedBecause", { until, reason: user.suspension_reason }) : msg("account.suspended", { until });
    throw new AppError(403, "suspended", why, {
      suspendedUntil: user.suspended_until.toISOString(),
      reason: user.suspension_reason,
    });
  }
  const token = await startSession(db, user.id, userAgent);
  return { user, token };
}

/**
 * Logging in with the guessing limits around it: per address (any account), per account from
 * that address, and per account from anywhere. Only failures count toward the account limits,
 * and a success clears the address's failures for that account, so a person who mistypes a few
 * times is not locked out, and someone guessing elsewhere locks out only themselves.
 */
export async function logInWithLimits(ctx: { db: Db; limits: RateLimits }, input: unknown, client: { ip: string; userAgent: string | null }) {
  await ctx.limits.consume("login", client.ip);
  const handle = typeof (input as { handle?: unknown })?.handle === "string" ? ((input as { handle: string }).handle.trim().toLowerCase().slice(0, 254)) : "";
  const pair = `${handle}|${client.ip}`;
  if (handle) {
    await ctx.limits.ensureAvailable("loginFailureAccountAddress", pair);
    await ctx.limits.ensureAvailable("loginFailureAccount", handle);
  }
  try {
    const result = await logIn(ctx.db, input, client.userAgent);
    await ctx.limits.reset("loginFailureAccountAddress", pair);
    return result;
  } catch (error) {
    if (handle && isAppError(error) && error.code === "invalid_credentials") {
      // Spent after the fact: the answer to this attempt stays the 401 it earned.
      await Promise.allSettled([ctx.limits.consume("loginFailureAccountAddress", pair), ctx.limits.consume("loginFailureAccount", handle)]);
    }
    throw error;
  }
}

export const changePasswordSchema = z.object({
  currentPassword: z.string({ required_error: says.required("currentPassword") }).min(1, zmsg("validation.currentPassword")).max(200),
  newPassword: passwordSchema,
});

/** Changes the password and ends every other session of the account. */
export async function changePassword(db: Db, actor: Actor | null, input: unknown, currentToken: string | null): Promise<void> {
  ensure(actor, "account.changePassword", { userId: actor?.id ?? 0 });
  const data = parseInput(changePasswordSchema, input);
  const user = await db.selectFrom("users").select("password_hash").where("id", "=", actor!.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, data.currentPassword))) {
    throw validationFailed([fieldError("currentPassword", msg("account.wrongPassword"))]);
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({ password_hash: await hashPassword(data.newPassword), updated_at: sql`now()` })
      .where("id", "=", actor!.id)
      .execute();
    await endAllSessions(tx, actor!.id, "password", currentToken ?? undefined);
  });
}

export async function getAccount(db: Db, actor: Actor | null): Promise<AccountView> {
  ensure(actor, "account.view");
  const row = await db
    .selectFrom("users")
    .leftJoin("companies", "companies.id", "users.company_id")
    .selectAll("users")
    .select(["companies.name as company_name", "companies.plan as company_plan"])
    .where("users.id", "=", actor!.id)
    .executeTakeFirstOrThrow();
  return {
    ...toPublicUser(row),
    email: row.email,
    company: row.company_id ? { id: row.company_id, name: row.company_name!, plan: row.company_plan! } : null,
    suspendedUntil: row.suspended_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Administration

export interface UserListItem extends PublicUser {
  email: string;
  company: { id: number; name: string } | null;
  suspendedUntil: string | null;
  suspensionReason: string | null;
  createdAt: string;
}

const listUsersSchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  after: z.string().trim().max(30).optional().default(""),
});

const USERS_PAGE = 50;

/** Users ordered by handle, paged by keyset (the last handle seen), optionally filtered. */
export async function listUsers(db: Db, actor: Actor | null, input: unknown): Promise<{ users: UserListItem[]; next: string | null }> {
  ensure(actor, "user.list");
  const { q, after } = parseInput(listUsersSchema, input);
  let query = db
    .selectFrom("users")
    .leftJoin("companies", "companies.id", "users.company_id")
    .selectAll("users")
    .select(["companies.name as company_name"])
    .orderBy(sql`lower(users.handle)`)
    .limit(USERS_PAGE + 1);
  if (q) {
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(users.handle)`, "like", pattern), eb(sql`lower(users.email)`, "like", pattern)]),
    );
  }
  if (after) query = query.where(sql`lower(users.handle)`, ">", after.toLowerCase());
  const rows = await query.execute();
  const page = rows.slice(0, USERS_PAGE);
  return {
    users: page.map((r) => ({
      ...toPublicUser(r),
      email: r.email,
      company: r.company_id ? { id: r.company_id, name: r.company_name! } : null,
      suspendedUntil: r.suspended_until?.toISOString() ?? null,
      suspensionReason: r.suspension_reason,
      createdAt: r.created_at.toISOString(),
    })),
    next: rows.length > USERS_PAGE ? page[page.length - 1]!.handle : null,
  };
}

const HANDLE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$/;

export async function findUser(db: Db, handle: string): Promise<User> {
  // Anything that cannot be a handle (from a URL, say) is simply not found, never a bad query.
  if (!HANDLE_SHAPE.test(handle)) throw notFound(msg("account.noSuchHandle", { handle: handle.slice(0, 40) }));
  const user = await db.selectFrom("users").selectAll().where(byHandle(handle)).executeTakeFirst();
  if (!user) throw notFound(msg("account.noSuchHandle", { handle }));
  return user;
}

export const updateUserSchema = z.object({
  role: z.enum(ROLES, oneOf("role", ROLES)).optional(),
  trustLevel: z.coerce.number().int().min(0, zmsg("validation.trustLevel")).max(4, zmsg("validation.trustLevel")).optional(),
  companyId: z.union([idSchema, z.literal("").transform(() => null), z.null()]).optional(),
});

/** Role, trust level and company. A role change applies on the user's next request. */
export async function updateUser(db: Db, actor: Actor | null, handle: string, input: unknown): Promise<PublicUser> {
  // Who may manage users at all, before anything about the input: a member gets 403, not a 422.
  ensure(actor, "user.list");
  const data = parseInput(updateUserSchema, input);
  const user = await findUser(db, handle);
  ensure(actor, "user.update", { userId: user.id, role: data.role });
  if (data.companyId) {
    const company = await db.selectFrom("companies").select("id").where("id", "=", data.companyId).executeTakeFirst();
    if (!company) throw validationFailed([fieldError("companyId", msg("company.notFound"))]);
  }
  const updated = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable("users")
      .set({
        ...(data.role !== undefined && { role: data.role }),
        // A level an admin sets by hand stays: automatic promotion leaves it alone.
        ...(data.trustLevel !== undefined && { trust_level: data.trustLevel, trust_level_locked: true }),
        ...(data.companyId !== undefined && { company_id: data.companyId }),
        updated_at: sql`now()`,
      })
      .where("id", "=", user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Role and trust changes decide what someone may do: they belong in the audit log.
    await recordModAction(tx, actor!, "user.update", { type: "user", id: user.id }, "", {
      from: { role: user.role, trustLevel: user.trust_level, companyId: user.company_id },
      to: { role: row.role, trustLevel: row.trust_level, companyId: row.company_id },
    });
    return row;
  });
  return toPublicUser(updated);
}


/** A member's public page: handle, role, join date and their latest threads. */
export async function getPublicProfile(db: Db, actor: Actor | null, handle: string) {
  ensure(actor, "category.view");
  const user = await findUser(db, handle);
  // Their threads as the viewer may see them: one held for review shows only to its author and staff.
  const threads = (
    await db
      .selectFrom("threads")
      .select(["id", "title", "kind", "status", "hidden", "awaiting_approval", "author_id", "post_count", "accepted_post_id", "created_at"])
      .where("author_id", "=", user.id)
      .where("hidden", "=", false)
      .where("merged_into_id", "is", null)
      .orderBy("created_at", "desc")
      .limit(20)
      .execute()
  ).filter((t) => can(actor, "thread.view", threadTarget(t)));
  // Suspensions and silences are moderation's business (and the account owner's).
  const seesModeration = can(actor, "mod.view") || actor?.id === user.id;
  const stats = await db
    .selectFrom("posts")
    .select([(eb) => eb.fn.countAll<number>().as("posts"), (eb) => eb.fn.coalesce(eb.fn.sum<number>("vote_count"), eb.val(0)).as("votes")])
    .where("author_id", "=", user.id)
    .where("status", "=", "visible")
    .executeTakeFirstOrThrow();
  const accepted = await db
    .selectFrom("threads")
    .innerJoin("posts", "posts.id", "threads.accepted_post_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("posts.author_id", "=", user.id)
    .executeTakeFirstOrThrow();
  return {
    user: {
      ...toPublicUser(user),
      createdAt: user.created_at.toISOString(),
      suspendedUntil: seesModeration && user.suspended_until && user.suspended_until > new Date() ? user.suspended_until.toISOString() : null,
      silencedUntil: seesModeration && user.silenced_until && user.silenced_until > new Date() ? user.silenced_until.toISOString() : null,
    },
    stats: { posts: Number(stats.posts), votes: Number(stats.votes), accepted: accepted.n },
    threads: threads.map((t) => ({ id: t.id, title: t.title, kind: t.kind, replies: t.post_count - 1, solved: t.accepted_post_id !== null, createdAt: t.created_at.toISOString(), url: `/t/${t.id}` })),
  };
}
