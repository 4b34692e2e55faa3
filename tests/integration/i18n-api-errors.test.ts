import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msg } from "../../app/lib/errors";
import { messageIn } from "../../app/lib/error-text.server";
import { PSEUDO_CLOSE, PSEUDO_OPEN } from "../../app/i18n/pseudo";
import { ApiClient, type ApiResponse } from "../helpers/http";
import { pseudoReader, startPseudoLocaleServer, type PseudoLocaleServer } from "../helpers/untranslated";

/**
 * The API's refusals (and a page form's) speak the reader's language: the message and the
 * field messages come from the `errors` catalog; the code and the shape stay as they are.
 */
let server: PseudoLocaleServer;
let ideasCategory: number;

beforeAll(async () => {
  server = await startPseudoLocaleServer();
  ideasCategory = (await server.app.db.selectFrom("categories").select("id").where("slug", "=", "ideas").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server?.close();
});

const reader = (language: string) => new ApiClient(server.baseUrl, { headers: { "Accept-Language": language } });

/** One of each kind of refusal, as `client` (anonymous) and `member` (alice) see them. */
async function refusals(client: ApiClient, member: ApiClient): Promise<Record<string, ApiResponse>> {
  return {
    notFound: await client.get("/api/v1/threads/999999"),
    validation: await member.post("/api/v1/threads", { categoryId: ideasCategory, kind: "idea", body: "No title here." }),
    taken: await client.post("/api/v1/users", { handle: "alice", email: "someone-new@example.com", password: "a long password" }),
    notLoggedIn: await client.post("/api/v1/threads", { categoryId: ideasCategory, kind: "idea", title: "A title", body: "A body." }),
    forbidden: await member.get("/api/v1/mod/queue"),
    unknownEndpoint: await client.get("/api/v1/no-such-thing"),
    methodNotAllowed: await client.put("/api/v1/session", {}),
    crossSite: await client.post("/api/v1/session", { handle: "alice", password: "demo-password" }, { Origin: "https://elsewhere.example" }),
  };
}

const STATUS: Record<string, [number, string]> = {
  notFound: [404, "not_found"],
  validation: [422, "validation_failed"],
  taken: [409, "conflict"],
  notLoggedIn: [401, "unauthorized"],
  forbidden: [403, "forbidden"],
  unknownEndpoint: [404, "not_found"],
  methodNotAllowed: [405, "method_not_allowed"],
  crossSite: [403, "forbidden"],
};

function expectCodes(answers: Record<string, ApiResponse>) {
  for (const [name, res] of Object.entries(answers)) {
    expect([res.status, res.body?.error?.code], name).toEqual(STATUS[name]);
  }
}

/** Every letter of the message sits inside one pseudo-localised run: it came whole from the catalog. */
function fullyPseudo(text: string): boolean {
  if (!text.startsWith(PSEUDO_OPEN) || !text.endsWith(PSEUDO_CLOSE)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === PSEUDO_OPEN) depth++;
    else if (text[i] === PSEUDO_CLOSE) depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

describe("API errors in the reader's language", () => {
  it("answers in English, exactly as before, when English is asked for", async () => {
    const en = reader("en");
    const answers = await refusals(en, await reader("en").login("alice"));
    expectCodes(answers);
    expect(answers.notFound!.body).toEqual({ error: { code: "not_found", message: "No such thread." } });
    expect(answers.validation!.body.error).toEqual({
      code: "validation_failed",
      message: "title: title is required",
      fields: [{ field: "title", message: "title is required" }],
    });
    expect(answers.taken!.body.error).toEqual({ code: "conflict", message: "That handle is taken.", fields: [{ field: "handle", message: "That handle is taken." }] });
    expect(answers.notLoggedIn!.body.error.message).toBe("You need to log in to do that.");
    expect(answers.forbidden!.body.error.message).toBe("Only moderators can do that.");
    expect(answers.unknownEndpoint!.body.error.message).toBe("No API endpoint GET /api/v1/no-such-thing.");
    expect(answers.methodNotAllowed!.body.error.message).toMatch(/^Use [A-Z, ]+ here\.$/);
  });

  it("answers in Swedish when the browser asks for Swedish, with the same codes and shape", async () => {
    const sv = reader("sv-SE,sv;q=0.9,en;q=0.5");
    const answers = await refusals(sv, await reader("sv").login("alice"));
    expectCodes(answers);
    expect(answers.notFound!.body).toEqual({ error: { code: "not_found", message: "Tråden finns inte." } });
    expect(answers.validation!.body.error).toEqual({
      code: "validation_failed",
      message: "title: title måste anges",
      fields: [{ field: "title", message: "title måste anges" }],
    });
    expect(answers.taken!.body.error).toEqual({ code: "conflict", message: "Det användarnamnet är upptaget.", fields: [{ field: "handle", message: "Det användarnamnet är upptaget." }] });
    expect(answers.notLoggedIn!.body.error.message).toBe("Du måste logga in för att göra det.");
    expect(answers.forbidden!.body.error.message).toBe("Bara moderatorer kan göra det.");
    expect(answers.unknownEndpoint!.body.error.message).toBe("Det finns ingen API-slutpunkt GET /api/v1/no-such-thing.");
    expect(answers.methodNotAllowed!.body.error.message).toMatch(/^Använd [A-Z, ]+ här\.$/);
  });

  it("follows the member's own language setting over the browser's", async () => {
    const bob = await reader("en").login("bob");
    await server.app.db.updateTable("users").set({ locale: "nb" }).where("handle", "=", "bob").execute();
    try {
      const res = await bob.get("/api/v1/threads/999999");
      expect(res.body.error.message).toBe("Tråden finnes ikke.");
    } finally {
      await server.app.db.updateTable("users").set({ locale: null }).where("handle", "=", "bob").execute();
    }
  });

  it("takes every one of those messages from the catalog (the pseudo-locale marks them all)", async () => {
    const answers = await refusals(await pseudoReader(server), await pseudoReader(server, "alice"));
    expectCodes(answers);
    for (const [name, res] of Object.entries(answers)) {
      expect(fullyPseudo(res.body.error.message), `${name}: ${res.body.error.message}`).toBe(true);
      for (const field of res.body.error.fields ?? []) expect(fullyPseudo(field.message), `${name}.${field.field}: ${field.message}`).toBe(true);
    }
  });

  it("shows a page form's refusal in the reader's language", async () => {
    const form = new URLSearchParams({ handle: "alice", email: "another-new@example.com", password: "a long password" });
    const post = (language: string) =>
      reader(language).request("POST", "/register?_data=routes%2Fregister", form.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
    const sv = await post("sv");
    expect(sv.status).toBe(409);
    expect(sv.body).toMatchObject({ message: "Det användarnamnet är upptaget.", fields: { handle: "Det användarnamnet är upptaget." } });
    const en = await post("en");
    expect(en.body).toMatchObject({ message: "That handle is taken.", fields: { handle: "That handle is taken." } });
    const pseudo = await post("en-XA");
    expect(fullyPseudo(pseudo.body.message), pseudo.body.message).toBe(true);
  });
});

describe("messages with numbers and dates", () => {
  const limit = msg("rateLimit.tooMany", { what: msg("rateLimit.what.login"), wait: msg("rateLimit.minutes", { count: 5 }) });

  it("builds a rate-limit message from its parts in each language, with plurals", () => {
    expect(messageIn("en", limit)).toBe("Too many login attempts. Try again in 5 minutes.");
    expect(messageIn("sv", limit)).toBe("För många inloggningsförsök. Försök igen om 5 minuter.");
    expect(messageIn("nb", limit)).toBe("For mange innloggingsforsøk. Prøv igjen om 5 minutter.");
    expect(messageIn("zh-Hans", limit)).toBe("登录尝试次数过多。请在 5 分钟后重试。");
    expect(messageIn("sv", msg("rateLimit.seconds", { count: 1 }))).toBe("1 sekund");
  });

  it("writes a suspension date the way each language writes dates (English keeps ISO days)", () => {
    const until = new Date("2027-03-05T12:00:00Z");
    expect(messageIn("en", msg("guardian.suspended", { until }))).toBe("Your account is suspended until 2027-03-05.");
    expect(messageIn("sv", msg("guardian.suspended", { until }))).toBe("Ditt konto är avstängt till och med 5 mars 2027.");
    expect(messageIn("zh-Hans", msg("guardian.suspended", { until }))).toBe("你的账户已被停用，直至 2027年3月5日。");
  });

  it("answers a rate-limited member in their language (429)", async () => {
    // New members (trust level 0) may start a few threads a day: the screening limit.
    const carol = await reader("sv").login("carol");
    await server.app.db.updateTable("users").set({ trust_level: 0 }).where("handle", "=", "carol").execute();
    let res: ApiResponse | undefined;
    for (let i = 0; i < 10; i++) {
      res = await carol.post("/api/v1/threads", { categoryId: ideasCategory, kind: "idea", title: `Idea number ${i}`, body: "Something to consider." });
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(res!.body.error.code).toBe("rate_limited");
    expect(res!.body.error.message).toMatch(/^Nya medlemmar kan starta \d+ nya? trådar? om dagen\. Du kan skriva igen om \d+ timm(e|ar)\.$/);
  });
});
