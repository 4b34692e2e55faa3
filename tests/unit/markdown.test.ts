import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  closeMarkdownWorkers,
  extractMentions,
  htmlToPlainText,
  MAX_BODY_BYTES,
  renderMarkdown,
} from "../../app/lib/markdown/render.server";
import { AppError } from "../../app/lib/errors";

afterAll(closeMarkdownWorkers);

const REL = 'rel="nofollow ugc noopener"';

describe("renderMarkdown: Markdown", () => {
  it("renders emphasis, lists and paragraphs", async () => {
    const html = await renderMarkdown("Some *em* and **strong** and ~~gone~~.\n\n- one\n- two\n\n3. three");
    expect(html).toContain("<em>em</em>");
    expect(html).toContain("<strong>strong</strong>");
    expect(html).toContain("<del>gone</del>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain('<ol start="3">');
  });

  it("keeps a code block's language class, lowercased, and drops other classes", async () => {
    expect(await renderMarkdown("```TypeScript\nconst a = 1 < 2;\n```")).toBe(
      '<pre><code class="language-typescript">const a = 1 &lt; 2;\n</code></pre>\n',
    );
    expect(await renderMarkdown('<code class="language-js evil">x</code>')).toContain('<code class="language-js">');
    expect(await renderMarkdown('<code class="language-a&quot;b">x</code>')).toContain("<code>x</code>");
  });

  it("keeps GFM tables with their alignment", async () => {
    const html = await renderMarkdown("| a | b |\n|:-:|--:|\n| 1 | 2 |");
    expect(html).toContain("<table>");
    expect(html).toContain('<th align="center">a</th>');
    expect(html).toContain('<td align="right">2</td>');
    expect(await renderMarkdown('<table><tr><td align="justify" style="x">c</td></tr></table>')).toContain("<td>c</td>");
  });

  it("demotes h1 and h2 to h3, and keeps h3 to h6", async () => {
    expect(await renderMarkdown("# Title")).toBe("<h3>Title</h3>\n");
    expect(await renderMarkdown("## Part")).toBe("<h3>Part</h3>\n");
    expect(await renderMarkdown("<h1>Raw</h1>")).toBe("<h3>Raw</h3>");
    expect(await renderMarkdown("#### Small")).toBe("<h4>Small</h4>\n");
  });

  it("does not turn single newlines into line breaks", async () => {
    expect(await renderMarkdown("a\nb")).toBe("<p>a\nb</p>\n");
  });
});

describe("renderMarkdown: links and images", () => {
  it("gives every link rel=nofollow ugc noopener and no target, whatever was written", async () => {
    expect(await renderMarkdown("[site](https://example.com)")).toBe(
      `<p><a href="https://example.com" ${REL}>site</a></p>\n`,
    );
    expect(await renderMarkdown('<a href="https://example.com" rel="opener" target="_blank">x</a>')).toBe(
      `<p><a ${REL} href="https://example.com">x</a></p>\n`,
    );
    expect(await renderMarkdown("mail bob@example.com")).toContain(`href="mailto:bob@example.com" ${REL}`);
    expect(await renderMarkdown("[home](/c/general)")).toContain('href="/c/general"');
  });

  it.each([
    ["javascript:", "[x](javascript:alert(1))"],
    ["javascript: with an entity", "[x](jav&#x09;ascript:alert(1))"],
    ["javascript: in raw HTML", '<a href=" JaVaScRiPt:alert(1)">x</a>'],
    ["data:", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["vbscript:", "[x](vbscript:msgbox(1))"],
    ["protocol-relative", "[x](//evil.example/)"],
    ["protocol-relative with a backslash", '<a href="/\\evil.example/">x</a>'],
    ["protocol-relative with a tab", '<a href="/&#9;/evil.example/">x</a>'],
    ["a relative path", "[x](evil.html)"],
  ])("strips a %s link", async (_, markdown) => {
    const html = await renderMarkdown(markdown);
    expect(html).toContain(`<a ${REL}>x</a>`);
    expect(html).not.toContain("href");
  });

  it("keeps http(s) images and drops any other image source", async () => {
    expect(await renderMarkdown("![cat](https://img.example/cat.png)")).toContain(
      '<img alt="cat" src="https://img.example/cat.png" />',
    );
    for (const src of ["javascript:alert(1)", "data:image/png;base64,AAAA", "//evil.example/a.png", "/avatar.png", "a.png"]) {
      expect(await renderMarkdown(`![i](${src})`)).toBe('<p><img alt="i" /></p>\n');
    }
  });

  it("removes event handlers and forbidden elements with their content", async () => {
    expect(await renderMarkdown("<img src=x onerror=alert(1)>")).toBe("<img />");
    expect(await renderMarkdown('<p onclick="alert(1)">hi</p>')).toBe("<p>hi</p>");
    const html = await renderMarkdown(
      "a<script>alert(1)</script><style>p{}</style><iframe>f</iframe><noscript>n</noscript><xmp><img src=x onerror=alert(1)></xmp>b",
    );
    expect(html).toBe("<p>ab</p>\n");
    expect(await renderMarkdown('<div><form action="/x"><input name="q"></form>kept</div>')).toBe("kept");
  });
});

describe("mentions", () => {
  it("renders @handle as a lowercase profile link", async () => {
    expect(await renderMarkdown("Thanks @Bob-S!")).toBe(
      `<p>Thanks <a class="mention" href="/u/bob-s" ${REL}>@Bob-S</a>!</p>\n`,
    );
  });

  it("does not render mentions in code, e-mail addresses, links or after an escape", async () => {
    const html = await renderMarkdown(
      "`@code` bob@example.com carol@localhost [@linked](https://x.example) \\@escaped\n\n```\n@fenced\n```",
    );
    expect(html).not.toContain('class="mention"');
  });

  it("extracts the handles, lowercased and deduplicated", () => {
    expect(extractMentions("@Alice and @bob, then @ALICE again (@carol_2).")).toEqual(["alice", "bob", "carol_2"]);
  });

  it("does not extract from code, e-mail addresses or URLs", () => {
    const markdown = [
      "Ask @dave, not bob@example.com or dave.smith+x@example.com; see https://social.example/@erin",
      "inline `@inline` and ``@double ` tick`` code",
      "```js",
      "@fenced",
      "```",
      "",
      "    @indented",
      "",
      "- item @frank",
      "",
      "      @list-continuation-is-not-code",
    ].join("\n");
    expect(extractMentions(markdown)).toEqual(["dave", "frank", "list-continuation-is-not-code"]);
  });

  it("agrees with the renderer on emphasis, length limits and addresses", async () => {
    const markdown = "_@em_ **@strong** x_@glued @a @" + "b".repeat(31) + " @carol@example.com";
    const rendered = [...(await renderMarkdown(markdown)).matchAll(/href="\/u\/([^"]+)"/g)].map((m) => m[1]);
    expect(rendered).toEqual(["em", "strong"]);
    expect(extractMentions(markdown)).toEqual(rendered);
  });

  it("returns at most 20 handles", () => {
    const markdown = Array.from({ length: 30 }, (_, i) => `@user${i}`).join(" ");
    expect(extractMentions(markdown)).toHaveLength(20);
  });
});

describe("htmlToPlainText", () => {
  it("drops tags, decodes entities and collapses whitespace", async () => {
    const html = await renderMarkdown("# Q &amp; A\n\nIs `a < b`?\n\n- yes\n- no <script>x()</script>");
    expect(htmlToPlainText(html)).toBe("Q & A Is a < b? yes no");
  });

  it("keeps words in adjacent blocks apart", () => {
    expect(htmlToPlainText("<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>")).toBe("one two three four");
  });
});

describe("hostile input", () => {
  it("documents the body limit callers enforce", () => {
    expect(MAX_BODY_BYTES).toBe(32 * 1024);
  });

  /** Runs `work` while a 50 ms interval measures how late the event loop lets it tick. */
  async function maxTickGap<T>(work: () => Promise<T>): Promise<{ gap: number; result: PromiseSettledResult<T> }> {
    let last = performance.now();
    let gap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      gap = Math.max(gap, now - last);
      last = now;
    }, 50);
    const [result] = await Promise.allSettled([work()]);
    clearInterval(ticker);
    return { gap: Math.max(gap, performance.now() - last), result };
  }

  it.each([
    ["32 KB of _a (emphasis backtracking)", () => "_a".repeat(16_000)],
    ["40,000 letters then @ (autolink backtracking)", () => "a".repeat(40_000) + "@"],
    ["an 800-deep nested list", () => Array.from({ length: 800 }, (_, i) => " ".repeat(i * 2) + "- x").join("\n")],
    ["400k plain lines", () => Array.from({ length: 400_000 }, (_, i) => `line ${i}`).join("\n")],
    ["20,000 nested block quotes (stack overflow)", () => ">".repeat(20_000) + " x"],
  ])("%s: renders or refuses with a 422 in bounded time, without blocking", async (_, input) => {
    const markdown = input();
    const started = performance.now();
    const { gap, result } = await maxTickGap(() => renderMarkdown(markdown));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(gap).toBeLessThan(500);
    if (result.status === "rejected") {
      expect(result.reason).toBeInstanceOf(AppError);
      expect(result.reason).toMatchObject({
        status: 422,
        code: "validation_failed",
        details: { fields: [{ field: "body", message: expect.stringContaining("could not be formatted") }] },
      });
    }
    // None of these inputs mentions anyone; extractMentions must get through them (on the main
    // thread) and say so. Its cost is a benchmark question, not a test assertion.
    expect(extractMentions(markdown)).toEqual([]);
  });

  it("honours a shorter time limit, then recovers for the next render", async () => {
    const slow = "a".repeat(40_000) + "@";
    await expect(renderMarkdown(slow, { timeoutMs: 200 })).rejects.toMatchObject({ status: 422 });
    expect(await renderMarkdown("still *works*")).toBe("<p>still <em>works</em></p>\n");
  });

  it("renders many concurrent calls through the small pool", async () => {
    const outputs = await Promise.all(Array.from({ length: 12 }, (_, i) => renderMarkdown(`post **${i}**`)));
    expect(outputs).toEqual(Array.from({ length: 12 }, (_, i) => `<p>post <strong>${i}</strong></p>\n`));
  });
});

describe("worker location", () => {
  afterEach(async () => {
    delete process.env.GLEANER_MARKDOWN_WORKER;
    await closeMarkdownWorkers();
  });

  it("takes GLEANER_MARKDOWN_WORKER, and a missing worker is a server fault, not a 422", async () => {
    await closeMarkdownWorkers();
    process.env.GLEANER_MARKDOWN_WORKER = "/nonexistent/render-worker.mjs";
    const failure = await renderMarkdown("x").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(AppError);
  });
});
