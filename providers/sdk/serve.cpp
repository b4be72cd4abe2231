// The SDK's protocol loop: reads requests, handles them concurrently, writes responses.
//
// Concurrency: the calling thread only reads stdin and hands each request to a TBB arena;
// handlers run there in parallel and write their response under one mutex, whole lines,
// so responses never interleave. handshake, configure and shutdown run on the reading
// thread itself: configure must finish before the requests that follow it, and shutdown
// answers only when every request in flight has been answered.
#include <algorithm>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include "providers/protocol/schema_json.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::sdk {

namespace {

// Handlers may block on slow I/O (remote APIs, disks); allow more of them than cores.
constexpr int kMinConcurrency = 16;

json error_response(const json& id, const std::string& message, const json& path = nullptr) {
  json error = {{"message", message}};
  if (path.is_array() && !path.empty()) error["path"] = path;
  return {{"id", id}, {"error", error}};
}

const json& member(const json& params, const char* key) {
  static const json kNull;
  auto it = params.find(key);
  return it == params.end() ? kNull : *it;
}

// The resource type a request names; throws Error for an unknown one.
struct Target {
  const Resource& resource;
  std::string type;
};

Target resource_for(const Provider& provider, const json& params) {
  const json& type = member(params, "type");
  if (!type.is_string()) throw Error("missing \"type\" (a resource type name)");
  auto it = provider.resources.find(type.get<std::string>());
  if (it == provider.resources.end()) {
    throw Error("unknown resource type \"" + type.get<std::string>() + "\"");
  }
  return {it->second, it->first};
}

json diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  json out = json::array();
  for (const auto& d : diagnostics) out.push_back(to_json(d));
  return out;
}

json handshake(const Provider& provider, const json& params) {
  const json& offered = member(params, "protocol_versions");
  bool common = offered.is_array() &&
                std::find(offered.begin(), offered.end(), json(kProtocolVersion)) != offered.end();
  if (!common) {
    throw Error("no common protocol version: the host offers " + offered.dump() +
                ", provider \"" + provider.name + "\" speaks [" +
                std::to_string(kProtocolVersion) + "]");
  }
  return {{"protocol_version", kProtocolVersion},
          {"name", provider.name},
          {"version", provider.version},
          {"schema", schema_to_json(provider.schema())}};
}

json apply_change(const Target& target, const json& params) {
  const Resource& resource = target.resource;
  const json& prior = member(params, "prior_state");
  const json& planned = member(params, "planned_state");
  json new_state;
  try {
    if (prior.is_null() && planned.is_null()) {
      new_state = nullptr;
    } else if (prior.is_null()) {
      new_state = resource.create(planned);
    } else if (planned.is_null()) {
      resource.destroy(prior);
      new_state = nullptr;
    } else {
      if (!resource.update) {
        throw Error("resource type " + target.type + " cannot be updated in place");
      }
      // An imported prior state gets what the plan adopted, as the plan saw it.
      json adopted = json::array();
      std::vector<Diagnostic> ignored;
      new_state = resource.update(
          adopt_prior(resource, prior, planned, json::array(), adopted, ignored), planned);
    }
  } catch (const PartialApplyError& e) {
    Diagnostic d{"error", e.what(), "", e.path()};
    return {{"new_state", e.state()}, {"diagnostics", json::array({to_json(d)})}};
  }
  return {{"new_state", new_state}, {"diagnostics", json::array()}};
}

