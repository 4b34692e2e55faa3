import type { SharedSlot } from "./types";

/**
 * Values that read the same in every language: product names, platforms, numbers and codes.
 * Numbers and codes are drawn per post (see templates.ts), the rest from these lists.
 */
export const SHARED_VALUES: Record<Exclude<SharedSlot, "version" | "n" | "seats" | "err" | "ticket">, string[]> = {
  integration: [
    "Slack", "Salesforce", "Okta", "Azure AD", "HubSpot", "Jira", "Zendesk", "Microsoft Teams", "Google Workspace",
    "GitHub", "GitLab", "Intercom", "Segment", "Snowflake", "Power BI", "Tableau", "SAP", "Workday", "Auth0",
    "Keycloak", "OneLogin", "Freshdesk", "Pipedrive", "Dynamics 365", "Confluence", "Notion", "Zapier", "Mailchimp",
  ],
  platform: [
    "Ubuntu 22.04", "Ubuntu 24.04", "Debian 12", "Windows Server 2022", "RHEL 9", "Docker", "Kubernetes",
    "AWS ECS", "Azure App Service", "OpenShift", "Rocky Linux 9", "macOS 14", "Windows 11", "Alpine 3.19",
  ],
  browser: ["Chrome", "Firefox", "Safari", "Edge", "Chrome on Android", "Safari on iOS"],
  db: ["PostgreSQL 15", "PostgreSQL 16", "MySQL 8", "SQL Server 2019", "Aurora", "Cloud SQL"],
};

/**
 * Code blocks and log excerpts: the same in every language, as real posts paste them. Slots
 * inside code are only numbers, versions and codes, whose values need no escaping.
 */
export const CODE_BLOCKS: string[] = [
  "```yaml\nsso:\n  provider: saml\n  entity_id: https://gleaner.example/saml\n  sign_requests: true\n  clock_skew_seconds: {n}\n```",
  "```json\n{\n  \"error\": \"invalid_grant\",\n  \"error_description\": \"Token expired\",\n  \"code\": \"{err}\",\n  \"retry_after\": {n}\n}\n```",
  "```bash\ncurl -s -H \"Authorization: Bearer $TOKEN\" \\\n  https://gleaner.example/api/v1/threads?limit={n} | jq '.threads[].id'\n```",
  "```sql\nselect account_id, count(*) as seats\nfrom licences\nwhere expires_at > now()\ngroup by account_id\nhaving count(*) > {n};\n```",
  "```ts\nconst client = new GleanerClient({ baseUrl, token });\nconst page = await client.threads.list({ limit: {n}, sort: \"latest\" });\nconsole.log(page.threads.length);\n```",
  "```text\n2026-03-14T09:12:44Z ERROR [sync] export failed: {err} (attempt 3 of 3)\n2026-03-14T09:12:44Z WARN  [sync] giving up after {n} ms\n```",
  "```python\nimport requests\n\nresp = requests.get(f\"{base}/api/v1/search\", params={\"q\": \"invoice\"}, timeout={n})\nresp.raise_for_status()\nprint(len(resp.json()[\"results\"]))\n```",
  "```dockerfile\nFROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nEXPOSE {n}\nCMD [\"npm\", \"start\"]\n```",
  "```ini\n[server]\nport = {n}\nworkers = 4\n\n[mail]\nsmtp_url = smtp://mail.internal:587\n```",
  "```text\nHTTP/1.1 502 Bad Gateway\nx-request-id: {ticket}\ncontent-length: 0\n```",
  "```bash\nkubectl -n gleaner logs deploy/gleaner --since=1h | grep -i {err}\n```",
  "```xml\n<md:EntityDescriptor entityID=\"https://gleaner.example/saml\">\n  <md:SPSSODescriptor AuthnRequestsSigned=\"true\" />\n</md:EntityDescriptor>\n```",
  "```text\nversion {version}\nbuild {ticket}\nnode v20.11.1\n```",
  "```js\nwebhook.on(\"thread.created\", async (event) => {\n  await queue.add(\"sync\", { id: event.threadId }, { attempts: {n} });\n});\n```",
];

/** Links in posts point at documentation-like pages on reserved example domains. */
export const DOC_LINKS = [
  "https://docs.gleaner.example/sso/saml",
  "https://docs.gleaner.example/api/pagination",
  "https://docs.gleaner.example/admin/backups",
  "https://docs.gleaner.example/billing/licences",
  "https://status.gleaner.example",
  "https://docs.gleaner.example/integrations/webhooks",
];
