import { isStartupError } from "../../app/lib/startup-error";

/**
 * The frame of every command-line tool: a failure the operator can fix prints its cause and
 * remedy on two lines and exits 1; anything else is a bug and prints its stack.
 */
export async function runTool(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isStartupError(error)) console.error(`Error: ${error.reason}.\n  Fix: ${error.remedy}.`);
    else console.error(error);
    process.exitCode = 1;
  }
}
