import type { Db } from "../index";
import type { CompanyPlan, Role, ThreadKind } from "../schema";
import { hashPassword } from "../../app/lib/passwords.server";

export const DEMO_PASSWORD = "demo-password";

interface DemoUser {
  handle: string;
  role: Role;
  company?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { handle: "alice", role: "member", company: "Acme Corp" },
  { handle: "bob", role: "member", company: "Acme Corp" },
  { handle: "carol", role: "member", company: "Globex" },
  { handle: "mia", role: "moderator" },
  { handle: "pete", role: "product_manager" },
  { handle: "sam", role: "sales" },
  { handle: "ada", role: "admin" },
];

const DEMO_COMPANIES: { name: string; domain: string; plan: CompanyPlan; annualRevenue: number }[] = [
  { name: "Acme Corp", domain: "acme.example", plan: "customer", annualRevenue: 48_000_000 },
  { name: "Globex", domain: "globex.example", plan: "prospect", annualRevenue: 120_000_000 },
];

const DEMO_CATEGORIES: { slug: string; name: string; description: string; kinds: ThreadKind[] }[] = [
  { slug: "getting-started", name: "Getting started", description: "Setting up, first steps, and where to find things.", kinds: ["question", "discussion"] },
  { slug: "how-do-i", name: "How do I...", description: "Questions about using the product. Mark the answer that solved it.", kinds: ["question"] },
  { slug: "ideas", name: "Ideas & feature requests", description: "What should we build next? Vote for the ideas you need.", kinds: ["idea"] },
  { slug: "announcements", name: "Announcements", description: "Releases, maintenance windows and news from the team.", kinds: ["discussion"] },
];

/** True when the database has no users yet: the only time the demo seed runs on start. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * The demo community from DESIGN.md: seven accounts (one per role, trust level 2 so their posts
 * are never held), two companies and four categories. Runs in one transaction.
 */
export async function seedDemoData(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const companies = await tx
      .insertInto("companies")
      .values(DEMO_COMPANIES.map((c) => ({ name: c.name, domain: c.domain, plan: c.plan, annual_revenue: c.annualRevenue })))
      .returning(["id", "name"])
      .execute();
    const companyId = new Map(companies.map((c) => [c.name, c.id]));
    await tx
      .insertInto("users")
      .values(
        DEMO_USERS.map((u) => {
          const company = u.company ? DEMO_COMPANIES.find((c) => c.name === u.company) : undefined;
          return {
            handle: u.handle,
            email: `${u.handle}@${company?.domain ?? "gleaner.example"}`,
            password_hash: passwordHash,
            role: u.role,
            trust_level: 2,
            reviewed_at: new Date(),
            company_id: company ? companyId.get(company.name)! : null,
          };
        }),
      )
      .execute();
    await tx
      .insertInto("categories")
      .values(DEMO_CATEGORIES.map((c, position) => ({ ...c, position })))
      .execute();
  });
}
