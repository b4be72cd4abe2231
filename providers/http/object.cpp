// http_object: one JSON object of a REST API, made by POST to its collection (or PUT to its
// own path), read by GET, changed by PUT or PATCH and removed by DELETE. Drift is looked for
// in the fields that `body` gives; a read answered 404 means the object is gone.
#include "providers/http/client.hpp"
#include "providers/http/json_fields.hpp"
#include "providers/http/resources.hpp"

namespace infra::providers::http {

namespace {

constexpr const char* kDefaultIdPointer = "/id";

// Every attribute of the type, for the state that import builds.
const std::vector<std::string> kAttributes = {
    "path", "create_path", "read_path", "update_path", "destroy_path", "create_method",
    "read_method", "update_method", "destroy_method", "body", "headers", "id", "id_pointer",
    "response_pointers", "expected_status", "ignore_response_fields", "outputs", "response",
    "status_code"};

std::string with_id(std::string path, const std::string& id) {
  const std::string encoded = sdk::url_encode(id);
  for (auto at = path.find("{id}"); at != std::string::npos; at = path.find("{id}", at)) {
    path.replace(at, 4, encoded);
    at += encoded.size();
  }
  return path;
}

// The path of the object that `state` describes, by the attribute `which` (read_path,
// update_path, destroy_path): by default the collection's path and the id.
std::string object_path(const json& state, const std::string& which) {
  return with_id(string_of(state, which, string_of(state, "path") + "/{id}"),
                 string_of(state, "id"));
}

std::string create_method(const json& config) { return string_of(config, "create_method", "POST"); }

// Where the object is made: create_path, else the collection for POST and the object's
// own path for PUT.
std::string create_path_template(const json& config) {
  const std::string path = string_of(config, "path");
  return string_of(config, "create_path", create_method(config) == "PUT" ? path + "/{id}" : path);
}

Request request_of(const json& state, std::string method, std::string path,
                   std::optional<std::string> body = std::nullopt) {
  return {.method = std::move(method),
          .url = std::move(path),
          .headers = string_map_of(state, "headers"),
          .body = std::move(body),
          .follow_redirects = false};
}

// Whether `status` is a success: one of expected_status, else any 2xx.
bool wanted(const json& state, long status) {
  auto it = state.find("expected_status");
  if (it == state.end() || !it->is_array() || it->empty()) return status >= 200 && status < 300;
  for (const json& code : *it) {
    if (code.is_number() && code.get<long>() == status) return true;
  }
  return false;
}

// Attribute `name` of `object`, null when it has none.
json field(const json& object, const std::string& name) {
  return object.is_object() ? object.value(name, json()) : json();
}

bool gone(long status) { return status == 404 || status == 410; }

std::vector<json::json_pointer> ignored_fields(const json& state) {
  std::vector<json::json_pointer> out;
  auto it = state.find("ignore_response_fields");
  if (it == state.end() || !it->is_array()) return out;
  for (const json& text : *it) {
    if (text.is_string()) {
      out.push_back(pointer_of(text.get<std::string>(), json::array({"ignore_response_fields"})));
    }
  }
  return out;
}

// `state` with what a read of the object answered: the fields of `body` as the server holds
// them (the whole answer when there is no body yet, after import), the outputs, the raw
// response and its status.
json with_answer(json state, const Settings& settings, const Request& request,
                 const Response& response) {
  const json document = json::parse(response.body, nullptr, false);
  if (document.is_discarded()) {
    throw sdk::Error(scrubbed(settings, request,
                              describe(settings, request) + ": the response is not JSON: " +
                                  excerpt(response.body)));
  }
  const auto& body = state["body"];
  const json recorded = body.is_string() ? json::parse(body.get<std::string>(), nullptr, false)
                                         : json(json::value_t::discarded);
  if (recorded.is_discarded()) {
    state["body"] = document.dump();
  } else if (json fresh = refreshed(recorded, document, ignored_fields(state)); fresh != recorded) {
    state["body"] = fresh.dump();
  }
  json outputs = json::object();
  auto pointers = state.find("response_pointers");
  if (pointers != state.end() && pointers->is_object()) {
    for (const auto& [name, text] : pointers->items()) {
      if (!text.is_string()) continue;
      auto value = value_at(document, pointer_of(text.get<std::string>(),
                                                 json::array({"response_pointers", name})));
      if (value) outputs[name] = output_text(*value);
    }
  }
  state["outputs"] = outputs;
  state["response"] = response.body;
  state["status_code"] = response.status;
  return state;
}

// The object as the server has it now, or nullopt when it is gone.
std::optional<json> read_object(const Settings& settings, const json& state) {
  Request request = request_of(state, string_of(state, "read_method", "GET"),
                               object_path(state, "read_path"));
  Response response = send(settings, request);
  if (gone(response.status)) return std::nullopt;
  if (!wanted(state, response.status)) throw status_error(settings, request, response, "reading");
  return with_answer(state, settings, request, response);
}

// read_object after a create or an update, which must find the object.
json read_back(const Settings& settings, const json& state, const std::string& after) {
  try {
    auto found = read_object(settings, state);
    if (!found) {
      throw sdk::Error(string_of(state, "read_method", "GET") + " " +
                       redacted_url(full_url(settings, object_path(state, "read_path"))) +
                       ": the object is not there right after " + after);
    }
    return *found;
  } catch (const sdk::PartialApplyError&) {
    throw;
  } catch (const sdk::Error& e) {
    throw sdk::PartialApplyError(e.what(), state);
  }
}

json create(const json& planned) {
  const Settings settings = current_settings();
  std::string id = string_of(planned, "id");
  Request request = request_of(planned, create_method(planned),
                               with_id(create_path_template(planned), id),
                               string_of(planned, "body"));
  Response response = send(settings, request);
  if (!wanted(planned, response.status)) {
    throw status_error(settings, request, response, "creating");
  }
  if (id.empty()) {
    const std::string text = string_of(planned, "id_pointer", kDefaultIdPointer);
    const json document = json::parse(response.body, nullptr, false);
    auto value = value_at(document, pointer_of(text, json::array({"id_pointer"})));
    if (!value || !(value->is_string() || value->is_number())) {
      throw sdk::Error(scrubbed(settings, request,
                                describe(settings, request) + ": HTTP " +
                                    std::to_string(response.status) +
                                    ", but the response has no id at " + text +
                                    " (the object may have been made; id_pointer says where "
                                    "its id is): " + excerpt(response.body)),
                       json::array({"id_pointer"}));
    }
    id = output_text(*value);
  }
  json state = planned;
  state["id"] = id;
  state["outputs"] = json::object();
  state["response"] = response.body;
  state["status_code"] = response.status;
  return read_back(settings, state, "creating it");
}

json read(const json& prior) {
  auto found = read_object(current_settings(), prior);
  return found ? *found : json();
}

json update(const json& prior, const json& planned) {
  const Settings settings = current_settings();
  json state = planned;
  for (const char* computed : {"id", "outputs", "response", "status_code"}) {
    if (state[computed].is_null()) state[computed] = field(prior, computed);
  }
  if (field(planned, "body") != field(prior, "body")) {
    Request request = request_of(state, string_of(state, "update_method", "PUT"),
                                 object_path(state, "update_path"), string_of(state, "body"));
    Response response = send(settings, request);
    if (!wanted(state, response.status)) {
      throw status_error(settings, request, response, "updating");
    }
  }
  return read_back(settings, state, "updating it");
}

void destroy(const json& prior) {
  const Settings settings = current_settings();
  Request request = request_of(prior, string_of(prior, "destroy_method", "DELETE"),
                               object_path(prior, "destroy_path"));
  Response response = send(settings, request);
  if (!gone(response.status) && !wanted(prior, response.status)) {
    throw status_error(settings, request, response, "deleting");
  }
}

json import(const std::string& id) {
  const auto slash = id.rfind('/');
  if (slash == std::string::npos || slash + 1 == id.size()) {
    throw sdk::Error("the import ID of an http_object is the path it is read at, such as "
                     "/items/42 (the collection's path, a slash, the id); got \"" +
                     id + "\"");
  }
  json state = json::object();
  for (const std::string& name : kAttributes) state[name] = nullptr;
  state["path"] = id.substr(0, slash);
  state["id"] = id.substr(slash + 1);
  auto found = read_object(current_settings(), state);
  if (!found) throw sdk::Error("GET " + id + ": HTTP 404: there is no object to import");
  return *found;
}

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null() || plan.creating()) return;
  // The same JSON written differently (spacing, order of keys) is no change.
  if (!plan.is_unknown("body") && plan.planned["body"].is_string() &&
      plan.prior["body"].is_string()) {
    const json want = json::parse(plan.planned["body"].get<std::string>(), nullptr, false);
    const json have = json::parse(plan.prior["body"].get<std::string>(), nullptr, false);
    if (!want.is_discarded() && want == have) plan.set_known("body", plan.prior["body"]);
  }
  // create_path only matters when the object is made: an imported object has none, and
  // giving one then replaces nothing.
  if (plan.prior["create_path"].is_null()) {
    remove_path(plan.requires_replace, json::array({"create_path"}));
  }
  if (plan.requires_replace.empty() && plan.planned != plan.prior) {
    for (const char* computed : {"outputs", "response", "status_code"}) {
      plan.set_unknown(computed);
    }
  }
}

