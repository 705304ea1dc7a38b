/**
 * Errors of the sync client. Only SyncTransientError is retried (with backoff); every other one stops the sync
 * and is shown as it is: each message says what happened and what the nurse or IT can do.
 */

export class SyncError extends Error {
  override readonly name: string = 'SyncError';
}

/** The network failed, the server was unavailable (5xx) or asked us to slow down (429): try again later. */
export class SyncTransientError extends SyncError {
  override readonly name = 'SyncTransientError';
  /**
   * The server did not answer in time (a frozen server, a dead link): the workstation is offline now, and the run
   * stops instead of waiting again for a server that does not answer (the next scheduled run tries again).
   */
  readonly unanswered: boolean;
  constructor(
    message: string,
    readonly status: number | null = null,
    /** The server's Retry-After, when it sent one. */
    readonly retryAfterMs: number | null = null,
    options?: ErrorOptions & { unanswered?: boolean },
  ) {
    super(message, options);
    this.unanswered = options?.unanswered ?? false;
  }
}

/** The workstation stopped the sync (sign-out, close): not a failure of the server or the network. */
export class SyncAbortedError extends SyncError {
  override readonly name = 'SyncAbortedError';
}

/** The access token was refused even after a refresh, or the device is revoked / not enrolled. */
export class SyncAuthError extends SyncError {
  override readonly name = 'SyncAuthError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The server refused our HLC: this workstation's clock runs more than 5 minutes ahead of the server's. */
export class SyncClockDriftError extends SyncError {
  override readonly name = 'SyncClockDriftError';
  constructor(
    message: string,
    readonly serverTime: string | null,
  ) {
    super(message);
  }
}

/** 409 SEQUENCE_GAP: the server expects another outbox seq next. */
export class SyncSequenceGapError extends SyncError {
  override readonly name = 'SyncSequenceGapError';
  constructor(
    message: string,
    readonly expectedSeq: number,
  ) {
    super(message);
  }
}

/** The outbox and the server's record of this device disagree in a way that resending cannot fix. */
export class SyncSequenceError extends SyncError {
  override readonly name = 'SyncSequenceError';
}

/** Any other refusal (400 BAD_REQUEST, SCHEMA_UNSUPPORTED, 413...), with the server's code and message. */
export class SyncRequestError extends SyncError {
  override readonly name = 'SyncRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** The server answered something the protocol does not allow (bad body, no progress). */
export class SyncProtocolError extends SyncError {
  override readonly name = 'SyncProtocolError';
}
