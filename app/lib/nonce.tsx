import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response (app-server.ts makes one per request):
 * the server render gives it to every script tag it writes, so the policy can forbid inline
 * scripts everywhere else. In the browser it is empty: browsers hide nonces from the page.
 */
const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