// The checks the schema cannot make: JSON text, JSON pointers, methods, and an id where the
// object is made at its own path.
std::vector<sdk::Diagnostic> validate_object(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  auto known = [&](const json& path) { return !has_path(unknown, path); };
  auto error = [&](std::string summary, json path) {
    sdk::Diagnostic d;
    d.summary = std::move(summary);
    d.path = std::move(path);
    out.push_back(std::move(d));
  };
  if (const json body = field(config, "body"); body.is_string() && known(json::array({"body"}))) {
    try {
      const json parsed = json::parse(body.get<std::string>());
    } catch (const json::parse_error& e) {
      // The byte, not the parser's text, which quotes the body.
      error("body is not JSON (syntax error near byte " + std::to_string(e.byte) + ")",
            json::array({"body"}));
    }
  }
  auto check_pointer = [&](const json& text, const json& path) {
    if (!text.is_string() || !known(path)) return;
    if (auto problem = pointer_problem(text.get<std::string>())) {
      error("\"" + text.get<std::string>() + "\" is not a JSON pointer: " + *problem, path);
    }
  };
  check_pointer(field(config, "id_pointer"), json::array({"id_pointer"}));
  if (const json pointers = field(config, "response_pointers"); pointers.is_object()) {
    for (const auto& [name, text] : pointers.items()) {
      check_pointer(text, json::array({"response_pointers", name}));
    }
  }
  if (const json fields = field(config, "ignore_response_fields"); fields.is_array()) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      check_pointer(fields[i], json::array({"ignore_response_fields", i}));
    }
  }
  auto check_method = [&](const char* name, std::initializer_list<const char*> allowed) {
    const json value = field(config, name);
    if (!value.is_string() || !known(json::array({name}))) return;
    std::string list;
    for (const char* method : allowed) {
      if (value == method) return;
      list += (list.empty() ? "" : ", ") + std::string(method);
    }
    error(std::string(name) + " must be one of " + list + "; got \"" +
              value.get<std::string>() + "\"",
          json::array({name}));
  };
  check_method("create_method", {"POST", "PUT"});
  check_method("update_method", {"PUT", "PATCH", "POST"});
  const bool id_known = known(json::array({"id"})) && known(json::array({"create_path"})) &&
                        known(json::array({"create_method"})) && known(json::array({"path"}));
  if (id_known && field(config, "id").is_null() &&
      create_path_template(config).find("{id}") != std::string::npos) {
    error("the object is made at a path with its id in it (create_method = \"PUT\", or "
          "{id} in create_path), so its id must be given",
          json::array({"id"}));
  }
  return out;
}

}  // namespace

