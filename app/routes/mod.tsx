import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("mod:title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "mod.view");
    return null;
  });
}

export default function ModerationLayout() {
  const { t } = useTranslation("mod");
  return (
    <div className="stack">
      <nav className="tabs" aria-label={t("nav.label")}>
        <NavLink to="/mod" end>{t("nav.queue")}</NavLink>
        <NavLink to="/mod/health">{t("nav.health")}</NavLink>
        <NavLink to="/mod/audit">{t("nav.audit")}</NavLink>
        <NavLink to="/mod/canned">{t("nav.canned")}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
