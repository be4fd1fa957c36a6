-- wrk script for scripts/bench-sandbox.sh: GET /v1/prescriptions/{number}?code=… rotating over
-- the demo prescriptions listed (one "NUMBER CODE" per line) in the file named by
-- BENCH_TARGETS, with the bearer token from BENCH_TOKEN.
local targets = {}
local token = os.getenv("BENCH_TOKEN") or ""
local counter = 0

function init(args)
  local path = os.getenv("BENCH_TARGETS")
  for line in io.lines(path) do
    local number, code = line:match("^(%S+)%s+(%S+)$")
    if number then
      number = number:gsub("%+", "%%2B")
      table.insert(targets, "/v1/prescriptions/" .. number .. "?code=" .. code)
    end
  end
  counter = math.random(#targets)
end

function request()
  counter = counter % #targets + 1
  return wrk.format("GET", targets[counter], {
    ["Authorization"] = "Bearer " .. token,
    ["X-Request-ID"] = "bench-" .. counter,
  })
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  end
end
