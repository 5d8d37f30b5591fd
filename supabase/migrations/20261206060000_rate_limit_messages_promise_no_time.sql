-- The 429 messages seeded for AUTH, CHAT and PHI (20261122000300) promised a wait — "Try again in 15
-- minutes", "in a minute", "Wait a minute" — beside an exact Retry-After header and details.retryAfterSeconds
-- that is usually shorter: the windows slide, so a request is let through again as soon as enough of the
-- window's earlier ones have aged out. They now send the caller to Retry-After instead. AUTH counts refused
-- tokens and origins (pipeline/steps.ts countFailures), not sign-ins, and now says so.
-- Only a row that still holds its seeded text is changed: a message an operator wrote stays as written.
-- API ("try again shortly"), DOSING (a limit per minute, "try again shortly") and GLOBAL ("try again later")
-- promise no particular time and are left as they are. Each change is a config.change audit event, as any
-- edit of the limits is.
set local lock_timeout = '5s';

update public.rate_limit_config as limits
set message = reworded.message
from (values
  ('AUTH', 'Too many sign-in attempts. Try again in 15 minutes.',
   'Too many failed authentication attempts from this client. Wait before trying again: Retry-After says how long.'),
  ('CHAT', 'Too many chat requests. Wait a minute before asking again.',
   'Too many chat requests. Wait before asking again: Retry-After says how long.'),
  ('PHI', 'Too many requests for protected records. Try again in a minute.',
   'Too many requests for protected records. Wait before trying again: Retry-After says how long.')
) as reworded (class, seeded, message)
where limits.class = reworded.class and limits.message = reworded.seeded;
