/**
 * The Lua scripts of the Redis rate-limit store. Each runs atomically on the server, so processes sharing a
 * budget never see it half-updated. State of one budget (key names in store.ts):
 * - state hash: `blocked` (epoch ms the budget is closed until), `remaining` (requests that may still start
 *   in the current window), `reset` (epoch ms that window resets), `seen` (the lowest remaining-count the
 *   server stated for that window: its newest); expires when both instants have passed.
 * - flight hash: `seq` (last ticket issued) and one field per request in flight, ticket → lease end (epoch ms);
 *   expires `leaseMs` after the last request started.
 * Instants come from the callers' clocks (ARGV), like the reset headers they are compared with.
 */

/** KEYS: state, flight. ARGV: now, leaseMs. Returns {1, ticket} or {0, retryAt}. */
export const ACQUIRE = `
local now = tonumber(ARGV[1])
local state = redis.call('HMGET', KEYS[1], 'blocked', 'remaining', 'reset')
local blocked = tonumber(state[1]) or 0
if blocked > now then return {0, blocked} end
local reset = tonumber(state[3]) or 0
if reset > now then
  if (tonumber(state[2]) or 0) <= 0 then return {0, reset} end
  redis.call('HINCRBY', KEYS[1], 'remaining', -1)
elseif reset > 0 then
  redis.call('HDEL', KEYS[1], 'remaining', 'reset')
end
local ticket = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('HSET', KEYS[2], ticket, now + tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {1, ticket}
`;

/**
 * KEYS: state, flight. ARGV: now, ticket (0 when unknown), remaining, reset. Requests in flight that were
 * admitted after `ticket` are taken from `remaining` (they were most likely not counted by the server yet);
 * lapsed leases are dropped on the way. Within a window the lowest stated `remaining` (the server's newest
 * count) replaces the allowance: requests of several processes reach the server in an order no client sees,
 * so an allowance misjudged from one answer is corrected by the next (keeping the smallest, as the in-memory
 * store does, left up to 39 of 250 requests of a window unused in bench/rate-limit-shared.js). Returns 1.
 */
export const RECORD = `
local now = tonumber(ARGV[1])
local ticket = tonumber(ARGV[2])
local reset = tonumber(ARGV[4])
local others = 0
local flight = redis.call('HGETALL', KEYS[2])
for i = 1, #flight, 2 do
  local field = flight[i]
  if field ~= 'seq' then
    if tonumber(flight[i + 1]) <= now then
      redis.call('HDEL', KEYS[2], field)
    elseif ticket == 0 or tonumber(field) > ticket then
      others = others + 1
    end
  end
end
local seen = tonumber(ARGV[3])
local left = seen - others
local state = redis.call('HMGET', KEYS[1], 'remaining', 'reset', 'blocked', 'seen')
local current = tonumber(state[2]) or 0
local currentSeen = tonumber(state[4]) or 0
if reset > current or (reset == current and seen < currentSeen) then
  redis.call('HSET', KEYS[1], 'remaining', left, 'reset', ARGV[4], 'seen', seen)
elseif reset == current and seen == currentSeen and left < (tonumber(state[1]) or 0) then
  redis.call('HSET', KEYS[1], 'remaining', left)
end
redis.call('PEXPIRE', KEYS[1], math.max(reset, current, tonumber(state[3]) or 0) - now)
return 1
`;

/** KEYS: state. ARGV: now, until. Closes the budget until `until` unless it is closed longer. Returns 1. */
export const BLOCK = `
local now = tonumber(ARGV[1])
local closeUntil = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'blocked', 'reset')
local blocked = tonumber(state[1]) or 0
if closeUntil > blocked then
  redis.call('HSET', KEYS[1], 'blocked', ARGV[2])
  blocked = closeUntil
end
redis.call('PEXPIRE', KEYS[1], math.max(blocked, tonumber(state[2]) or 0) - now)
return 1
`;
