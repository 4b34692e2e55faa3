import { createContext, useContext } from "react";

/**
 * Post bodies are shipped once. On a document request the thread page's loader keeps each
 * post's HTML out of its data (which Remix serialises into the page a second time, 40% of a
 * 50-post page) and hands it to the server render through this context instead; in the
 * browser, hydration finds the same HTML already in the document and reads it from there.
 * Data requests (client navigation, revalidation) carry the HTML as usual.
 */
export const PostHtmlContext = createContext<ReadonlyMap<number, string> | null>(null);

/** The HTML of a post's body: its own, the server's copy, or what the document already shows. */
export function usePostHtml(postId: number, html: string): string {
  const fromServer = useContext(PostHtmlContext);
  if (html) return html;
  if (fromServer) return fromServer.get(postId) ?? "";
  if (typeof document === "undefined") return "";
  return document.querySelector(`[data-post-body="${postId}"]`)?.innerHTML ?? "";
}
