-- wrk script of bench/run.sh: rotates over the bearer tokens in $BENCH_TOKENS (one a line),
-- sends $BENCH_METHOD $BENCH_PATH with $BENCH_BODY, prints one machine-readable RESULT line.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  tokens[#tokens + 1] = line
end
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
local next_token = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  next_token = offset or 0
end

function request()
  next_token = next_token % #tokens + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[next_token] }
  if body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
