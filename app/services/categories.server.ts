import { sql, type Transaction } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import { THREAD_KINDS, type Database, type Role, type TagMode, type ThreadKind } from "../../db/schema";
import { conflict, notFound, uniqueViolation, validationFailed, msg, fieldError } from "../lib/errors";
import { idSchema, parseInput, text, zodEnum, says, zmsg } from "../lib/validation";
import { normalizeTag, popularTags } from "./community/tags.server";
import { ensure, type Actor } from "./guardian";

export interface CategoryView {
  id: number;
  slug: string;
  name: string;
  description: string;
  kinds: ThreadKind[];
}

export interface AdminCategoryView extends CategoryView {
  position: number;
  tagMode: TagMode;
  /** The admin-curated list; the only tags a restricted category accepts. */
  curatedTags: string[];
  /** Roles whose posts here wait for a moderator (staff never wait). */
  approvalRoles: Role[];
  threadCount: number;
}

/** The roles pre-moderation can apply to; moderators and admins are never held. */
export const APPROVAL_ROLES = ["member", "product_manager", "sales"] as const satisfies readonly Role[];

export const TAG_MODES = ["free", "restricted"] as const satisfies readonly TagMode[];
export const MAX_CURATED_TAGS = 100;
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MAX = 60;

type Tx = Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Reading (public)

export async function listCategories(db: Db, actor: Actor | null): Promise<CategoryView[]> {
  ensure(actor, "category.view");
  return db
    .selectFrom("categories")
    .select(["id", "slug", "name", "description", "kinds"])
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function getCategoryBySlug(db: Db, actor: Actor | null, slug: string): Promise<CategoryView> {
  ensure(actor, "category.view");
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound(msg("category.notFound"));
  const row = await db
    .selectFrom("categories")
    .select(["id", "slug", "name", "description", "kinds"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row) throw notFound(msg("category.notFound"));
  return row;
}

export interface TagSuggestions {
  tags: { slug: string; count: number }[];
  restricted: boolean;
}

/**
 * Tags for filters and the composer. Without a category: the most used tags overall. A free
 * category: its most used tags. A restricted category: exactly its curated list (with how often
 * each is used there), since no other tag would be accepted.
 */
export async function tagSuggestions(db: Db, actor: Actor | null, category: string | undefined): Promise<TagSuggestions> {
  ensure(actor, "category.view");
  if (!category) return { tags: await popularTags(db), restricted: false };
  const row = await findCategoryByIdOrSlug(db, category);
  if (row.tag_mode === "free") return { tags: await popularTags(db, row.id), restricted: false };
  const [curated, used] = await Promise.all([curatedTagsOf(db, [row.id]), popularTags(db, row.id, MAX_CURATED_TAGS * 10)]);
  const counts = new Map(used.map((t) => [t.slug, Number(t.count)]));
  const tags = (curated.get(row.id) ?? []).map((slug) => ({ slug, count: counts.get(slug) ?? 0 }));
  tags.sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
  return { tags, restricted: true };
}

/** `?category=` takes an id or a slug, like the thread list does. */
async function findCategoryByIdOrSlug(db: Db, value: string): Promise<{ id: number; tag_mode: TagMode }> {
  const query = db.selectFrom("categories").select(["id", "tag_mode"]);
  let row: { id: number; tag_mode: TagMode } | undefined;
  if (/^\d+$/.test(value)) {
    const id = idSchema.safeParse(value);
    row = id.success ? await query.where("id", "=", id.data).executeTakeFirst() : undefined;
  } else {
    const slug = value.trim().toLowerCase();
    row = slug.length <= SLUG_MAX && SLUG_PATTERN.test(slug) ? await query.where("slug", "=", slug).executeTakeFirst() : undefined;
  }
  if (!row) throw notFound(msg("category.notFound"));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * A URL slug from a category name: "Ideas & feature requests" → "ideas-feature-requests",
 * "Frågor och svar" → "fragor-och-svar". Nordic letters are transliterated, other accents
 * dropped, anything else (punctuation, CJK) removed, so the result may be empty.
 */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/[øö]/g, "o")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}

const slugField = z
  .string({ invalid_type_error: says.text("slug") })
  .trim()
  .toLowerCase()
  .max(SLUG_MAX, says.atMost("slug", SLUG_MAX))
  .refine((s) => s === "" || SLUG_PATTERN.test(s), zmsg("validation.slugShape"));

/** A checkbox group posts one value as a string and several as an array; the API sends an array. */
const kindsField = z
  .preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z
      .array(z.enum(THREAD_KINDS, zodEnum("validation.mayOnlyContain", { field: "kinds", options: THREAD_KINDS.join(", ") })), {
        invalid_type_error: says.list("kinds"),
        required_error: zmsg("validation.kindsRequired", { options: THREAD_KINDS.join(", ") }),
      })
      .min(1, zmsg("validation.chooseKind")),
  )
  .transform((kinds) => [...new Set(kinds)]);

