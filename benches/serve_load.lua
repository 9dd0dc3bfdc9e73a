-- wrk script for benches/serve_load.sh: every other request is a token POST with its own
-- assertion (from the bodies file, split between wrk's threads), the rest metadata GETs.
-- Arguments: BODIES_FILE THREADS.
local count = 0
function setup(thread)
    thread:set("id", count)
    count = count + 1
end

local posts, metadata = {}, nil
local sent = 0
function init(args)
    local file, threads = args[1], tonumber(args[2])
    local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
    local n = 0
    for line in io.lines(file) do
        if n % threads == id then
            posts[#posts + 1] = wrk.format("POST", "/token", headers, line)
        end
        n = n + 1
    end
    metadata = wrk.format("GET", "/.well-known/oauth-authorization-server")
end

function request()
    sent = sent + 1
    if sent % 2 == 0 then
        return metadata
    end
    -- past the end of the pool a body repeats and the server answers 400 (jti reused)
    return posts[(math.floor(sent / 2) % #posts) + 1]
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        e.status, e.connect + e.read + e.write + e.timeout))
end
