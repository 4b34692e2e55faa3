import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Field, FormMessage } from "~/components/forms";
import { badRequest, msg } from "~/lib/errors";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { idSchema, parseInput } from "~/lib/validation";
import { tFor } from "~/i18n/i18n.server";
import { localeFor } from "~/services/locale/resolve-locale.server";
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
async function runIntent(db: Db, actor: Actor | null, intent: string, rawId: string | undefined, values: FormValues, t: TFunction): Promise<string> {
  // Who may manage categories at all comes first: a member's empty form is a 403, not a 422.
  ensure(actor, "category.manage");
  if (intent === "create") {
    const created = await createCategory(db, actor, values);
    return t("admin:categories.created", { name: created.name, slug: created.slug });
  }
  const id = parseInput(idSchema, rawId);
  switch (intent) {
    case "update":
      return t("admin:categories.saved", { name: (await updateCategory(db, actor, id, values)).name });
    case "up":
    case "down":
      await moveCategory(db, actor, id, intent);
      return t("admin:categories.orderSaved");
    case "delete":
      await deleteCategory(db, actor, id);
      return t("admin:categories.deleted");
    default:
      throw badRequest(msg("http.unknownFormAction"));
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { intent = "", id } = formToObject(form);
  const values = valuesOf(form);
  const actor = await actorFor(request, context.app);
  const t = tFor(await localeFor(request, context.app));
  const result = await formAction(() => runIntent(context.app.db, actor, intent, id, values, t));
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

/** Kept here, not imported: a `.server` module is empty in the browser bundle. Labels: admin:categories.tagModes. */
const TAG_MODE_OPTIONS = ["free", "restricted"] as const;

const EMPTY: FormValues = { name: "", slug: "", description: "", kinds: ["question", "discussion"], tagMode: "free", tags: "", approvalRoles: [] };

/** Kept here for the same reason as TAG_MODE_OPTIONS. Labels: admin:categories.approvalRoles. */
const APPROVAL_ROLE_OPTIONS = ["member", "product_manager", "sales"] as const;

export default function AdminCategories() {
  const { categories } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const failedCreate = result && !result.ok && result.intent === "create" ? result : undefined;
  const { t } = useTranslation("admin");
  return (
    <div className="stack">
      <section className="card">
        <h1>{t("categories.title")}</h1>
        <p className="muted">{t("categories.intro")}</p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        {categories.length === 0 ? <p className="empty">{t("categories.empty")}</p> : null}
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
        <h2>{t("categories.add")}</h2>
        {/* A new key after each successful create empties the form when JS kept it mounted. */}
        <Form method="post" noValidate key={result?.ok && result.intent === "create" ? result.message : "new"}>
          <CategoryFields prefix="new" values={failedCreate?.values ?? EMPTY} errors={failedCreate?.fields} />
          <button type="submit" name="intent" value="create" className="button">{t("categories.addButton")}</button>
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
  const { t } = useTranslation("admin");
  const deleteBlocked = c.threadCount > 0 ? t("categories.deleteBlocked", { name: c.name, count: c.threadCount }) : undefined;
  return (
    <li className="category-admin-item" data-testid={`category-${c.slug}`}>
      <div className="section-head">
        <h2 className="category-admin-title">{c.name} <span className="muted small">{`/c/${c.slug}`} · {t("categories.threadCount", { count: c.threadCount })}</span></h2>
        <div className="inline-form">
          <Form method="post">
            <input type="hidden" name="id" value={c.id} />
            <button type="submit" name="intent" value="up" className="button button-small button-ghost" disabled={first} aria-label={t("categories.moveUp", { name: c.name })}>{t("categories.up")}</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="id" value={c.id} />
            <button type="submit" name="intent" value="down" className="button button-small button-ghost" disabled={last} aria-label={t("categories.moveDown", { name: c.name })}>{t("categories.down")}</button>
          </Form>
          <Form method="post" onSubmit={(e) => { if (!window.confirm(t("categories.confirmDelete", { name: c.name }))) e.preventDefault(); }}>
            <input type="hidden" name="id" value={c.id} />
            {/* Disabled buttons swallow hover in some browsers: the wrapper carries the tooltip. */}
            <span title={deleteBlocked} className="tooltip-wrap">
              <button type="submit" name="intent" value="delete" className="button button-small button-danger" disabled={Boolean(deleteBlocked)} aria-describedby={deleteBlocked ? `cat-${c.id}-delete-why` : undefined}>
                {t("categories.delete")}
              </button>
            </span>
            {deleteBlocked ? <span id={`cat-${c.id}-delete-why`} className="visually-hidden">{deleteBlocked}</span> : null}
          </Form>
        </div>
      </div>
      <Form method="post" noValidate className="category-admin-form">
        <input type="hidden" name="id" value={c.id} />
        <CategoryFields prefix={`cat-${c.id}`} values={values} errors={errors} />
        <button type="submit" name="intent" value="update" className="button button-small">{t("categories.save", { name: c.name })}</button>
      </Form>
    </li>
  );
}

/** The fields shared by the edit and create forms. */
function CategoryFields({ prefix, values, errors }: { prefix: string; values: FormValues; errors?: Record<string, string> }) {
  const kindsError = errorFor(errors, "kinds");
  const descriptionError = errorFor(errors, "description");
  const { t } = useTranslation("admin");
  return (
    <div className="category-fields">
      <Field id={`${prefix}-name`} label={t("categories.name")} name="name" defaultValue={values.name} required maxLength={80} error={errorFor(errors, "name")} />
      <Field id={`${prefix}-slug`} label={t("categories.slug")} name="slug" defaultValue={values.slug} maxLength={60} error={errorFor(errors, "slug")} hint={t("categories.slugHint")} />
      <div className={`field category-field-wide${descriptionError ? " field-invalid" : ""}`}>
        <label htmlFor={`${prefix}-description`}>{t("categories.description")}</label>
        <textarea id={`${prefix}-description`} name="description" defaultValue={values.description} maxLength={500} rows={2} aria-invalid={descriptionError ? true : undefined} />
        {descriptionError ? <p className="field-error" role="alert">{descriptionError}</p> : null}
      </div>
      <fieldset className={`field category-kinds${kindsError ? " field-invalid" : ""}`}>
        <legend>{t("categories.kinds")}</legend>
        {THREAD_KINDS.map((k) => (
          <label key={k} className="category-kind-option">
            <input type="checkbox" name="kinds" value={k} defaultChecked={values.kinds.includes(k)} /> {t(`categories.kind.${k}`)}
          </label>
        ))}
        {prefix === "new" ? null : <p className="field-hint">{t("categories.kindsHint")}</p>}
        {kindsError ? <p className="field-error" role="alert">{kindsError}</p> : null}
      </fieldset>
      <div className={`field${errorFor(errors, "tagMode") ? " field-invalid" : ""}`}>
        <label htmlFor={`${prefix}-tagMode`}>{t("categories.tagMode")}</label>
        <select id={`${prefix}-tagMode`} name="tagMode" defaultValue={values.tagMode}>
          {TAG_MODE_OPTIONS.map((mode) => <option key={mode} value={mode}>{t(`categories.tagModes.${mode}`)}</option>)}
        </select>
        {errorFor(errors, "tagMode") ? <p className="field-error" role="alert">{errorFor(errors, "tagMode")}</p> : null}
      </div>
      <fieldset className="field category-kinds">
        <legend>{t("categories.approval")}</legend>
        {/* Sent even when nothing is ticked, so unticking everything clears the list. */}
        <input type="hidden" name="approvalRoles" value="" />
        {APPROVAL_ROLE_OPTIONS.map((role) => (
          <label key={role} className="category-kind-option">
            <input type="checkbox" name="approvalRoles" value={role} defaultChecked={values.approvalRoles.includes(role)} /> {t(`categories.approvalRoles.${role}`)}
          </label>
        ))}
        <p className="field-hint">{t("categories.approvalHint")}</p>
      </fieldset>
      <Field id={`${prefix}-tags`} label={t("categories.tags")} name="tags" defaultValue={values.tags} error={errorFor(errors, "tags")} hint={t("categories.tagsHint")} />
    </div>
  );
}
