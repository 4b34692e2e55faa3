import { describe, expect, it } from "vitest";
import { ACTIONS, can, check, ensure, type Action } from "../../app/services/guardian";
import { AppError } from "../../app/lib/errors";
import { actorOf, PERSONAS, type Persona } from "../helpers/actors";

/**
 * The whole permission model as one table: every persona against every action, with the target
 * owned by someone else (ownership cases are below). ✓ = allowed.
 */
const Y = true;
const N = false;
//                              anon member susp  mod   pm    sales admin
const MATRIX: Record<Action, boolean[]> = {
  "account.register":          [Y,   N,     N,    N,    N,    N,    N],
  "locale.choose":             [Y,   Y,     Y,    Y,    Y,    Y,    Y],
  "account.view":              [N,   Y,     Y,    Y,    Y,    Y,    Y],
  "account.changePassword":    [N,   N,     N,    N,    N,    N,    N],
  "profile.viewPrivate":       [N,   N,     N,    N,    N,    N,    Y],
  "session.end":               [N,   Y,     Y,    Y,    Y,    Y,    Y],
  "admin.view":                [N,   N,     N,    N,    N,    N,    Y],
  "user.list":                 [N,   N,     N,    N,    N,    N,    Y],
  "company.manage":            [N,   N,     N,    N,    N,    N,    Y],
  "category.manage":           [N,   N,     N,    N,    N,    N,    Y],
  "apiToken.manage":           [N,   N,     N,    N,    N,    N,    Y],
  "user.update":               [N,   N,     N,    N,    N,    N,    Y],
  "category.view":             [Y,   Y,     Y,    Y,    Y,    Y,    Y],
  "thread.view":               [Y,   Y,     Y,    Y,    Y,    Y,    Y],
  "thread.viewHidden":         [N,   N,     N,    Y,    N,    N,    Y],
  "thread.create":             [N,   Y,     N,    Y,    Y,    Y,    Y],
  "thread.reply":              [N,   Y,     N,    Y,    Y,    Y,    Y],
  "post.view":                 [Y,   Y,     Y,    Y,    Y,    Y,    Y],
  "post.edit":                 [N,   N,     N,    Y,    N,    N,    Y],
  "post.vote":                 [N,   Y,     N,    Y,    Y,    Y,    Y],
  "thread.vote":               [N,   Y,     N,    Y,    Y,    Y,    Y],
  "post.accept":               [N,   N,     N,    Y,    N,    N,    Y],
  "thread.follow":             [N,   Y,     Y,    Y,    Y,    Y,    Y],
  "idea.setStatus":            [N,   N,     N,    N,    Y,    N,    Y],
  "notifications.view":        [N,   Y,     Y,    Y,    Y,    Y,    Y],
  "mod.view":                  [N,   N,     N,    Y,    N,    N,    Y],
  "mod.posts":                 [N,   N,     N,    Y,    N,    N,    Y],
  "mod.threads":               [N,   N,     N,    Y,    N,    N,    Y],
  "mod.cannedReplies":         [N,   N,     N,    Y,    N,    N,    Y],
  "mod.users":                 [N,   N,     N,    Y,    N,    N,    Y],
  "settings.manage":           [N,   N,     N,    N,    N,    N,    Y],
  "post.flag":                 [N,   Y,     N,    Y,    Y,    Y,    Y],
  "kb.view":                   [N,   N,     N,    Y,    N,    N,    Y],
  "kb.curate":                 [N,   N,     N,    Y,    N,    N,    Y],
  "kb.feedback":               [Y,   Y,     N,    Y,    Y,    Y,    Y],
  "harvest.run":               [N,   N,     N,    N,    N,    N,    Y],
  "ideas.manage":              [N,   N,     N,    N,    Y,    N,    Y],
  "ideas.merge":               [N,   N,     N,    Y,    Y,    N,    Y],
  "leads.view":                [N,   N,     N,    N,    N,    Y,    Y],
  "leads.manage":              [N,   N,     N,    N,    N,    Y,    Y],
  "leads.configure":           [N,   N,     N,    N,    N,    N,    Y],
  "insights.view":             [N,   N,     N,    N,    Y,    Y,    Y],
  "harvest.classify":          [N,   N,     N,    N,    Y,    Y,    Y],
  "webhooks.manage":           [N,   N,     N,    N,    N,    N,    Y],
};