/** Checkboxes like kinds; an empty list (nothing ticked) means nobody's posts are held. */
const approvalRolesField = z
  .preprocess(
    (v) => (typeof v === "string" ? (v === "" ? [] : [v]) : v),
    z.array(z.enum(APPROVAL_ROLES, zodEnum("validation.mayOnlyContain", { field: "approval roles", options: APPROVAL_ROLES.join(", ") })), {
      invalid_type_error: says.list("approvalRoles"),
    }),
  )
  .transform((roles) => [...new Set(roles)]);

const tagModeField = z.enum(TAG_MODES, zodEnum("validation.tagMode", { modes: TAG_MODES.join(" or ") }));

/**
 * The curated list, as an array or as the page's comma-separated text. Tags are normalized the
 * way thread tags are, so what an admin types matches what members type.
 */
export const curatedTagsSchema = z
  .preprocess(
    (v) => (typeof v === "string" ? v.split(",") : v),
    z
      .array(z.string({ invalid_type_error: zmsg("validation.eachTagText") }).max(60, zmsg("validation.tagMax")), {
        invalid_type_error: zmsg("validation.tagsList"),
        required_error: says.required("tags"),
      })
      .max(MAX_CURATED_TAGS * 2, zmsg("validation.curatedTags", { count: MAX_CURATED_TAGS })),
  )
  .transform((list) => [...new Set(list.map(normalizeTag).filter(Boolean))])
  .refine((tags) => tags.length <= MAX_CURATED_TAGS, zmsg("validation.curatedTags", { count: MAX_CURATED_TAGS }));

const fields = {
  name: text("name", 1, 80),
  slug: slugField,
  description: z.string({ invalid_type_error: says.text("description") }).trim().max(500, says.atMost("description", 500)),
  kinds: kindsField,
  tagMode: tagModeField,
  tags: curatedTagsSchema,
  approvalRoles: approvalRolesField,
};

export const createCategorySchema = z.object({
  ...fields,
  slug: fields.slug.optional(),
  description: fields.description.optional(),
  tagMode: fields.tagMode.optional(),
  tags: fields.tags.optional(),
  approvalRoles: fields.approvalRoles.optional(),
});

/** PATCH semantics: only what is sent changes. */
export const updateCategorySchema = z.object(fields).partial();

const orderSchema = z.object({
  ids: z.array(idSchema, { invalid_type_error: zmsg("validation.categoryIds"), required_error: says.required("ids") }).max(10_000),
});

/** An empty slug means "derive it from the name"; names without Latin letters need one typed in. */
function resolveSlug(slug: string | undefined, name: string): string {
  if (slug) return slug;
  const derived = slugFromName(name);
  if (!derived) {
    throw validationFailed([fieldError("slug", msg("category.noSlug"))]);
  }
  return derived;
}

function rethrowConflict(error: unknown): never {
  if (uniqueViolation(error) === "categories_slug_key") {
    throw conflict(msg("category.slugTaken"), [fieldError("slug", msg("category.slugTaken"))]);
  }
  throw error;
}

// ---------------------------------------------------------------------------------------------
// Administration

export async function listCategoriesForAdmin(db: Db, actor: Actor | null): Promise<AdminCategoryView[]> {
  ensure(actor, "category.manage");
  return loadAdminViews(db);
}

