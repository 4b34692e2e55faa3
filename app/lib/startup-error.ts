/**
 * A start-up failure the operator can fix: printed as one line of cause and one of remedy
 * (never a stack trace), after everything already started has been stopped again.
 */
export class StartupError extends Error {
  constructor(
    readonly reason: string,
    readonly remedy: string,
  ) {
    super(`${reason}; ${remedy}`);
    this.name = "StartupError";
  }
}

export function isStartupError(error: unknown): error is StartupError {
  return error instanceof Error && error.name === "StartupError" && "remedy" in error;
}
