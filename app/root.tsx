import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { LiveUnreadCount } from "~/components/live-unread-count";
import { useNonce } from "~/lib/nonce";
import { isAppError } from "~/lib/errors";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { unreadCount } from "~/services/notifications.server";
import { queueSize } from "~/services/moderation/queue.server";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Gleaner community" },
  { name: "description", content: "Ask questions, share answers and ideas with other customers." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    // A broken bearer token still renders the page shell (anonymously); API routes report it.
    const actor = await actorFor(request, context.app).catch((error: unknown) => {
      if (isAppError(error) || (error instanceof Response && error.status === 401)) return null;
      throw error;
    });
    return {
      user: actor ? { id: actor.id, handle: actor.handle, role: actor.role } : null,
      unread: actor ? await unreadCount(context.app.db, actor.id) : 0,
      // Ideas and the roadmap are for everyone; the rest for those the guardian lets in.
      nav: {
        admin: can(actor, "admin.view"),
        moderation: can(actor, "mod.view"),
        curate: can(actor, "kb.curate"),
        leads: can(actor, "leads.view"),
        insights: can(actor, "insights.view"),
      },
      queueSize: can(actor, "mod.view") ? await queueSize(context.app.db) : 0,
    };
  });
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/** Drawn, not an emoji: it looks the same on every system, fonts or not. */
function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" className="icon">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" fill="currentColor" />
    </svg>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label="Gleaner home">
          <span className="brand-mark" aria-hidden="true">◆</span> Gleaner
        </Link>
        <Form method="get" action="/search" className="header-search" role="search">
          <label htmlFor="site-search" className="visually-hidden">Search the community</label>
          <input id="site-search" type="search" name="q" placeholder="Search questions, answers, ideas…" maxLength={200} />
        </Form>
        <nav className="header-nav" aria-label="Account">
          <NavLink to="/latest">Latest</NavLink>
          <NavLink to="/kb">Knowledge base</NavLink>
          <NavLink to="/ideas">Ideas</NavLink>
          <NavLink to="/roadmap">Roadmap</NavLink>
          {data?.nav.curate ? <NavLink to="/kb/curate">Curate</NavLink> : null}
          {data?.nav.moderation ? (
            <NavLink to="/mod" className="header-bell" aria-label={`Moderation, ${data.queueSize} waiting`}>
              Moderation{data.queueSize ? <span className="count" data-testid="queue-count">{data.queueSize}</span> : null}
            </NavLink>
          ) : null}
          {data?.nav.leads ? <NavLink to="/leads">Leads</NavLink> : null}
          {data?.nav.insights ? <NavLink to="/insights">Insights</NavLink> : null}
          {data?.nav.admin ? <NavLink to="/admin/users">Admin</NavLink> : null}
          {user ? (
            <>
              <NavLink to="/notifications" className="header-bell" aria-label={`Notifications, ${data?.unread ?? 0} unread`}>
                <BellIcon />
                <LiveUnreadCount userId={user.id} unread={data?.unread ?? 0} />
              </NavLink>
              <NavLink to="/profile" className="header-user">@{user.handle}</NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">Log out</button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <Link to="/register" className="button button-small">Sign up</Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        <main className="container main">{children}</main>
        <footer className="site-footer container">Gleaner: a customer community that keeps what it learns.</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const titles: Record<number, string> = { 401: "Please log in", 403: "Not allowed", 404: "Not found", 503: "Back in a moment" };
    return (
      <section className="card error-page">
        <h1>{titles[error.status] ?? `Error ${error.status}`}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : "That page could not be shown."}</p>
        <p><Link to="/">Back to the community</Link></p>
      </section>
    );
  }
  return (
    <section className="card error-page">
      <h1>Something went wrong</h1>
      <p>We could not show this page. Try again in a moment.</p>
      <p><Link to="/">Back to the community</Link></p>
    </section>
  );
}
