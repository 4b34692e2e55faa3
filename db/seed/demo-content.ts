import { sql } from "kysely";
import type { Db } from "../index";
import { toActor } from "../../app/services/auth.server";
import type { JobQueue } from "../../app/jobs/job-queue.server";
import type { ServiceContext } from "../../app/services/context";
import { createEventBus } from "../../app/services/events";
import { acceptAnswer } from "../../app/services/community/answers.server";
import { setIdeaStatus } from "../../app/services/community/ideas.server";
import { createReply } from "../../app/services/community/posts.server";
import { createThread } from "../../app/services/community/threads.server";
import { votePost, voteIdea } from "../../app/services/community/votes.server";

interface DemoThread {
  by: string;
  category: string;
  kind: "question" | "discussion" | "idea";
  title: string;
  body: string;
  tags?: string[];
  replies?: { by: string; body: string; accepted?: boolean; votes?: string[] }[];
  ideaVotes?: string[];
  ideaStatus?: { by: string; status: "under_review" | "planned"; note: string };
  pinned?: boolean;
}

const THREADS: DemoThread[] = [
  {
    by: "ada",
    category: "announcements",
    kind: "discussion",
    title: "Welcome to the Gleaner community",
    body: "This is where customers help customers.\n\n- **Ask** in *How do I...* and mark the answer that solved it.\n- **Vote** for ideas you need in *Ideas & feature requests*.\n- Mention someone with `@handle`.\n\nBe kind, stay on topic, and search before you ask.",
    pinned: true,
  },
  {
    by: "alice",
    category: "how-do-i",
    kind: "question",
    title: "How do I export invoices to CSV?",
    body: "I need last quarter's invoices in a spreadsheet for our auditors. The **Export** button on the billing page is greyed out for me. Is there a permission I am missing?",
    tags: ["billing", "export"],
    replies: [
      {
        by: "bob",
        body: "The export needs the *Billing admin* permission. Ask an owner to grant it under **Settings → Team → Roles**, then choose the date range and pick CSV:\n\n```text\nBilling → Invoices → Export → CSV\n```\n\nLarge ranges arrive by email as a zip file.",
        accepted: true,
        votes: ["alice", "carol"],
      },
      { by: "carol", body: "Thanks @bob, that worked for us too. A scheduled export would be even better." },
    ],
  },
  {
    by: "carol",
    category: "how-do-i",
    kind: "question",
    title: "What does the Business plan cost for 50 seats with SSO?",
    body: "We are evaluating Gleaner for our support team at Globex. What would pricing look like for about 50 seats, and is single sign-on with Okta included or an add-on? We would like to upgrade from the trial next month.",
    tags: ["pricing", "sso"],
    replies: [{ by: "mia", body: "Single sign-on (SAML and OIDC, Okta included) is part of the Business plan. For 50 seats, @sam from our team will reach out with a quote." }],
  },
  {
    by: "bob",
    category: "ideas",
    kind: "idea",
    title: "Dark mode for the dashboard",
    body: "Our support agents work night shifts and the white dashboard is hard on the eyes. A dark theme (or following the OS setting) would help a lot.",
    tags: ["ui"],
    ideaVotes: ["alice", "carol", "bob"],
    ideaStatus: { by: "pete", status: "under_review", note: "Thanks! We are sizing this for next quarter." },
  },
  {
    by: "carol",
    category: "ideas",
    kind: "idea",
    title: "Schedule recurring report exports",
    body: "I wish we could schedule the weekly report instead of exporting it by hand every Monday. Right now our workaround is a calendar reminder and a shared folder.",
    tags: ["reports", "export"],
    ideaVotes: ["carol", "alice"],
  },
  {
    by: "alice",
    category: "how-do-i",
    kind: "question",
    title: "Hur byter jag lösenord för hela teamet på en gång?",
    body: "Vi har bytt leverantör för e-post och jag vill tvinga alla i teamet att byta lösenord vid nästa inloggning. Går det att göra för alla samtidigt?",
    tags: ["säkerhet"],
    replies: [
      {
        by: "bob",
        body: "Ja! Under **Inställningar → Säkerhet** finns knappen *Kräv nytt lösenord*. Alla användare måste då välja ett nytt lösenord när de loggar in nästa gång.",
        accepted: true,
        votes: ["alice"],
      },
    ],
  },
  {
    by: "carol",
    category: "getting-started",
    kind: "question",
    title: "Eksporten av fakturaer feiler når jeg velger PDF",
    body: "Når jeg prøver å eksportere fakturaene som PDF får jeg bare en tom fil. CSV fungerer fint. Er det noen som har sett dette før?",
    tags: ["export"],
  },
  {
    by: "bob",
    category: "how-do-i",
    kind: "question",
    title: "如何设置数据库每日自动备份？",
    body: "我们的数据库备份每天晚上都失败了。请问在哪里可以设置每日自动备份，备份文件保存多久？",
    tags: ["备份"],
    replies: [{ by: "alice", body: "在 **设置 → 数据 → 备份** 里可以选择每日备份的时间。备份文件默认保存三十天。" }],
  },
];

/**
 * A few real-looking threads in all four languages, written through the services themselves so
 * they are rendered, indexed, counted and notified exactly as live posts are.
 */
export async function seedDemoContent(db: Db, jobs: JobQueue): Promise<void> {
  // The harvest jobs the services enqueue (for the accepted answers) are real: the first pass
  // after start-up turns them into knowledge-base drafts.
  const ctx: ServiceContext = { db, events: createEventBus(), jobs };
  const users = await db.selectFrom("users").selectAll().execute();
  const as = (handle: string) => toActor(users.find((u) => u.handle === handle)!, "session");
  const categories = await db.selectFrom("categories").select(["id", "slug"]).execute();

  for (const t of THREADS) {
    const categoryId = categories.find((c) => c.slug === t.category)!.id;
    const { thread } = await createThread(ctx, as(t.by), { categoryId, kind: t.kind, title: t.title, body: t.body, tags: t.tags });
    for (const reply of t.replies ?? []) {
      const { post } = await createReply(ctx, as(reply.by), thread.id, { body: reply.body });
      for (const voter of reply.votes ?? []) await votePost(ctx, as(voter), post.id, true);
      if (reply.accepted) await acceptAnswer(ctx, as(t.by), post.id);
    }
    for (const voter of t.ideaVotes ?? []) await voteIdea(ctx, as(voter), thread.id, true);
    if (t.ideaStatus) await setIdeaStatus(ctx, as(t.ideaStatus.by), thread.id, { status: t.ideaStatus.status, note: t.ideaStatus.note });
    if (t.pinned) await db.updateTable("threads").set({ pinned: true, updated_at: sql`now()` }).where("id", "=", thread.id).execute();
  }
}
