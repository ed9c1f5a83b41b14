/** Service-time distributions, as `ServiceRuntime.timeKind`. */
export const TIME_EXPONENTIAL = 0;
export const TIME_DETERMINISTIC = 1;
export const TIME_LOGNORMAL = 2;
export const TIME_PARETO = 3;
export const TIME_MIXTURE = 4;