export async function createCategory(db: Db, actor: Actor | null, input: unknown): Promise<AdminCategoryView> {
  ensure(actor, "category.manage");
  const data = parseInput(createCategorySchema, input);
  const slug = resolveSlug(data.slug, data.name);
  try {
    return await db.transaction().execute(async (tx) => {
      // New categories go last; admins move them from there.
      const { id } = await tx
        .insertInto("categories")
        .values({
          slug,
          name: data.name,
          description: data.description ?? "",
          kinds: data.kinds,
          tag_mode: data.tagMode ?? "free",
          approval_roles: data.approvalRoles ?? [],
          position: sql<number>`(select coalesce(max(position) + 1, 0) from categories)`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (data.tags) await replaceCuratedTags(tx, id, data.tags);
      return loadAdminView(tx, id);
    });
  } catch (error) {
    rethrowConflict(error);
  }
}

/**
 * Changes what is sent. Dropping a kind is allowed even when threads of that kind exist in the
 * category: those threads stay as they are (readable, answerable, votable); the category only
 * stops taking new ones of that kind. Likewise switching to restricted keeps old threads' tags.
 */
export async function updateCategory(db: Db, actor: Actor | null, id: number, input: unknown): Promise<AdminCategoryView> {
  ensure(actor, "category.manage");
  const data = parseInput(updateCategorySchema, input);
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await lockCategory(tx, id);
      const changes: Partial<{ name: string; slug: string; description: string; kinds: ThreadKind[]; tag_mode: TagMode; approval_roles: Role[] }> = {};
      if (data.name !== undefined) changes.name = data.name;
      if (data.slug !== undefined) changes.slug = resolveSlug(data.slug, data.name ?? current.name);
      if (data.description !== undefined) changes.description = data.description;
      if (data.kinds !== undefined) changes.kinds = data.kinds;
      if (data.tagMode !== undefined) changes.tag_mode = data.tagMode;
      if (data.approvalRoles !== undefined) changes.approval_roles = data.approvalRoles;
      if (Object.keys(changes).length > 0) await tx.updateTable("categories").set(changes).where("id", "=", id).execute();
      if (data.tags !== undefined) await replaceCuratedTags(tx, id, data.tags);
      return loadAdminView(tx, id);
    });
  } catch (error) {
    rethrowConflict(error);
  }
}

/** Replaces the curated list; returns it normalized and sorted. */
export async function setCategoryTags(db: Db, actor: Actor | null, id: number, tags: unknown): Promise<string[]> {
  ensure(actor, "category.manage");
  const slugs = parseInput(z.object({ tags: curatedTagsSchema }), { tags }).tags;
  return db.transaction().execute(async (tx) => {
    await lockCategory(tx, id);
    await replaceCuratedTags(tx, id, slugs);
    return (await curatedTagsOf(tx, [id])).get(id) ?? [];
  });
}

/** Sets the order of all categories at once; `ids` must name each category exactly once. */
export async function reorderCategories(db: Db, actor: Actor | null, ids: unknown): Promise<AdminCategoryView[]> {
  ensure(actor, "category.manage");
  const order = parseInput(orderSchema, { ids }).ids;
  return db.transaction().execute(async (tx) => {
    const current = await lockAllInOrder(tx);
    const known = new Set(current);
    if (new Set(order).size !== order.length || order.length !== current.length || !order.every((i) => known.has(i))) {
      throw validationFailed([fieldError("ids", msg("category.badOrder"))]);
    }
    await writeOrder(tx, order);
    return loadAdminViews(tx);
  });
}

/** Moves one category a step up or down: the form-friendly way to reorder without JS. */
export async function moveCategory(db: Db, actor: Actor | null, id: number, direction: "up" | "down"): Promise<void> {
  ensure(actor, "category.manage");
  await db.transaction().execute(async (tx) => {
    const order = await lockAllInOrder(tx);
    const from = order.indexOf(id);
    if (from < 0) throw notFound(msg("category.notFound"));
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return; // already first or last: nothing to do
    [order[from], order[to]] = [order[to]!, order[from]!];
    await writeOrder(tx, order);
  });
}

