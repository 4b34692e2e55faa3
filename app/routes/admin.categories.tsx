import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormMessage } from "~/components/forms";
import { badRequest, msg } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { actorFor } from "~/services/auth.server";
import {
  createCategory,
  deleteCategory,
  listCategoriesForAdmin,
  moveCategory,
  updateCategory,
  type AdminCategoryView,
} from "~/services/categories.server";
import { ensure, type Actor } from "~/services/guardian";
import { THREAD_KINDS } from "../../db/schema";
import type { Db } from "../../db/index";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({
    categories: await listCategoriesForAdmin(context.app.db, await actorFor(request, context.app)),
  }));
}

/** What the edit and create forms post, kept to refill a form that failed (no JS needed). */
interface FormValues {
  name: string;
  slug: string;
  description: string;
  kinds: string[];
  tagMode: string;
  tags: string;
  approvalRoles: string[];
}

function valuesOf(form: FormData): FormValues {
  const f = formToObject(form);
  return {
    name: f.name ?? "",
    slug: f.slug ?? "",
    description: f.description ?? "",
    // Checkboxes repeat the name; formToObject keeps only the last, so read them all.
    kinds: form.getAll("kinds").filter((k): k is string => typeof k === "string"),
    tagMode: f.tagMode ?? "free",
    tags: f.tags ?? "",
    approvalRoles: form.getAll("approvalRoles").filter((r): r is string => typeof r === "string" && r !== ""),
  };
}

/** Runs one form's intent through the service; the message is what the admin sees on success. */
async function runIntent(db: Db, actor: Actor | null, intent: string, rawId: string | undefined, values: FormValues): Promise<string> {
  // Who may manage categories at all comes first: a member's empty form is a 403, not a 422.
  ensure(actor, "category.manage");
  if (intent === "create") {
    const created = await createCategory(db, actor, values);
    return `Created ${created.name} (/c/${created.slug}).`;
  }
  const id = parseInput(idSchema, rawId);
  switch (intent) {
    case "update":
      return `Saved ${(await updateCategory(db, actor, id, values)).name}.`;
    case "up":
    case "down":
      await moveCategory(db, actor, id, intent);
      return "Order saved.";
    case "delete":
      await deleteCategory(db, actor, id);
      return "Category deleted.";
    default:
      throw badRequest(msg("http.unknownFormAction"));
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { intent = "", id } = formToObject(form);
  const values = valuesOf(form);
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => runIntent(context.app.db, actor, intent, id, values));
  const echo = { intent, id: id ? Number(id) : null };
  if (!result.ok) return jsonResponse({ ...result.failure, ...echo, values }, result.status);
  return jsonResponse({ ok: true, message: result.value, ...echo });
}

type Result = {
  ok: boolean;
  message: string;
  intent: string;
  id: number | null;
  fields?: Record<string, string>;
  values?: FormValues;
};

/** Zod names list items by index ("kinds.0"); the form shows them on the list's field. */
function errorFor(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  return fields[name] ?? Object.entries(fields).find(([key]) => key.startsWith(`${name}.`))?.[1];
}

const valuesFromCategory = (c: AdminCategoryView): FormValues => ({
  name: c.name,
  slug: c.slug,
  description: c.description,
  kinds: c.kinds,
  tagMode: c.tagMode,
  tags: c.curatedTags.join(", "),
  approvalRoles: c.approvalRoles,
});

/** Kept here, not imported: a `.server` module is empty in the browser bundle. */
const TAG_MODE_OPTIONS = [
  ["free", "free (any tag)"],
  ["restricted", "restricted (curated)"],
] as const;

const EMPTY: FormValues = { name: "", slug: "", description: "", kinds: ["question", "discussion"], tagMode: "free", tags: "", approvalRoles: [] };

/** Kept here for the same reason as TAG_MODE_OPTIONS. */
const APPROVAL_ROLE_OPTIONS = [
  ["member", "members"],
  ["product_manager", "product managers"],
  ["sales", "sales"],
] as const;

export default function AdminCategories() {
  const { categories } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const failedCreate = result && !result.ok && result.intent === "create" ? result : undefined;
  return (
    <div className="stack">
      <section className="card">
        <h1>Categories</h1>
        <p className="muted">Shown to members in this order. Delete is possible only for a category without threads.</p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {categories.length === 0 ? <p className="empty">No categories yet: add the first one below.</p> : null}
        <ol className="category-admin-list">
          {categories.map((c, index) => {
            const failed = result && !result.ok && result.id === c.id && result.intent === "update" ? result : undefined;
            return (
              <CategoryRow
                // Remount after a save so the inputs show what was stored (normalized slug, tags).
                key={`${c.id}:${JSON.stringify(valuesFromCategory(c))}`}
                category={c}
                first={index === 0}
                last={index === categories.length - 1}
                values={failed?.values ?? valuesFromCategory(c)}
                errors={failed?.fields}
              />
            );
          })}
        </ol>
      </section>
      <section className="card narrow-left">
        <h2>Add a category</h2>
        {/* A new key after each successful create empties the form when JS kept it mounted. */}
        <Form method="post" noValidate key={result?.ok && result.intent === "create" ? result.message : "new"}>
          <CategoryFields prefix="new" values={failedCreate?.values ?? EMPTY} errors={failedCreate?.fields} />
          <button type="submit" name="intent" value="create" className="button">Add category</button>
        </Form>
      </section>
    </div>
  );
}

