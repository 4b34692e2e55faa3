/**
 * Synthetic companies and users, as plain in-memory records (ids included): threads refer to
 * them by index while they are generated, and they are written after the posts, once each
 * user's first post is known (so nobody posts before signing up) and their activity has
 * earned them a trust level.
 */
import type { CompanyPlan, Role } from "../../schema";
import { CORPORA, LANG_WEIGHTS, LANGS, type Lang } from "./corpus/index";
import { rngFor } from "./prng";

export interface SyntheticCompany {
  id: number;
  name: string;
  domain: string;
  plan: CompanyPlan;
  annualRevenue: number | null;
}

export interface SyntheticUser {
  id: number;
  handle: string;
  email: string;
  role: Role;
  lang: Lang;
  companyIndex: number | null;
  /** Signed up in the last month, posts held for review (trust level 0). */
  isNew: boolean;
}

const COMPANY_WORDS = [
  "Nordvik", "Fjordline", "Alder", "Brightwater", "Kestrel", "Harbor", "Lumen", "Tianhe", "Hexa", "Solberg", "Granite",
  "Aurora", "Birch", "Cobalt", "Dalarna", "Evergreen", "Falcon", "Glacier", "Helix", "Ironwood", "Juniper", "Kvarken",
  "Lindholm", "Meridian", "Northwind", "Orion", "Polaris", "Quarry", "Riverside", "Skagen", "Tundra", "Uppland",
  "Vantage", "Westbrook", "Yangtze", "Zephyr", "Baltic", "Cedar", "Delta", "Ember", "Fenix", "Huadong", "Jinling",
];
const COMPANY_KINDS = [
  "Logistics", "Systems", "Health", "Bank", "Retail", "Energy", "Labs", "Insurance", "Media", "Foods", "Telecom",
  "Software", "Consulting", "Manufacturing", "Pharma", "Shipping", "Analytics", "Education", "Motors", "Travel",
];
const PLAN_WEIGHTS: [CompanyPlan, number][] = [["prospect", 0.4], ["trial", 0.2], ["customer", 0.4]];

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export interface PeopleOptions {
  seed: string;
  batch: number;
  companyCount: number;
  userCount: number;
  firstCompanyId: number;
  firstUserId: number;
  /** Lowercased names, domains, handles already in the database: never reused. */
  takenCompanyNames: Set<string>;
  takenDomains: Set<string>;
  takenHandles: Set<string>;
}

export function makeCompanies(o: PeopleOptions): SyntheticCompany[] {
  const rng = rngFor(o.seed, o.batch, "companies");
  const out: SyntheticCompany[] = [];
  for (let i = 0; i < o.companyCount; i++) {
    const base = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_KINDS)}`;
    let name = base;
    for (let n = 2; o.takenCompanyNames.has(name.toLowerCase()) || o.takenDomains.has(`${slug(name)}.example`); n++) name = `${base} ${n}`;
    o.takenCompanyNames.add(name.toLowerCase());
    const domain = `${slug(name)}.example`;
    o.takenDomains.add(domain);
    const plan = PLAN_WEIGHTS[rng.weighted(PLAN_WEIGHTS.map((p) => p[1]))]![0];
    // Log-uniform from 500 thousand to 20 billion, two significant digits; some unknown.
    const revenue = rng.chance(0.1) ? null : Number(Math.exp(Math.log(5e5) + rng.next() * Math.log(4e4)).toPrecision(2));
    out.push({ id: o.firstCompanyId + i, name, domain, plan, annualRevenue: revenue });
  }
  return out;
}

/** Staff per community size: a few of each, never none (benchmarks log in as them). */
function staffRoles(userCount: number): Role[] {
  const count = (per: number) => Math.max(2, Math.round(userCount / per));
  return [
    "admin",
    ...Array<Role>(count(1000)).fill("moderator"),
    ...Array<Role>(count(2500)).fill("product_manager"),
    ...Array<Role>(count(2500)).fill("sales"),
  ];
}

export function makeUsers(o: PeopleOptions, companies: SyntheticCompany[]): SyntheticUser[] {
  const rng = rngFor(o.seed, o.batch, "users");
  const staff = staffRoles(o.userCount);
  const langWeights = LANGS.map((l) => LANG_WEIGHTS[l]);
  const out: SyntheticUser[] = [];
  for (let i = 0; i < o.userCount; i++) {
    const role: Role = i < staff.length ? staff[i]! : "member";
    const lang = LANGS[rng.weighted(langWeights)]!;
    const corpus = CORPORA[lang];
    const base = `${rng.pick(corpus.firstNames)}-${rng.pick(corpus.lastNames)}`;
    let handle = base;
    for (let n = 2; o.takenHandles.has(handle); n++) handle = `${base}-${n}`;
    o.takenHandles.add(handle);
    // Three in four members work for a company; bigger accounts have more people here.
    const companyIndex = role === "member" && companies.length > 0 && rng.chance(0.75) ? rng.zipf(companies.length, 0.6) : null;
    const domain = companyIndex !== null ? companies[companyIndex]!.domain : role === "member" ? "mail.example" : "gleaner.example";
    out.push({
      id: o.firstUserId + i,
      handle,
      email: `${handle}@${domain}`,
      role,
      lang,
      companyIndex,
      isNew: role === "member" && rng.chance(0.05),
    });
  }
  return out;
}
