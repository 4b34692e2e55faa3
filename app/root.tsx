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
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "~/components/language-switcher";
import { LiveUnreadCount } from "~/components/live-unread-count";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { metaT } from "~/i18n/registry";
import { useCatalogLanguage } from "~/i18n/use-catalog-language";
import { useNonce } from "~/lib/nonce";
import { isAppError } from "~/lib/errors";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { can } from "~/services/guardian";
import { localeFor } from "~/services/locale/resolve-locale.server";
import { unreadCount } from "~/services/notifications.server";
import { queueSize } from "~/services/moderation/queue.server";
import stylesHref from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("meta.title") }, { name: "description", content: t("meta.description") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    // A broken bearer token still renders the page shell (anonymously); API routes report it.
    const actor = await actorFor(request, context.app).catch((error: unknown) => {
      if (isAppError(error) || (error instanceof Response && error.status === 401)) return null;
      throw error;
    });
    return {
      locale: await localeFor(request, context.app),
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
  const { t } = useTranslation();
  const user = data?.user ?? null;
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label={t("header.home")}>
          <span className="brand-mark" aria-hidden="true">◆</span> Gleaner
        </Link>
        <Form method="get" action="/search" className="header-search" role="search">
          <label htmlFor="site-search" className="visually-hidden">{t("header.searchLabel")}</label>
          <input id="site-search" type="search" name="q" placeholder={t("header.searchPlaceholder")} maxLength={200} />
        </Form>
        <nav className="header-nav" aria-label={t("header.account")}>
          <NavLink to="/latest">{t("header.latest")}</NavLink>
          <NavLink to="/kb">{t("header.knowledgeBase")}</NavLink>
          <NavLink to="/ideas">{t("header.ideas")}</NavLink>
          <NavLink to="/roadmap">{t("header.roadmap")}</NavLink>
          {data?.nav.curate ? <NavLink to="/kb/curate">{t("header.curate")}</NavLink> : null}
          {data?.nav.moderation ? (
            <NavLink to="/mod" className="header-bell" aria-label={t("header.moderationWaiting", { count: data.queueSize })}>
              {t("header.moderation")}{data.queueSize ? <span className="count" data-testid="queue-count">{data.queueSize}</span> : null}
            </NavLink>
          ) : null}
          {data?.nav.leads ? <NavLink to="/leads">{t("header.leads")}</NavLink> : null}
          {data?.nav.insights ? <NavLink to="/insights">{t("header.insights")}</NavLink> : null}
          {data?.nav.admin ? <NavLink to="/admin/users">{t("header.admin")}</NavLink> : null}
          {user ? (
            <>
              <NavLink to="/notifications" className="header-bell" aria-label={t("header.notifications", { count: data?.unread ?? 0 })}>
                <BellIcon />
                <LiveUnreadCount userId={user.id} unread={data?.unread ?? 0} />
              </NavLink>
              <NavLink to="/profile" className="header-user">{`@${user.handle}`}</NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">{t("header.logOut")}</button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">{t("header.logIn")}</NavLink>
              <Link to="/register" className="button button-small">{t("header.signUp")}</Link>
            </>
          )}
        </nav>
        <LanguageSwitcher locale={data?.locale ?? DEFAULT_LOCALE} />
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  return (
    <html lang={i18n.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        <main className="container main">{children}</main>
        <footer className="site-footer container">{t("footer")}</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  useCatalogLanguage(locale);
  return <Outlet />;
}

const ERROR_TITLES = new Set([401, 403, 404, 503]);

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error)) {
    return (
      <section className="card error-page">
        <h1>{ERROR_TITLES.has(error.status) ? t(`errors.${error.status}`) : t("errors.status", { status: error.status })}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : t("errors.pageNotShown")}</p>
        <p><Link to="/">{t("errors.backHome")}</Link></p>
      </section>
    );
  }
  return (
    <section className="card error-page">
      <h1>{t("errors.somethingWrong")}</h1>
      <p>{t("errors.tryAgain")}</p>
      <p><Link to="/">{t("errors.backHome")}</Link></p>
    </section>
  );
}
