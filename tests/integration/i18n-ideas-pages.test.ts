/**
 * The idea board, an idea's page, the candidate requests and the roadmap in the pseudo-locale:
 * every string on them comes from the catalogs (the community's own words are marked Ⓤ), with
 * data and empty, as the people who see them; and a Swedish reader gets them in Swedish.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHarvestPass } from "../../app/harvest/pass.server";
import { recordCliRun } from "../../app/harvest/runs.server";
import { createLogger } from "../../app/lib/logger.server";
import { ApiClient } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, untranslatedStrings, type PseudoLocaleServer } from "../helpers/untranslated";

let server: PseudoLocaleServer;
let pete: ApiClient;
let plannedIdea: number;

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  const login = (handle: string) => new ApiClient(server.baseUrl).login(handle);
  const [alice, bob, carol] = await Promise.all(["alice", "bob", "carol"].map(login));
  pete = await pseudoReader(server, "pete");
  const categories: { slug: string; id: number }[] = (await alice.get("/api/v1/categories")).body.categories;
  const category = (slug: string) => categories.find((c) => c.slug === slug)!.id;
  const ask = async (client: ApiClient, kind: "question" | "idea", title: string, body: string) => {
    const res = await client.post("/api/v1/threads", { categoryId: category(kind === "idea" ? "ideas" : "how-do-i"), kind, title, body });
    expect(res.status, res.text).toBe(201);
    return res.body.thread.id as number;
  };
  // Written after the demo's content was marked, so these mark their own words.
  for (const client of [bob, carol]) expect((await client.post(`/api/v1/threads/${server.content.ideaId}/votes`)).status).toBe(200);
  plannedIdea = await ask(bob, "idea", "Ⓤ Night theme", "Ⓤ Please add a night theme.");
  expect((await new ApiClient(server.baseUrl).login("pete").then((c) => c.post(`/api/v1/ideas/${plannedIdea}/status`, { status: "planned" }))).status).toBe(200);
  await ask(alice, "question", "Ⓤ Exporting reports", "How do I export reports? It would be great if the export supported Ⓤ XLSX files too.");
  await ask(carol, "question", "Ⓤ Bulk edit", "How do I edit many tickets? It would be nice to have a bulk edit for Ⓤ tags.");
  await runHarvestPass({ db: server.app.db, events: server.app.events, logger: createLogger("error"), jobs: server.app.jobs }, await recordCliRun(server.app.db, "full"));
  // One request becomes evidence for the idea, the other stays a candidate.
  const petePlain = await login("pete");
  const { candidates } = (await petePlain.get("/api/v1/ideas/candidates")).body;
  const xlsx = candidates.find((c: { quote: string }) => c.quote.includes("XLSX"));
  expect(xlsx, JSON.stringify(candidates)).toBeDefined();
  expect((await petePlain.post(`/api/v1/ideas/candidates/${xlsx.id}/attach`, { ideaThreadId: server.content.ideaId })).status).toBe(200);
  expect(candidates.length).toBeGreaterThan(1);
}, 120_000);
afterAll(() => server?.close());

/**
 * What on a page skipped the catalogs, less two things that are not messages: the reader's own
 * handle in the header (shown without its "@") and revenue in Intl's compact notation ("48M"),
 * which the pseudo-locale formats as English the way it formats dates.
 */
function untranslated(html: string, reader: string): string[] {
  return untranslatedStrings(html, [reader]).filter((found) => !/> span: "\d+(\.\d+)?[KMBT]"$/.test(found));
}

async function untranslatedPage(client: ApiClient, reader: string, path: string) {
  const res = await client.get(path);
  return { status: res.status, untranslated: res.status === 200 ? untranslated(res.text, reader) : [`${path} answered ${res.status}`] };
}

/**
 * A refused form's summary line is validationFailed's "field: message" (app/lib), which names
 * the form field as code does; the message after it is ours and translated.
 */
const withoutFieldSummary = (found: string[]) => found.filter((f) => !/: "\w+: ⟦[^⟧]*⟧"$/.test(f));

/** A form post as a browser without JavaScript sends it. */
async function submit(client: ApiClient, path: string, fields: Record<string, string>) {
  return client.request<string>("POST", path, new URLSearchParams(fields).toString(), { "Content-Type": "application/x-www-form-urlencoded" });
}

describe("the idea pages in the pseudo-locale", () => {
  it("shows the board, an idea, the candidate requests and their empty states to a product manager with every string translated", async () => {
    const ideaId = server.content.ideaId;
    for (const path of ["/ideas", "/ideas?sort=revenue", "/ideas?status=declined", `/ideas/${ideaId}`, `/ideas/${plannedIdea}`, "/ideas/candidates", "/ideas/candidates?kind=implied_need"]) {
      expect(await untranslatedPage(pete, "pete", path), path).toEqual({ status: 200, untranslated: [] });
    }
    // The private figures and the evidence are there, not merely translated away.
    const idea = (await pete.get(`/ideas/${ideaId}`)).text;
    expect(idea).toContain('data-testid="evidence"');
    expect(idea).toContain('id="merge-heading"');
    expect((await pete.get("/ideas/candidates")).text).toContain('data-testid="candidate"');
  });

  it("shows the board and an idea to a visitor and a member with every string translated", async () => {
    for (const [client, handle] of [[await pseudoReader(server), ""], [await pseudoReader(server, "alice"), "alice"]] as const) {
      for (const path of ["/ideas", `/ideas/${server.content.ideaId}`, "/roadmap"]) {
        expect(await untranslatedPage(client, handle, path), `${handle || "visitor"} ${path}`).toEqual({ status: 200, untranslated: [] });
      }
    }
  });

  it("answers the forms in the reader's language: a status change, a refused merge, a dismissed request", async () => {
    const status = await submit(pete, `/ideas/${plannedIdea}`, { intent: "status", status: "planned", note: "Ⓤ soon" });
    expect(status.status).toBe(200);
    expect(untranslated(status.text, "pete")).toEqual([]);
    const merge = await submit(pete, `/ideas/${plannedIdea}`, { intent: "merge", intoThreadId: "" });
    expect(merge.status).toBe(422);
    expect(merge.text).toContain('<p class="field-error" role="alert">⟦');
    expect(withoutFieldSummary(untranslated(merge.text, "pete"))).toEqual([]);
    const { candidates } = (await pete.get("/api/v1/ideas/candidates")).body;
    const dismissed = await submit(pete, "/ideas/candidates", { intent: "dismiss", id: String(candidates[0].id) });
    expect(dismissed.status).toBe(200);
    expect(untranslated(dismissed.text, "pete")).toEqual([]);
    const attach = await submit(pete, "/ideas/candidates", { intent: "attach", id: String(candidates[0].id), ideaThreadId: "" });
    expect(attach.status).toBe(422);
    expect(withoutFieldSummary(untranslated(attach.text, "pete"))).toEqual([]);
  });
});

describe("the idea pages in Swedish", () => {
  it("shows the roadmap and the board in Swedish", async () => {
    const swede = new ApiClient(server.baseUrl, { headers: { "Accept-Language": "sv" } });
    const roadmap = (await swede.get("/roadmap")).text;
    expect(roadmap).toContain('<html lang="sv"');
    expect(roadmap).toContain("<h1>Färdplan</h1>");
    expect(roadmap).toContain("Inget byggs just nu.");
    const board = (await swede.get("/ideas")).text;
    expect(board).toContain("<h1>Idéer</h1>");
    expect(board).toContain("Flest röster");
  });
});
