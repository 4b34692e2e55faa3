import type { ThreadKind } from "../../schema";

/**
 * The categories synthetic threads go into. The first four are the demo seed's (reused when
 * present, created when not); the rest give category lists realistic sizes. `weight` is the
 * share of threads; a category takes only the kinds it allows.
 */
export const SCALE_CATEGORIES: { slug: string; name: string; description: string; kinds: ThreadKind[]; weight: number }[] = [
  { slug: "getting-started", name: "Getting started", description: "Setting up, first steps, and where to find things.", kinds: ["question", "discussion"], weight: 8 },
  { slug: "how-do-i", name: "How do I...", description: "Questions about using the product. Mark the answer that solved it.", kinds: ["question"], weight: 22 },
  { slug: "ideas", name: "Ideas & feature requests", description: "What should we build next? Vote for the ideas you need.", kinds: ["idea"], weight: 10 },
  { slug: "announcements", name: "Announcements", description: "Releases, maintenance windows and news from the team.", kinds: ["discussion"], weight: 1 },
  { slug: "installation", name: "Installation & upgrades", description: "Self-hosting, upgrades, backups and system requirements.", kinds: ["question", "discussion"], weight: 9 },
  { slug: "integrations", name: "Integrations", description: "Slack, Salesforce, identity providers and everything else we connect to.", kinds: ["question", "discussion", "idea"], weight: 10 },
  { slug: "api-webhooks", name: "API & webhooks", description: "The REST API, tokens, pagination and webhooks.", kinds: ["question", "discussion", "idea"], weight: 8 },
  { slug: "security-sso", name: "Security & SSO", description: "SAML, SCIM, two-factor authentication and permissions.", kinds: ["question", "discussion"], weight: 7 },
  { slug: "billing-licences", name: "Billing & licences", description: "Plans, seats, invoices and renewals.", kinds: ["question"], weight: 5 },
  { slug: "reports", name: "Reports & analytics", description: "Dashboards, scheduled reports and exports.", kinds: ["question", "idea"], weight: 7 },
  { slug: "mobile", name: "Mobile apps", description: "The iOS and Android apps.", kinds: ["question", "idea"], weight: 4 },
  { slug: "lounge", name: "Community lounge", description: "Introductions, best practices and everything else.", kinds: ["discussion"], weight: 5 },
];

/** Tags, most used first (threads draw them with a Zipf law over this order). */
export const SCALE_TAGS: string[] = [
  "sso", "export", "api", "saml", "billing", "permissions", "upgrade", "webhooks", "csv", "performance",
  "slack", "notifications", "reporting", "installation", "docker", "mobile", "okta", "salesforce", "search", "email",
  "kubernetes", "backup", "2fa", "scim", "dashboard", "import", "audit-log", "timezones", "pricing", "licensing",
  "trial", "security", "gdpr", "data-retention", "azure-ad", "teams", "jira", "pdf", "attachments", "localization",
  "rate-limits", "tokens", "pagination", "postgresql", "proxy", "ssl", "onboarding", "roles", "custom-fields", "calendar",
  "fakturering", "inloggning", "behörigheter", "pålogging", "tilganger", "eksport", "导出", "登录", "权限", "集成",
];
