/**
 * Thrown when an input to a queueing function is missing, of the wrong kind, or out of range.
 *
 * `field` names the input at fault (for example `servers`), so a form can put the message next to
 * the right box; `value` is what was received. The message is written for a person, for example
 * `servers must be a whole number of at least 1 (got 2.5)`.
 */
export class QueueingInputError extends Error {
  override readonly name: string = 'QueueingInputError';
  /** The input field at fault, as named in the function's input object. */
  readonly field: string;
  /** The value that was received for `field`. */
  readonly value: unknown;

  constructor(field: string, message: string, value?: unknown) {
    super(message);
    this.field = field;
    this.value = value;
  }
}

/**
 * Thrown when the offered load is at or above what the servers can carry, so a queue without a
 * size limit never settles and its waiting figures do not exist (Erlang C, M/M/c).
 */
export class QueueingUnstableError extends QueueingInputError {
  override readonly name: string = 'QueueingUnstableError';
}
