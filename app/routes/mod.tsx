import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { forPage } from "~/lib/pages.server";
import { actorFor } from "~/services/auth.server";
import { ensure } from "~/services/guardian";

export const meta: MetaFunction = () => [{ title: "Moderation · Gleaner" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return forPage(request, async () => {
    ensure(await actorFor(request, context.app), "mod.view");
    return null;
  });
}

export default function ModerationLayout() {
  return (
    <div className="stack">
      <nav className="tabs" aria-label="Moderation">
        <NavLink to="/mod" end>Review queue</NavLink>
        <NavLink to="/mod/health">Community health</NavLink>
        <NavLink to="/mod/audit">Audit log</NavLink>
        <NavLink to="/mod/canned">Canned replies</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
