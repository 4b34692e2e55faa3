import type { Db } from "../../db/index";
import type { ThreadKind } from "../../db/schema";
import { notFound } from "../lib/errors";
import { ensure, type Actor } from "./guardian";

export interface CategoryView {
  id: number;
  slug: string;
  name: string;
  description: string;
  kinds: ThreadKind[];
}

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
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound("No such category.");
  const row = await db
    .selectFrom("categories")
    .select(["id", "slug", "name", "description", "kinds"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row) throw notFound("No such category.");
  return row;
}
