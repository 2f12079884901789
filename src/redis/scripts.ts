/**
 * The Lua scripts of the Redis rate-limit store. Each runs atomically on the server, so processes sharing a
 * budget never see it half-updated. State of one budget (key names in store.ts):
 * - state hash: `blocked` (epoch ms the budget is closed until), `remaining` (requests that may still start
 *   in the current window), `reset` (epoch ms that window resets), `seen` (the lowest remaining-count the
 *   server stated for that window: its newest); expires when both instants have passed.
 * - flight hash: `seq` (last ticket issued) and one field per request in flight, ticket → lease end (epoch ms);
 *   expires `leaseMs` after the last request started.
 * - pending set: tickets of requests in flight that the current allowance holds back as not yet counted by the
 *   server (see RECORD); expires with the state hash.
 * Instants come from the callers' clocks (ARGV), like the reset headers they are compared with.
 */

/**
 * KEYS: state, flight, pending. ARGV: now, leaseMs, pollMs. Returns {1, ticket} or {0, retryAt}. With the
 * allowance spent while answers are still due that may hand places back (`pending`, see RECORD), the caller
 * looks again after `pollMs` instead of sleeping to the reset.
 */
export const ACQUIRE = `
local now = tonumber(ARGV[1])
local state = redis.call('HMGET', KEYS[1], 'blocked', 'remaining', 'reset')
local blocked = tonumber(state[1]) or 0
if blocked > now then return {0, blocked} end
local reset = tonumber(state[3]) or 0
if reset > now then
  if (tonumber(state[2]) or 0) <= 0 then
    if redis.call('SCARD', KEYS[3]) > 0 then return {0, math.min(reset, now + tonumber(ARGV[3]))} end
    return {0, reset}
  end
  redis.call('HINCRBY', KEYS[1], 'remaining', -1)
elseif reset > 0 then
  redis.call('HDEL', KEYS[1], 'remaining', 'reset')
  redis.call('DEL', KEYS[3])
end
local ticket = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('HSET', KEYS[2], ticket, now + tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {1, ticket}
`;

/**
 * KEYS: state, flight, pending. ARGV: now, ticket (0 when unknown), remaining, reset. Requests of several
 * processes reach the server in an order no client sees, so when an answer brings a new count (a later
 * window, or the lowest remaining of this one: the server's newest), every other request in flight is taken
 * as not counted yet: the allowance is `remaining` minus all of them, and they are noted as `pending`. When a
 * pending request's own answer turns out older (a count no lower, or an earlier window), the server had
 * counted it already, or counted it in the window before: either way its place is handed back. So the allowance errs low, never high (no 429 from misjudged order),
 * and every place it held back returns once the answers are in (also an answer arriving after its own window
 * ended, which only hands back). Lapsed leases are dropped on the way. Returns 1.
 */
export const RECORD = `
local now = tonumber(ARGV[1])
local reset = tonumber(ARGV[4])
-- An answered request is no longer in flight: the server has counted it, so no later count may hold it back.
redis.call('HDEL', KEYS[2], ARGV[2])
if reset <= now then
  if redis.call('SREM', KEYS[3], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[1], 'remaining', 1) end
  return 1
end
local seen = tonumber(ARGV[3])
local others = {}
local flight = redis.call('HGETALL', KEYS[2])
for i = 1, #flight, 2 do
  local field = flight[i]
  if field ~= 'seq' then
    if tonumber(flight[i + 1]) <= now then
      redis.call('HDEL', KEYS[2], field)
      redis.call('SREM', KEYS[3], field)
    elseif field ~= ARGV[2] then
      others[#others + 1] = field
    end
  end
end
local state = redis.call('HMGET', KEYS[1], 'reset', 'blocked', 'seen')
local current = tonumber(state[1]) or 0
local currentSeen = tonumber(state[3]) or 0
if reset > current or (reset == current and seen < currentSeen) then
  redis.call('HSET', KEYS[1], 'remaining', seen - #others, 'reset', ARGV[4], 'seen', seen)
  redis.call('DEL', KEYS[3])
  for _, field in ipairs(others) do redis.call('SADD', KEYS[3], field) end
elseif redis.call('SREM', KEYS[3], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'remaining', 1)
end
local ttl = math.max(reset, current, tonumber(state[2]) or 0) - now
redis.call('PEXPIRE', KEYS[1], ttl)
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ttl) end
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