function CategoryRow({ category: c, first, last, values, errors }: {
  category: AdminCategoryView;
  first: boolean;
  last: boolean;
  values: FormValues;
  errors?: Record<string, string>;
}) {
  const deleteBlocked = c.threadCount > 0 ? `${c.name} has ${c.threadCount} thread${c.threadCount === 1 ? "" : "s"}: move or delete them first.` : undefined;
  return (
    <li className="category-admin-item" data-testid={`category-${c.slug}`}>
      <div className="section-head">
        <h2 className="category-admin-title">{c.name} <span className="muted small">/c/{c.slug} · {c.threadCount} threads</span></h2>
        <div className="inline-form">
          <Form method="post">
            <input type="hidden" name="id" value={c.id} />
            <button type="submit" name="intent" value="up" className="button button-small button-ghost" disabled={first} aria-label={`Move ${c.name} up`}>↑ Up</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="id" value={c.id} />
            <button type="submit" name="intent" value="down" className="button button-small button-ghost" disabled={last} aria-label={`Move ${c.name} down`}>↓ Down</button>
          </Form>
          <Form method="post" onSubmit={(e) => { if (!window.confirm(`Delete ${c.name}?`)) e.preventDefault(); }}>
            <input type="hidden" name="id" value={c.id} />
            {/* Disabled buttons swallow hover in some browsers: the wrapper carries the tooltip. */}
            <span title={deleteBlocked} className="tooltip-wrap">
              <button type="submit" name="intent" value="delete" className="button button-small button-danger" disabled={Boolean(deleteBlocked)} aria-describedby={deleteBlocked ? `cat-${c.id}-delete-why` : undefined}>
                Delete
              </button>
            </span>
            {deleteBlocked ? <span id={`cat-${c.id}-delete-why`} className="visually-hidden">{deleteBlocked}</span> : null}
          </Form>
        </div>
      </div>
      <Form method="post" noValidate className="category-admin-form">
        <input type="hidden" name="id" value={c.id} />
        <CategoryFields prefix={`cat-${c.id}`} values={values} errors={errors} />
        <button type="submit" name="intent" value="update" className="button button-small">Save {c.name}</button>
      </Form>
    </li>
  );
}

/** The fields shared by the edit and create forms. */
function CategoryFields({ prefix, values, errors }: { prefix: string; values: FormValues; errors?: Record<string, string> }) {
  const kindsError = errorFor(errors, "kinds");
  const descriptionError = errorFor(errors, "description");
  return (
    <div className="category-fields">
      <Field id={`${prefix}-name`} label="Name" name="name" defaultValue={values.name} required maxLength={80} error={errorFor(errors, "name")} />
      <Field id={`${prefix}-slug`} label="Slug" name="slug" defaultValue={values.slug} maxLength={60} error={errorFor(errors, "slug")} hint="Lowercase letters, digits and hyphens. Leave empty to derive it from the name." />
      <div className={`field category-field-wide${descriptionError ? " field-invalid" : ""}`}>
        <label htmlFor={`${prefix}-description`}>Description</label>
        <textarea id={`${prefix}-description`} name="description" defaultValue={values.description} maxLength={500} rows={2} aria-invalid={descriptionError ? true : undefined} />
        {descriptionError ? <p className="field-error" role="alert">{descriptionError}</p> : null}
      </div>
      <fieldset className={`field category-kinds${kindsError ? " field-invalid" : ""}`}>
        <legend>Thread kinds</legend>
        {THREAD_KINDS.map((k) => (
          <label key={k} className="category-kind-option">
            <input type="checkbox" name="kinds" value={k} defaultChecked={values.kinds.includes(k)} /> {k}
          </label>
        ))}
        {prefix === "new" ? null : <p className="field-hint">Unticking a kind keeps existing threads of that kind; only new ones are refused.</p>}
        {kindsError ? <p className="field-error" role="alert">{kindsError}</p> : null}
      </fieldset>
      <div className={`field${errorFor(errors, "tagMode") ? " field-invalid" : ""}`}>
        <label htmlFor={`${prefix}-tagMode`}>Tags</label>
        <select id={`${prefix}-tagMode`} name="tagMode" defaultValue={values.tagMode}>
          {TAG_MODE_OPTIONS.map(([mode, label]) => <option key={mode} value={mode}>{label}</option>)}
        </select>
        {errorFor(errors, "tagMode") ? <p className="field-error" role="alert">{errorFor(errors, "tagMode")}</p> : null}
      </div>
      <fieldset className="field category-kinds">
        <legend>Hold new posts for review from</legend>
        {/* Sent even when nothing is ticked, so unticking everything clears the list. */}
        <input type="hidden" name="approvalRoles" value="" />
        {APPROVAL_ROLE_OPTIONS.map(([role, label]) => (
          <label key={role} className="category-kind-option">
            <input type="checkbox" name="approvalRoles" value={role} defaultChecked={values.approvalRoles.includes(role)} /> {label}
          </label>
        ))}
        <p className="field-hint">Moderators and admins are never held. Tick all three for "everyone".</p>
      </fieldset>
      <Field id={`${prefix}-tags`} label="Curated tags" name="tags" defaultValue={values.tags} error={errorFor(errors, "tags")} hint="Comma-separated, at most 100. A restricted category accepts only these." />
    </div>
  );
}
