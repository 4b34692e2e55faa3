import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/index";
import { COMPANY_PLANS, type CompanyPlan } from "../../db/schema";
import { conflict, notFound, uniqueViolation, msg, fieldError } from "../lib/errors";
import { parseInput, text, oneOf, says, zmsg } from "../lib/validation";
import { ensure, type Actor } from "./guardian";

export interface CompanyView {
  id: number;
  name: string;
  domain: string | null;
  plan: CompanyPlan;
  annualRevenue: number | null;
  memberCount: number;
}

const optionalDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .transform((s) => (s === "" ? null : s))
  .pipe(
    z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, zmsg("validation.domainShape"))
      .nullable(),
  )
  .nullable()
  .optional();

const optionalRevenue = z
  .union([
    z.literal("").transform(() => null),
    z.null(),
    z.coerce.number({ invalid_type_error: says.number("annual revenue") }).int(says.wholeNumber("annual revenue")).min(0).max(1e15),
  ])
  .optional();

export const companySchema = z.object({
  name: text("name", 1, 120),
  domain: optionalDomain,
  plan: z.enum(COMPANY_PLANS, oneOf("plan", COMPANY_PLANS)),
  annualRevenue: optionalRevenue,
});

function rethrowConflict(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === "companies_name_key") throw conflict(msg("company.nameTaken"), [fieldError("name", msg("company.nameTaken"))]);
  if (constraint === "companies_domain_key") throw conflict(msg("company.domainTaken"), [fieldError("domain", msg("company.domainTaken"))]);
  throw error;
}

export async function listCompanies(db: Db, actor: Actor | null): Promise<CompanyView[]> {
  ensure(actor, "company.manage");
  const rows = await db
    .selectFrom("companies")
    .select(["id", "name", "domain", "plan", "annual_revenue"])
    .select((eb) => eb.selectFrom("users").whereRef("users.company_id", "=", "companies.id").select(sql<number>`count(*)`.as("n")).as("member_count"))
    .orderBy(sql`lower(name)`)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    domain: r.domain,
    plan: r.plan,
    annualRevenue: r.annual_revenue === null ? null : Number(r.annual_revenue),
    memberCount: Number(r.member_count ?? 0),
  }));
}

export async function createCompany(db: Db, actor: Actor | null, input: unknown): Promise<{ id: number }> {
  ensure(actor, "company.manage");
  const data = parseInput(companySchema, input);
  try {
    return await db
      .insertInto("companies")
      .values({ name: data.name, domain: data.domain ?? null, plan: data.plan, annual_revenue: data.annualRevenue ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
  } catch (error) {
    rethrowConflict(error);
  }
}

export async function updateCompany(db: Db, actor: Actor | null, id: number, input: unknown): Promise<void> {
  ensure(actor, "company.manage");
  const data = parseInput(companySchema, input);
  try {
    const result = await db
      .updateTable("companies")
      .set({ name: data.name, domain: data.domain ?? null, plan: data.plan, annual_revenue: data.annualRevenue ?? null })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound(msg("company.notFound"));
  } catch (error) {
    rethrowConflict(error);
  }
}
