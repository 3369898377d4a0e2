// The workflow bundle's entry: every workflow the worker runs.
export {};
