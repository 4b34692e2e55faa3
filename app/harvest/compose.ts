import type { HarvestSourcesView, Language } from "../../db/schema";

/** The two section headings of a harvested article, in the thread's language. */
const SECTIONS: Record<Language, { problem: string; solution: string }> = {
  en: { problem: "Problem", solution: "Solution" },
  sv: { problem: "Problem", solution: "Lösning" },
  no: { problem: "Problem", solution: "Løsning" },
  zh: { problem: "问题", solution: "解决方案" },
};

export interface ComposedArticle {
  title: string;
  bodyMd: string;
  bodyHtml: string;
}

/**
 * An article draft from a question and its accepted answer: the question is the problem, the
 * answer the solution. The HTML is put together from the posts' stored HTML (already rendered
 * and sanitized at write time) under two headings of our own, so a pass over thousands of
 * threads renders nothing; a curator's edit later goes through the render pipeline like a post.
 */
export function composeArticle(source: Pick<HarvestSourcesView, "title" | "language" | "question_md" | "question_html" | "answer_md" | "answer_html">): ComposedArticle {
  const sections = SECTIONS[source.language] ?? SECTIONS.en;
  return {
    title: source.title,
    bodyMd: `## ${sections.problem}\n\n${(source.question_md ?? "").trim()}\n\n## ${sections.solution}\n\n${(source.answer_md ?? "").trim()}\n`,
    bodyHtml: `<h3>${sections.problem}</h3>\n${source.question_html ?? ""}\n<h3>${sections.solution}</h3>\n${source.answer_html ?? ""}`,
  };
}

/**
 * A readable, stable URL name: the title's Latin letters and digits (accents folded, å → a),
 * then the source thread's id, which makes it unique and keeps it from changing when the title
 * does. A title without Latin letters (Chinese) gives just "article-<id>".
 */
export function articleSlug(title: string, threadId: number): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[øØ]/g, "o")
    .replace(/[æÆ]/g, "ae")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${words || "article"}-${threadId}`;
}
