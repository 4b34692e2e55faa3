import type { Db } from "../../db/index";
import type { ThreadKind } from "../../db/schema";
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
