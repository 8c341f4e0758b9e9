import { z } from 'zod';
import { DeliveryTargetSetting } from './delivery-targets.js';
import { RetentionSettings } from './retention.js';
import { ReviewPolicy } from './review.js';
import { SeparationRules } from './separation-rules.js';

/** What Settings shows an administrator: separation rules, delivery targets (secrets masked), review and retention. */
export const StationSettings = z.object({
  separation: SeparationRules,
  targets: z.array(DeliveryTargetSetting),
  review: ReviewPolicy,
  retention: RetentionSettings,
});
export type StationSettings = z.infer<typeof StationSettings>;
