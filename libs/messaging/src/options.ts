/**
 * A size in the messaging library's options must be a whole number of at least 1: a batch of 0 would
 * take nothing for ever (the relay and the consumer would loop without progress). Refused when the
 * relay or the consumer is made, naming the setting.
 */
export function assertPositiveInteger(owner: string, name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${owner}: ${name} must be a whole number of at least 1 (was ${value})`);
}
