/** Tearing down what a bench fixture started: the last thing started is the first stopped. */
export type StopStep = () => Promise<void> | void;

/** `stops` takes each new step as its thing starts; `stop` runs them all, newest first. */
export function stopInReverse(first: StopStep[]): { stops: StopStep[]; stop: () => Promise<void> } {
  const stops = [...first];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  return { stops, stop };
}
