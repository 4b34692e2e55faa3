import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { useLiveHarvest } from "~/components/live-harvest";
import { useFormat } from "~/i18n/format";
import { tFor } from "~/i18n/i18n.server";
import { metaT, pageTitle } from "~/i18n/registry";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { listHarvestRuns, startHarvestRun } from "~/services/knowledge/harvest-runs.server";
import { localeFor } from "~/services/locale/resolve-locale.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: pageTitle(t("admin:harvest.title"), t("admin:title")) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ runs: await listHarvestRuns(context.app.db, await actorFor(request, context.app)) }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => startHarvestRun(context.app, actor, form));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  const { run, alreadyQueued } = result.value;
  const t = tFor(await localeFor(request, context.app));
  return jsonResponse({ ok: true, message: t(alreadyQueued ? "admin:harvest.alreadyQueued" : "admin:harvest.queued", { id: run.id }) });
}

const FIGURES = ["scanned", "created", "updated", "flagged", "archived", "skipped", "failed"] as const;

/** Labels of what the list shows as it is stored; anything newer shows as it is. */
const SCOPES = new Set(["full", "incremental"]);
const TRIGGERS = new Set(["admin", "cli", "schedule"]);
const STATUSES = new Set(["queued", "running", "done", "failed"]);

function duration(ms: number | null, t: TFunction, number: (value: number) => string): string {
  if (ms === null) return "—";
  if (ms < 1_000) return t("harvest.ms", { value: number(ms) });
  const s = Math.round(ms / 1_000);
  return s < 60 ? t("harvest.seconds", { value: number(s) }) : t("harvest.minutes", { minutes: number(Math.floor(s / 60)), seconds: number(s % 60) });
}

export default function HarvestAdmin() {
  const { runs: loaded } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const busy = useNavigation().state === "submitting";
  const viewerId = useRouteLoaderData<RootData>("root")?.user?.id ?? null;
  const runs = useLiveHarvest(viewerId, loaded);
  const active = runs.some((r) => r.status === "queued" || r.status === "running");
  const { t } = useTranslation("admin");
  const { number } = useFormat();
  const label = (group: string, known: Set<string>, value: string) => (known.has(value) ? t(`harvest.${group}.${value}`) : value);
  return (
    <div className="stack">
      {/* Without JavaScript, the page reloads itself while a pass is under way. */}
      {active ? <noscript><meta httpEquiv="refresh" content="5" /></noscript> : null}
      <section className="card narrow-left" aria-labelledby="harvest-start">
        <h1 id="harvest-start">{t("harvest.title")}</h1>
        <p className="muted">{t("harvest.intro")}</p>
        <p className="muted">
          <Trans t={t} i18nKey="harvest.signals" components={{ link: <Link to="/admin/detectors" /> }} />
        </p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        <Form method="post">
          <fieldset className="fieldset">
            <legend>{t("harvest.which")}</legend>
            <label className="kb-radio">
              <input type="radio" name="scope" value="full" defaultChecked />
              <span><Trans t={t} i18nKey="harvest.full" components={{ strong: <strong /> }} /></span>
            </label>
            <label className="kb-radio">
              <input type="radio" name="scope" value="incremental" />
              <span><Trans t={t} i18nKey="harvest.incremental" components={{ strong: <strong /> }} /></span>
            </label>
          </fieldset>
          <button type="submit" className="button" disabled={busy}>{busy ? t("harvest.starting") : t("harvest.start")}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="harvest-runs">
        <h2 id="harvest-runs">{t("harvest.passes")}</h2>
        {runs.length === 0 ? (
          <p className="empty">{t("harvest.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="harvest-runs">
              <caption className="visually-hidden">{t("harvest.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("harvest.pass")}</th>
                  <th scope="col">{t("harvest.status")}</th>
                  {FIGURES.map((f) => <th key={f} scope="col">{t(`harvest.figures.${f}`)}</th>)}
                  <th scope="col">{t("harvest.duration")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-testid="harvest-run" data-run-id={run.id} data-status={run.status}>
                    <th scope="row">
                      #{run.id} <span className="muted small">{label("scopes", SCOPES, run.scope)} · {run.trigger === "admin" && run.requestedBy ? `@${run.requestedBy}` : label("triggers", TRIGGERS, run.trigger)} · <RelativeTime iso={run.createdAt} /></span>
                    </th>
                    <td>
                      <span className={`badge harvest-${run.status}`} data-testid="harvest-status">{label("statuses", STATUSES, run.status)}</span>
                      {run.status === "running" || run.status === "queued" ? (
                        <div className="harvest-progress">
                          <progress
                            max={run.total || 1}
                            value={run.status === "running" && run.total > 0 ? run.processed : undefined}
                            aria-label={t("harvest.progress", { id: run.id, processed: number(run.processed), total: number(run.total) })}
                          />
                          <span className="small muted" data-testid="harvest-processed">{number(run.processed)} / {number(run.total)}</span>
                        </div>
                      ) : null}
                      {run.error ? <p className="field-error small">{run.error}</p> : null}
                    </td>
                    {FIGURES.map((f) => <td key={f} data-figure={f}>{number(run.stats[f] ?? 0)}</td>)}
                    <td>{duration(run.durationMs, t, number)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
