/**
 * Field builders shared by the scenario schema's files: each gives a zod schema whose messages
 * read as the end of a sentence that starts with the field path ("must be a positive number").
 */
import { z } from 'zod';

/** Ids of services, tenants, pools and policies: lower case, digits and dashes. */
export const ID_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export const required = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

export const positive = () =>
  z.number({ error: required('must be a positive number') }).positive({ error: 'must be a positive number' });
export const nonNegative = () =>
  z.number({ error: required('must be zero or a positive number') }).nonnegative({ error: 'must be zero or a positive number' });
export const whole = (min: number) => {
  const message = `must be a whole number of at least ${min}`;
  return z.number({ error: required(message) }).int({ error: message }).min(min, { error: message });
};
export const fraction = () => {
  const message = 'must be a number greater than 0 and at most 1';
  return z.number({ error: required(message) }).gt(0, { error: message }).lte(1, { error: message });
};
export const openFraction = () => {
  const message = 'must be a number strictly between 0 and 1';
  return z.number({ error: required(message) }).gt(0, { error: message }).lt(1, { error: message });
};
export const identifier = () =>
  z
    .string({ error: required('must be an id such as "search"') })
    .regex(ID_PATTERN, { error: 'must be an id of lower-case letters, digits and dashes that starts with a letter (at most 40 characters)' });
export const text = (max: number) =>
  z.string({ error: required('must be text') }).min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });
export const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, { error: required('must be an object') }).strict();
export const list = <T extends z.ZodType>(item: T) => z.array(item, { error: required('must be a list') });
export const kinds = (options: readonly string[]) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be one of ${options.map((o) => `"${o}"`).join(', ')}`;
