import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = () => [{ title: "Admin · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "admin.view");
    return null;
  });
}

export default function AdminLayout() {
  return (
    <div className="stack">
      <nav className="tabs" aria-label="Administration">
        <NavLink to="/admin/users">Users</NavLink>
        <NavLink to="/admin/companies">Companies</NavLink>
        <NavLink to="/admin/categories">Categories</NavLink>
        <NavLink to="/admin/settings">Settings</NavLink>
        <NavLink to="/admin/harvest">Harvest</NavLink>
        <NavLink to="/admin/detectors">Detectors</NavLink>
        <NavLink to="/admin/lead-scoring">Lead scoring</NavLink>
        <NavLink to="/admin/webhooks">Webhooks</NavLink>
        <NavLink to="/admin/tokens">API tokens</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
