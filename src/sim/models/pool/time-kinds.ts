/** Service-time distributions, as `ServiceRuntime.timeKind`. */
export const TIME_EXPONENTIAL = 0;
export const TIME_DETERMINISTIC = 1;
export const TIME_LOGNORMAL = 2;
