import { LuaScript } from './lua-script.js';

/**
 * The Lua scripts of `RedisAdmissionQueue`. Each runs atomically, so every instance sees one queue. They share a
 * prelude that expires dead tickets (`reap`), starts what may start (`pump`, the same walk as the in-process
 * queue's) and answers a consistent view of the whole queue with a version (`finish`), which the instances use to
 * tell waiters their places and to learn of grants.
 *
 * KEYS: 1 waiting (zset id → join order), 2 running (zset id → granted at), 3 deadline (zset id → lease deadline,
 * waiting and running tickets alike), 4 tickets (hash id → `{"k": kind, "s": session}`), 5 busy (hash session →
 * id), 6 process-time totals (hash kind → ms), 7 process-time counts (hash kind → n), 8 version, 9 epoch,
 * 10 join counter.
 * ARGV: 1 channel, 2 now (ms), 3 concurrency, 4 lease ms, 5 epoch candidate, then each script's own.
 */
const PRELUDE = `
local W, R, D, T, B, PT, PC, V, E, N = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local channel, now, cap, leaseMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
-- An epoch per Redis life: a restarted, empty Redis starts versions again, and instances must not take its
-- views for stale ones.
redis.call('SET', E, ARGV[5], 'NX')
local changed = false

local function info(id)
  local raw = redis.call('HGET', T, id)
  if not raw then return nil end
  return cjson.decode(raw)
end

local function forget(id)
  local t = info(id)
  if t and t.s and redis.call('HGET', B, t.s) == id then redis.call('HDEL', B, t.s) end
  redis.call('ZREM', W, id)
  redis.call('ZREM', R, id)
  redis.call('ZREM', D, id)
  redis.call('HDEL', T, id)
  changed = true
end

local function reap()
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', D, '-inf', now)) do forget(id) end
end

local function grant(id, s)
  redis.call('ZREM', W, id)
  redis.call('ZADD', R, now, id)
  if s then redis.call('HSET', B, s, id) end
  redis.call('ZADD', D, now + leaseMs, id)
  changed = true
end

-- Starts every waiting run that may start, in queue order, skipping busy sessions: a session's later turn never
-- overtakes its earlier one.
local function pump()
  local running = redis.call('ZCARD', R)
  if running >= cap then return end
  local seen = {}
  for _, id in ipairs(redis.call('ZRANGE', W, 0, -1)) do
    if running >= cap then break end
    local t = info(id)
    if not t then
      forget(id)
    else
      local s = t.s
      local blocked = s ~= nil and (redis.call('HEXISTS', B, s) == 1 or seen[s] == true)
      if s ~= nil then seen[s] = true end
      if not blocked then
        grant(id, s)
        running = running + 1
      end
    end
  end
end

local function finish(status)
  local v
  if changed then
    v = redis.call('INCR', V)
    redis.call('PUBLISH', channel, v)
  else
    v = tonumber(redis.call('GET', V) or '0')
  end
  local waiting = redis.call('ZRANGE', W, 0, -1)
  local kinds = {}
  for i, id in ipairs(waiting) do
    local t = info(id)
    kinds[i] = t and t.k or ''
  end
  local running = redis.call('ZRANGE', R, 0, -1, 'WITHSCORES')
  local runningKinds = {}
  for i = 1, #running, 2 do
    local t = info(running[i])
    runningKinds[#runningKinds + 1] = t and t.k or ''
  end
  return { status, redis.call('GET', E), v, waiting, kinds, running, runningKinds,
    redis.call('HGETALL', PT), redis.call('HGETALL', PC) }
end
`;

/** ARGV 6 id, 7 ticket JSON, 8 max waiting, 9 session ('' for none). Answers granted, waiting or full. */
export const JOIN = new LuaScript(
  PRELUDE +
    `
reap()
local id, s = ARGV[6], ARGV[9]
if s == '' then s = nil end
local waiting = redis.call('ZCARD', W)
if waiting == 0 and redis.call('ZCARD', R) < cap and (s == nil or redis.call('HEXISTS', B, s) == 0) then
  redis.call('HSET', T, id, ARGV[7])
  grant(id, s)
  return finish('granted')
end
if waiting >= tonumber(ARGV[8]) then return finish('full') end
redis.call('HSET', T, id, ARGV[7])
redis.call('ZADD', W, redis.call('INCR', N), id)
redis.call('ZADD', D, now + leaseMs, id)
changed = true
pump()
if redis.call('ZSCORE', R, id) then return finish('granted') end
return finish('waiting')
`,
);

/** ARGV 6 id, 7 '1' when the run completed (its time counts into the average). Answers released or lost. */
export const RELEASE = new LuaScript(
  PRELUDE +
    `
local id = ARGV[6]
local grantedAt = redis.call('ZSCORE', R, id)
local status = 'lost'
if grantedAt and tonumber(redis.call('ZSCORE', D, id) or '0') >= now then
  if ARGV[7] == '1' then
    local t = info(id)
    if t then
      redis.call('HINCRBYFLOAT', PT, t.k, math.max(0, now - tonumber(grantedAt)))
      redis.call('HINCRBY', PC, t.k, 1)
    end
  end
  status = 'released'
end
if redis.call('HEXISTS', T, id) == 1 then forget(id) end
reap()
pump()
return finish(status)
`,
);

/** ARGV 6 id: leaves the queue (a cancel or a deadline), or frees the slot if it was granted meanwhile. */
export const LEAVE = new LuaScript(
  PRELUDE +
    `
local id = ARGV[6]
if redis.call('HEXISTS', T, id) == 1 then forget(id) end
reap()
pump()
return finish('left')
`,
);

/**
 * ARGV 6… the ids this instance holds or waits with: renews their leases, then expires the dead and starts what
 * may start. Answers the ids that were already gone (their leases expired).
 */
export const BEAT = new LuaScript(
  PRELUDE +
    `
local lost = {}
for i = 6, #ARGV do
  local id = ARGV[i]
  if redis.call('ZSCORE', D, id) then
    redis.call('ZADD', D, now + leaseMs, id)
  else
    lost[#lost + 1] = id
  end
end
reap()
pump()
return finish(lost)
`,
);
