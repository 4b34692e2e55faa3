import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useLiveSocket } from "~/realtime/client-socket";
import type { ServerToClientEvents } from "~/realtime/protocol";

type Progress = Parameters<ServerToClientEvents["harvest:progress"]>[0];

export interface RunFigures {
  id: number;
  status: string;
  processed: number;
  total: number;
  stats: Record<string, number>;
}

const POLL_MS = 3_000;

/**
 * The admin's list of passes, kept current: while a pass runs, its counters follow the
 * `harvest:progress` events pushed to admins' sockets; when one ends (or a pass nobody here
 * started appears), the page reloads its data for the final figures. With no socket (a proxy
 * that refuses it, the server unreachable), the page reloads its data every few seconds while
 * something is queued or running.
 */
export function useLiveHarvest<R extends RunFigures>(viewerId: number | null, runs: R[]): R[] {
  const socket = useLiveSocket(viewerId, viewerId !== null);
  const { revalidate } = useRevalidator();
  const [live, setLive] = useState<Record<number, Progress>>({});
  const known = useRef(new Set<number>());
  known.current = new Set(runs.map((r) => r.id));
  const active = runs.some((r) => r.status === "queued" || r.status === "running");

  useEffect(() => {
    if (!socket) return;
    const onProgress: ServerToClientEvents["harvest:progress"] = (p) => {
      setLive((prev) => ({ ...prev, [p.runId]: p }));
      if (p.status !== "running" || !known.current.has(p.runId)) revalidate();
    };
    // Events sent while the socket was away are lost: read the figures again.
    const onCatchUp = () => revalidate();
    socket.on("harvest:progress", onProgress);
    socket.on("resync", onCatchUp);
    socket.io.on("reconnect", onCatchUp);
    return () => {
      socket.off("harvest:progress", onProgress);
      socket.off("resync", onCatchUp);
      socket.io.off("reconnect", onCatchUp);
    };
  }, [socket, revalidate]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (!socket?.connected) revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, socket, revalidate]);

  // The server's figures win once a pass has ended; until then, the latest event does.
  return runs.map((run) => {
    const event = live[run.id];
    if (!event || run.status === "done" || run.status === "failed") return run;
    if (event.processed < run.processed) return run;
    return { ...run, status: event.status, processed: event.processed, total: event.total, stats: event.stats };
  });
}