json dispatch(const Provider& provider, const std::string& method, const json& params) {
  if (method == "handshake") return handshake(provider, params);
  if (method == "configure") {
    if (provider.configure) provider.configure(member(params, "config"));
    return json::object();
  }
  if (method == "shutdown") return json::object();
  if (method == "validate") {
    const Resource& r = resource_for(provider, params).resource;
    auto diagnostics = validate_resource(r, member(params, "config"), member(params, "unknown"));
    return {{"diagnostics", diagnostics_json(diagnostics)}};
  }
  if (method == "plan") {
    const Resource& r = resource_for(provider, params).resource;
    return plan_resource(r, member(params, "prior_state"), member(params, "proposed_state"),
                         member(params, "unknown"));
  }
  if (method == "apply") return apply_change(resource_for(provider, params), params);
  if (method == "read") {
    const Resource& r = resource_for(provider, params).resource;
    const json& state = member(params, "state");
    return {{"state", state.is_null() ? json() : r.read(state)}};
  }
  if (method == "read_data") {
    const json& type = member(params, "type");
    if (!type.is_string()) throw Error("missing \"type\" (a data source type name)");
    auto it = provider.data_sources.find(type.get<std::string>());
    if (it == provider.data_sources.end()) {
      throw Error("unknown data source type \"" + type.get<std::string>() + "\"");
    }
    // The schema's checks (required, types, computed-only) first, as for a resource.
    Resource shape;
    shape.schema = it->second.schema;
    const json& config = member(params, "config");
    auto diagnostics = validate_resource(shape, config, json::array());
    for (const auto& d : diagnostics) {
      if (d.severity == "error") return {{"state", nullptr}, {"diagnostics", diagnostics_json(diagnostics)}};
    }
    return {{"state", it->second.read(config)}, {"diagnostics", diagnostics_json(diagnostics)}};
  }
  if (method == "import") {
    Target t = resource_for(provider, params);
    if (!t.resource.import) throw Error("resource type " + t.type + " does not support import");
    const json& id = member(params, "id");
    if (!id.is_string()) throw Error("missing \"id\" (a string)");
    return {{"state", t.resource.import(id.get<std::string>())}};
  }
  if (method == "upgrade_state") {
    Target t = resource_for(provider, params);
    const json& version = member(params, "version");
    if (!version.is_number_integer()) throw Error("missing \"version\" (an integer)");
    const int stored = version.get<int>();
    const int current = t.resource.schema.version;
    if (stored > current) {
      throw Error("the stored state of " + t.type + " has schema version " +
                  std::to_string(stored) + ", newer than version " + std::to_string(current) +
                  " that provider " + provider.name + " v" + provider.version +
                  " knows: it was written by a newer provider; use that one (or a newer one)");
    }
    const json& state = member(params, "state");
    if (stored == current || !t.resource.upgrade_state || state.is_null()) return {{"state", state}};
    return {{"state", t.resource.upgrade_state(stored, state)}};
  }
  throw Error("unknown method \"" + method + "\"");
}

// Answers a line that is not a JSON request object.
json handle_line(const Provider& provider, const std::string& line) {
  json request = json::parse(line, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    return error_response(nullptr, "request is not a JSON object");
  }
  return handle_request(provider, request);
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void write(const json& response) {
    std::string line = response.dump(-1, ' ', false, json::error_handler_t::replace);
    std::lock_guard lock(mutex_);
    out_ << line << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace

json handle_request(const Provider& provider, const json& request) {
  json id = request.is_object() && request.contains("id") ? request["id"] : json();
  try {
    if (!request.is_object()) return error_response(nullptr, "request is not a JSON object");
    if (!id.is_number_integer()) return error_response(nullptr, "request without an integer id");
    const json& method = member(request, "method");
    if (!method.is_string()) return error_response(id, "request without a method");
    json params = member(request, "params");
    if (params.is_null()) params = json::object();
    if (!params.is_object()) return error_response(id, "params must be an object");
    return {{"id", id}, {"result", dispatch(provider, method.get<std::string>(), params)}};
  } catch (const Error& e) {
    return error_response(id, e.what(), e.path());
  } catch (const std::exception& e) {
    return error_response(id, e.what());
  }
}

json answer(const Provider& provider, const std::string& method, const json& params) {
  static const json kNone = json::object();
  if (!params.is_null() && !params.is_object()) throw Error("params must be an object");
  return dispatch(provider, method, params.is_null() ? kNone : params);
}

int serve(const Provider& provider, std::istream& in, std::ostream& out) {
  int concurrency = std::max<int>(kMinConcurrency, std::thread::hardware_concurrency());
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, concurrency);
  tbb::task_arena arena(concurrency);
  Writer writer(out);

  std::mutex mutex;
  std::condition_variable idle;
  int in_flight = 0;
  auto wait_idle = [&] {
    std::unique_lock lock(mutex);
    idle.wait(lock, [&] { return in_flight == 0; });
  };

  in.tie(nullptr);  // see serve(const Provider&)
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json request = json::parse(line, nullptr, false);
    std::string method;
    if (request.is_object() && request.contains("method") && request["method"].is_string()) {
      method = request["method"].get<std::string>();
    }
    if (method == "shutdown") {
      wait_idle();
      writer.write(handle_request(provider, request));
      return 0;
    }
    if (method == "handshake" || method == "configure" || request.is_discarded()) {
      wait_idle();
      writer.write(request.is_discarded() ? handle_line(provider, line)
                                          : handle_request(provider, request));
      continue;
    }
    {
      std::lock_guard lock(mutex);
      ++in_flight;
    }
    arena.enqueue([&, request = std::move(request)] {
      writer.write(handle_request(provider, request));
      std::lock_guard lock(mutex);
      if (--in_flight == 0) idle.notify_all();
    });
  }
  wait_idle();  // end of input: the host went away; finish what was asked, then stop
  if (in.bad()) {
    std::cerr << "provider " << provider.name << ": cannot read requests\n";
    return 1;
  }
  return 0;
}

int serve(const Provider& provider) {
  std::ios::sync_with_stdio(false);
  // cin is tied to cout: each read would flush cout from the reading thread, outside the
  // writer's lock, racing the handlers' writes.
  std::cin.tie(nullptr);
  return serve(provider, std::cin, std::cout);
}

}  // namespace infra::providers::sdk
