import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { FormMessage } from "~/components/forms";
import { SignalKindBadge } from "~/components/insight-bits";
import { formAction, formToObject, jsonResponse, readForm } from "~/lib/http.server";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";
import { classifyText } from "~/services/harvest/classify.server";

export const meta: MetaFunction = () => [{ title: "Detectors · Admin · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "admin.view");
    return null;
  });
}

/** Runs the detectors on the sentence typed; nothing is stored. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { text } = formToObject(await readForm(request));
  const actor = await actorFor(request, context.app);
  const result = await formAction(async () => {
    // An admin page, though the guardian lets product managers and sales classify through the API.
    ensure(actor, "admin.view");
    return classifyText(actor, { text });
  });
  if (!result.ok) return jsonResponse({ ...result.failure, text }, result.status);
  return jsonResponse({ ok: true, text, ...result.value });
}

const LANGUAGE_NAMES: Record<string, string> = { en: "English", sv: "Swedish", no: "Norwegian", zh: "Chinese" };

type Result =
  | { ok: true; text: string; language: string; signals: { kind: string; score: number; matched: string[]; quote: string; language: string }[] }
  | { ok: false; text?: string; message: string; fields: Record<string, string> };

export default function Detectors() {
  const result = useActionData<Result>();
  return (
    <div className="stack">
      <section className="card">
        <h1>Try a sentence</h1>
        <p className="muted">Runs the harvest's detectors (feature requests, implied needs, buying intent) on a text, as a pass would on a post, without storing anything. Use it to see why a post did or did not count.</p>
        {result && !result.ok ? <FormMessage message={result.message} /> : null}
        <Form method="post" noValidate>
          <div className={`field${result && !result.ok && result.fields.text ? " field-invalid" : ""}`}>
            <label htmlFor="classify-text">Text</label>
            <textarea
              id="classify-text"
              name="text"
              rows={4}
              maxLength={10_000}
              defaultValue={result?.text ?? ""}
              placeholder="Hur mycket kostar det för 25 användare? Vi behöver en offert."
              aria-invalid={result && !result.ok && result.fields.text ? true : undefined}
            />
            <p className="field-hint">English, Swedish, Norwegian or Chinese; up to 10,000 characters.</p>
          </div>
          <button type="submit" className="button">Detect signals</button>
        </Form>
      </section>
      {result?.ok ? (
        <section className="card" aria-labelledby="classify-result" data-testid="classify-result">
          <h2 id="classify-result">Result</h2>
          <p>Language: <strong>{LANGUAGE_NAMES[result.language] ?? result.language}</strong></p>
          {result.signals.length === 0 ? (
            <p className="empty">No signal in this text: it would not count as a request, a need or buying intent.</p>
          ) : (
            <table className="table">
              <thead><tr><th scope="col">Kind</th><th scope="col" className="num">Score</th><th scope="col">Matched words</th><th scope="col">Quote</th></tr></thead>
              <tbody>
                {result.signals.map((s) => (
                  <tr key={s.kind}>
                    <td><SignalKindBadge kind={s.kind} /></td>
                    <td className="num">{s.score.toFixed(3)}</td>
                    <td>{s.matched.length ? <ul className="tags plain-list">{s.matched.map((m, i) => <li key={i}><code>{m}</code></li>)}</ul> : <span className="muted">—</span>}</td>
                    <td><q className="quote-inline">{s.quote}</q></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}
