import { createElement, Fragment } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { htmlBodyStream } from "../../app/lib/html-stream.server";

/** Renders many short multi-byte texts, so some character straddles the renderer's 2 KB views. */
function render(): Promise<Buffer> {
  const items = Array.from({ length: 400 }, (_, i) => createElement("span", { key: i }, `⟦Ópéñ ${i}⟧ på norsk: blåbær, 中文`));
  return new Promise((resolve, reject) => {
    const body = htmlBodyStream();
    const chunks: Buffer[] = [];
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    body.on("error", reject);
    const { pipe } = renderToPipeableStream(createElement(Fragment, null, items), { onAllReady: () => pipe(body), onShellError: reject });
  });
}

describe("the page stream", () => {
  it("carries no NUL bytes and every character whole, whatever lands on a view boundary", async () => {
    const html = await render();
    expect(html.indexOf(0)).toBe(-1);
    const text = html.toString("utf8");
    expect(text).not.toContain("\uFFFD");
    for (let i = 0; i < 400; i++) expect(text).toContain(`⟦Ópéñ ${i}⟧ på norsk: blåbær, 中文`);
  });
});
