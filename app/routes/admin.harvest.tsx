import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { RelativeTime } from "~/components/badges";
import { FormMessage } from "~/components/forms";
import { useLiveHarvest } from "~/components/live-harvest";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import type { RootData } from "~/root";
import { actorFor } from "~/services/auth.server";
import { listHarvestRuns, startHarvestRun } from "~/services/knowledge/harvest-runs.server";

export const meta: MetaFunction = () => [{ title: "Harvest · Admin · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => ({ runs: await listHarvestRuns(context.app.db, await actorFor(request, context.app)) }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(() => startHarvestRun(context.app, actor, form));
  if (!result.ok) return jsonResponse(result.failure, result.status);
  const { run, alreadyQueued } = result.value;
  return jsonResponse({ ok: true, message: alreadyQueued ? `A pass is already waiting to run (#${run.id}): it will take in everything up to now.` : `Pass #${run.id} is queued.` });
}

const FIGURES = ["scanned", "created", "updated", "flagged", "archived", "skipped", "failed"] as const;

function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${ms} ms`;
  const s = Math.round(ms / 1_000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export default function HarvestAdmin() {
  const { runs: loaded } = useLoaderData<typeof loader>();
  const result = useActionData<{ ok: boolean; message: string }>();
  const busy = useNavigation().state === "submitting";
  const viewerId = useRouteLoaderData<RootData>("root")?.user?.id ?? null;
  const runs = useLiveHarvest(viewerId, loaded);
  const active = runs.some((r) => r.status === "queued" || r.status === "running");
  return (
    <div className="stack">
      {/* Without JavaScript, the page reloads itself while a pass is under way. */}
      {active ? <noscript><meta httpEquiv="refresh" content="5" /></noscript> : null}
      <section className="card narrow-left" aria-labelledby="harvest-start">
        <h1 id="harvest-start">Harvest</h1>
        <p className="muted">
          The harvest turns accepted answers into knowledge-base drafts and flags published articles whose source changed. It runs by itself
          after every accept and edit, and sweeps on a schedule; start a pass here to catch up at once.
        </p>
        <p className="muted">
          Each pass also reads new posts for feature requests and buying signals (the idea board and the lead list): <Link to="/admin/detectors">try a sentence</Link> to see what counts.
        </p>
        <FormMessage message={result?.message} tone={result?.ok ? "success" : "error"} />
        <Form method="post">
          <fieldset className="fieldset">
            <legend>Which threads</legend>
            <label className="kb-radio">
              <input type="radio" name="scope" value="full" defaultChecked />
              <span><strong>Full</strong>: every thread with an accepted answer</span>
            </label>
            <label className="kb-radio">
              <input type="radio" name="scope" value="incremental" />
              <span><strong>Incremental</strong>: only threads changed since the last pass</span>
            </label>
          </fieldset>
          <button type="submit" className="button" disabled={busy}>{busy ? "Starting…" : "Start a harvest pass"}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="harvest-runs">
        <h2 id="harvest-runs">Passes</h2>
        {runs.length === 0 ? (
          <p className="empty">No pass has run yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="harvest-runs">
              <caption className="visually-hidden">Harvest passes, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Pass</th>
                  <th scope="col">Status</th>
                  {FIGURES.map((f) => <th key={f} scope="col">{f[0]!.toUpperCase() + f.slice(1)}</th>)}
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-testid="harvest-run" data-run-id={run.id} data-status={run.status}>
                    <th scope="row">
                      #{run.id} <span className="muted small">{run.scope} · {run.trigger === "admin" && run.requestedBy ? `@${run.requestedBy}` : run.trigger} · <RelativeTime iso={run.createdAt} /></span>
                    </th>
                    <td>
                      <span className={`badge harvest-${run.status}`} data-testid="harvest-status">{run.status}</span>
                      {run.status === "running" || run.status === "queued" ? (
                        <div className="harvest-progress">
                          <progress
                            max={run.total || 1}
                            value={run.status === "running" && run.total > 0 ? run.processed : undefined}
                            aria-label={`Pass #${run.id}: ${run.processed} of ${run.total} threads`}
                          />
                          <span className="small muted" data-testid="harvest-processed">{run.processed} / {run.total}</span>
                        </div>
                      ) : null}
                      {run.error ? <p className="field-error small">{run.error}</p> : null}
                    </td>
                    {FIGURES.map((f) => <td key={f} data-figure={f}>{run.stats[f] ?? 0}</td>)}
                    <td>{duration(run.durationMs)}</td>
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
