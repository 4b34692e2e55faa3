import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { metaT, pageTitle } from "~/i18n/registry";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(metaT(matches)("admin:title")) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "admin.view");
    return null;
  });
}

export default function AdminLayout() {
  const { t } = useTranslation("admin");
  return (
    <div className="stack">
      <nav className="tabs" aria-label={t("nav.label")}>
        <NavLink to="/admin/users">{t("nav.users")}</NavLink>
        <NavLink to="/admin/companies">{t("nav.companies")}</NavLink>
        <NavLink to="/admin/categories">{t("nav.categories")}</NavLink>
        <NavLink to="/admin/settings">{t("nav.settings")}</NavLink>
        <NavLink to="/admin/harvest">{t("nav.harvest")}</NavLink>
        <NavLink to="/admin/detectors">{t("nav.detectors")}</NavLink>
        <NavLink to="/admin/lead-scoring">{t("nav.leadScoring")}</NavLink>
        <NavLink to="/admin/webhooks">{t("nav.webhooks")}</NavLink>
        <NavLink to="/admin/tokens">{t("nav.tokens")}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
