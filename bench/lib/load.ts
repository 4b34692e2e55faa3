import autocannon from "autocannon";

/** One autocannon run's figures, in the units the report uses. */
export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerRequest: number;
}

export interface LoadOptions {
  connections?: number;
  durationSeconds?: number;
  headers?: Record<string, string>;
}

/**
 * Keep-alive load on one URL. Every answer but a 2xx counts against the run (a 429 would make a
 * fast-looking result out of refusals), so callers check `non2xx` and `errors`.
 */
export async function loadUrl(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    duration: options.durationSeconds ?? 8,
    headers: options.headers,
  });
  const requests = result.requests.total;
  return {
    requests,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerRequest: requests > 0 ? result.throughput.total / requests : 0,
  };
}
