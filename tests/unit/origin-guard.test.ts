import { describe, expect, it } from "vitest";
import { englishOf } from "../../app/lib/errors";
import { crossSiteRefusal as refusalOf, type RequestFacts } from "../../app/server/origin-guard";

const crossSiteRefusal = (facts: RequestFacts, allowed: readonly string[]) => {
  const refusal = refusalOf(facts, allowed);
  return refusal && englishOf(refusal);
};

const base = { host: "127.0.0.1:3000", protocol: "http", origin: undefined, secFetchSite: undefined };

describe("cross-site refusal", () => {
  it("never refuses reads", () => {
    expect(crossSiteRefusal({ ...base, method: "GET", origin: "https://evil.example" }, [])).toBeNull();
  });

  it("accepts writes from our own origin and from configured ones", () => {
    expect(crossSiteRefusal({ ...base, method: "POST", origin: "http://127.0.0.1:3000" }, [])).toBeNull();
    expect(crossSiteRefusal({ ...base, method: "POST", origin: "https://community.example" }, ["https://community.example"])).toBeNull();
  });

  it("refuses writes from other origins, opaque origins and cross-site fetch metadata", () => {
    expect(crossSiteRefusal({ ...base, method: "POST", origin: "https://evil.example" }, [])).toMatch(/not accepted/);
    expect(crossSiteRefusal({ ...base, method: "DELETE", origin: "null" }, [])).toMatch(/opaque/);
    expect(crossSiteRefusal({ ...base, method: "POST", secFetchSite: "cross-site" }, [])).toMatch(/Cross-site/);
    expect(crossSiteRefusal({ ...base, method: "POST", secFetchSite: "same-site" }, [])).toMatch(/Cross-site/);
    // Same host, other scheme or port is another origin.
    expect(crossSiteRefusal({ ...base, method: "POST", origin: "https://127.0.0.1:3000" }, [])).not.toBeNull();
    expect(crossSiteRefusal({ ...base, method: "POST", origin: "http://127.0.0.1:4000" }, [])).not.toBeNull();
  });

  it("lets non-browser clients (no Origin, no fetch metadata) through, like curl with a token", () => {
    expect(crossSiteRefusal({ ...base, method: "POST" }, [])).toBeNull();
    expect(crossSiteRefusal({ ...base, method: "POST", secFetchSite: "same-origin" }, [])).toBeNull();
  });
});
