-- Sends Echat pushes, each with a query string of its own (a nonce is good once).
--   wrk -t1 -c32 -d10s --latency -s bench/wrk/push.lua http://127.0.0.1:18080/plain \
--       -- QUERIES_FILE plain BODY_TEMPLATE FIRST_MSG_ID
--   ... -- QUERIES_FILE safe SAFE_BODIES_FILE 0
-- plain: the template's MSGID becomes a new msgId for every request.
-- safe: the encrypted bodies of the file, in turn (their msgIds are inside the ciphertext).
-- wrk counts answers other than 2xx/3xx ("Non-2xx or 3xx responses"); done() reports how
-- many requests had to reuse a query string because the file ran out (each is a replay).

local queries, bodies = {}, {}
local mode, prefix, suffix, first_msg_id
local headers = { ["Content-Type"] = "text/xml;charset=utf-8" }
sent = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    queries[#queries + 1] = line
  end
  mode = args[2]
  if mode == "safe" then
    for line in io.lines(args[3]) do
      bodies[#bodies + 1] = line
    end
  else
    local file = assert(io.open(args[3], "rb"))
    local template = file:read("*a")
    file:close()
    local from, to = template:find("MSGID", 1, true)
    prefix, suffix = template:sub(1, from - 1), template:sub(to + 1)
  end
  first_msg_id = tonumber(args[4])
  pool = #queries
end

function request()
  sent = sent + 1
  local query = queries[(sent - 1) % #queries + 1]
  local body
  if mode == "safe" then
    body = bodies[(sent - 1) % #bodies + 1]
  else
    body = prefix .. string.format("%.0f", first_msg_id + sent) .. suffix
  end
  return wrk.format("POST", wrk.path .. "?" .. query, headers, body)
end

function done(summary, latency, requests)
  local reused = 0
  for _, thread in ipairs(threads) do
    local count = thread:get("sent")
    local pool = thread:get("pool")
    reused = reused + math.max(0, count - pool)
  end
  io.write(string.format("queries reused: %d\n", reused))
end