sdk::Resource object_resource() {
  sdk::Resource r;
  r.schema.description =
      "One JSON object of a REST API: created by POST (or PUT), read by GET, updated by PUT "
      "(or PATCH), deleted by DELETE.";
  Attribute headers = optional_arg("headers", "map(string)",
                                   "Headers of this object's requests, over the provider's.");
  headers.sensitive = true;
  Attribute id = optional_arg("id", "string",
                              "The object's id; by default found in the create response at "
                              "id_pointer.",
                              true);
  id.computed = true;
  r.schema.attributes = {
      required_arg("path", "string",
                   "The collection's path (/items), after the provider's base_url, or a whole "
                   "URL.",
                   true),
      optional_arg("create_path", "string",
                   "Where to create it; default path for POST, path/{id} for PUT.", true),
      optional_arg("read_path", "string", "Where to read it; default path/{id}."),
      optional_arg("update_path", "string", "Where to update it; default path/{id}."),
      optional_arg("destroy_path", "string", "Where to delete it; default path/{id}."),
      optional_arg("create_method", "string", "POST (default) or PUT."),
      optional_arg("read_method", "string", "Default GET."),
      optional_arg("update_method", "string", "PUT (default), PATCH or POST."),
      optional_arg("destroy_method", "string", "Default DELETE."),
      required_arg("body", "string", "The object as JSON text (jsonencode(...))."),
      headers,
      id,
      optional_arg("id_pointer", "string",
                   "A JSON pointer to the id in the create response; default /id."),
      optional_arg("response_pointers", "map(string)",
                   "Names and JSON pointers into the read response: the outputs."),
      optional_arg("expected_status", "list(number)",
                   "The statuses that count as success; default any 2xx."),
      optional_arg("ignore_response_fields", "list(string)",
                   "JSON pointers of body fields whose value on the server is not compared."),
      computed_attr("outputs", "map(string)",
                    "The values at response_pointers in the read response (non-strings as "
                    "JSON)."),
      computed_attr("response", "string", "The body of the last read response."),
      computed_attr("status_code", "number", "The status of the last read response."),
  };
  r.validate = validate_object;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  return r;
}

}  // namespace infra::providers::http
