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
  const row = await db
    .selectFrom("categories")
    .select(["id", "slug", "name", "description", "kinds"])
    .where("slug", "=", slug.slice(0, 60))
    .executeTakeFirst();
  if (!row) throw notFound("No such category.");
  return row;
}