/** Targets owned by someone other than the actor: a member's account, an open thread, a reply. */
const SOMEONE_ELSE = { userId: 1, role: "member" as const };
const OPEN_QUESTION = { authorId: 1, kind: "question" as const, status: "open" as const, hidden: false, awaitingApproval: false };
const OPEN_IDEA = { ...OPEN_QUESTION, kind: "idea" as const };
const A_REPLY = { authorId: 2, status: "visible" as const, isOpening: false, thread: OPEN_QUESTION };
const TARGETS: Partial<Record<Action, unknown>> = {
  "thread.view": OPEN_QUESTION,
  "thread.reply": OPEN_QUESTION,
  "thread.follow": OPEN_QUESTION,
  "thread.vote": OPEN_IDEA,
  "idea.setStatus": OPEN_IDEA,
  "post.view": A_REPLY,
  "post.edit": A_REPLY,
  "post.vote": A_REPLY,
  "post.accept": A_REPLY,
  "post.flag": A_REPLY,
  // Unpublished for viewing (published articles are everyone's), published for feedback.
  "kb.view": { status: "draft" },
  "kb.feedback": { status: "published" },
};

describe("guardian matrix", () => {
  it("has a row for every action it knows", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    PERSONAS.forEach((persona, column) => {
      const expected = MATRIX[action][column];
      it(`${persona} ${expected ? "may" : "may not"} ${action}`, () => {
        const actor = actorOf(persona);
        const target = TARGETS[action] ?? SOMEONE_ELSE;
        expect((can as (a: unknown, b: Action, t: unknown) => boolean)(actor, action, target)).toBe(expected);
      });
    });
  }
});

describe("guardian ownership and edge rules", () => {
  it("lets owners change their own password, even while suspended, but not through a token", () => {
    for (const persona of ["member", "suspended", "admin"] as Persona[]) {
      const actor = actorOf(persona)!;
      expect(can(actor, "account.changePassword", { userId: actor.id })).toBe(true);
    }
    const viaToken = { ...actorOf("member")!, via: "token" as const };
    expect(can(viaToken, "account.changePassword", { userId: viaToken.id })).toBe(false);
  });

  it("lets owners see their own private profile", () => {
    const actor = actorOf("member")!;
    expect(can(actor, "profile.viewPrivate", { userId: actor.id })).toBe(true);
  });

  it("keeps admins from demoting themselves but lets them demote others", () => {
    const admin = actorOf("admin")!;
    expect(can(admin, "user.update", { userId: admin.id, role: "member" })).toBe(false);
    expect(can(admin, "user.update", { userId: admin.id, role: "admin" })).toBe(true);
    expect(can(admin, "user.update", { userId: admin.id })).toBe(true);
    expect(can(admin, "user.update", { userId: 1, role: "member" })).toBe(true);
  });

  it("lets moderators suspend members but not staff, and nobody themselves", () => {
    const mod = actorOf("moderator")!;
    expect(can(mod, "mod.users", { userId: 1, role: "member" })).toBe(true);
    expect(can(mod, "mod.users", { userId: 1, role: "moderator" })).toBe(false);
    expect(can(mod, "mod.users", { userId: 1, role: "admin" })).toBe(false);
    expect(can(mod, "mod.users", { userId: mod.id, role: "moderator" })).toBe(false);
    const admin = actorOf("admin")!;
    expect(can(admin, "mod.users", { userId: 1, role: "moderator" })).toBe(true);
  });

  it("explains refusals: 401 for anonymous, 403 with the reason otherwise", () => {
    expect(() => ensure(null, "admin.view")).toThrowError(expect.objectContaining({ status: 401 }));
    try {
      ensure(actorOf("member"), "admin.view");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(403);
      expect((error as AppError).message).toMatch(/admins/);
    }
    const decision = check(actorOf("suspended"), "mod.users", SOMEONE_ELSE);
    expect(decision).toMatchObject({ allowed: false, suspended: true });
    expect(() => ensure(actorOf("suspended"), "mod.users", SOMEONE_ELSE)).toThrowError(
      expect.objectContaining({ status: 403, code: "suspended" }),
    );
  });
});
