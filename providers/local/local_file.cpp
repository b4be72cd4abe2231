// local_file: create, read (with drift), update in place (content, permission), destroy,
// import by path. The file's id is the SHA-1 of its content, known at plan time.
#include "providers/local/local_file.hpp"

#include "providers/local/file_ops.hpp"

namespace infra::providers::local {

using sdk::json;

namespace {

constexpr const char* kDefaultMode = "0777";

std::string string_attr(const json& state, const char* name) {
  auto it = state.find(name);
  if (it == state.end() || !it->is_string()) {
    throw sdk::Error(std::string("attribute \"") + name + "\" must be a known string",
                     json::array({name}));
  }
  return it->get<std::string>();
}

unsigned mode_attr(const json& state, const char* name) {
  auto it = state.find(name);
  std::string text = it == state.end() || it->is_null() ? kDefaultMode : string_attr(state, name);
  auto mode = parse_mode(text);
  if (!mode) throw sdk::Error("invalid " + std::string(name) + " \"" + text + "\"", {name});
  return *mode;
}

// `state` with the hashes of its content filled in.
json with_hashes(json state) {
  const std::string content = state["content"].get<std::string>();
  state["id"] = sha1_hex(content);
  state["content_sha256"] = sha256_hex(content);
  return state;
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  for (const char* name : {"file_permission", "directory_permission"}) {
    auto it = config.find(name);
    if (it == config.end() || !it->is_string() || has_path(unknown, json::array({name}))) {
      continue;
    }
    if (!parse_mode(it->get<std::string>())) {
      out.push_back({"error", std::string("invalid ") + name,
                     "expected 3 or 4 octal digits such as \"0644\", got " + it->dump(),
                     json::array({name})});
    }
  }
  return out;
}

void plan(sdk::Plan& plan) {
  if (plan.planned.value("file_permission", json()).is_null() &&
      !has_path(plan.proposed_unknown, json::array({"file_permission"}))) {
    plan.set_known("file_permission", kDefaultMode);
  }
  const json& content = plan.planned.value("content", json());
  if (content.is_string() && !plan.is_unknown("content")) {
    plan.set_known("id", sha1_hex(content.get<std::string>()));
    plan.set_known("content_sha256", sha256_hex(content.get<std::string>()));
  } else {
    plan.set_unknown("id");
    plan.set_unknown("content_sha256");
  }
}

json create(const json& planned) {
  json state = planned;
  if (!state.value("file_permission", json()).is_string()) state["file_permission"] = kDefaultMode;
  write_file_atomically(string_attr(planned, "filename"), string_attr(planned, "content"),
                        mode_attr(planned, "file_permission"),
                        mode_attr(planned, "directory_permission"));
  return with_hashes(std::move(state));
}

json read(const json& prior) {
  const std::string filename = string_attr(prior, "filename");
  auto file = read_file(filename);
  if (!file) return nullptr;
  json state = prior;
  state["content"] = file->content;
  // Keep the configured spelling ("644") when it means the mode found, so it is no drift.
  auto prior_mode = parse_mode(prior.value("file_permission", std::string()));
  if (!prior_mode || *prior_mode != file->mode) state["file_permission"] = format_mode(file->mode);
  return with_hashes(std::move(state));
}

json update(const json& /*prior*/, const json& planned) {
  const std::string filename = string_attr(planned, "filename");
  const std::string content = string_attr(planned, "content");
  unsigned mode = mode_attr(planned, "file_permission");
  auto now = read_file(filename);
  if (!now || now->content != content) {
    write_file_atomically(filename, content, mode, mode_attr(planned, "directory_permission"));
  } else if (now->mode != mode) {
    change_mode(filename, mode);
  }
  return with_hashes(planned);
}

void destroy(const json& prior) { remove_file(string_attr(prior, "filename")); }

json import(const std::string& id) {
  auto file = read_file(id);
  if (!file) throw sdk::Error("no such file: " + id);
  json state = {{"filename", id},
                {"content", file->content},
                {"file_permission", format_mode(file->mode)},
                {"directory_permission", nullptr}};
  return with_hashes(std::move(state));
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "local_file";
  s.version = 0;
  s.description = "A file on the machine that runs infra.";
  s.attributes = {
      {.name = "filename",
       .required = true,
       .force_new = true,
       .description = "Path of the file; relative paths resolve against the working directory."},
      {.name = "content", .required = true, .description = "The file's content."},
      {.name = "file_permission",
       .optional = true,
       .computed = true,
       .description = "Permission bits as an octal string; default \"0777\". Changed in place."},
      {.name = "directory_permission",
       .optional = true,
       .description = "Permission bits of parent directories it creates; default \"0777\"."},
      {.name = "id", .computed = true, .description = "Hex SHA-1 of the content."},
      {.name = "content_sha256", .computed = true, .description = "Hex SHA-256 of the content."},
  };
  return s;
}

}  // namespace

sdk::Resource local_file_resource() {
  sdk::Resource r;
  r.schema = schema();
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  return r;
}

}  // namespace infra::providers::local