/** Deletes an empty category (its curated list goes with it); one with threads is a 409. */
export async function deleteCategory(db: Db, actor: Actor | null, id: number): Promise<void> {
  ensure(actor, "category.manage");
  await db.transaction().execute(async (tx) => {
    // The row lock conflicts with the key-share lock a concurrent new thread takes on its
    // category, so a thread cannot slip in between the count and the delete.
    const category = await lockCategory(tx, id);
    const { n } = await tx.selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).where("category_id", "=", id).executeTakeFirstOrThrow();
    if (Number(n) > 0) throw hasThreads(category.name, Number(n));
    try {
      await tx.deleteFrom("categories").where("id", "=", id).execute();
    } catch (error) {
      // Anything else that comes to reference categories (foreign_key_violation) blocks it too.
      if ((error as { code?: string }).code === "23503") throw conflict(msg("category.inUse", { name: category.name }));
      throw error;
    }
  });
}

const hasThreads = (name: string, n: number) =>
  conflict(msg("category.hasThreads", { name, count: n }));

// ---------------------------------------------------------------------------------------------
// Helpers (run inside the caller's transaction)

async function lockCategory(tx: Tx, id: number): Promise<{ id: number; name: string }> {
  const row = await tx.selectFrom("categories").select(["id", "name"]).where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(msg("category.notFound"));
  return row;
}

/** Locks every category so two reorders never interleave; returns ids in the current order. */
async function lockAllInOrder(tx: Tx): Promise<number[]> {
  const rows = await tx.selectFrom("categories").select("id").orderBy("position").orderBy("id").forUpdate().execute();
  return rows.map((r) => r.id);
}

/** Positions become 0..n-1 in the given order, in one statement. */
async function writeOrder(tx: Tx, ids: number[]): Promise<void> {
  await sql`
    update categories set position = o.ord - 1
    from unnest(${ids}::int[]) with ordinality as o(id, ord)
    where categories.id = o.id`.execute(tx);
}

async function replaceCuratedTags(tx: Tx, categoryId: number, slugs: string[]): Promise<void> {
  await tx.deleteFrom("category_tags").where("category_id", "=", categoryId).execute();
  if (slugs.length === 0) return;
  await tx.insertInto("tags").values(slugs.map((slug) => ({ slug }))).onConflict((oc) => oc.column("slug").doNothing()).execute();
  await tx
    .insertInto("category_tags")
    .columns(["category_id", "tag_id"])
    .expression((eb) => eb.selectFrom("tags").select([sql<number>`${categoryId}::int`.as("category_id"), "id"]).where("slug", "in", slugs))
    .execute();
}

async function curatedTagsOf(db: Db, categoryIds: number[]): Promise<Map<number, string[]>> {
  const byCategory = new Map<number, string[]>();
  if (categoryIds.length === 0) return byCategory;
  const rows = await db
    .selectFrom("category_tags")
    .innerJoin("tags", "tags.id", "category_tags.tag_id")
    .select(["category_tags.category_id", "tags.slug"])
    .where("category_tags.category_id", "in", categoryIds)
    .orderBy("tags.slug")
    .execute();
  for (const r of rows) byCategory.set(r.category_id, [...(byCategory.get(r.category_id) ?? []), r.slug]);
  return byCategory;
}

async function loadAdminViews(db: Db, onlyId?: number): Promise<AdminCategoryView[]> {
  let query = db
    .selectFrom("categories")
    .select(["id", "slug", "name", "description", "position", "kinds", "tag_mode", "approval_roles"])
    .select((eb) => eb.selectFrom("threads").whereRef("threads.category_id", "=", "categories.id").select(eb.fn.countAll<number>().as("n")).as("thread_count"))
    .orderBy("position")
    .orderBy("id");
  if (onlyId !== undefined) query = query.where("id", "=", onlyId);
  const rows = await query.execute();
  const curated = await curatedTagsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    position: r.position,
    kinds: r.kinds,
    tagMode: r.tag_mode,
    curatedTags: curated.get(r.id) ?? [],
    approvalRoles: r.approval_roles,
    threadCount: Number(r.thread_count ?? 0),
  }));
}

async function loadAdminView(tx: Tx, id: number): Promise<AdminCategoryView> {
  const [view] = await loadAdminViews(tx, id);
  if (!view) throw notFound(msg("category.notFound"));
  return view;
}
