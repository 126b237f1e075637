// The three ways a run ends without a value. Hosts print UsageError as one line and exit 2; WorkerError and an
// aborted signal's reason reject the run.

/** Bad input: names the option (CLI spelling) and what is allowed. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(readonly option: string, message: string) {
    super(message);
  }
}

/** A worker or child process failed: which one, and why. The run that used it is rejected, never summed. */
export class WorkerError extends Error {
  override readonly name = "WorkerError";
  constructor(readonly worker: number, message: string) {
    super(`worker ${worker}: ${message}`);
  }
}

/** The run computed, but its value is not a number the rule could have given (NaN or ±Inf): no result. */
export class RunError extends Error {
  override readonly name = "RunError";
}

/** The reason a run stopped because its AbortSignal fired. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : "the run was cancelled");
  error.name = "AbortError";
  return error;
}
