/** The server's notion of now: injectable so tests drive token expiry and lockout without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });
