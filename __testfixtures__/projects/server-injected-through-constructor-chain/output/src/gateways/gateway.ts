/** One way clients reach the planner. */
export interface Gateway {
  open(): Promise<void>;
  shut(): Promise<void>;
}
