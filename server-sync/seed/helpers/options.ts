/** Options of `white-cross seed-demo`. Output is a pure function of these (deterministic). */
export interface SeedOptions {
  readonly seed: number;
  readonly students: number;
  readonly years: number;
  readonly schools: number;
  /** The "today" of the demo district: the last school year ends here. */
  readonly asOf: Date;
}

export interface SeedProgress {
  (step: string, done: number, total: number): void;
}
