import path from "node:path";
import { persistedSessionSecret } from "../app/lib/config.server";

/**
 * `npm start`'s environment: production mode (unless NODE_ENV says otherwise; React's development
 * build renders several times slower), and when SESSION_SECRET is unset the secret kept in
 * DATA_DIR (generated on the first start, mode 0600), so sessions survive restarts.
 */
export function productionEnvironment(env: NodeJS.ProcessEnv): void {
  env.NODE_ENV ||= "production";
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET?.trim()) {
    env.SESSION_SECRET = persistedSessionSecret(path.resolve(env.DATA_DIR || "./data"));
  }
}
