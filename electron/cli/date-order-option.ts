import { DateOrder } from '../../shared/domain/date-order.js';
import { UsageError } from './global-options.js';

export const dateOrderOptionHelp = '--date-order month-first|day-first|year-first';

/** `--date-order` as given, or undefined when absent; anything else is a usage error. */
export function parseDateOrderOption(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  const parsed = DateOrder.safeParse(value.trim().toLowerCase());
  if (!parsed.success) throw new UsageError(`--date-order takes month-first, day-first or year-first (not "${value}")`);
  return parsed.data;
}
