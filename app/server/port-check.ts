import net from "node:net";
import { StartupError } from "../lib/startup-error";

/**
 * Fails fast, before the database is started and migrated, when PORT is already taken, with a
 * message that names the setting. `listen()` still handles the race of a port taken between
 * this check and the real bind.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => reject(portError(error, port, host)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export function portError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === "EADDRINUSE") return new StartupError(`port ${port} on ${host} is already in use`, "stop the process using it, or set PORT to a free port");
  if (error.code === "EACCES") return new StartupError(`no permission to listen on port ${port}`, "set PORT to a number above 1023, or run with the needed privilege");
  if (error.code === "EADDRNOTAVAIL") return new StartupError(`HOST ${host} is not an address of this machine`, "set HOST to one of this machine's addresses, e.g. 127.0.0.1 or 0.0.0.0");
  return error;
}
