import { allow, type Actor, type Decision } from "./types";

/** Reading the community. Writing rules arrive with threads and posts. */
export const communityPolicy = {
  "category.view": (_actor: Actor | null): Decision => allow(),
} satisfies Record<string, (actor: Actor | null, target: never) => Decision>;
