-- wrk script for tests/bench/collector_load.sh: every request posts response/1 payloads with ids
-- never used before (thread index + counter), so each one is a real insert, not a duplicate.
-- BATCH (env) = responses per request (1 = a single payload, >1 = a JSON array batch).
-- TP_BENCH_SEGMENTS=1 (env): each payload carries two segments, as nps-support's do (the
-- collector then keeps a rollup row per segment as well).
local batch = tonumber(os.getenv("BATCH") or "1")
local context = os.getenv("TP_BENCH_SEGMENTS") == "1"
  and '"context":{"page":"/checkout","segment":{"plan":"pro","role":"funder"}}' or '"context":{"page":"/checkout"}'

local threads = {}
counter = 0  -- globals: done() reads them per thread with thread:get
sent = 0
acked = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function payload(id, nps)
  local category = nps >= 9 and "promoter" or (nps >= 7 and "passive" or "detractor")
  return '{"touchpoint":"response/1","id":"' .. id .. '",' ..
    '"survey":{"id":"nps-support","version":"3","hash":"sha256:0123456789abcdef0123456789abcdef"},' ..
    '"submitted":"2026-11-23T05:00:00Z","partial":false,"locale":"zh-CN",' ..
    '"answers":{"nps":' .. nps .. ',"comment":"结账很顺利"},' ..
    '"scores":{"nps":{"value":' .. nps .. ',"category":"' .. category .. '","question":"nps"}},' ..
    '"journey":{"map":"b2b-purchase","stage":"purchase","touchpoint":"checkout"},' ..
    context .. ',"redactions":0}'
end

function request()
  sent = sent + 1
  local items = {}
  for i = 1, batch do
    counter = counter + 1
    local id = string.format("%08x-%04x-4%03x-8%03x-%012x", tid, math.random(0, 65535),
      math.random(0, 4095), math.random(0, 4095), counter)
    items[i] = payload(id, counter % 11)
  end
  local body = batch == 1 and items[1] or ("[" .. table.concat(items, ",") .. "]")
  return wrk.format("POST", "/v1/responses", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 200 then acked = acked + batch end
end

function done(summary, latency, requests)
  local total = 0
  local requests_sent = 0
  for _, t in ipairs(threads) do
    total = total + t:get("acked")
    requests_sent = requests_sent + t:get("sent")
  end
  local e = summary.errors
  io.write(string.format("acked=%d\np99_us=%d\nrequests=%d\nseconds=%.3f\nerrors=%d\nsocket_errors=%d\nsent=%d\n", total,
    latency:percentile(99), summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect + e.read + e.write + e.timeout, requests_sent))
end
